package ro.clickphone.privacy.core.consent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;

/**
 * A subject's ledger events as the cache keeps them. A check on a subject that is not in the CPU's
 * caches costs memory latency, one miss per object it reads, far more than its arithmetic; so the
 * first event (most subjects have one or two) is held in this object's own fields, and only the
 * others in arrays. Times are epoch nanoseconds; purpose ids and policy versions are interned, so
 * that they usually match by identity. Events come in ascending sequence, so of two events with the
 * same effective time the one read later wins.
 * Immutable; the cache holds it in a {@link CachedConsent} beside the decision memo.
 */
final class SubjectConsent {

    private static final long[] NO_TIMES = {};
    private static final ConsentEventType[] NO_TYPES = {};
    private static final String[] NO_STRINGS = {};
    static final SubjectConsent EMPTY = new SubjectConsent(List.of(), false, null);

    final int size;
    /** The seal of the last event, to which the subject's next event links; {@link ConsentSeal#FIRST} if none. */
    final String lastSeal;
    /** Whether an event failed its seal: then no decision may rest on these events. */
    final boolean tampered;
    private final long time0;
    private final ConsentEventType type0;
    private final String purpose0;
    private final String id0;
    private final String version0;
    private final boolean explicit0;
    private final long[] times;
    private final ConsentEventType[] types;
    private final String[] purposes;
    private final String[] ids;
    private final String[] versions;
    /** Null when no event but the first is marked explicit, as for nearly every subject. */
    private final boolean[] explicits;
    /**
     * Per event, the first instant it counts at, where that is later than its effective time: a grant
     * agreeing to an announced version counts from that version's first instant. Null when no event
     * is such a grant, as for nearly every subject.
     */
    private final long[] countsFrom;

    private SubjectConsent(List<ConsentEvent> events, boolean tampered, PolicyTimeline timeline) {
        this.tampered = tampered;
        size = tampered ? 0 : events.size();
        lastSeal = events.isEmpty() || tampered ? ConsentSeal.FIRST : events.get(events.size() - 1).seal();
        ConsentEvent first = size == 0 ? null : events.get(0);
        time0 = first == null ? 0 : epochNanos(first.effectiveAt());
        type0 = first == null ? null : first.type();
        purpose0 = first == null ? null : purposeOf(first);
        id0 = first == null ? null : first.id();
        version0 = first == null ? null : first.policyVersion().intern();
        explicit0 = first != null && first.evidence().explicit();
        int rest = Math.max(0, size - 1);
        times = rest == 0 ? NO_TIMES : new long[rest];
        types = rest == 0 ? NO_TYPES : new ConsentEventType[rest];
        purposes = rest == 0 ? NO_STRINGS : new String[rest];
        ids = rest == 0 ? NO_STRINGS : new String[rest];
        versions = rest == 0 ? NO_STRINGS : new String[rest];
        boolean[] marked = null;
        for (int i = 0; i < rest; i++) {
            ConsentEvent e = events.get(i + 1);
            times[i] = epochNanos(e.effectiveAt());
            types[i] = e.type();
            purposes[i] = purposeOf(e);
            ids[i] = e.id();
            versions[i] = e.policyVersion().intern();
            if (e.evidence().explicit()) {
                marked = marked == null ? new boolean[rest] : marked;
                marked[i] = true;
            }
        }
        explicits = marked;
        long[] from = null;
        for (int i = 0; i < size && timeline != null; i++) {
            ConsentEvent e = events.get(i);
            if (e.type() != ConsentEventType.GRANT || !e.evidence().explicit()) {
                continue;
            }
            Instant start = timeline.start(e.policyVersion());
            if (start != null && start.isAfter(e.effectiveAt())) {
                if (from == null) {
                    from = new long[size];
                    Arrays.fill(from, Long.MIN_VALUE);
                }
                from[i] = epochNanos(start);
            }
        }
        countsFrom = from;
    }

    private static String purposeOf(ConsentEvent e) {
        return e.purpose().map(p -> p.id().intern()).orElse(null);
    }

    /**
     * A subject's events, oldest first; the timeline tells from when a grant agreeing to an announced
     * version counts.
     */
    static SubjectConsent of(List<ConsentEvent> events, PolicyTimeline timeline) {
        return events.isEmpty() ? EMPTY : new SubjectConsent(events, false, timeline);
    }

