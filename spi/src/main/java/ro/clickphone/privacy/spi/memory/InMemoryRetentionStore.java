package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * A {@link RetentionStore} in memory, for tests and demos: it shows the protocol (one tag per record,
 * revisions, leases, the once-only mark) that a persistent store implements with transactions.
 *
 * <p>Thread-safe: every method holds the store's lock. Finding due tags scans every tag, fine for
 * the thousands of records of a test, not for production volumes.
 *
 * @since 0.1.0
 */
public final class InMemoryRetentionStore implements RetentionStore {

    /** The order of the contract: due date, then source, then id. */
    private static final Comparator<RetentionTag> ORDER = Comparator
            .comparing((RetentionTag t) -> t.dueOn().orElseThrow())
            .thenComparing(t -> t.record().source())
            .thenComparing(t -> t.record().id());

    private final Map<RecordRef, RetentionTag> tags = new HashMap<>();
    private final Map<RecordRef, Lease> leases = new HashMap<>();
    private final Map<String, LegalHold> holds = new LinkedHashMap<>();
    private final Map<SubjectEvent, TreeSet<LocalDate>> events = new HashMap<>();
    /** Bumped after every hold placed or released, under the lock; read without it. */
    private final AtomicLong holdsRevision = new AtomicLong();

    private record SubjectEvent(SubjectId subject, String eventId) {
    }

    /** Creates an empty store. */
    public InMemoryRetentionStore() {
    }

    @Override
    public synchronized Optional<RetentionTag> find(RecordRef record) {
        return Optional.ofNullable(tags.get(notNull(record, "record")));
    }

    @Override
    public synchronized boolean insert(RetentionTag tag) {
        notNull(tag, "tag");
        if (tag.isDisposed() || tag.revision() != 0) {
            throw new InvalidInputException("tag", "a first tag is undisposed and of revision 0");
        }
        return tags.putIfAbsent(tag.record(), tag) == null;
    }

    @Override
    public synchronized boolean replace(RetentionTag tag) {
        notNull(tag, "tag");
        if (tag.isDisposed()) {
            throw new InvalidInputException("tag", "a disposed tag is stored only by markDisposed");
        }
        RetentionTag stored = tags.get(tag.record());
        if (stored == null || stored.isDisposed() || stored.revision() != tag.revision() - 1) {
            return false;
        }
        tags.put(tag.record(), tag);
        return true;
    }

    @Override
    public synchronized List<RetentionTag> findBySubject(SubjectId subject) {
        notNull(subject, "subject");
        List<RetentionTag> out = new ArrayList<>();
        for (RetentionTag tag : tags.values()) {
            if (!tag.isDisposed() && tag.subject().filter(subject::equals).isPresent()) {
                out.add(tag);
            }
        }
        return out;
    }

    @Override
    public synchronized List<RetentionTag> findDue(LocalDate today, Optional<RetentionTag> after, int limit) {
        notNull(today, "today");
        notNull(after, "after");
        checkLimit(limit);
        Stream<RetentionTag> due = due(today);
        if (after.isPresent()) {
            RetentionTag last = after.get();
            if (last.dueOn().isEmpty()) {
                throw new InvalidInputException("after", "must be a tag with a due date, from an earlier batch");
            }
            due = due.filter(t -> ORDER.compare(t, last) > 0);
        }
        return due.sorted(ORDER).limit(limit).toList();
    }

    @Override
    public synchronized List<RetentionTag> claimDue(LocalDate today, Lease lease, int limit) {
        notNull(today, "today");
        notNull(lease, "lease");
        checkLimit(limit);
        List<RetentionTag> claimed = due(today)
                .filter(t -> {
                    Lease held = leases.get(t.record());
                    return held == null || !held.holdsAt(lease.from());
                })
                .sorted(ORDER).limit(limit).toList();
        claimed.forEach(t -> leases.put(t.record(), lease));
        return claimed;
    }

