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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * RightsSettings.defaults().withErasureLedger(FileErasureLedger.open(Path.of("/var/lib/clickphone/erasures.jsonl")))
 * }</pre>
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
 * A request id appears at most once; were it found twice (a hand-edited file), the first line counts
 * and the later one is logged by line number and ignored.
 *
 * <h2>Durability and crashes</h2>
 * An append writes the whole line at the end of the file and forces it to disk
 * ({@link FileChannel#force(boolean) force(true)}) before it returns true; until then the entry is
 * not acknowledged and the kit destroys nothing for it. A crash during the write can leave a torn
 * last line: bytes after the last {@code \n}. That line was never acknowledged, so the next
 * {@link #open} or call (under the locks below) logs a WARN naming its line number only, cuts the
 * file back to the end of the last complete line and forces that: the erasure it belonged to had not
 * begun and is appended again when its request is run again. Nothing before the last {@code \n} is
 * ever cut. A complete line that is not a valid version-1 entry (a corrupted middle line, a blank
 * line, a line over {@value #MAX_LINE} bytes) is never skipped or repaired: every call then throws a
 * {@link CorruptedLedgerException} naming the line number (never the line's content) until an
 * operator restores the file. A file that shrank or vanished under a running ledger is likewise a
 * {@link StoreException}, never silently recreated.
 *
 * <h2>Concurrency</h2>
 * Every call holds, for its duration, a lock of this JVM for the file (shared by every instance
 * opened on the same file, since the operating system's locks are per process) and then an exclusive
 * operating-system lock on the whole file ({@link FileChannel#lock()}), so kits in one process or in
 * several, on one file, never interleave their lines, and the idempotency check (which first reads
 * the lines others appended since) and the write are one step. The file is opened per call; no
 * handle stays open between calls.
 *
 * <h2>Permissions</h2>
 * A file this class creates is readable and writable by its owner only ({@code rw-------}) where the
 * file system is POSIX; an existing file's permissions are left as they are, with a WARN when others
 * than the owner may write to it.
 *
 * <p>Reading: the request ids are indexed in memory; {@link #since} reads the file through (entries
 * are few: one per completed erasure).
 *
 * @since 0.1.0
 */
public final class FileErasureLedger implements ErasureLedger {

    /** The longest line accepted, in bytes, newline included. */
    public static final int MAX_LINE = 64 * 1024;

    /** The format version written on every line. */
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FileErasureLedger.class);
    private static final Comparator<ErasureEntry> ORDER = Comparator.comparing(ErasureEntry::erasedAt)
            .thenComparing(ErasureEntry::requestId);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> MEMBERS = Set.of("v", "requestId", "erasedAt", "sealedSubject", "erased",
            "shredded", "vaultErased");
    /**
     * The JVM's lock per file (by real path): {@link FileChannel#lock()} excludes other processes
     * only, and throws when this JVM holds the file's lock already through another channel.
     */
    private static final Map<Path, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock lock;
    /** Guarded by {@link #lock}: the request ids of the complete lines before {@link #indexedTo}. */
    private final Set<String> requests = new HashSet<>();
    private long indexedTo;
    private long indexedLines;

    private FileErasureLedger(Path file) {
        this.file = file;
        this.lock = FILE_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    }

    /**
     * Opens the ledger in a file, creating it (owner read/write only where POSIX) when absent; reads
     * it through, repairing a torn last line as the type describes.
     *
     * @param file the ledger file; its directory must exist; another volume than the database backups
     * @return the ledger
     * @throws InvalidInputException if {@code file} is null
     * @throws CorruptedLedgerException if a complete line is not a valid entry
     * @throws StoreException if the file cannot be created, locked or read
     */
    public static FileErasureLedger open(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        Path real;
        try {
            createIfAbsent(file.toAbsolutePath().normalize());
            real = file.toRealPath();
        } catch (IOException e) {
            throw new StoreException("The erasure ledger file could not be created or opened ("
                    + e.getClass().getSimpleName() + ")", false, null);
        }
        if (!Files.isRegularFile(real)) {
            throw new StoreException("The erasure ledger file is not a regular file", false, null);
        }
        warnIfOthersMayWrite(real);
        FileErasureLedger ledger = new FileErasureLedger(real);
        ledger.locked(channel -> null);
        return ledger;
    }

    private static void createIfAbsent(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return;   // another process or instance created it first
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);   // the new file's name is durable too
        } catch (IOException notSupported) {
            // some platforms cannot open a directory; the first append's force still persists the data
        }
    }

    private static void warnIfOthersMayWrite(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    LOG.warn("The erasure ledger file {} may be written by others than its owner ({}): restrict it to"
                            + " rw-------", file.getFileName(), PosixFilePermissions.toString(permissions));
                }
            }
        } catch (IOException e) {
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
                channel.force(true);
            } catch (IOException e) {
                undo(channel, end);
                throw e;
            }
            requests.add(entry.requestId());
            indexedTo = end + line.length;
            indexedLines++;
            return true;
        });
    }

    /** Cuts a failed write back off, best effort; a torn line left behind is repaired by the next call. */
    private static void undo(FileChannel channel, long end) {
        try {
            channel.truncate(end);
            channel.force(true);
        } catch (IOException ignored) {
            // the next call under the lock finds the torn line and cuts it
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
        List<ErasureEntry> matching = locked(channel -> {
            List<ErasureEntry> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            read(channel, 0, 0, indexedTo, (entry, number) -> {
                if (seen.add(entry.requestId()) && !entry.erasedAt().isBefore(since)
                        && (after.isEmpty() || ORDER.compare(entry, after.get()) > 0)) {
                    out.add(entry);
                }
            });
            return out;
        });
        matching.sort(ORDER);
        return List.copyOf(matching.subList(0, Math.min(limit, matching.size())));
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            try {
                catchUp(channel);
                return work.run(channel);
            } finally {
                held.release();
            }
        } catch (NoSuchFileException e) {
            throw new StoreException("The erasure ledger file is missing: it was moved or deleted", false, null);
        } catch (OverlappingFileLockException e) {
            throw new StoreException("The erasure ledger file is locked through another path in this JVM", true, null);
        } catch (IOException e) {
            throw new StoreException("The erasure ledger file could not be read or written ("
                    + e.getClass().getSimpleName() + ")", true, null);
        } finally {
            lock.unlock();
        }
    }

    /** Indexes the complete lines appended since the last call (by any instance or process); repairs a torn tail. */
    private void catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < indexedTo) {
            throw new StoreException("The erasure ledger file shrank below the " + indexedLines
                    + " lines read before: it is append-only; restore it", false, null);
        }
        if (size == indexedTo) {
            return;
        }
        if (indexedTo > 0 && !endsALine(channel, indexedTo)) {
            throw new StoreException("The erasure ledger file changed before line " + (indexedLines + 1)
                    + ": it is append-only; restore it", false, null);
        }
        Map<String, Long> firstLines = new HashMap<>();
        long[] complete = read(channel, indexedTo, indexedLines, size, (entry, number) -> {
            if (requests.contains(entry.requestId()) || firstLines.containsKey(entry.requestId())) {
                LOG.warn("The erasure ledger repeats a request id at line {}; the first line for it counts", number);
            } else {
                firstLines.put(entry.requestId(), number);
            }
        });
        long end = complete[0];
        long lines = complete[1];
        if (end < size) {
            LOG.warn("The erasure ledger file ends in a torn line (line {}): a write that did not finish and was"
                    + " never acknowledged; it is cut off", lines + 1);
            channel.truncate(end);
            channel.force(true);
        }
        requests.addAll(firstLines.keySet());
        indexedTo = end;
        indexedLines = lines;
    }

    private static boolean endsALine(FileChannel channel, long end) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, end - 1) == 1 && last.get(0) == '\n';
    }

    /** Receives an entry and its line number (1-based). */
    @FunctionalInterface
    private interface LineSink {
        void accept(ErasureEntry entry, long number);
    }

    /**
     * Reads the complete lines in {@code [from, to)}; a tail without a newline is left unread.
     *
     * @return the offset after the last complete line, and the line count there
     */
    private static long[] read(FileChannel channel, long from, long linesBefore, long to, LineSink sink)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = from;
        long end = from;
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
                    if (line.size() >= MAX_LINE) {
                        throw new CorruptedLedgerException(number + 1, "is longer than " + MAX_LINE + " bytes");
                    }
                    line.write(b);
                    continue;
                }
                number++;
                sink.accept(decode(line.toByteArray(), number), number);
                line.reset();
                end = position;
            }
        }
        return new long[] {end, number};
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
            throw new InvalidInputException("entry", "is longer than " + MAX_LINE + " bytes as a ledger line");
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
     * the ledger refuses every call until an operator restores the file. The message names the line
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
            super("The erasure ledger file is corrupted: line " + line + " " + problem
                    + "; restore the file (no line is skipped)", false, null);
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
