package ro.clickphone.privacy.core.rights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/**
 * An {@link ErasureLedger} in an append-only file the operator names, kept on another volume than
 * the database and its backups, so that restoring a backup of the main stores does not roll it back:
 *
 * <pre>{@code
 * // once, when the ledger is set up:
 * FileErasureLedger.create(Path.of("/var/lib/clickphone/erasures.jsonl"));
 * // at every start:
 * RightsSettings.defaults().withErasureLedger(FileErasureLedger.open(Path.of("/var/lib/clickphone/erasures.jsonl")))
 * }</pre>
 *
 * {@link #open} never creates the file: a missing file (an unmounted ledger volume, a wrong path) is
 * a {@link ConfigurationException} naming the path, not an empty ledger that would re-apply nothing
 * after a restore. {@link #create} makes the file, once.
 *
 * <h2>Format (version 1)</h2>
 * JSON Lines: UTF-8, one JSON object per entry, each line ended by {@code \n}, no blank lines, in the
 * order appended (not the order {@link #since} answers in). Every line has exactly these members:
 * <pre>{@code
 * {"v":1,"requestId":"rr-…","erasedAt":"2026-03-02T10:00:00.250Z","sealedSubject":"v1.…",
 *  "erased":{"@contacts":["CONTACT"],"cdr.calls":["TRAFFIC"]},"shredded":["profile"],"vaultErased":true}
 * }</pre>
 * <ul>
 *   <li>{@code v}: the format version, 1; a line of another version is refused as corrupted.</li>
 *   <li>{@code requestId}, {@code sealedSubject}: strings, as in {@link ErasureEntry}; the subject is
 *       sealed by the kit, so the file holds no personal data in clear.</li>
 *   <li>{@code erasedAt}: ISO-8601 UTC ({@link Instant#toString()}), at the entry's full precision
 *       (the seal is bound to it).</li>
 *   <li>{@code erased}: source name to the category ids in its scope, sorted; {@code shredded}: key
 *       scope names, sorted; {@code vaultErased}: a boolean.</li>
 * </ul>
 * A line is at most {@value #MAX_LINE} bytes, newline included; an entry longer than that as a line
 * is refused with a non-retryable {@link StoreException} and not appended. A request id appears at
 * most once; were it found twice (a hand-edited file), the first line counts and the later one is
 * logged by line number and ignored.
 *
 * <h2>Durability and crashes</h2>
 * An append writes the whole line at the end of the file and forces it to disk
 * ({@link FileChannel#force(boolean) force(true)}) before it returns true; until then the entry is
 * not acknowledged and the kit destroys nothing for it. Lines another process (or an interrupted
 * call) wrote are forced too before this ledger counts them, so {@code append} never answers false
 * for an entry that is not on disk. A failed force is permanent for the instance (the data in the
 * page cache can no longer be trusted): every later call throws a non-retryable
 * {@link StoreException} until the ledger is opened again.
 *
 * <p>A crash during the write can leave a last line without its {@code \n}. If those bytes are a
 * valid version-1 entry (only the newline was lost), the newline is written, forced and the entry
 * counts, with a WARN; otherwise the line was torn and never acknowledged, so the next {@link #open}
 * or call (under the locks below) logs a WARN naming its line number only and cuts the file back to
 * the end of the last complete line: the erasure it belonged to had not begun and is appended again
 * when its request is run again. Nothing before the last {@code \n} is ever cut. A complete line that
 * is not a valid version-1 entry (a corrupted line, a blank line, a line over {@value #MAX_LINE}
 * bytes) is never skipped or repaired: every call then throws a {@link CorruptedLedgerException}
 * naming the line number (never the line's content) until an operator repairs that line (a damaged
 * last line left by a crash was never acknowledged: it is removed). A file that shrank, vanished, was
 * replaced by another file, or whose last line read changed under a running ledger is likewise a
 * non-retryable {@link StoreException}, never silently recreated or read out of step; a re-apply
 * ({@link #since} with no {@code after}) reads the whole file through and refuses it if any line read
 * before changed.
 *
 * <h2>Concurrency</h2>
 * Every call holds, for its duration, a lock of this JVM for the file and then an exclusive
 * operating-system lock on the whole file ({@link FileChannel#lock()}), so kits in one process or in
 * several, on one file, never interleave their lines, and the idempotency check (which first reads
 * the lines others appended since) and the write are one step. The JVM lock is keyed by the file's
 * identity (device and inode, {@link BasicFileAttributes#fileKey()}), not its path, so hard links,
 * bind mounts and case variants of one file share it: the operating system's locks are per process,
 * and closing any handle of the process on the file releases them. For the same reason this class
 * must be loaded once per JVM for a file: two copies of it (two class loaders) on one file in one
 * JVM are not supported; if detected ({@link OverlappingFileLockException}) the instance stops with a
 * non-retryable {@link StoreException}. The file is opened per call; no handle stays open between
 * calls.
 *
 * <h2>Permissions</h2>
 * A file {@link #create} makes is readable and writable by its owner only ({@code rw-------}) where
 * the file system is POSIX; an existing file's permissions are left as they are, with a WARN when
 * others than the owner may write to it, when its directory is group- or world-writable (the file
 * could be replaced), or when it is owned by another user than this process's.
 *
 * <p>Reading: the request ids and the order of the entries ({@code erasedAt}, request id → line
 * offset) are indexed in memory as the file is read; {@link #since} reads only the lines of its
 * page from the file (and, on a first page, reads the file through once to check it).
 *
 * @since 0.1.0
 */
