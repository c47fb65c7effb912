package ro.clickphone.privacy.core.consent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Purpose;

/**
 * A cached subject: its verified events, when they were read from the store, and the memo of the last
 * decision given for one purpose, with the window of instants {@code [from, until)} in which no event
 * of the subject starts counting and no policy version starts, so that the decision cannot change
 * within it. A check on a cached subject reads this object only (the events only when the memo does
 * not answer); it is small and made just before the cache's node, so that both usually share the
 * CPU's cache lines.
 *
 * <p>The memo lives and dies with this object: a change of the subject (recorded by this ledger or
 * reported by the change feed), the cache expiry and an eviction drop the object, and its memo with
 * it. The memo fields are volatile and guarded by a stamp (odd while a writer writes), so a reader
 * sees one writer's memo whole or none.
 */
final class CachedConsent {

    private static final VarHandle MEMO_STAMP;

    static {
        try {
            MEMO_STAMP = MethodHandles.lookup().findVarHandle(CachedConsent.class, "memoStamp", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** When the events were read from the store, by the ledger's monotonic clock, for the cache expiry. */
    final long loadedNanos;
    /** The subject's verified events. */
    final SubjectConsent events;
    /** Even while the memo is stable, odd while a writer fills it. */
    private volatile int memoStamp;
    /** The purpose id of the memoized decision; null while there is none. */
    private volatile String memoPurpose;
    private volatile long memoFrom;
    private volatile long memoUntil;
    private volatile ConsentReason memoReason;
    private volatile Optional<LegalBasis> memoBasis;
    private volatile Optional<String> memoEvent;
    private volatile boolean memoExplicit;

    CachedConsent(SubjectConsent events, long loadedNanos) {
        this.events = events;
        this.loadedNanos = loadedNanos;
    }

    /**
     * The memoized decision for a purpose at an instant, or null when the memo holds another purpose,
     * a window that does not contain the instant, or is being written. Allocates only the decision.
     *
     * @param atNanos the instant in epoch nanoseconds, not saturated (see {@link #memoizable})
     */
    ConsentDecision memoized(Purpose purpose, Instant at, long atNanos) {
        int stamp = memoStamp;
        String p = memoPurpose;
        String id = purpose.id();
        if ((stamp & 1) != 0 || p == null || (p != id && !p.equals(id))) {
            return null;
        }
        long from = memoFrom;
        long until = memoUntil;
        ConsentReason reason = memoReason;
        Optional<LegalBasis> basis = memoBasis;
        Optional<String> event = memoEvent;
        boolean explicit = memoExplicit;
        if (memoStamp != stamp || atNanos < from || atNanos >= until) {
            return null;
        }
        return new ConsentDecision(reason, purpose, basis, at, event, explicit);
    }

    /**
     * Memoizes a decision for its purpose, valid for the instants {@code [from, until)} in epoch
     * nanoseconds. The memo keeps the purpose it first holds (a window moving on replaces it); a
     * decision for another purpose, or a writer racing another, is simply not memoized.
     */
    void memoize(ConsentDecision decision, long from, long until) {
        int stamp = memoStamp;
        String p = memoPurpose;
        String id = decision.purpose().id();
        if ((stamp & 1) != 0 || (p != null && !p.equals(id))
                || !MEMO_STAMP.compareAndSet(this, stamp, stamp + 1)) {
            return;
        }
        memoPurpose = p != null ? p : id;
        memoFrom = from;
        memoUntil = until;
        memoReason = decision.reason();
        memoBasis = decision.legalBasis();
        memoEvent = decision.eventId();
        memoExplicit = decision.explicitConsent();
        memoStamp = stamp + 2;
    }

    /**
     * Whether a decision at this instant may come from or go to the memo: epoch nanoseconds saturate
     * outside the years 1677–2262, where distinct instants would share one value.
     */
    static boolean memoizable(long atNanos) {
        return atNanos != Long.MIN_VALUE && atNanos != Long.MAX_VALUE;
    }
}
