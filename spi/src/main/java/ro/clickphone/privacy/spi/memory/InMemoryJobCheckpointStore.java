package ro.clickphone.privacy.spi.memory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;

/**
 * A {@link JobCheckpointStore} in memory, for tests and demos: its checkpoints are lost with the process,
 * so a job resumes only within it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryJobCheckpointStore implements JobCheckpointStore {

    private final ConcurrentMap<String, JobCheckpoint> checkpoints = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryJobCheckpointStore() {
    }

    @Override
    public Optional<JobCheckpoint> find(String jobId) {
        return Optional.ofNullable(checkpoints.get(JobCheckpoint.checkJobId(jobId)));
    }

    @Override
    public boolean save(JobCheckpoint checkpoint) {
        if (checkpoint == null) {
            throw new InvalidInputException("checkpoint", "must not be null");
        }
        if (checkpoint.sequence() < 1) {
            throw new InvalidInputException("checkpoint.sequence", "must be at least 1 to be saved");
        }
        boolean[] saved = {false};
        checkpoints.compute(checkpoint.jobId(), (id, stored) -> {
            long storedSequence = stored == null ? 0 : stored.sequence();
            if (storedSequence + 1 == checkpoint.sequence()) {
                saved[0] = true;
                return checkpoint;
            }
            return stored;
        });
        return saved[0];
    }

    @Override
    public boolean delete(String jobId) {
        return checkpoints.remove(JobCheckpoint.checkJobId(jobId)) != null;
    }

    @Override
    public String toString() {
        return "InMemoryJobCheckpointStore[" + checkpoints.size() + " jobs]";
    }
}
