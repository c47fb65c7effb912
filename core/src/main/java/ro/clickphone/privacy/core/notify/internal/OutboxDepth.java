package ro.clickphone.privacy.core.notify.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * The outbox's depth for the metrics listener ({@code PrivacyMetrics.outboxDepth}): the pending
 * messages, counted by the dispatcher after its passes over the outbox and kept in memory, so that
 * a gauge read (a scrape) never reaches the store: a slow or unreachable database cannot block
 * the application's metrics, and the gauge holds no reference to the store.
 *
 * <p>A count reads one page of the store ({@link OutboxStore#list}, up to {@value #CAP} messages):
 * a deeper outbox reads as {@value #CAP}, which is alarm enough. The background workers count at
 * most once per poll interval (whichever channel's worker comes first); a synchronous pass
 * ({@link Dispatcher#runOnce()}) counts when it ends. A count that fails keeps the last value (the
 * failure is logged at DEBUG: the claim that fails beside it is the one worth a warning).
 */
public final class OutboxDepth {

    /** The most pending messages counted: one page. */
    public static final int CAP = OutboxStore.MAX_BATCH;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDepth.class);

    private final OutboxStore outbox;
    private final long intervalNanos;
    /** The last count; read by the gauge. */
    private final AtomicLong depth = new AtomicLong();
    /** When the next background count is due ({@link System#nanoTime()}); taken by one worker at a time. */
    private final AtomicLong nextDue = new AtomicLong(System.nanoTime());
    /** What the metrics listener reads: the last count, and nothing of the store. */
    private final LongSupplier reader;

    /**
     * A depth over an outbox.
     *
     * @param outbox the outbox
     * @param interval the least time between two background counts (the dispatcher's poll interval)
     */
    public OutboxDepth(OutboxStore outbox, Duration interval) {
        this.outbox = outbox;
        this.intervalNanos = interval.toNanos();
        AtomicLong last = depth;
        this.reader = last::get;
    }

    /**
     * What the metrics listener's gauge reads: the last count, from memory.
     *
     * @return the reader
     */
    public LongSupplier reader() {
        return reader;
    }

    /** Counts now (a synchronous pass ended, or the kit opened). */
    public void refresh() {
        try {
            depth.set(Math.min(outbox.list(OutboxState.PENDING, CAP).size(), CAP));
        } catch (RuntimeException e) {
            LOG.debug("Counting the pending outbox messages failed ({}); the depth keeps its last value",
                    e.getClass().getSimpleName());
        }
    }

    /** Counts if the interval has passed since the last background count, on one worker only. */
    void refreshIfDue() {
        long now = System.nanoTime();
        long due = nextDue.get();
        if (now - due >= 0 && nextDue.compareAndSet(due, now + intervalNanos)) {
            refresh();
        }
    }

    @Override
    public String toString() {
        return "OutboxDepth[" + depth.get() + "]";
    }
}
