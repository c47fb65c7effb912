package ro.clickphone.privacy.core.rights.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rights.RequestRecord;

/**
 * The directory deliveries of {@link ExportDelivery#toDirectory} and
 * {@link ExportDelivery#encryptedToDirectory}: a temporary file in the directory, moved atomically to
 * {@code <request id>.json} (or {@code .json.enc}) when the document is whole, deleted otherwise.
 */
public final class DirectoryDelivery implements ExportDelivery {

    private final Path dir;
    private final PassphraseHandoff handoff;

    /**
     * A delivery to a directory.
     *
     * @param dir an existing directory
     * @param handoff where the passphrase goes, or null for a plain JSON file
     * @throws InvalidInputException if {@code dir} is null or not a directory
     */
    public DirectoryDelivery(Path dir, PassphraseHandoff handoff) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("dir", "must be an existing directory");
        }
        this.dir = dir;
        this.handoff = handoff;
    }

    @Override
    public OutputStream open(RequestRecord request) throws IOException {
        if (request == null) {
            throw new InvalidInputException("request", "must not be null");
        }
        String name = request.id() + (handoff == null ? ".json" : ".json.enc");
        Path temp = Files.createTempFile(dir, ".export-", ".part");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            char[] passphrase = handoff == null ? null : ExportCipher.newPassphrase();
            return new FileExport(request, channel, temp, dir.resolve(name), passphrase);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ExportDelivery.toDirectory[" + (handoff == null ? "plain" : "encrypted") + "]";
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

        FileExport(RequestRecord request, FileChannel channel, Path temp, Path target, char[] passphrase)
                throws IOException {
            this.request = request;
            this.channel = channel;
            this.file = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            this.temp = temp;
            this.target = target;
            this.passphrase = passphrase;
            this.out = passphrase == null ? file : ExportCipher.encrypting(file, passphrase);
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
                    file.close();
                    move();
                    published = true;
                    if (passphrase != null) {
                        handoff.deliver(request, passphrase);
                    }
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

        private void move() throws IOException {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public String toString() {
            return "ExportFile[" + request.id() + (complete ? ", complete" : "") + (closed ? ", closed" : "") + "]";
        }
    }
}