    /** A subject whose stored events failed verification: no event counts, every check denies. */
    static SubjectConsent tampered() {
        return new SubjectConsent(List.of(), true, null);
    }

    /**
     * The latest instant at or before {@code atNanos} at which one of these events starts counting
     * (its effective time, or the first instant of the version it agrees to), or
     * {@link Long#MIN_VALUE} if none.
     */
    long changeAtOrBefore(long atNanos) {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            long t = time(i);
            if (t <= atNanos && t > latest) {
                latest = t;
            }
            long c = countsFrom == null ? Long.MIN_VALUE : countsFrom[i];
            if (c <= atNanos && c > latest) {
                latest = c;
            }
        }
        return latest;
    }

    /**
     * The earliest instant after {@code atNanos} at which one of these events starts counting, or
     * {@link Long#MAX_VALUE} if none.
     */
    long changeAfter(long atNanos) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long t = time(i);
            if (t > atNanos && t < earliest) {
                earliest = t;
            }
            long c = countsFrom == null ? Long.MIN_VALUE : countsFrom[i];
            if (c > atNanos && c < earliest) {
                earliest = c;
            }
        }
        return earliest;
    }

    /** Epoch nanoseconds, saturated outside the years 1677–2262. */
    static long epochNanos(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + t.getNano();
    }

    long time(int i) {
        return i == 0 ? time0 : times[i - 1];
    }

    ConsentEventType type(int i) {
        return i == 0 ? type0 : types[i - 1];
    }

    String id(int i) {
        return i == 0 ? id0 : ids[i - 1];
    }

    /** Whether event {@code i} is marked as explicit consent (sealed, so only a grant can be). */
    boolean explicit(int i) {
        return i == 0 ? explicit0 : explicits != null && explicits[i - 1];
    }

    String policyVersion(int i) {
        return i == 0 ? version0 : versions[i - 1];
    }

    /**
     * Whether event {@code i} counts at an instant: it took effect by then, and a grant agreeing to an
     * announced version also waits for that version's first instant.
     */
    boolean inEffect(int i, long atNanos) {
        return time(i) <= atNanos && (countsFrom == null || countsFrom[i] <= atNanos);
    }

    /**
     * The restriction or lift of restriction in effect at an instant, or -1. This and the two below
     * are the fold of a subject's events that a decision rests on: the latest event of a kind in
     * effect wins, and of two with the same effective time the one stored later.
     */
    int latestRestriction(long atNanos) {
        return latest(ConsentEventType.RESTRICT, ConsentEventType.LIFT_RESTRICTION, null, atNanos);
    }

    /** The objection or lift of objection to a purpose in effect at an instant, or -1. */
    int latestObjection(String purposeId, long atNanos) {
        return latest(ConsentEventType.OBJECT, ConsentEventType.LIFT_OBJECTION, purposeId, atNanos);
    }

    /** The grant or withdrawal of consent to a purpose in effect at an instant, or -1. */
    int latestConsent(String purposeId, long atNanos) {
        return latest(ConsentEventType.GRANT, ConsentEventType.WITHDRAW, purposeId, atNanos);
    }

    /** The latest event of either type in effect at an instant, about the purpose (any if null), or -1. */
    private int latest(ConsentEventType set, ConsentEventType lift, String purposeId, long atNanos) {
        int latest = -1;
        for (int i = 0; i < size; i++) {
            ConsentEventType t = type(i);
            if ((t == set || t == lift) && inEffect(i, atNanos) && (purposeId == null || concerns(i, purposeId))
                    && laterThan(i, latest)) {
                latest = i;
            }
        }
        return latest;
    }

    /** Whether event {@code i} counts over event {@code j} (or {@code j} is -1): not earlier in effect. */
    boolean laterThan(int i, int j) {
        return j < 0 || time(i) >= time(j);
    }

    /** Whether event {@code i} concerns the purpose with this id. */
    boolean concerns(int i, String purposeId) {
        String p = i == 0 ? purpose0 : purposes[i - 1];
        return p == purposeId || (p != null && p.equals(purposeId));
    }
}
