package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import ro.clickphone.privacy.jpa.internal.Counters;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * A {@link RetentionStore} over {@code cpp_retention_tag}, {@code cpp_retention_hold} and
 * {@code cpp_retention_event}.
 *
 * <ul>
 *   <li>One tag per record: the first tag is a conditional insert (a duplicate key is rolled back to a
 *       savepoint, so a caller's transaction survives it); a replace is one {@code UPDATE ... WHERE
 *       revision = n - 1 AND disposed_at IS NULL}, which the database applies once.</li>
 *   <li>Claims: due rows are read with {@code FOR UPDATE SKIP LOCKED} (another sweeper's rows being
 *       claimed are passed over, not waited for), then leased by an {@code UPDATE} that checks again that
 *       no lease holds, in a transaction of their own that commits at once.</li>
 *   <li>Marks: the record's row is locked, its revision, lease and the active holds are checked, the
 *       proof is inserted under its own reference and the row deleted, in one transaction.</li>
 *   <li>Holds: placing and releasing one takes the next number of the {@code retention.holds} counter in
 *       the same transaction: that number is {@link #holdsRevision()} and the order of
 *       {@link #activeHolds()}.</li>
 *   <li>Order: the contract compares sources and ids as Java strings; the columns compare by code point
 *       ({@code COLLATE "C"} on PostgreSQL, {@code utf8mb4_bin} on MariaDB, H2's default), which is the
 *       same order except between characters above U+FFFF and those from U+E000 to U+FFFF.</li>
 * </ul>
 */
public final class JpaRetentionStore implements RetentionStore {

    /** The counter of hold changes, created by V4. */
    static final String HOLDS_COUNTER = "retention.holds";
    private static final int MAX_CATEGORIES_TEXT = 2000;
    private static final EpochNanos NANOS = new EpochNanos();

    private static final String INSERT_TAG = "INSERT INTO cpp_retention_tag (source, record_id, subject_id,"
            + " subject_ref, category, rule_id, key_scope, also_tagged_as, last_day_kept, due_day, awaiting, tagged_at,"
            + " disposed_at, disposal, revision, anchored_on, extended_by_hold, lease_owner, lease_from, lease_until)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)";
    private static final String INSERT_EVENT =
            "INSERT INTO cpp_retention_event (subject_id, event_id, event_day) VALUES (?, ?, ?)";
    private static final String ENTITY = "RetentionTagEntity";

    /** The order of the contract: due date, then source, then id, as Java strings. */
    private static final Comparator<RetentionTag> ORDER = Comparator
            .comparing((RetentionTag t) -> t.dueOn().orElseThrow())
            .thenComparing(t -> t.record().source())
            .thenComparing(t -> t.record().id());

    private final JpaContext jpa;

    /**
     * Creates the store.
     *
     * @param jpa the context
     */
    public JpaRetentionStore(JpaContext jpa) {
        this.jpa = notNull(jpa, "jpa");
    }

    // --- tags ---------------------------------------------------------------------------------------

    @Override
    public Optional<RetentionTag> find(RecordRef record) {
        notNull(record, "record");
        return jpa.inTransaction("read a retention tag", em ->
                Optional.ofNullable(em.find(RetentionTagEntity.class, key(record))).map(JpaRetentionStore::toTag));
    }

    @Override
    public boolean insert(RetentionTag tag) {
        notNull(tag, "tag");
        if (tag.isDisposed() || tag.revision() != 0) {
            throw new InvalidInputException("tag", "a first tag is undisposed and of revision 0");
        }
        Param[] params = insertParams(tag);
        return jpa.inTransaction("tag a record", em -> ConditionalInsert.insert(em, INSERT_TAG, params));
    }

    @Override
    public boolean replace(RetentionTag tag) {
        notNull(tag, "tag");
        if (tag.isDisposed()) {
            throw new InvalidInputException("tag", "a disposed tag is stored only by markDisposed");
        }
        String also = categoriesText(tag.alsoTaggedAs());
        return jpa.inTransaction("re-tag a record", em -> em.createQuery("update " + ENTITY + " t set"
                        + " t.subject = :subject, t.subjectRef = :subjectRef, t.category = :category, t.rule = :rule,"
                        + " t.keyScope = :keyScope, t.alsoTaggedAs = :also, t.lastDayKept = :lastDayKept,"
                        + " t.dueDay = :dueDay, t.awaiting = :awaiting, t.taggedAt = :taggedAt, t.revision = :revision,"
                        + " t.anchoredOn = :anchoredOn, t.extendedByHold = :extendedByHold"
                        + " where t.source = :source and t.recordId = :recordId and t.revision = :previous"
                        + " and t.disposedAt is null")
                .setParameter("subject", tag.subject().map(SubjectId::value).orElse(null))
                .setParameter("subjectRef", tag.subjectRef())
                .setParameter("category", tag.category().id())
                .setParameter("rule", tag.rule())
                .setParameter("keyScope", tag.keyScope().map(KeyScope::name).orElse(null))
                .setParameter("also", also)
                .setParameter("lastDayKept", tag.lastDayKept().orElse(null))
                .setParameter("dueDay", tag.dueOn().orElse(null))
                .setParameter("awaiting", tag.awaiting().orElse(null))
                .setParameter("taggedAt", checkInstant(tag.taggedAt()))
                .setParameter("revision", tag.revision())
                .setParameter("anchoredOn", tag.anchoredOn())
                .setParameter("extendedByHold", tag.extendedByHold())
                .setParameter("source", tag.record().source())
                .setParameter("recordId", tag.record().id())
                .setParameter("previous", tag.revision() - 1)
                .executeUpdate() == 1);
    }

    @Override
    public List<RetentionTag> findBySubject(SubjectId subject) {
        notNull(subject, "subject");
        return jpa.inTransaction("read a subject's retention tags", em -> em.createQuery("select t from " + ENTITY
                        + " t where t.subject = :subject and t.disposedAt is null", RetentionTagEntity.class)
                .setParameter("subject", subject.value())
                .getResultList().stream().map(JpaRetentionStore::toTag)
                .filter(t -> !t.isDisposed() && t.subject().filter(subject::equals).isPresent())
                .toList());
    }

    @Override
    public List<RetentionTag> findDue(LocalDate today, Optional<RetentionTag> after, int limit) {
        notNull(today, "today");
        notNull(after, "after");
        checkLimit(limit);
        if (after.isPresent() && after.get().dueOn().isEmpty()) {
            throw new InvalidInputException("after", "must be a tag with a due date, from an earlier batch");
        }
        return jpa.inTransaction("find due records", em -> {
            List<LegalHold> holds = activeHolds(em);
            Map<String, Object> params = new HashMap<>();
            StringBuilder jpql = dueQuery(today, holds, params);
            after.ifPresent(last -> {
                jpql.append(" and (t.dueDay > :afterDay or (t.dueDay = :afterDay and (t.source > :afterSource"
                        + " or (t.source = :afterSource and t.recordId > :afterId))))");
                params.put("afterDay", last.dueOn().orElseThrow());
                params.put("afterSource", last.record().source());
                params.put("afterId", last.record().id());
            });
            jpql.append(" order by t.dueDay, t.source, t.recordId");
            TypedQuery<RetentionTagEntity> query = em.createQuery(jpql.toString(), RetentionTagEntity.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList().stream().map(JpaRetentionStore::toTag)
                    .filter(t -> isDue(t, today, holds))
                    .filter(t -> after.isEmpty() || ORDER.compare(t, after.get()) > 0)
                    .sorted(ORDER).toList();
        });
    }

    @Override
    public List<RetentionTag> claimDue(LocalDate today, Lease lease, int limit) {
        notNull(today, "today");
        notNull(lease, "lease");
        checkLimit(limit);
        checkInstant(lease.from());
        checkInstant(lease.until());
        return jpa.inOwnTransaction("claim due records", em -> {
            List<LegalHold> holds = activeHolds(em);
            Map<String, Object> params = new HashMap<>();
            StringBuilder jpql = dueQuery(today, holds, params);
            jpql.append(" and (t.leaseUntil is null or t.leaseUntil <= :leaseFrom)")
                    .append(" order by t.dueDay, t.source, t.recordId");
            params.put("leaseFrom", lease.from());
            TypedQuery<RetentionTagEntity> query = em.createQuery(jpql.toString(), RetentionTagEntity.class);
            params.forEach(query::setParameter);
            List<RetentionTagEntity> candidates = JpaContext.skipLocked(query).setMaxResults(limit).getResultList();
            // The rows are locked; lease each by an UPDATE that checks the lease again against the latest
            // committed row (a row another sweeper leased and committed just before our lock stays out). One
            // UPDATE per row, by its primary key: an UPDATE over a secondary index would lock (and on MariaDB
            // wait for) rows other sweepers hold, which is what SKIP LOCKED avoided.
            // The revision guard makes the tag returned exactly the one leased.
            List<RetentionTag> due = new ArrayList<>();
            for (RetentionTagEntity candidate : candidates) {
                RetentionTag tag = toTag(candidate);
                if (isDue(tag, today, holds) && !leaseHolds(candidate, lease.from())) {
                    due.add(tag);
                }
            }
            em.clear();
            List<RetentionTag> claimed = new ArrayList<>();
            for (RetentionTag tag : due) {
                int leased = em.createQuery("update " + ENTITY + " t set t.leaseOwner = :owner, t.leaseFrom = :from,"
                                + " t.leaseUntil = :until where t.source = :source and t.recordId = :recordId"
                                + " and t.revision = :revision and t.disposedAt is null"
                                + " and (t.leaseUntil is null or t.leaseUntil <= :from)")
                        .setParameter("owner", lease.owner()).setParameter("from", lease.from())
                        .setParameter("until", lease.until()).setParameter("source", tag.record().source())
                        .setParameter("recordId", tag.record().id()).setParameter("revision", tag.revision())
                        .executeUpdate();
                if (leased == 1) {
                    claimed.add(tag);
                }
            }
            claimed.sort(ORDER);
            return claimed;
        });
    }

    /** The due rows' query: undisposed, dated on or before today, not held (a hold's scope in SQL). */
    private static StringBuilder dueQuery(LocalDate today, List<LegalHold> holds, Map<String, Object> params) {
        StringBuilder jpql = new StringBuilder("select t from " + ENTITY + " t where t.disposedAt is null"
                + " and t.awaiting is null and t.dueDay <= :today");
        params.put("today", today);
        List<String> held = new ArrayList<>();
        Set<String> subjects = new LinkedHashSet<>();
        int n = 0;
        for (LegalHold hold : holds) {
            HoldScope scope = hold.scope();
            switch (scope.kind()) {
                case SUBJECT -> subjects.add(scope.subject().orElseThrow().value());
                case RECORD -> {
                    RecordRef record = scope.record().orElseThrow();
                    held.add("not (t.source = :hs" + n + " and t.recordId = :hr" + n + ")");
                    params.put("hs" + n, record.source());
                    params.put("hr" + n, record.id());
                }
                case CATEGORY -> {
                    String category = scope.category().orElseThrow().id();
                    held.add("t.category <> :hc" + n + " and locate(:hp" + n + ", t.alsoTaggedAs) = 0");
                    params.put("hc" + n, category);
                    params.put("hp" + n, "," + category + ",");
                }
                default -> throw new IllegalStateException(scope.kind().name());
            }
            n++;
        }
        if (!subjects.isEmpty()) {
            held.add("t.subject not in :heldSubjects");
            params.put("heldSubjects", List.copyOf(subjects));
        }
        if (!held.isEmpty()) {
            jpql.append(" and (t.extendedByHold = :notExtended or (").append(String.join(" and ", held)).append("))");
            params.put("notExtended", Boolean.FALSE);
        }
        return jpql;
    }

    private static boolean isDue(RetentionTag tag, LocalDate today, List<LegalHold> holds) {
        return tag.isDueOn(today) && holds.stream().noneMatch(h -> h.scope().covers(tag));
    }

    private static boolean leaseHolds(RetentionTagEntity row, Instant at) {
        return row.leaseUntil != null && at.isBefore(row.leaseUntil);
    }

    @Override
    public boolean markDisposed(RetentionTag claimed, Lease lease, RetentionTag proof) {
        notNull(claimed, "claimed");
        notNull(lease, "lease");
        notNull(proof, "proof");
        if (claimed.isDisposed() || !proof.isDisposed() || proof.revision() != claimed.revision() + 1
                || !proof.record().source().equals(claimed.record().source())
                || !proof.subjectRef().equals(claimed.subjectRef()) || !proof.category().equals(claimed.category())) {
            throw new InvalidInputException("proof", "must be the disposal proof of the claimed tag");
        }
        Param[] proofRow = insertParams(proof);
        return jpa.inOwnTransaction("mark a record disposed of", em -> {
            RetentionTagEntity stored = em.find(RetentionTagEntity.class, key(claimed.record()),
                    LockModeType.PESSIMISTIC_WRITE);
            if (stored == null || stored.disposedAt != null || stored.revision != claimed.revision()
                    || !lease.owner().equals(stored.leaseOwner) || !lease.from().equals(stored.leaseFrom)
                    || !lease.until().equals(stored.leaseUntil) || !lease.holdsAt(proof.disposedAt().orElseThrow())) {
                return false;
            }
            RetentionTag current = toTag(stored);
            if (activeHolds(em).stream().anyMatch(h -> h.scope().covers(current))) {
                return false;
            }
            if (proof.record().equals(claimed.record())) {
                // the proof keeps the record's own reference: the row becomes the proof
                em.remove(stored);
                em.flush();
                return ConditionalInsert.insert(em, INSERT_TAG, proofRow);
            }
            if (!ConditionalInsert.insert(em, INSERT_TAG, proofRow)) {
                return false; // another record's proof holds that reference: change nothing
            }
            em.remove(stored);
            return true;
        });
    }

    @Override
    public List<RetentionTag> findPending(String eventId, Optional<RecordRef> after, int limit) {
        notNull(eventId, "eventId");
        notNull(after, "after");
        checkLimit(limit);
        return jpa.inTransaction("find pending records", em -> {
            String jpql = "select t from " + ENTITY + " t where t.disposedAt is null and t.awaiting = :event"
                    + (after.isPresent() ? " and (t.source > :source or (t.source = :source and t.recordId > :id))" : "")
                    + " order by t.source, t.recordId";
            TypedQuery<RetentionTagEntity> query = em.createQuery(jpql, RetentionTagEntity.class)
                    .setParameter("event", eventId);
            after.ifPresent(a -> query.setParameter("source", a.source()).setParameter("id", a.id()));
            Comparator<RecordRef> order = Comparator.comparing(RecordRef::source).thenComparing(RecordRef::id);
            return query.setMaxResults(limit).getResultList().stream().map(JpaRetentionStore::toTag)
                    .filter(t -> !t.isDisposed() && t.awaiting().filter(eventId::equals).isPresent())
                    .sorted(Comparator.comparing(RetentionTag::record, order)).toList();
        });
    }

    // --- events -------------------------------------------------------------------------------------

    @Override
    public boolean putEvent(SubjectId subject, String eventId, LocalDate date) {
        notNull(subject, "subject");
        checkEventId(eventId);
        notNull(date, "date");
        Param[] params = {Param.text(subject.value()), Param.text(eventId), Param.number(date.toEpochDay())};
        return jpa.inTransaction("remember an event", em -> ConditionalInsert.insert(em, INSERT_EVENT, params));
    }

    @Override
    public List<LocalDate> findEvents(SubjectId subject, String eventId) {
        notNull(subject, "subject");
        notNull(eventId, "eventId");
        return jpa.inTransaction("read events", em -> em.createQuery("select e.epochDay from RetentionEventEntity e"
                        + " where e.subject = :subject and e.eventId = :event order by e.epochDay", Long.class)
                .setParameter("subject", subject.value()).setParameter("event", eventId)
                .getResultList().stream().map(LocalDate::ofEpochDay).toList());
    }

    // --- holds --------------------------------------------------------------------------------------

    @Override
    public void putHold(LegalHold hold) {
        notNull(hold, "hold");
        if (!hold.isActive()) {
            throw new InvalidInputException("hold", "a new hold is active");
        }
        checkInstant(hold.placedAt());
        jpa.inTransaction("place a legal hold", em -> {
            // The counter's row lock serialises hold changes: the id check below cannot race another placing.
            long revision = Counters.next(em, HOLDS_COUNTER);
            if (em.find(LegalHoldEntity.class, hold.id()) != null) {
                throw new InvalidInputException("hold.id", "is taken by another hold");
            }
            LegalHoldEntity row = new LegalHoldEntity(hold.id());
            row.placedSeq = revision;
            HoldScope scope = hold.scope();
            row.kind = scope.kind().name();
            row.subject = scope.subject().map(SubjectId::value).orElse(null);
            row.recordSource = scope.record().map(RecordRef::source).orElse(null);
            row.recordId = scope.record().map(RecordRef::id).orElse(null);
            row.category = scope.category().map(DataCategory::id).orElse(null);
            row.reason = hold.reason();
            row.caseReference = hold.caseReference();
            row.placedAt = hold.placedAt();
            em.persist(row);
            return null;
        });
    }

    @Override
    public Optional<LegalHold> findHold(String id) {
        notNull(id, "id");
        return jpa.inTransaction("read a legal hold", em ->
                Optional.ofNullable(em.find(LegalHoldEntity.class, id)).map(JpaRetentionStore::toHold));
    }

    @Override
    public boolean releaseHold(String id, Instant at) {
        notNull(id, "id");
        notNull(at, "at");
        checkInstant(at);
        return jpa.inTransaction("release a legal hold", em -> {
            LegalHoldEntity row = em.find(LegalHoldEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null || row.releasedAt != null || row.placedAt.isAfter(at)) {
                return false;
            }
            Counters.next(em, HOLDS_COUNTER);
            row.releasedAt = at;
            return true;
        });
    }

    @Override
    public List<LegalHold> activeHolds() {
        return jpa.inTransaction("read the active legal holds", JpaRetentionStore::activeHolds);
    }

    private static List<LegalHold> activeHolds(EntityManager em) {
        return em.createQuery("select h from LegalHoldEntity h where h.releasedAt is null order by h.placedSeq",
                LegalHoldEntity.class).getResultList().stream().map(JpaRetentionStore::toHold)
                .filter(LegalHold::isActive).toList();
    }

    @Override
    public long holdsRevision() {
        return jpa.inTransaction("read the holds revision", em -> Counters.last(em, HOLDS_COUNTER));
    }

    // --- rows ---------------------------------------------------------------------------------------

    private static RetentionTagEntity.Key key(RecordRef record) {
        return new RetentionTagEntity.Key(record.source(), record.id());
    }

    private static Param[] insertParams(RetentionTag tag) {
        return new Param[] {
            Param.text(tag.record().source()),
            Param.text(tag.record().id()),
            Param.text(tag.subject().map(SubjectId::value).orElse(null)),
            Param.text(tag.subjectRef()),
            Param.text(tag.category().id()),
            Param.text(tag.rule()),
            Param.text(tag.keyScope().map(KeyScope::name).orElse(null)),
            Param.text(categoriesText(tag.alsoTaggedAs())),
            Param.number(tag.lastDayKept().map(LocalDate::toEpochDay).orElse(null)),
            Param.number(tag.isDisposed() ? null : tag.dueOn().map(LocalDate::toEpochDay).orElse(null)),
            Param.text(tag.awaiting().orElse(null)),
            Param.number(NANOS.convertToDatabaseColumn(tag.taggedAt())),
            Param.number(tag.disposedAt().map(NANOS::convertToDatabaseColumn).orElse(null)),
            Param.text(tag.disposal().map(DisposalAction::name).orElse(null)),
            Param.number(tag.revision()),
            Param.number(tag.anchoredOn().toEpochDay()),
            Param.integer(tag.extendedByHold() ? 1 : 0),
        };
    }

    /** A tag as the SPI builds it: an edited row surfaces as the SPI's validation error. */
    static RetentionTag toTag(RetentionTagEntity row) {
        DisposalAction disposal;
        try {
            disposal = row.disposal == null ? null : DisposalAction.valueOf(row.disposal);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tag.disposal", "the stored value is no disposal action");
        }
        return new RetentionTag(RecordRef.of(row.source, row.recordId),
                Optional.ofNullable(row.subject).map(SubjectId::of), row.subjectRef,
                row.category == null ? null : DataCategory.of(row.category), row.rule,
                Optional.ofNullable(row.keyScope).map(KeyScope::of), categories(row.alsoTaggedAs),
                Optional.ofNullable(row.lastDayKept), Optional.ofNullable(row.awaiting), row.taggedAt,
                Optional.ofNullable(row.disposedAt), Optional.ofNullable(disposal), row.revision, row.anchoredOn,
                Boolean.TRUE.equals(row.extendedByHold));
    }

    static LegalHold toHold(LegalHoldEntity row) {
        HoldScope.Kind kind;
        try {
            kind = HoldScope.Kind.valueOf(String.valueOf(row.kind));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("hold.scope", "the stored kind is no hold scope");
        }
        HoldScope scope = new HoldScope(kind, Optional.ofNullable(row.subject).map(SubjectId::of),
                row.recordSource == null && row.recordId == null ? Optional.empty()
                        : Optional.of(RecordRef.of(row.recordSource, row.recordId)),
                Optional.ofNullable(row.category).map(DataCategory::of));
        return new LegalHold(row.id, scope, row.reason, row.caseReference, row.placedAt,
                Optional.ofNullable(row.releasedAt));
    }

    private static String categoriesText(Set<DataCategory> categories) {
        if (categories.isEmpty()) {
            return "";
        }
        String text = categories.stream().map(DataCategory::id).sorted()
                .collect(Collectors.joining(",", ",", ","));
        if (text.length() > MAX_CATEGORIES_TEXT) {
            throw new InvalidInputException("tag.alsoTaggedAs", "names more categories than the JPA store keeps ("
                    + MAX_CATEGORIES_TEXT + " characters)");
        }
        return text;
    }

    private static Set<DataCategory> categories(String text) {
        if (text == null) {
            return null;
        }
        Set<DataCategory> out = new LinkedHashSet<>();
        for (String id : text.split(",")) {
            if (!id.isEmpty()) {
                out.add(DataCategory.of(id));
            }
        }
        return out;
    }

    // --- checks -------------------------------------------------------------------------------------

    private static Instant checkInstant(Instant instant) {
        NANOS.convertToDatabaseColumn(instant);
        return instant;
    }

    private static void checkEventId(String eventId) {
        notNull(eventId, "eventId");
        if (eventId.isBlank() || eventId.length() > 64 || eventId.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("eventId", "must be 1 to 64 characters without control characters");
        }
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
    public String toString() {
        return "JpaRetentionStore[" + jpa + "]";
    }
}
