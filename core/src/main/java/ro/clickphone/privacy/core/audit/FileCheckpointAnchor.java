package ro.clickphone.privacy.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.CheckpointAnchor;

/**
 * A {@link CheckpointAnchor} that keeps the latest checkpoint in one small text file (format in
 * docs/FORMAT.md, "Checkpoint anchor file"), replaced atomically. Put the file where the audit
 * store's writer cannot write: another host's mount, a volume the database account cannot reach,
 * a directory that a backup job copies to write-once storage. An auditor then reads it with
 * {@link #latest()} and verifies the trail against it with {@code AuditTrail.verify(AuditCheckpoint)}.
 *
 * <p>The file only ever moves forward: a checkpoint at or below the sequence it holds is ignored,
 * so several instances may share it. Thread-safe within one process; instances in several
 * processes sharing one file may each overwrite the other's newer checkpoint with an older one only
 * in the window between reading and replacing it, which leaves an older but still valid anchor.
 *
 * @since 0.1.0
 */
public final class FileCheckpointAnchor implements CheckpointAnchor {

    private static final String HEADER = "clickphone-audit-anchor/1";

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
     * Replaces the file's checkpoint with this one if it is newer.
     *
     * @param checkpoint the checkpoint
     * @throws StoreException if the file cannot be written (the trail logs it and goes on)
     */
    @Override
    public synchronized void publish(AuditCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        Optional<AuditCheckpoint> current = readQuietly();
        if (current.isPresent() && current.get().sequence() >= checkpoint.sequence()) {
            return;
        }
        String text = HEADER + "\n"
                + "version=" + checkpoint.version() + "\n"
                + "sequence=" + checkpoint.sequence() + "\n"
                + "headHash=" + checkpoint.headHash() + "\n"
                + "createdAt=" + checkpoint.createdAt() + "\n"
                + "keyId=" + checkpoint.keyId() + "\n"
                + "algorithm=" + checkpoint.algorithm() + "\n"
                + "interval=" + checkpoint.interval() + "\n"
                + "previousCheckpointHash=" + checkpoint.previousCheckpointHash() + "\n"
                + "signature=" + checkpoint.signature() + "\n";
        try {
            Path parent = file.getParent();
            Path temp = Files.createTempFile(parent, ".anchor", ".tmp");
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("The checkpoint anchor file cannot be written", true, e);
        }
    }

    /**
     * The checkpoint the file holds.
     *
     * @return the checkpoint, or empty if the file does not exist
     * @throws IntegrityException if the file exists but does not hold a well-formed checkpoint
     * @throws StoreException if the file cannot be read
     */
    public synchronized Optional<AuditCheckpoint> latest() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("The checkpoint anchor file cannot be read", true, e);
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IntegrityException("The checkpoint anchor file does not start with " + HEADER);
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.indexOf('=');
            if (eq < 1 || fields.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new IntegrityException("The checkpoint anchor file has a malformed or repeated line");
            }
        }
        try {
            return Optional.of(new AuditCheckpoint(Long.parseLong(field(fields, "sequence")),
                    field(fields, "headHash"), Instant.parse(field(fields, "createdAt")), field(fields, "keyId"),
                    field(fields, "algorithm"), field(fields, "signature"), Integer.parseInt(field(fields, "version")),
                    Integer.parseInt(field(fields, "interval")), field(fields, "previousCheckpointHash")));
        } catch (NumberFormatException | DateTimeParseException | InvalidInputException e) {
            throw new IntegrityException("The checkpoint anchor file holds a field no checkpoint can have");
        }
    }

    private Optional<AuditCheckpoint> readQuietly() {
        try {
            return latest();
        } catch (IntegrityException e) {
            return Optional.empty();
        }
    }

    private static String field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IntegrityException("The checkpoint anchor file lacks the field " + name);
        }
        return value;
    }

    /** Names the file, which holds no personal data. */
    @Override
    public String toString() {
        return "FileCheckpointAnchor[" + file.getFileName() + "]";
    }
}
