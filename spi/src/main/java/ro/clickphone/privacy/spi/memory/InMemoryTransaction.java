package ro.clickphone.privacy.spi.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.StoreTransaction;

/**
 * A transaction for the in-memory stores, for tests and demos: the writes enlisted in it take
 * effect, in order, when {@link #commit()} is called, and never if {@link #rollback()} is.
 *
 * <p>Not thread-safe: one transaction belongs to one caller, as a database transaction does.
 *
 * <pre>{@code
 * InMemoryTransaction tx = new InMemoryTransaction();
 * kit.notifications().send(type, subject, payload, tx);   // enlisted, not yet in the outbox
 * tx.commit();                                             // now it is
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemoryTransaction implements StoreTransaction {

    private final List<Runnable> writes = new ArrayList<>();
    private boolean ended;

    /** Opens a transaction. */
    public InMemoryTransaction() {
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == null) {
            throw new ro.clickphone.privacy.spi.InvalidInputException("type", "must not be null");
        }
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Enlists a write, to run at commit. Stores call this; callers do not.
     *
     * @param write the write
     * @throws ConfigurationException if the transaction has ended
     */
    public void enlist(Runnable write) {
        if (ended) {
            throw new ConfigurationException("This in-memory transaction has already ended");
        }
        writes.add(write);
    }

    /**
     * Runs the enlisted writes in order. The in-memory stores check everything when a write is
     * enlisted, so their writes do not fail; should one throw all the same, the others still run
     * (the transaction has ended either way) and the first failure is thrown afterwards, with the
     * others suppressed in it.
     *
     * @throws ConfigurationException if the transaction has ended
     */
    public void commit() {
        if (ended) {
            throw new ConfigurationException("This in-memory transaction has already ended");
        }
        ended = true;
        RuntimeException failure = null;
        for (Runnable write : writes) {
            try {
                write.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        writes.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Drops the enlisted writes. Rolling back an ended transaction does nothing. */
    public void rollback() {
        ended = true;
        writes.clear();
    }

    /**
     * Whether the transaction has ended.
     *
     * @return {@code true} after a commit or rollback
     */
    public boolean ended() {
        return ended;
    }

    @Override
    public String toString() {
        return "InMemoryTransaction[writes=" + writes.size() + ", ended=" + ended + "]";
    }
}