public final class FileErasureLedger implements ErasureLedger {

    /** The longest line accepted, in bytes, newline included. */
    public static final int MAX_LINE = 64 * 1024;

    /** The format version written on every line. */
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FileErasureLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> MEMBERS = Set.of("v", "requestId", "erasedAt", "sealedSubject", "erased",
            "shredded", "vaultErased");
    /**
     * The JVM's lock per file, by the file's identity (device and inode where the platform has one,
     * else its real path): {@link FileChannel#lock()} excludes other processes only, throws when this
     * JVM holds the file's lock already through another channel, and closing any channel of this
     * process on the file releases the process's lock.
     */
    private static final Map<Object, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object identity;
    private final Opener opener;
    private final ReentrantLock lock;
    /** Guarded by {@link #lock}: the request ids of the complete lines before {@link #indexedTo}. */
    private final Set<String> requests = new HashSet<>();
    /** Guarded by {@link #lock}: the first line of every request, in the order {@link #since} answers in. */
    private final NavigableMap<Position, Line> order = new TreeMap<>();
    private long indexedTo;
    private long indexedLines;
    /** Guarded by {@link #lock}: where the last line read starts, and its SHA-256 (newline included). */
    private long lastLineStart;
    private byte[] lastLineDigest;
    /** Guarded by {@link #lock}: why this instance refuses every call, once it cannot trust the file. */
    private String failed;

