package ro.clickphone.privacy.core.consent;

import java.util.List;
import ro.clickphone.privacy.spi.ConsentEvent;
import ro.clickphone.privacy.spi.ConsentEventType;

/**
 * A subject's ledger events as the cache keeps them: parallel arrays instead of a list of event
 * objects, so that a check reads a few contiguous arrays rather than chasing an Instant, an
 * Optional and a Purpose per event. Memory latency, not arithmetic, is what a check on a cold
 * subject costs. Purpose ids are interned, so that the usual caller, passing a purpose built from a
 * string literal, matches by identity.
 */
final class SubjectConsent {

    static final SubjectConsent EMPTY = new SubjectConsent(List.of());

    final int size;
    final long[] seconds;
    final int[] nanos;
    final long[] sequences;
    final ConsentEventType[] types;
    final String[] purposes;
    final ConsentEvent[] events;

    private SubjectConsent(List<ConsentEvent> list) {
        size = list.size();
        seconds = new long[size];
        nanos = new int[size];
        sequences = new long[size];
        types = new ConsentEventType[size];
        purposes = new String[size];
        events = list.toArray(new ConsentEvent[0]);
        for (int i = 0; i < size; i++) {
            ConsentEvent e = events[i];
            seconds[i] = e.effectiveAt().getEpochSecond();
            nanos[i] = e.effectiveAt().getNano();
            sequences[i] = e.sequence();
            types[i] = e.type();
            purposes[i] = e.purpose().map(p -> p.id().intern()).orElse(null);
        }
    }

    static SubjectConsent of(List<ConsentEvent> events) {
        return events.isEmpty() ? EMPTY : new SubjectConsent(events);
    }

    /** Whether event {@code i} takes effect after the instant (seconds, nanos). */
    boolean after(int i, long atSeconds, int atNanos) {
        return seconds[i] > atSeconds || (seconds[i] == atSeconds && nanos[i] > atNanos);
    }

    /** Whether event {@code i} counts over event {@code j}: later effective time, then later sequence. */
    boolean laterThan(int i, int j) {
        if (j < 0) {
            return true;
        }
        if (seconds[i] != seconds[j]) {
            return seconds[i] > seconds[j];
        }
        if (nanos[i] != nanos[j]) {
            return nanos[i] > nanos[j];
        }
        return sequences[i] > sequences[j];
    }

    /** Whether event {@code i} concerns the purpose with this id. */
    boolean concerns(int i, String purposeId) {
        String p = purposes[i];
        return p == purposeId || (p != null && p.equals(purposeId));
    }
}
