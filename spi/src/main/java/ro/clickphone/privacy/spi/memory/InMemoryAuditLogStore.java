package ro.clickphone.privacy.spi.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * An {@link AuditLogStore} in memory: for tests and demos. It keeps nothing across restarts, so
 * the trail it holds proves nothing after the process ends.
 *
 * <p>Thread-safe; an append is visible to every reader once it returns.
 *
 * @since 0.1.0
 */
public final class InMemoryAuditLogStore implements AuditLogStore {

    private final List<AuditRecord> records = new ArrayList<>();
    private final List<AuditCheckpoint> checkpoints = new ArrayList<>();

    /** Creates an empty store. */
    public InMemoryAuditLogStore() {
    }

    @Override
    public synchronized void append(AuditRecord record) {
        if (record == null) {
            throw new InvalidInputException("record", "must not be null");
        }
        long expected = records.size() + 1L;
        if (record.sequence() != expected) {
            throw new SequenceConflictException("in-memory audit log: sequence " + record.sequence()
                    + " is not the next one (" + expected + ")");
        }
        records.add(record);
    }

    @Override
    public synchronized List<AuditRecord> read(long fromSequence, int maxCount) {
        checkRange(fromSequence, maxCount);
        if (fromSequence > records.size()) {
            return List.of();
        }
        int from = (int) (fromSequence - 1);
        return List.copyOf(records.subList(from, (int) Math.min(records.size(), (long) from + maxCount)));
    }

    @Override
    public synchronized Optional<AuditRecord> last() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    @Override
    public synchronized void appendCheckpoint(AuditCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        if (!checkpoints.isEmpty() && checkpoints.get(checkpoints.size() - 1).sequence() >= checkpoint.sequence()) {
            throw new SequenceConflictException("in-memory audit log: a checkpoint at or after sequence "
                    + checkpoint.sequence() + " exists");
        }
        checkpoints.add(checkpoint);
    }

    @Override
    public synchronized List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
        checkRange(fromSequence, maxCount);
        List<AuditCheckpoint> out = new ArrayList<>();
        for (AuditCheckpoint c : checkpoints) {
            if (c.sequence() >= fromSequence && out.size() < maxCount) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<AuditCheckpoint> latestCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
    }

    private static void checkRange(long fromSequence, int maxCount) {
        if (fromSequence < 1) {
            throw new InvalidInputException("fromSequence", "must be at least 1");
        }
        if (maxCount < 1) {
            throw new InvalidInputException("maxCount", "must be at least 1");
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryAuditLogStore[" + records.size() + " records, " + checkpoints.size() + " checkpoints]";
    }
}
