package ro.clickphone.privacy.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.CheckpointAnchor;

/**
 * A {@link CheckpointAnchor} that appends every checkpoint to a text file (format in docs/FORMAT.md,
 * "Checkpoint anchor file"), one line each, never rewriting what it holds. Put the file where the
 * audit store's writer cannot write: another host's mount, a volume the database account cannot
 * reach, a directory a backup job copies to write-once storage. An auditor then reads it with
 * {@link #all()} and verifies the trail against every checkpoint in it with
 * {@code AuditTrail.verify(Collection)}: a store writer who later rewrites a stretch and gets a
 * new checkpoint signed over it cannot make the anchored ones disappear, and two anchored
 * checkpoints at one sequence with different heads are themselves the evidence.
 *
 * <p>Thread-safe; several processes may append to one file (each append holds a file lock).
 *
 * @since 0.1.0
 */
public final class FileCheckpointAnchor implements CheckpointAnchor {

    private static final String HEADER = "clickphone-audit-anchor/2";

    private final Path file;

    private FileCheckpointAnchor(Path file) {
        this.file = file;
    }

    /**
     * An anchor kept in a file. The file need not exist yet; its directory must.
     *
     * @param file the file
     * @return the anchor
     * @throws InvalidInputException if {@code file} is null
     */
    public static FileCheckpointAnchor at(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "must not be null");
        }
        return new FileCheckpointAnchor(file.toAbsolutePath());
    }

    /**
     * Appends a checkpoint to the file and forces it to disk.
     *
     * @param checkpoint the checkpoint
     * @throws InvalidInputException if {@code checkpoint} is null
     * @throws StoreException if the file cannot be written (the trail logs it and goes on)
     */
    @Override
    public synchronized void publish(AuditCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        String line = checkpoint.version() + " " + checkpoint.sequence() + " " + checkpoint.headHash() + " "
                + checkpoint.createdAt() + " " + checkpoint.keyId() + " " + checkpoint.algorithm() + " "
                + checkpoint.interval() + " " + checkpoint.previousCheckpointHash() + " " + checkpoint.signature()
                + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
            assert lock.isValid();
            String text = channel.size() == 0 ? HEADER + "\n" + line : line;
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("The checkpoint anchor file cannot be written", true, e);
        }
    }

    /**
     * Every checkpoint the file holds, in the order appended.
     *
     * @return the checkpoints, empty if the file does not exist
     * @throws IntegrityException if the file exists but a line is not a well-formed checkpoint
     * @throws StoreException if the file cannot be read
     */
    public synchronized List<AuditCheckpoint> all() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("The checkpoint anchor file cannot be read", true, e);
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IntegrityException("The checkpoint anchor file does not start with " + HEADER);
        }
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            checkpoints.add(parse(lines.get(i), i + 1));
        }
        return List.copyOf(checkpoints);
    }

    /**
     * The checkpoint with the highest sequence in the file.
     *
     * @return the checkpoint, or empty if the file does not exist or holds none
     * @throws IntegrityException if a line is not a well-formed checkpoint
     * @throws StoreException if the file cannot be read
     */
    public Optional<AuditCheckpoint> latest() {
        return all().stream().max(Comparator.comparingLong(AuditCheckpoint::sequence));
    }

    private static AuditCheckpoint parse(String line, int lineNumber) {
        String[] f = line.split(" ", -1);
        if (f.length != 9) {
            throw new IntegrityException("Line " + lineNumber + " of the checkpoint anchor file is malformed");
        }
        try {
            return new AuditCheckpoint(Long.parseLong(f[1]), f[2], Instant.parse(f[3]), f[4], f[5], f[8],
                    Integer.parseInt(f[0]), Integer.parseInt(f[6]), f[7]);
        } catch (NumberFormatException | DateTimeParseException | InvalidInputException e) {
            throw new IntegrityException("Line " + lineNumber
                    + " of the checkpoint anchor file holds a field no checkpoint can have");
        }
    }

    /** Names the file, which holds no personal data. */
    @Override
    public String toString() {
        return "FileCheckpointAnchor[" + file.getFileName() + "]";
    }
}
