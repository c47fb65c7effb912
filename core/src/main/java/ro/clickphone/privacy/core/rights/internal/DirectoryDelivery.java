package ro.clickphone.privacy.core.rights.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * The directory deliveries of {@link ExportDelivery#toDirectory} and
 * {@link ExportDelivery#encryptedToDirectory}: a temporary file in the directory, written and synced,
 * then (encrypted delivery) the passphrase handed off, then moved atomically to
 * {@code <request id>.json} (or {@code .json.enc}) and the directory synced; deleted when the
 * attempt failed or the handoff threw, so the previous whole file stays.
 *
 * <p>Publication (handoff and move) of one target file is serialized within the JVM, so two
 * concurrent attempts at one request cannot leave the file of one at the target after the passphrase
 * of the other was handed off last. Temporary files left by a crashed process (plain text for
 * {@code toDirectory}) are deleted by the next {@link #open} once untouched for {@link #STALE_AFTER}.
 */
public final class DirectoryDelivery implements ExportDelivery {

    /** A temporary file untouched this long was left by a crashed attempt: {@link #open} deletes it. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    /** The prefix of temporary files. */
    static final String TEMP_PREFIX = ".export-";
    /** The suffix of temporary files. */
    static final String TEMP_SUFFIX = ".part";

    /** Striped locks: one target is published by one thread at a time, with a bounded number of locks. */
    private static final ReentrantLock[] PUBLISHING = new ReentrantLock[64];

    static {
        for (int i = 0; i < PUBLISHING.length; i++) {
            PUBLISHING[i] = new ReentrantLock();
        }
    }

    private final Path dir;
    private final PassphraseHandoff handoff;
    private final Supplier<char[]> passphrases;
    private final Encryptor encryptor;

    /** How an encrypted file's stream is made; a seam for failure tests. */
    @FunctionalInterface
    interface Encryptor {
        ExportCipher.Encrypting encrypting(OutputStream sink, char[] passphrase) throws IOException;
    }

    /**
     * A delivery to a directory.
     *
     * @param dir an existing directory
     * @param handoff where the passphrase goes, or null for a plain JSON file
     * @throws InvalidInputException if {@code dir} is null or not a directory
     */
    public DirectoryDelivery(Path dir, PassphraseHandoff handoff) {
        this(dir, handoff, ExportCipher::newPassphrase, ExportCipher::encrypting);
    }

    DirectoryDelivery(Path dir, PassphraseHandoff handoff, Supplier<char[]> passphrases, Encryptor encryptor) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("dir", "must be an existing directory");
        }
        this.dir = dir;
        this.handoff = handoff;
        this.passphrases = passphrases;
        this.encryptor = encryptor;
    }

    @Override
    public OutputStream open(RequestRecord request) throws IOException {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        sweepStale();
        String name = request.id() + (handoff == null ? ".json" : ".json.enc");
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        FileChannel channel = null;
        char[] passphrase = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            OutputStream out = file;
            if (handoff != null) {
                passphrase = passphrases.get();
                out = encryptor.encrypting(file, passphrase);
            }
            return new FileExport(request, channel, file, out, temp, dir.resolve(name), passphrase);
        } catch (IOException | RuntimeException e) {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            throw e;
        }
    }

    /** Deletes the temporary files a crashed attempt left; a file being written is touched too often to match. */
    private void sweepStale() {
        FileTime before = FileTime.from(Instant.now().minus(STALE_AFTER));
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path p : stale) {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // another process swept it, or it is not ours to delete: the next open tries again
                }
            }
        } catch (IOException e) {
            // sweeping is housekeeping: an export does not fail for it
        }
    }

    @Override
    public String toString() {
        return "ExportDelivery.toDirectory[" + (handoff == null ? "plain" : "encrypted") + "]";
    }

    private static ReentrantLock lockOf(Path target) {
        return PUBLISHING[Math.floorMod(target.toAbsolutePath().normalize().hashCode(), PUBLISHING.length)];
    }

    /** One export's file: written to the temporary file, published on close once complete. */
    private final class FileExport extends OutputStream implements Completion {

        private final RequestRecord request;
        private final FileChannel channel;
        private final OutputStream file;
        private final Path temp;
        private final Path target;
        private final char[] passphrase;
        private final OutputStream out;
        private boolean complete;
        private boolean closed;

        FileExport(RequestRecord request, FileChannel channel, OutputStream file, OutputStream out, Path temp,
                Path target, char[] passphrase) {
            this.request = request;
            this.channel = channel;
            this.file = file;
            this.out = out;
            this.temp = temp;
            this.target = target;
            this.passphrase = passphrase;
        }

        @Override
        public void write(int b) throws IOException {
            open().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            open().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            open().flush();
        }

        private OutputStream open() throws IOException {
            if (closed || complete) {
                throw new IOException("the export file is " + (closed ? "closed" : "complete"));
            }
            return out;
        }

        @Override
        public void complete() throws IOException {
            if (closed) {
                throw new IOException("the export file is closed");
            }
            complete = true;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            boolean published = false;
            try {
                if (complete) {
                    if (out instanceof ExportCipher.Encrypting) {
                        ((ExportCipher.Encrypting) out).finish();
                    }
                    file.flush();
                    channel.force(true);
                    channel.close();
                    ReentrantLock lock = lockOf(target);
                    lock.lock();
                    try {
                        // hand off first: if it fails, the previous whole file (and its passphrase) stays valid
                        if (passphrase != null) {
                            handoff.deliver(request, passphrase);
                        }
                        move();
                        published = true;
                    } finally {
                        lock.unlock();
                    }
                    syncDirectory();
                }
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
                if (!published) {
                    try {
                        channel.close();
                    } finally {
                        Files.deleteIfExists(temp);
                    }
                }
            }
        }

        /** Atomic or not at all: a non-atomic replace could leave a half-copied file under the name. */
        private void move() throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the export directory's file system cannot move a file atomically;"
                        + " choose a directory on a local file system", e);
            }
        }

        /** Makes the rename durable; file systems that cannot sync a directory (Windows) keep their own order. */
        private void syncDirectory() {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // not supported here: the file itself is synced, the name follows the file system's own rules
            }
        }

        @Override
        public String toString() {
            return "ExportFile[" + request.id() + (complete ? ", complete" : "") + (closed ? ", closed" : "") + "]";
        }
    }
}
