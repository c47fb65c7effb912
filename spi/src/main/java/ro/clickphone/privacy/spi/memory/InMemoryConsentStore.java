package ro.clickphone.privacy.spi.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;

/**
 * A {@link ConsentStore} in memory, for tests and demos. Several kits may share one instance, which
 * is how the tests prove cross-instance cache invalidation.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryConsentStore implements ConsentStore {

    private final List<ConsentEvent> events = new ArrayList<>();
    private final Map<String, ConsentEvent> byId = new HashMap<>();
    private final Map<SubjectId, List<ConsentEvent>> bySubject = new HashMap<>();

    /** Creates an empty store. */
    public InMemoryConsentStore() {
    }

    @Override
    public synchronized ConsentEvent append(ConsentEvent event) {
        if (event == null) {
            throw new InvalidInputException("event", "must not be null");
        }
        ConsentEvent existing = byId.get(event.id());
        if (existing != null) {
            return existing;
        }
        ConsentEvent stored = event.withSequence(events.size() + 1L);
        events.add(stored);
        byId.put(stored.id(), stored);
        bySubject.computeIfAbsent(stored.subject(), s -> new ArrayList<>()).add(stored);
        return stored;
    }

    @Override
    public synchronized List<ConsentEvent> eventsOf(SubjectId subject) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        return List.copyOf(bySubject.getOrDefault(subject, List.of()));
    }

    @Override
    public synchronized List<ConsentEvent> changesSince(long afterSequence, int maxCount) {
        if (afterSequence < 0) {
            throw new InvalidInputException("afterSequence", "must not be negative");
        }
        if (maxCount < 1) {
            throw new InvalidInputException("maxCount", "must be at least 1");
        }
        if (afterSequence >= events.size()) {
            return List.of();
        }
        int from = (int) afterSequence;
        return List.copyOf(events.subList(from, (int) Math.min(events.size(), (long) from + maxCount)));
    }

    @Override
    public synchronized Optional<ConsentEvent> find(String eventId) {
        if (eventId == null) {
            throw new InvalidInputException("eventId", "must not be null");
        }
        return Optional.ofNullable(byId.get(eventId));
    }

    @Override
    public synchronized long lastSequence() {
        return events.size();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryConsentStore[" + events.size() + " events]";
    }
}
