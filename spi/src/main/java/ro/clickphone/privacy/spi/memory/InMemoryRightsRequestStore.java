package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.rights.ReviewState;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;

/**
 * A {@link RightsRequestStore} in memory, for tests and demos: it shows the protocol (versioned
 * writes, claims under expiring leases) that a persistent store implements with a version column.
 * Everything is lost when the process ends.
 *
 * <p>Thread-safe: every method holds the store's lock. {@link #open} scans every request, fine for
 * the thousands of a test.
 *
 * @since 0.1.0
 */
public final class InMemoryRightsRequestStore implements RightsRequestStore {

    private static final Comparator<RequestRecord> DUE_ORDER = Comparator.comparing(RequestRecord::due)
            .thenComparing(RequestRecord::id);

    private final Map<String, RequestRecord> requests = new HashMap<>();
    private final Map<String, ReviewTask> tasks = new TreeMap<>();

    /** Creates an empty store. */
    public InMemoryRightsRequestStore() {
    }

    @Override
    public synchronized boolean insert(RequestRecord request) {
        Checks.notNull(request, "request");
        if (request.version() != 1) {
            throw new InvalidInputException("request.version", "must be 1 for a new request");
        }
        return requests.putIfAbsent(request.id(), request) == null;
    }

    @Override
    public synchronized Optional<RequestRecord> find(String id) {
        Checks.notNull(id, "id");
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public synchronized boolean replace(RequestRecord next) {
        Checks.notNull(next, "next");
        RequestRecord stored = requests.get(next.id());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        requests.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized Optional<RequestRecord> claim(String id, Lease lease, Instant now) {
        Checks.notNull(id, "id");
        Checks.notNull(lease, "lease");
        Checks.notNull(now, "now");
        RequestRecord stored = requests.get(id);
        if (stored == null || stored.state().ended()) {
            return Optional.empty();
        }
        if (stored.lease().isPresent() && stored.lease().get().holdsAt(now)
                && !stored.lease().get().owner().equals(lease.owner())) {
            return Optional.empty();
        }
        RequestRecord claimed = stored.withLease(Optional.of(lease), now);
        requests.put(id, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized List<RequestRecord> open(LocalDate dueOnOrBefore, Optional<RequestRecord> after, int limit) {
        Checks.notNull(dueOnOrBefore, "dueOnOrBefore");
        Checks.notNull(after, "after");
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        List<RequestRecord> page = new ArrayList<>();
        requests.values().stream()
                .filter(r -> !r.state().ended() && !r.due().isAfter(dueOnOrBefore))
                .filter(r -> after.isEmpty() || DUE_ORDER.compare(r, after.get()) > 0)
                .sorted(DUE_ORDER).limit(limit).forEach(page::add);
        return List.copyOf(page);
    }

    @Override
    public synchronized List<RequestRecord> ofSubject(SubjectId subject) {
        Checks.notNull(subject, "subject");
        return requests.values().stream().filter(r -> r.subject().equals(subject))
                .sorted(Comparator.comparing(RequestRecord::receivedAt).thenComparing(RequestRecord::id)).toList();
    }

    @Override
    public synchronized boolean insertTask(ReviewTask task) {
        Checks.notNull(task, "task");
        if (task.version() != 1) {
            throw new InvalidInputException("task.version", "must be 1 for a new task");
        }
        return tasks.putIfAbsent(task.id(), task) == null;
    }

    @Override
    public synchronized Optional<ReviewTask> findTask(String id) {
        Checks.notNull(id, "id");
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized boolean replaceTask(ReviewTask next) {
        Checks.notNull(next, "next");
        ReviewTask stored = tasks.get(next.id());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        tasks.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized List<ReviewTask> undecidedTasks(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        return tasks.values().stream().filter(t -> t.state() != ReviewState.DECIDED).limit(limit).toList();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryRightsRequestStore[" + requests.size() + " requests, " + tasks.size() + " review tasks]";
    }
}