    /** Opens the file for one call; a seam for failure injection in tests. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** An entry's place in {@link #since}'s order. */
    private record Position(Instant erasedAt, String requestId) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byTime = erasedAt.compareTo(other.erasedAt);
            return byTime != 0 ? byTime : requestId.compareTo(other.requestId);
        }
    }

    /** Where a line is: its start offset, its length without the newline, its 1-based number. */
    private record Line(long offset, int length, long number) {
    }

    private FileErasureLedger(Path file, Object identity, Opener opener) {
        this.file = file;
        this.identity = identity;
        this.opener = opener;
        this.lock = FILE_LOCKS.computeIfAbsent(identity, f -> new ReentrantLock());
    }

    /**
     * Opens the ledger in an existing file and reads it through, completing or cutting a torn last
     * line as the type describes. Never creates the file: use {@link #create} once, when the ledger is
     * set up.
     *
     * @param file the ledger file; another volume than the database backups
     * @return the ledger
     * @throws InvalidInputException if {@code file} is null
     * @throws ConfigurationException if the file does not exist (the message names the path: an
     *     unmounted volume or a wrong path, never an empty ledger)
     * @throws CorruptedLedgerException if a complete line is not a valid entry
     * @throws StoreException if the file is not a regular file, or cannot be locked or read
     */
    public static FileErasureLedger open(Path file) {
        return open(file, FileErasureLedger::openChannel);
    }

    /** {@link #open(Path)} with another way of opening the file per call. */
    static FileErasureLedger open(Path file, Opener opener) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        Path path = file.toAbsolutePath();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The erasure ledger file " + path + " does not exist: is its volume"
                    + " mounted? Create it once with FileErasureLedger.create(Path) when the ledger is set up");
        } catch (IOException e) {
            throw new StoreException("The erasure ledger file could not be opened (" + reason(e) + ")", false, null);
        }
        return start(path, attributes, opener);
    }

    /**
     * Creates the ledger's file, empty and readable and writable by its owner only where POSIX, and
     * opens it. For the first use only: an existing file is refused, so that a ledger is never
     * started again empty by mistake.
     *
     * @param file the ledger file to create; its directory must exist; another volume than the
     *     database backups
     * @return the ledger
     * @throws InvalidInputException if {@code file} is null
     * @throws ConfigurationException if the file exists already or its directory does not (the
     *     message names the path)
     * @throws StoreException if the file cannot be created, locked or read
     */
    public static FileErasureLedger create(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        Path path = file.toAbsolutePath();
        try {
            Path directory = path.getParent();
            if (directory != null
                    && Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(path);
            }
            forceDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("The erasure ledger file " + path + " exists already: open it with"
                    + " FileErasureLedger.open(Path); create is for the first use only");
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The erasure ledger file " + path + " cannot be created: its directory"
                    + " does not exist");
        } catch (IOException e) {
            throw new StoreException("The erasure ledger file could not be created (" + reason(e) + ")", false, null);
        }
        return open(path);
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void forceDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);   // the new file's name is durable too
        } catch (IOException notSupported) {
            // some platforms cannot open a directory; the first append's force still persists the data
        }
    }

    private static FileErasureLedger start(Path path, BasicFileAttributes attributes, Opener opener) {
        if (!attributes.isRegularFile()) {
            throw new StoreException("The erasure ledger file is not a regular file", false, null);
        }
        Object identity = attributes.fileKey();
        if (identity == null) {
            try {
                identity = path.toRealPath();
            } catch (IOException e) {
                throw new StoreException("The erasure ledger file could not be opened (" + reason(e) + ")", false, null);
            }
        }
        warnIfOthersMayWrite(path);
        FileErasureLedger ledger = new FileErasureLedger(path, identity, opener);
        ledger.locked(channel -> null);
        return ledger;
    }

    private static void warnIfOthersMayWrite(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            PosixFileAttributes attributes = view.readAttributes();
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("The erasure ledger file {} may be written by others than its owner ({}): restrict it to"
                        + " rw-------", file.getFileName(), PosixFilePermissions.toString(permissions));
            }
            Path directory = file.getParent();
            if (directory != null) {
                Set<PosixFilePermission> ofDirectory = Files.getPosixFilePermissions(directory);
                if (ofDirectory.contains(PosixFilePermission.GROUP_WRITE)
                        || ofDirectory.contains(PosixFilePermission.OTHERS_WRITE)) {
                    LOG.warn("The erasure ledger file {} is in a directory others than its owner may write to ({}):"
                            + " the file could be replaced; restrict the directory to its owner",
                            file.getFileName(), PosixFilePermissions.toString(ofDirectory));
                }
            }
            UserPrincipal self = file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!self.equals(attributes.owner())) {
                LOG.warn("The erasure ledger file {} is owned by {}, not by this process's user {}: it should belong"
                        + " to the service account", file.getFileName(), attributes.owner().getName(), self.getName());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("The erasure ledger file's permissions could not be read ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean append(ErasureEntry entry) {
        if (entry == null) {
            throw new InvalidInputException("entry", "must not be null");
        }
        byte[] line = encode(entry);
        return locked(channel -> {
            if (requests.contains(entry.requestId())) {
                return false;
            }
            long end = indexedTo;
            ByteBuffer buffer = ByteBuffer.wrap(line);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer, end + buffer.position());
                }
            } catch (IOException e) {
                undo(channel, end);
                throw e;
            }
            force(channel);
            index(entry, new Line(end, line.length - 1, indexedLines + 1), digest(line, line.length));
            indexedTo = end + line.length;
            indexedLines++;
            return true;
        });
    }

    /**
     * Forces the file to disk. Interrupted: the channel is closed, the line stays unforced and
     * unacknowledged, and the next call forces it before it counts it. Any other failure is permanent
     * for this instance: after a failed fsync the kernel may have dropped the dirty pages.
     */
    private void force(FileChannel channel) throws IOException {
        try {
            channel.force(true);
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            failed = "The erasure ledger file could not be forced to disk (" + reason(e) + "): what was written"
                    + " cannot be trusted; check the disk, then open the ledger again";
            throw new StoreException(failed, false, null);
        }
    }

    /** Cuts a failed write back off, best effort; a torn line left behind is repaired by the next call. */
    private static void undo(FileChannel channel, long end) {
        try {
            channel.truncate(end);
            channel.force(true);
        } catch (IOException ignored) {
            // the next call under the lock finds the torn line and cuts it (or completes it and forces it)
        }
    }

    @Override
    public List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit) {
        if (since == null) {
            throw new InvalidInputException("since", "must not be null");
        }
        if (after == null) {
            throw new InvalidInputException("after", "must not be null");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        return locked(channel -> {
            if (after.isEmpty()) {
                verifyIndex(channel);
            }
            Position from = new Position(since, "");
            NavigableMap<Position, Line> page = order.tailMap(from, true);
            if (after.isPresent()) {
                Position last = new Position(after.get().erasedAt(), after.get().requestId());
                if (last.compareTo(from) >= 0) {
                    page = order.tailMap(last, false);
                }
            }
            List<ErasureEntry> out = new ArrayList<>(Math.min(limit, page.size()));
            for (Map.Entry<Position, Line> next : page.entrySet()) {
                if (out.size() == limit) {
                    break;
                }
                ErasureEntry entry = readLine(channel, next.getValue());
                if (!next.getKey().equals(new Position(entry.erasedAt(), entry.requestId()))) {
                    throw changed(next.getValue().number());
                }
                out.add(entry);
            }
            return List.copyOf(out);
        });
    }

    @Override
    public String toString() {
        return "FileErasureLedger[" + file.getFileName() + "]";
    }

    // --- locking and reading ------------------------------------------------------------------------------------

    /** What runs under both locks with the file open, after catching up with what others appended. */
    @FunctionalInterface
    private interface Locked<T> {
        T run(FileChannel channel) throws IOException;
    }

    private <T> T locked(Locked<T> work) {
        lock.lock();
        try {
            if (failed != null) {
                throw new StoreException(failed, false, null);
            }
            try (FileChannel channel = opener.open(file)) {
                FileLock held;
                try {
                    held = channel.lock();
                } catch (OverlappingFileLockException e) {
                    // Only a second copy of this class in this JVM gets here; closing this channel has
                    // released that copy's operating-system lock: neither can be trusted any more.
                    failed = "The erasure ledger file is locked through a channel of this JVM that this class does not"
                            + " know of (a second copy of FileErasureLedger, e.g. in another class loader): load the"
                            + " class once per JVM, then open the ledger again";
                    throw new StoreException(failed, false, null);
                }
                try {
                    checkSameFile();
                    catchUp(channel);
                    return work.run(channel);
                } finally {
                    release(channel, held);
                }
            }
        } catch (NoSuchFileException e) {
            throw missing();
        } catch (ClosedByInterruptException e) {
            throw new StoreException("The erasure ledger call was interrupted; what it wrote is checked by the next"
                    + " call", true, null);
        } catch (IOException e) {
            throw new StoreException("The erasure ledger file could not be read or written (" + reason(e) + ")",
                    true, null);
        } finally {
            lock.unlock();
        }
    }

    /** Releases the lock; a channel closed by an interrupt released it already (and release would throw). */
    private static void release(FileChannel channel, FileLock held) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            held.release();
        } catch (IOException e) {
            // closing the channel, next, releases it too
        }
    }

    private static StoreException missing() {
        return new StoreException("The erasure ledger file is missing: it was moved or deleted", false, null);
    }

    private static StoreException changed(long beforeLine) {
        return new StoreException("The erasure ledger file changed before line " + beforeLine
                + ": it is append-only; restore it", false, null);
    }

    /** The path still names the file opened first (not one moved or copied over it). */
    private void checkSameFile() throws IOException {
        Object now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        if (now != null && !now.equals(identity)) {
            throw new StoreException("The erasure ledger file was replaced by another file under its name: it is"
                    + " append-only; put the original back, or open the new one after checking it", false, null);
        }
    }

    /**
     * Indexes the complete lines appended since the last call (by any instance or process), after
     * forcing them; completes a last line that lost only its newline; cuts a torn tail.
     */
    private void catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < indexedTo) {
            throw new StoreException("The erasure ledger file shrank below the " + indexedLines
                    + " lines read before: it is append-only; restore it", false, null);
        }
        if (indexedTo > 0 && !Arrays.equals(lastLineDigest, digestOf(channel, lastLineStart, indexedTo))) {
            throw changed(indexedLines + 1);
        }
        if (size == indexedTo) {
            return;
        }
        List<Object[]> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        byte[][] last = new byte[1][];
        LineSink sink = (entry, line, content) -> {
            if (requests.contains(entry.requestId()) || !seen.add(entry.requestId())) {
                LOG.warn("The erasure ledger repeats a request id at line {}; the first line for it counts",
                        line.number());
            } else {
                found.add(new Object[] {entry, line});
            }
            last[0] = content;
        };
        long[] complete = read(channel, indexedTo, indexedLines, size, sink);
        long end = complete[0];
        long lines = complete[1];
        long lastStart = complete[2] < 0 ? lastLineStart : complete[2];
        if (end < size) {
            ErasureEntry whole = size - end < MAX_LINE ? decodeTail(channel, end, size, lines + 1) : null;
            if (whole != null) {
                LOG.warn("The erasure ledger file's last line (line {}) lacked its newline (a write cut short by a"
                        + " crash); the entry is whole: the newline is added", lines + 1);
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                byte[] content = new byte[(int) (size - end)];
                readFully(channel, end, content);
                sink.accept(whole, new Line(end, content.length, lines + 1), content);
                lastStart = end;
                end = size + 1;
                lines++;
            } else {
                LOG.warn("The erasure ledger file ends in a torn line (line {}): a write that did not finish and was"
                        + " never acknowledged; it is cut off", lines + 1);
                channel.truncate(end);
            }
        }
        // Lines another process wrote (or this one, interrupted before its force) may not be on disk yet:
        // they count, and make append answer false, only once forced.
        force(channel);
        for (Object[] next : found) {
            index((ErasureEntry) next[0], (Line) next[1], null);
        }
        if (last[0] != null) {
            lastLineDigest = digest(withNewline(last[0]), last[0].length + 1);
            lastLineStart = lastStart;
        }
        indexedTo = end;
        indexedLines = lines;
    }

    private void index(ErasureEntry entry, Line line, byte[] digestIfLast) {
        requests.add(entry.requestId());
        order.put(new Position(entry.erasedAt(), entry.requestId()), line);
        if (digestIfLast != null) {
            lastLineStart = line.offset();
            lastLineDigest = digestIfLast;
        }
    }

    /** The tail after the last newline as an entry, if it is a whole valid one; else null. */
    private static ErasureEntry decodeTail(FileChannel channel, long from, long to, long number) throws IOException {
        byte[] tail = new byte[(int) (to - from)];
        readFully(channel, from, tail);
        try {
            return decode(tail, number);
        } catch (CorruptedLedgerException torn) {
            return null;
        }
    }

    /**
     * Reads the file through, as a re-apply does once: every line must decode and every first line of
     * a request must be where the index has it; an edit since it was read is refused.
     */
    private void verifyIndex(FileChannel channel) throws IOException {
        long[] matched = new long[1];
        Set<String> seen = new HashSet<>();
        long[] read = read(channel, 0, 0, indexedTo, (entry, line, content) -> {
            if (seen.add(entry.requestId())) {
                Line indexed = order.get(new Position(entry.erasedAt(), entry.requestId()));
                if (indexed == null || indexed.offset() != line.offset() || indexed.length() != line.length()) {
                    throw changed(line.number() + 1);
                }
                matched[0]++;
            }
        });
        if (read[0] != indexedTo || matched[0] != order.size()) {
            throw changed(indexedLines + 1);
        }
    }

    private static ErasureEntry readLine(FileChannel channel, Line line) throws IOException {
        byte[] content = new byte[line.length() + 1];
        readFully(channel, line.offset(), content);
        if (content[line.length()] != '\n') {
            throw changed(line.number() + 1);
        }
        return decode(Arrays.copyOf(content, line.length()), line.number());
    }

    private static void readFully(FileChannel channel, long from, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                throw new StoreException("The erasure ledger file ended before a line it had", false, null);
            }
        }
    }

    private static byte[] digestOf(FileChannel channel, long from, long to) throws IOException {
        if (to - from > MAX_LINE || to - from < 1) {
            return new byte[0];
        }
        byte[] line = new byte[(int) (to - from)];
        readFully(channel, from, line);
        return digest(line, line.length);
    }

    private static byte[] withNewline(byte[] content) {
        byte[] line = Arrays.copyOf(content, content.length + 1);
        line[content.length] = '\n';
        return line;
    }

    private static byte[] digest(byte[] bytes, int length) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes, 0, length);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The operating system's reason for an I/O failure, never a path or the file's content. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return e.getClass().getSimpleName() + ": " + fileSystem.getReason();
        }
        if (e.getClass() == IOException.class && e.getMessage() != null && e.getMessage().length() < 80) {
            return "IOException: " + e.getMessage();   // the native layer's strerror, e.g. No space left on device
        }
        return e.getClass().getSimpleName();
    }

    /** Receives an entry, where its line is, and the line's bytes without the newline. */
    @FunctionalInterface
    private interface LineSink {
        void accept(ErasureEntry entry, Line line, byte[] content);
    }

    /**
     * Reads the complete lines in {@code [from, to)}; a tail without a newline is left unread.
     *
     * @return the offset after the last complete line, the line count there, and where the last
     *     complete line read starts (-1 if none)
     */
    private static long[] read(FileChannel channel, long from, long linesBefore, long to, LineSink sink)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = from;
        long end = from;
        long lastStart = -1;
        long number = linesBefore;
        while (position < to) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), to - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                position++;
                if (b != '\n') {
                    if (line.size() >= MAX_LINE - 1) {
                        throw new CorruptedLedgerException(number + 1, "is longer than " + MAX_LINE + " bytes");
                    }
                    line.write(b);
                    continue;
                }
                number++;
                byte[] content = line.toByteArray();
                sink.accept(decode(content, number), new Line(end, content.length, number), content);
                line.reset();
                lastStart = end;
                end = position;
            }
        }
        return new long[] {end, number, lastStart};
    }

    // --- the line format -------------------------------------------------------------------------------------------

    private static byte[] encode(ErasureEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("requestId", entry.requestId());
        node.put("erasedAt", entry.erasedAt().toString());
        node.put("sealedSubject", entry.sealedSubject());
        ObjectNode erased = node.putObject("erased");
        entry.erased().forEach((source, categories) -> {
            ArrayNode ids = erased.putArray(source);
            categories.forEach(c -> ids.add(c.id()));
        });
        ArrayNode shredded = node.putArray("shredded");
        entry.shredded().forEach(s -> shredded.add(s.name()));
        node.put("vaultErased", entry.vaultErased());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new StoreException("An erasure ledger entry could not be encoded", false, null);
        }
        if (json.length + 1 > MAX_LINE) {
            throw new StoreException("An erasure ledger entry is " + (json.length + 1) + " bytes as a line, over the"
                    + " limit of " + MAX_LINE + " (FileErasureLedger.MAX_LINE): it is not appended", false, null);
        }
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private static ErasureEntry decode(byte[] line, long number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            // the parser's message quotes the line: never passed on
            throw new CorruptedLedgerException(number, "is not one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new CorruptedLedgerException(number, "is not one JSON object");
        }
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.equals(MEMBERS)) {
            throw new CorruptedLedgerException(number, "does not have exactly the members of format version "
                    + VERSION);
        }
        if (!node.get("v").isInt() || node.get("v").intValue() != VERSION) {
            throw new CorruptedLedgerException(number, "is not of format version " + VERSION);
        }
        try {
            Map<String, Set<DataCategory>> erased = new LinkedHashMap<>();
            JsonNode sources = object(node.get("erased"), number);
            for (Map.Entry<String, JsonNode> source : sources.properties()) {
                Set<DataCategory> categories = new LinkedHashSet<>();
                for (JsonNode id : array(source.getValue(), number)) {
                    categories.add(DataCategory.of(text(id, number)));
                }
                erased.put(source.getKey(), categories);
            }
            Set<KeyScope> shredded = new LinkedHashSet<>();
            for (JsonNode name : array(node.get("shredded"), number)) {
                shredded.add(KeyScope.of(text(name, number)));
            }
            JsonNode vault = node.get("vaultErased");
            if (!vault.isBoolean()) {
                throw new CorruptedLedgerException(number, "has a member of the wrong type");
            }
            return new ErasureEntry(text(node.get("requestId"), number),
                    Instant.parse(text(node.get("erasedAt"), number)), text(node.get("sealedSubject"), number),
                    erased, shredded, vault.booleanValue());
        } catch (InvalidInputException | DateTimeParseException e) {
            throw new CorruptedLedgerException(number, "holds an invalid value");
        }
    }

    private static JsonNode object(JsonNode node, long number) {
        if (!node.isObject()) {
            throw new CorruptedLedgerException(number, "has a member of the wrong type");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, long number) {
        if (!node.isArray()) {
            throw new CorruptedLedgerException(number, "has a member of the wrong type");
        }
        return node;
    }

    private static String text(JsonNode node, long number) {
        if (!node.isTextual()) {
            throw new CorruptedLedgerException(number, "has a member of the wrong type");
        }
        return node.textValue();
    }

    /**
     * A complete line of the ledger file is not a valid entry: the file was damaged or edited. Permanent:
     * the ledger refuses every call until an operator repairs that line (a damaged last line, left by a
     * crash, was never acknowledged and is removed); restoring the file from a backup would roll back
     * erasures recorded since. The message names the line
     * number and what is wrong with it, never its content.
     *
     * @since 0.1.0
     */
    public static final class CorruptedLedgerException extends StoreException {

        private static final long serialVersionUID = 1L;

        /** The 1-based number of the line. */
        private final long line;

        /**
         * Creates the exception.
         *
         * @param line the 1-based number of the line
         * @param problem what is wrong with it; never its content
         */
        CorruptedLedgerException(long line, String problem) {
            super("The erasure ledger file is corrupted: line " + line + " " + problem + "; repair line " + line
                    + " (if it is the last line, it was never acknowledged: remove it); no line is skipped", false,
                    null);
            this.line = line;
        }

        /**
         * The line found corrupted.
         *
         * @return its 1-based number
         */
        public long line() {
            return line;
        }
    }
}
