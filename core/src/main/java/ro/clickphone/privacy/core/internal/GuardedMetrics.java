package ro.clickphone.privacy.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/**
 * The kit's metrics listener behind a guard: what the listener throws is caught and logged, so that
 * a broken metrics backend never changes what the kit does (a notification sent twice, an audit
 * entry stored twice, a sweep cut short). The first failure is logged at WARN, every later one at
 * DEBUG; a log line names the listener's class, the event and the exception's class, never its
 * message (which a listener could fill with anything).
 *
 * <p>Only the events the kit's core tells ({@link #consentChecked}, {@link #auditAppended},
 * {@link #auditCheckpointLag}, {@link #outboxDepth}, {@link #delivered}, {@link #deliveryFailed},
 * {@link #sweepProgress}, {@link #sweepFinished}) pass here; the key events are guarded by the
 * crypto module itself, which a kit-free {@code EnvelopeKeys} uses too.
 */
public final class GuardedMetrics implements PrivacyMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedMetrics.class);

    private final PrivacyMetrics listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    private GuardedMetrics(PrivacyMetrics listener) {
        this.listener = listener;
    }

    /**
     * The listener behind a guard; {@link PrivacyMetrics#NONE} as it is (its methods do nothing),
     * so that components may still test {@code == PrivacyMetrics.NONE} to skip their clock reads.
     *
     * @param listener the listener, or null for none
     * @return the guarded listener
     */
    public static PrivacyMetrics of(PrivacyMetrics listener) {
        if (listener == null || listener == PrivacyMetrics.NONE) {
            return PrivacyMetrics.NONE;
        }
        return listener instanceof GuardedMetrics ? listener : new GuardedMetrics(listener);
    }

    /** Logs a listener's failure: the listener's class, the event and the exception's class only. */
    private void failed(String event, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("The metrics listener {} threw {} on {}; the kit carries on (later failures are logged at"
                    + " DEBUG)", listener.getClass().getName(), e.getClass().getName(), event);
        } else {
            LOG.debug("The metrics listener {} threw {} on {}", listener.getClass().getName(),
                    e.getClass().getName(), event);
        }
    }

    @Override
    public ScopeMetrics keyScope(KeyScope scope) {
        try {
            ScopeMetrics handle = listener.keyScope(scope);
            return handle == null ? ScopeMetrics.NONE : handle;
        } catch (RuntimeException e) {
            failed("keyScope", e);
            return ScopeMetrics.NONE;
        }
    }

    @Override
    public void kekUnwrapped(long nanos, boolean succeeded) {
        try {
            listener.kekUnwrapped(nanos, succeeded);
        } catch (RuntimeException e) {
            failed("kekUnwrapped", e);
        }
    }

    @Override
    public void consentChecked(long nanos, boolean permitted) {
        try {
            listener.consentChecked(nanos, permitted);
        } catch (RuntimeException e) {
            failed("consentChecked", e);
        }
    }

    @Override
    public void auditAppended(long nanos, boolean succeeded) {
        try {
            listener.auditAppended(nanos, succeeded);
        } catch (RuntimeException e) {
            failed("auditAppended", e);
        }
    }

    @Override
    public void auditCheckpointLag(long entries) {
        try {
            listener.auditCheckpointLag(entries);
        } catch (RuntimeException e) {
            failed("auditCheckpointLag", e);
        }
    }

    @Override
    public void outboxDepth(LongSupplier pending) {
        try {
            listener.outboxDepth(pending);
        } catch (RuntimeException e) {
            failed("outboxDepth", e);
        }
    }

    @Override
    public void delivered(String channel) {
        try {
            listener.delivered(channel);
        } catch (RuntimeException e) {
            failed("delivered", e);
        }
    }

    @Override
    public void deliveryFailed(String channel, boolean permanent) {
        try {
            listener.deliveryFailed(channel, permanent);
        } catch (RuntimeException e) {
            failed("deliveryFailed", e);
        }
    }

    @Override
    public void sweepProgress(long disposed, long failed) {
        try {
            listener.sweepProgress(disposed, failed);
        } catch (RuntimeException e) {
            failed("sweepProgress", e);
        }
    }

    @Override
    public void sweepFinished(long nanos, boolean succeeded) {
        try {
            listener.sweepFinished(nanos, succeeded);
        } catch (RuntimeException e) {
            failed("sweepFinished", e);
        }
    }

    @Override
    public String toString() {
        return "GuardedMetrics[" + listener.getClass().getSimpleName() + "]";
    }
}
