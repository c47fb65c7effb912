package ro.clickphone.privacy.core.rekey;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;

/**
 * A checkpoint store that fails on the n-th save from when it is armed, without saving: the crash between
 * the source's commit of a batch and its checkpoint.
 */
final class CrashingCheckpoints implements JobCheckpointStore {

    private final JobCheckpointStore delegate;
    private final AtomicInteger saves = new AtomicInteger();
    private volatile int failOn = -1;

    CrashingCheckpoints(JobCheckpointStore delegate) {
        this.delegate = delegate;
    }

    void failSave(int n) {
        failOn = saves.get() + n;
    }

    @Override
    public Optional<JobCheckpoint> find(String jobId) {
        return delegate.find(jobId);
    }

    @Override
    public boolean save(JobCheckpoint checkpoint) {
        if (saves.incrementAndGet() == failOn) {
            throw new StoreException("The checkpoint store failed (injected)", true, null);
        }
        return delegate.save(checkpoint);
    }

    @Override
    public boolean delete(String jobId) {
        return delegate.delete(jobId);
    }
}
