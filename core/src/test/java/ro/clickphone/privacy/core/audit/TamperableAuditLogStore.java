package ro.clickphone.privacy.core.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * A store whose lists a test can edit behind the trail's back, the way an attacker with write
 * access to the database could. Reads return what is stored, in stored order, as the contract asks.
 */
final class TamperableAuditLogStore implements AuditLogStore {

    final List<AuditRecord> records = new ArrayList<>();
    final List<AuditCheckpoint> checkpoints = new ArrayList<>();
    /** Positions whose stored row a database could no longer turn into a valid record. */
    final Set<Integer> unreadable = new HashSet<>();
    /** Sequences of checkpoints whose stored row a database could no longer turn into a valid checkpoint. */
    final Set<Long> unreadableCheckpoints = new HashSet<>();
    /** How many of the next latestCheckpoint() reads answer as if no checkpoint were stored yet (a stale read). */
    int staleLatestCheckpointReads;

    @Override
    public synchronized void append(AuditRecord record) {
        if (record.sequence() != records.size() + 1L) {
            throw new SequenceConflictException("sequence " + record.sequence());
        }
        records.add(record);
    }

    @Override
    public synchronized List<AuditRecord> read(long fromSequence, int maxCount) {
        int from = (int) fromSequence - 1;
        if (from >= records.size()) {
            return List.of();
        }
        for (int i = from; i < Math.min(records.size(), from + maxCount); i++) {
            if (unreadable.contains(i + 1)) {
                throw new InvalidInputException("audit.actorRef", "must be a pseudonym");
            }
        }
        return List.copyOf(records.subList(from, Math.min(records.size(), from + maxCount)));
    }

    @Override
    public synchronized Optional<AuditRecord> last() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    @Override
    public synchronized void appendCheckpoint(AuditCheckpoint checkpoint) {
        checkpoints.add(checkpoint);
    }

    @Override
    public synchronized List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
        return readable(checkpoints.stream().filter(c -> c.sequence() >= fromSequence).limit(maxCount).toList());
    }

    private List<AuditCheckpoint> readable(List<AuditCheckpoint> read) {
        for (AuditCheckpoint c : read) {
            if (unreadableCheckpoints.contains(c.sequence())) {
                throw new InvalidInputException("checkpoint.version", "is not a version this release knows");
            }
        }
        return read;
    }

    @Override
    public synchronized Optional<AuditCheckpoint> latestCheckpoint() {
        if (staleLatestCheckpointReads > 0) {
            staleLatestCheckpointReads--;
            return Optional.empty();
        }
        return checkpoints.isEmpty() ? Optional.empty()
                : Optional.of(readable(List.of(checkpoints.get(checkpoints.size() - 1))).get(0));
    }
}
