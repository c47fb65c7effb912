package ro.clickphone.privacy.core.notify.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.audit.AuditCheckpoint;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/** Stores that fail when a test says so: the faults a crash or an outage would cause. */
final class FaultyStores {

    private FaultyStores() {
    }

    /** An outbox whose next claims, or next {@code recordDelivered} calls (after a channel accepted), fail. */
    static final class Outbox implements OutboxStore {
        private final OutboxStore delegate;
        final AtomicInteger failDeliveryRecords = new AtomicInteger();
        final AtomicInteger failClaims = new AtomicInteger();

        Outbox(OutboxStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean append(OutboxMessage message) {
            return delegate.append(message);
        }

        @Override
        public boolean append(OutboxMessage message, StoreTransaction transaction) {
            return delegate.append(message, transaction);
        }

        @Override
        public Optional<OutboxMessage> find(String id) {
            return delegate.find(id);
        }

        @Override
        public List<OutboxMessage> claim(String channel, Lease lease, int limit) {
            if (failClaims.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException("The outbox is unavailable", true, null);
            }
            return delegate.claim(channel, lease, limit);
        }

        @Override
        public boolean recordDelivered(String id, String owner, DeliveryReceipt receipt, Instant at) {
            if (failDeliveryRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException("The outbox is unavailable", true, null);
            }
            return delegate.recordDelivered(id, owner, receipt, at);
        }

        @Override
        public boolean recordRetry(String id, String owner, String code, Instant retryAt) {
            return delegate.recordRetry(id, owner, code, retryAt);
        }

        @Override
        public boolean recordDead(String id, String owner, String code, Instant at) {
            return delegate.recordDead(id, owner, code, at);
        }

        @Override
        public boolean release(String id, String owner) {
            return delegate.release(id, owner);
        }

        @Override
        public boolean requeue(String id, Instant at) {
            return delegate.requeue(id, at);
        }

        @Override
        public List<OutboxMessage> list(OutboxState state, int limit) {
            return delegate.list(state, limit);
        }
    }

    /** An audit log that refuses appends while {@link #down} is set. */
    static final class AuditLog implements AuditLogStore {
        private final AuditLogStore delegate;
        final AtomicBoolean down = new AtomicBoolean();

        AuditLog(AuditLogStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(AuditRecord record) {
            if (down.get()) {
                throw new StoreException("The audit log is unavailable", true, null);
            }
            delegate.append(record);
        }

        @Override
        public List<AuditRecord> read(long fromSequence, int maxCount) {
            return delegate.read(fromSequence, maxCount);
        }

        @Override
        public Optional<AuditRecord> last() {
            return delegate.last();
        }

        @Override
        public void appendCheckpoint(AuditCheckpoint checkpoint) {
            delegate.appendCheckpoint(checkpoint);
        }

        @Override
        public List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount) {
            return delegate.readCheckpoints(fromSequence, maxCount);
        }

        @Override
        public Optional<AuditCheckpoint> latestCheckpoint() {
            return delegate.latestCheckpoint();
        }
    }
}
