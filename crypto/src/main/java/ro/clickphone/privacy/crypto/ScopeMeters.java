package ro.clickphone.privacy.crypto;

import java.util.Arrays;
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
 * <p>Bounded: past {@value #MAX_KEPT} distinct scopes (which only code that makes scopes of its own
 * outside a policy can reach) the listener is asked every time instead of growing the array.
 */
final class ScopeMeters {

    /** Scopes whose handles are kept; far above the scopes a policy declares. */
    static final int MAX_KEPT = 64;

    private final PrivacyMetrics metrics;
    private final boolean off;
    private volatile KeyScope[] scopes = new KeyScope[0];
    private volatile ScopeMetrics[] handles = new ScopeMetrics[0];

    ScopeMeters(PrivacyMetrics metrics) {
        this.metrics = metrics;
        this.off = metrics == PrivacyMetrics.NONE;
    }

    /** The listener. */
    PrivacyMetrics metrics() {
        return metrics;
    }

    /** Whether no listener was given: callers skip their clock reads then. */
    boolean off() {
        return off;
    }

    /** The handle of a scope. */
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
        return add(scope);
    }

    private synchronized ScopeMetrics add(KeyScope scope) {
        KeyScope[] s = scopes;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equals(scope)) {
                return handles[i];
            }
        }
        ScopeMetrics handle = metrics.keyScope(scope);
        if (handle == null) {
            handle = ScopeMetrics.NONE;
        }
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

    /** How many scopes' handles are kept: for this package's tests. */
    int kept() {
        return scopes.length;
    }
}
