package ro.clickphone.privacy.crypto;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/**
 * The metrics handles of the key scopes met so far, each asked of the listener once
 * ({@link PrivacyMetrics#keyScope}). A look-up scans a small copy-on-write array, by identity first
 * (a field context keeps its scope object) and then by name: a policy declares a handful of scopes,
 * so this costs a few nanoseconds and no hashing or allocation on the encryption path. Without a
 * listener it answers {@link ScopeMetrics#NONE} at once.
 *
 * <p>Guarded: what the listener or a handle throws is caught and logged (the first failure at WARN,
 * later ones at DEBUG; the listener's class, the event and the exception's class, never its
 * message), so that a broken metrics backend never fails an encryption, a decryption or a key load.
 *
 * <p>Bounded: past {@value #MAX_KEPT} distinct scopes (which only code that makes scopes of its own
 * outside a policy can reach) the listener is asked every time instead of growing the array, without
 * this class's lock (a listener bounds its own series: the Micrometer adapter keeps a map).
 */
final class ScopeMeters {

    /** Scopes whose handles are kept; far above the scopes a policy declares. */
    static final int MAX_KEPT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ScopeMeters.class);

    private final PrivacyMetrics metrics;
    private final boolean off;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile KeyScope[] scopes = new KeyScope[0];
    private volatile ScopeMetrics[] handles = new ScopeMetrics[0];

    ScopeMeters(PrivacyMetrics metrics) {
        this.metrics = metrics;
        this.off = metrics == PrivacyMetrics.NONE;
    }

    /** Whether no listener was given: callers skip their clock reads then. */
    boolean off() {
        return off;
    }

    /** Tells the listener of an unwrap, catching what it throws. */
    void kekUnwrapped(long nanos, boolean succeeded) {
        try {
            metrics.kekUnwrapped(nanos, succeeded);
        } catch (RuntimeException e) {
            failed("kekUnwrapped", e);
        }
    }

    /** The handle of a scope (guarded). */
    ScopeMetrics of(KeyScope scope) {
        if (off) {
            return ScopeMetrics.NONE;
        }
        ScopeMetrics[] h = handles;
        KeyScope[] s = scopes;
        // Both arrays are replaced together under the lock; read the handles first, so that a
        // scope array read second is never longer than it.
        int n = Math.min(h.length, s.length);
        for (int i = 0; i < n; i++) {
            if (s[i] == scope) {
                return h[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (s[i].equals(scope)) {
                return h[i];
            }
        }
        if (s.length >= MAX_KEPT) {
            return ask(scope); // no lock, no growth: the listener's own bound applies
        }
        return add(scope);
    }

    private synchronized ScopeMetrics add(KeyScope scope) {
        KeyScope[] s = scopes;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equals(scope)) {
                return handles[i];
            }
        }
        ScopeMetrics handle = ask(scope);
        if (s.length >= MAX_KEPT) {
            return handle;
        }
        KeyScope[] grownScopes = Arrays.copyOf(s, s.length + 1);
        grownScopes[s.length] = scope;
        ScopeMetrics[] grownHandles = Arrays.copyOf(handles, s.length + 1);
        grownHandles[s.length] = handle;
        handles = grownHandles;
        scopes = grownScopes;
        return handle;
    }

    /** The listener's handle of a scope, behind the guard; {@link ScopeMetrics#NONE} if it throws or gives none. */
    private ScopeMetrics ask(KeyScope scope) {
        ScopeMetrics handle;
        try {
            handle = metrics.keyScope(scope);
        } catch (RuntimeException e) {
            failed("keyScope", e);
            return ScopeMetrics.NONE;
        }
        return handle == null || handle == ScopeMetrics.NONE ? ScopeMetrics.NONE : new Guarded(handle);
    }

    /** Logs a listener's failure: the listener's class, the event and the exception's class only. */
    private void failed(String event, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("The metrics listener {} threw {} on {}; keys and encryption carry on (later failures are"
                    + " logged at DEBUG)", metrics.getClass().getName(), e.getClass().getName(), event);
        } else {
            LOG.debug("The metrics listener {} threw {} on {}", metrics.getClass().getName(), e.getClass().getName(),
                    event);
        }
    }

    /** How many scopes' handles are kept: for this package's tests. */
    int kept() {
        return scopes.length;
    }

    /** A scope's handle whose failures are caught: a try block costs nothing while nothing is thrown. */
    private final class Guarded implements ScopeMetrics {
        private final ScopeMetrics handle;

        Guarded(ScopeMetrics handle) {
            this.handle = handle;
        }

        @Override
        public void fieldEncrypted() {
            try {
                handle.fieldEncrypted();
            } catch (RuntimeException e) {
                failed("fieldEncrypted", e);
            }
        }

        @Override
        public void fieldDecrypted() {
            try {
                handle.fieldDecrypted();
            } catch (RuntimeException e) {
                failed("fieldDecrypted", e);
            }
        }

        @Override
        public void fieldDecryptionFailed() {
            try {
                handle.fieldDecryptionFailed();
            } catch (RuntimeException e) {
                failed("fieldDecryptionFailed", e);
            }
        }

        @Override
        public void streamEncrypted() {
            try {
                handle.streamEncrypted();
            } catch (RuntimeException e) {
                failed("streamEncrypted", e);
            }
        }

        @Override
        public void streamDecrypted() {
            try {
                handle.streamDecrypted();
            } catch (RuntimeException e) {
                failed("streamDecrypted", e);
            }
        }

        @Override
        public void keyCacheHit() {
            try {
                handle.keyCacheHit();
            } catch (RuntimeException e) {
                failed("keyCacheHit", e);
            }
        }

        @Override
        public void keyCacheMiss() {
            try {
                handle.keyCacheMiss();
            } catch (RuntimeException e) {
                failed("keyCacheMiss", e);
            }
        }

        @Override
        public String toString() {
            return "ScopeMetrics[guarded " + handle.getClass().getSimpleName() + "]";
        }
    }
}
