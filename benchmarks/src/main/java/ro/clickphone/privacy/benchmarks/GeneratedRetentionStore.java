package ro.clickphone.privacy.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * A {@link RetentionStore} of {@code count} due tags that it generates on demand instead of holding
 * them: tag {@code i} is record {@code r00000042} of one source, subject {@code gen-(i / perSubject)},
 * last day kept {@code firstLastDay + i / perDay} (so index order is the contract's order: due date,
 * source, id). It holds one bit per record (disposed of or not), the claims not yet marked (with
 * the tags they handed out), and counts of the marks, so a sweep over a million records runs in a
 * heap far smaller than a million tags. For the sweep benchmark and the sweep memory test.
 *
 * <p>It honours the contract for what a sweep uses: {@link #claimDue} returns due, undisposed tags in
 * order that no lease holds at the new lease's start (an expired claim is offered again first, as
 * its place in the order requires), at most {@code limit}; {@link #find} returns a record's generated
 * tag while it is undisposed and nothing after; {@link #markDisposed} is conditional as the contract
 * says (the claimed revision, the record's own lease holding at the disposal time, a proof of the
 * claimed tag), succeeds once per record and ends its claim, and counts the proof instead of keeping
 * it; {@link #findDue} continues after a given tag; {@link #findBySubject} returns the subject's
 * undisposed tags; {@link #findPending} is empty (every generated tag is dated); subject events are
 * remembered. There are never active holds (and {@link #holdsRevision} stays 0); {@link #insert}, {@link #replace}, {@link #putHold} and
 * {@link #releaseHold} throw {@link UnsupportedOperationException}.
 */
final class GeneratedRetentionStore implements RetentionStore {

    private static final int ID_DIGITS = 8;

    private final int count;
    private final int perSubject;
    private final int perDay;
    private final String source;
    private final DataCategory category;
    private final String rule;
    private final Optional<KeyScope> keyScope;
    private final LocalDate firstLastDay;
    private final Instant taggedAt;

    private BitSet disposed;
    /** Every record below it was claimed at least once. */
    private int next;
    /** Claimed and not yet marked, by index: the lease and the tag handed out (what {@link #find} answers). */
    private final TreeMap<Integer, Claim> claims = new TreeMap<>();
    private final Map<DisposalAction, Integer> marks = new EnumMap<>(DisposalAction.class);
    private final Map<Map.Entry<SubjectId, String>, TreeSet<LocalDate>> events = new HashMap<>();

    private record Claim(Lease lease, RetentionTag tag) {
    }
    private long claimed;

    /**
     * @param count how many tags, at most 100 000 000
     * @param perSubject how many consecutive records share a subject
     * @param perDay how many consecutive records share a due date
     * @param source the records' source
     * @param category their category
     * @param rule their rule id
     * @param keyScope the category's key scope
     * @param firstLastDay the last day kept of the first record
     */
    GeneratedRetentionStore(int count, int perSubject, int perDay, String source, DataCategory category, String rule,
            Optional<KeyScope> keyScope, LocalDate firstLastDay) {
        if (count < 0 || count >= 100_000_000 || perSubject < 1 || perDay < 1) {
            throw new IllegalArgumentException("count 0 to 99 999 999, perSubject and perDay at least 1");
        }
        this.count = count;
        this.perSubject = perSubject;
        this.perDay = perDay;
        this.source = source;
        this.category = category;
        this.rule = rule;
        this.keyScope = keyScope;
        this.firstLastDay = firstLastDay;
        this.taggedAt = firstLastDay.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        this.disposed = new BitSet(count);
    }

    /** Forgets every claim and mark: all records are due again. */
    synchronized void reset() {
        disposed = new BitSet(count);
        next = 0;
        claims.clear();
        marks.clear();
        claimed = 0;
    }

    /** How many records were marked disposed of, by any action. */
    synchronized int disposedCount() {
        return marks.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** How many records were marked disposed of by an action. */
    synchronized int disposedCount(DisposalAction action) {
        return marks.getOrDefault(action, 0);
    }

    /** How many distinct records carry a mark (equals {@link #disposedCount()} when none was marked twice). */
    synchronized int distinctDisposed() {
        return disposed.cardinality();
    }

    /** How many claims were handed out, counting a record claimed again after its lease expired. */
    synchronized long claimedCount() {
        return claimed;
    }

    /** The generated tag of record {@code i}, undisposed. */
    RetentionTag tag(int i) {
        int subject = i / perSubject;
        return new RetentionTag(record(i), Optional.of(subject(subject)), "s-" + Integer.toHexString(subject), category,
                rule, keyScope, Set.of(), Optional.of(firstLastDay.plusDays(i / perDay)), Optional.empty(), taggedAt,
                Optional.empty(), Optional.empty(), 0);
    }

    RecordRef record(int i) {
        StringBuilder id = new StringBuilder(ID_DIGITS + 1).append('r');
        String digits = Integer.toString(i);
        for (int pad = digits.length(); pad < ID_DIGITS; pad++) {
            id.append('0');
        }
        return RecordRef.of(source, id.append(digits).toString());
    }

    static SubjectId subject(int s) {
        return SubjectId.of("gen-" + s);
    }

    /** The index of a record of this store, or -1. */
    private int index(RecordRef record) {
        String id = record.id();
        if (!record.source().equals(source) || id.length() != ID_DIGITS + 1 || id.charAt(0) != 'r') {
            return -1;
        }
        int i = 0;
        for (int k = 1; k < id.length(); k++) {
            char c = id.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            i = i * 10 + (c - '0');
        }
        return i < count ? i : -1;
    }

    private boolean dueOn(int i, LocalDate today) {
        return !firstLastDay.plusDays(i / perDay).isAfter(today.minusDays(1));
    }

    @Override
    public synchronized List<RetentionTag> findBySubject(SubjectId subject) {
        notNull(subject, "subject");
        String value = subject.value();
        if (!value.startsWith("gen-")) {
            return List.of();
        }
        int s;
        try {
            s = Integer.parseInt(value.substring(4));
        } catch (NumberFormatException e) {
            return List.of();
        }
        List<RetentionTag> out = new ArrayList<>();
        for (int i = s * perSubject, end = Math.min(count, (s + 1) * perSubject); i >= 0 && i < end; i++) {
            if (!disposed.get(i)) {
                out.add(tag(i));
            }
        }
        return out;
    }

    @Override
    public synchronized List<RetentionTag> findDue(LocalDate today, Optional<RetentionTag> after, int limit) {
        notNull(today, "today");
        notNull(after, "after");
        checkLimit(limit);
        int from = 0;
        if (after.isPresent()) {
            int at = index(after.get().record());
            if (at < 0) {
                throw new InvalidInputException("after", "must be a tag of an earlier batch");
            }
            from = at + 1;
        }
        List<RetentionTag> out = new ArrayList<>(Math.min(limit, 1024));
        for (int i = from; i < count && out.size() < limit && dueOn(i, today); i++) {
            if (!disposed.get(i)) {
                out.add(tag(i));
            }
        }
        return out;
    }

    @Override
    public synchronized List<RetentionTag> claimDue(LocalDate today, Lease lease, int limit) {
        notNull(today, "today");
        notNull(lease, "lease");
        checkLimit(limit);
        List<Integer> taken = new ArrayList<>(Math.min(limit, 1024));
        // Claims whose lease has expired come first: they are earlier in the order than anything unclaimed.
        for (Map.Entry<Integer, Claim> claim : claims.entrySet()) {
            if (taken.size() == limit) {
                break;
            }
            if (!claim.getValue().lease().holdsAt(lease.from()) && dueOn(claim.getKey(), today)) {
                taken.add(claim.getKey());
            }
        }
        while (taken.size() < limit && next < count && dueOn(next, today)) {
            if (!disposed.get(next)) {
                taken.add(next);
            }
            next++;
        }
        List<RetentionTag> out = new ArrayList<>(taken.size());
        for (int i : taken) {
            Claim previous = claims.get(i);
            RetentionTag tag = previous == null ? tag(i) : previous.tag();
            claims.put(i, new Claim(lease, tag));
            out.add(tag);
        }
        claimed += out.size();
        return out;
    }

    @Override
    public synchronized Optional<RetentionTag> find(RecordRef record) {
        notNull(record, "record");
        int i = index(record);
        if (i < 0 || disposed.get(i)) {
            return Optional.empty();
        }
        Claim claim = claims.get(i);
        return Optional.of(claim == null ? tag(i) : claim.tag());
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
        int i = index(claimed.record());
        // Generated tags are never re-tagged: revision 0 is the only one.
        if (i < 0 || disposed.get(i) || claimed.revision() != 0 || !claims.containsKey(i) || !lease.equals(claims.get(i).lease())
                || !lease.holdsAt(proof.disposedAt().orElseThrow())) {
            return false;
        }
        disposed.set(i);
        claims.remove(i);
        marks.merge(proof.disposal().orElseThrow(), 1, Integer::sum);
        return true;
    }

    @Override
    public List<RetentionTag> findPending(String eventId, Optional<RecordRef> after, int limit) {
        notNull(eventId, "eventId");
        notNull(after, "after");
        checkLimit(limit);
        return List.of();
    }

    @Override
    public synchronized boolean putEvent(SubjectId subject, String eventId, LocalDate date) {
        notNull(subject, "subject");
        notNull(eventId, "eventId");
        notNull(date, "date");
        return events.computeIfAbsent(Map.entry(subject, eventId), k -> new TreeSet<>()).add(date);
    }

    @Override
    public synchronized List<LocalDate> findEvents(SubjectId subject, String eventId) {
        notNull(subject, "subject");
        notNull(eventId, "eventId");
        TreeSet<LocalDate> days = events.get(Map.entry(subject, eventId));
        return days == null ? List.of() : List.copyOf(days);
    }

    @Override
    public List<LegalHold> activeHolds() {
        return List.of();
    }

    /** Never a hold, so the revision never changes. */
    @Override
    public long holdsRevision() {
        return 0;
    }

    @Override
    public Optional<LegalHold> findHold(String id) {
        notNull(id, "id");
        return Optional.empty();
    }

    @Override
    public boolean insert(RetentionTag tag) {
        throw new UnsupportedOperationException("a generated store serves due batches and subjects only");
    }

    @Override
    public boolean replace(RetentionTag tag) {
        throw new UnsupportedOperationException("a generated store serves due batches and subjects only");
    }

    @Override
    public void putHold(LegalHold hold) {
        throw new UnsupportedOperationException("a generated store has no holds");
    }

    @Override
    public boolean releaseHold(String id, Instant at) {
        throw new UnsupportedOperationException("a generated store has no holds");
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
        return "GeneratedRetentionStore[" + count + " tags, " + disposedCount() + " disposed]";
    }
}