    private Stream<RetentionTag> due(LocalDate today) {
        List<LegalHold> active = holds.values().stream().filter(LegalHold::isActive).toList();
        return tags.values().stream()
                .filter(t -> t.isDueOn(today))
                .filter(t -> active.stream().noneMatch(h -> h.scope().covers(t)));
    }

    @Override
    public synchronized boolean markDisposed(RetentionTag claimed, Lease lease, RetentionTag proof) {
        notNull(claimed, "claimed");
        notNull(lease, "lease");
        notNull(proof, "proof");
        if (claimed.isDisposed() || !proof.isDisposed() || proof.revision() != claimed.revision() + 1
                || !proof.record().source().equals(claimed.record().source())
                || !proof.subjectRef().equals(claimed.subjectRef()) || !proof.category().equals(claimed.category())) {
            throw new InvalidInputException("proof", "must be the disposal proof of the claimed tag");
        }
        RecordRef record = claimed.record();
        RetentionTag stored = tags.get(record);
        if (stored == null || stored.isDisposed() || stored.revision() != claimed.revision()
                || !lease.equals(leases.get(record)) || !lease.holdsAt(proof.disposedAt().orElseThrow())
                || holds.values().stream().anyMatch(h -> h.isActive() && h.scope().covers(stored))) {
            return false;
        }
        if (!proof.record().equals(record) && tags.containsKey(proof.record())) {
            return false;
        }
        tags.remove(record);
        tags.put(proof.record(), proof);
        leases.remove(record);
        return true;
    }

    @Override
    public synchronized List<RetentionTag> findPending(String eventId, Optional<RecordRef> after, int limit) {
        notNull(eventId, "eventId");
        notNull(after, "after");
        checkLimit(limit);
        Comparator<RecordRef> order = Comparator.comparing(RecordRef::source).thenComparing(RecordRef::id);
        return tags.values().stream()
                .filter(t -> !t.isDisposed() && t.awaiting().filter(eventId::equals).isPresent())
                .filter(t -> after.isEmpty() || order.compare(t.record(), after.get()) > 0)
                .sorted(Comparator.comparing(RetentionTag::record, order))
                .limit(limit).toList();
    }

    @Override
    public synchronized boolean putEvent(SubjectId subject, String eventId, LocalDate date) {
        notNull(subject, "subject");
        notNull(eventId, "eventId");
        notNull(date, "date");
        return events.computeIfAbsent(new SubjectEvent(subject, eventId), k -> new TreeSet<>()).add(date);
    }

    @Override
    public synchronized List<LocalDate> findEvents(SubjectId subject, String eventId) {
        notNull(subject, "subject");
        notNull(eventId, "eventId");
        TreeSet<LocalDate> days = events.get(new SubjectEvent(subject, eventId));
        return days == null ? List.of() : List.copyOf(days);
    }

    @Override
    public synchronized void putHold(LegalHold hold) {
        notNull(hold, "hold");
        if (!hold.isActive()) {
            throw new InvalidInputException("hold", "a new hold is active");
        }
        if (holds.containsKey(hold.id())) {
            throw new InvalidInputException("hold.id", "is taken by another hold");
        }
        holds.put(hold.id(), hold);
        holdsRevision.incrementAndGet();
    }

    @Override
    public synchronized Optional<LegalHold> findHold(String id) {
        return Optional.ofNullable(holds.get(notNull(id, "id")));
    }

    @Override
    public synchronized boolean releaseHold(String id, Instant at) {
        notNull(id, "id");
        notNull(at, "at");
        LegalHold hold = holds.get(id);
        if (hold == null || !hold.isActive() || hold.placedAt().isAfter(at)) {
            return false;
        }
        holds.put(id, hold.released(at));
        holdsRevision.incrementAndGet();
        return true;
    }

    @Override
    public synchronized List<LegalHold> activeHolds() {
        return holds.values().stream().filter(LegalHold::isActive).toList();
    }

    @Override
    public long holdsRevision() {
        return holdsRevision.get();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_BATCH) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_BATCH);
        }
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryRetentionStore[" + tags.size() + " tags, " + holds.size() + " holds]";
    }
}
