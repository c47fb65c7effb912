package ro.clickphone.privacy.core.consent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;

/**
 * A consent store whose rows a test can edit behind the ledger's back, the way a writer of the
 * database could, and which can hide sequences from every read, the way an uncommitted transaction
 * holding sequence n hides it while n+1 has committed. Reads return what is stored and visible, in
 * stored order.
 */
class TamperableConsentStore implements ConsentStore {

    /** The rows, in stored order; a test may replace, insert or remove any of them. */
    final List<ConsentEvent> rows = new ArrayList<>();
    /** Sequences not yet visible to any read. */
    final Set<Long> hidden = new HashSet<>();
    /** Sequences visible to {@link #eventsOf} and {@link #find} but missing from the change feed. */
    final Set<Long> missingFromFeed = new HashSet<>();
    /** When set, the change feed answers every read with the whole log, old events included (a broken store). */
    boolean feedRepeatsEverything;
    private long next = 1;

    @Override
    public synchronized ConsentEvent append(ConsentEvent event) {
        for (ConsentEvent row : rows) {
            if (row.id().equals(event.id())) {
                return row;
            }
        }
        ConsentEvent stored = event.withSequence(next++);
        rows.add(stored);
        return stored;
    }

    private boolean visible(ConsentEvent e) {
        return !hidden.contains(e.sequence());
    }

    @Override
    public synchronized List<ConsentEvent> eventsOf(SubjectId subject) {
        return rows.stream().filter(this::visible).filter(e -> e.subject().equals(subject)).toList();
    }

    @Override
    public synchronized List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
        if (feedRepeatsEverything) {
            return rows.stream().filter(this::visible).limit(maxCount).toList();
        }
        return rows.stream().filter(this::visible).filter(e -> !missingFromFeed.contains(e.sequence()))
                .filter(e -> e.sequence() > afterSequence).limit(maxCount).toList();
    }

    @Override
    public synchronized Optional<ConsentEvent> find(String eventId) {
        return rows.stream().filter(this::visible).filter(e -> e.id().equals(eventId)).findFirst();
    }

    @Override
    public synchronized long lastSequence() {
        return next - 1;
    }

    /** The stored row of an event. */
    synchronized int indexOf(String eventId) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(eventId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no such row");
    }
}
