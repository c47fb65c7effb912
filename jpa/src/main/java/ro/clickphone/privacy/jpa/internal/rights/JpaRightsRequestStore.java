package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.ReviewDecision;
import ro.clickphone.privacy.spi.rights.ReviewState;
import ro.clickphone.privacy.spi.rights.ReviewTask;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.SourceProgress;
import ro.clickphone.privacy.spi.rights.SourceStatus;

/**
 * A {@link RightsRequestStore} over JPA: one row per request ({@code cpp_rights_request}) and per review task
 * ({@code cpp_review_task}) holding its latest version.
 *
 * <ul>
 *   <li><b>Versions:</b> {@link #replace} locks the row ({@code SELECT … FOR UPDATE}), compares the stored
 *       version with {@code next.version() - 1} and writes in the same transaction, so of two writers from one
 *       version exactly one wins, on one factory or many.</li>
 *   <li><b>Claims:</b> {@link #claim} runs in a transaction of its own (the lease is visible to every worker
 *       at once) and reads the row with {@code FOR UPDATE SKIP LOCKED}: a worker never waits behind another
 *       one's claim; a row another transaction holds is answered as not claimable now (empty), to be tried
 *       again on the next pass, like a request leased to another worker.</li>
 *   <li><b>Idempotent inserts:</b> a taken id answers false, also when two inserts race (see {@link
 *       InsertOnce}).</li>
 *   <li><b>What is stored:</b> exactly the SPI value, column by column: the subject's id and a delegate
 *       requester's id as the value holds them (the kit keeps them so, to find a subject's requests), the
 *       record references, the sealed details as the kit sealed them, and no other personal data. Rows are
 *       read back through the SPI constructors, so an edited row surfaces as an {@link
 *       InvalidInputException} naming the column, never its value.</li>
 * </ul>
 */
public final class JpaRightsRequestStore implements RightsRequestStore {

    private static final EpochNanos NANOS = new EpochNanos();

    private final JpaContext jpa;

    /**
     * A store in a context.
     *
     * @param jpa the context
     */
    public JpaRightsRequestStore(JpaContext jpa) {
        this.jpa = notNull(jpa, "jpa");
    }

    // --- requests ------------------------------------------------------------------------------------------

    @Override
    public boolean insert(RequestRecord request) {
        notNull(request, "request");
        if (request.version() != 1) {
            throw new InvalidInputException("request.version", "must be 1 for a new request");
        }
        checkInstants(request);
        return InsertOnce.run(jpa, "insert a rights request", em -> {
            if (requestExists(em, request.id())) {
                return false;
            }
            RightsRequestRow row = RightsRequestRow.empty();
            row.id = request.id();
            write(request, row);
            em.persist(row);
            em.flush();
            em.detach(row);
            return true;
        }, em -> requestExists(em, request.id()));
    }

    @Override
    public Optional<RequestRecord> find(String id) {
        notNull(id, "id");
        return jpa.inTransaction("find a rights request", em -> {
            RightsRequestRow row = em.find(RightsRequestRow.class, id);
            return Optional.ofNullable(row == null ? null : readAndDetach(em, row));
        });
    }

    @Override
    public boolean replace(RequestRecord next) {
        notNull(next, "next");
        checkInstants(next);
        return jpa.inTransaction("replace a rights request", em -> {
            RightsRequestRow row = em.find(RightsRequestRow.class, next.id(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            boolean current = row.version == next.version() - 1;
            if (current) {
                write(next, row);
                em.flush();
            }
            em.detach(row);
            return current;
        });
    }

    @Override
    public Optional<RequestRecord> claim(String id, Lease lease, Instant now) {
        notNull(id, "id");
        notNull(lease, "lease");
        notNull(now, "now");
        NANOS.convertToDatabaseColumn(lease.from());
        NANOS.convertToDatabaseColumn(lease.until());
        NANOS.convertToDatabaseColumn(now);
        return jpa.inOwnTransaction("claim a rights request", em -> {
            TypedQuery<RightsRequestRow> query = em.createQuery(
                    "select r from RightsRequestRow r where r.id = :id", RightsRequestRow.class)
                    .setParameter("id", id);
            List<RightsRequestRow> rows = JpaContext.skipLocked(query).getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            RightsRequestRow row = rows.get(0);
            RequestRecord stored = read(row);
            if (stored.state().ended()) {
                return Optional.empty();
            }
            Optional<Lease> held = stored.lease();
            if (held.isPresent() && held.get().holdsAt(now) && !held.get().owner().equals(lease.owner())) {
                return Optional.empty();
            }
            RequestRecord claimed = stored.withLease(Optional.of(lease), now);
            write(claimed, row);
            return Optional.of(claimed);
        });
    }

    @Override
    public List<RequestRecord> open(LocalDate dueOnOrBefore, Optional<RequestRecord> after, int limit) {
        notNull(dueOnOrBefore, "dueOnOrBefore");
        notNull(after, "after");
        after.ifPresent(a -> notNull(a, "after"));
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        return jpa.inTransaction("list open rights requests", em -> {
            String jpql = "select r from RightsRequestRow r where r.openDueDay <= :due"
                    + (after.isPresent() ? " and (r.openDueDay > :afterDue or (r.openDueDay = :afterDue"
                            + " and r.id > :afterId))" : "")
                    + " order by r.openDueDay, r.id";
            TypedQuery<RightsRequestRow> query = em.createQuery(jpql, RightsRequestRow.class)
                    .setParameter("due", dueOnOrBefore.toEpochDay()).setMaxResults(limit);
            after.ifPresent(a -> query.setParameter("afterDue", a.due().toEpochDay()).setParameter("afterId", a.id()));
            return readAll(em, query.getResultList(), this::read);
        });
    }

    @Override
    public List<RequestRecord> ofSubject(SubjectId subject) {
        notNull(subject, "subject");
        return jpa.inTransaction("list a subject's rights requests", em -> readAll(em, em.createQuery(
                "select r from RightsRequestRow r where r.subject = :subject order by r.receivedAt, r.id",
                RightsRequestRow.class).setParameter("subject", subject.value()).getResultList(), this::read));
    }

    // --- review tasks --------------------------------------------------------------------------------------

    @Override
    public boolean insertTask(ReviewTask task) {
        notNull(task, "task");
        if (task.version() != 1) {
            throw new InvalidInputException("task.version", "must be 1 for a new task");
        }
        task.decidedAt().ifPresent(NANOS::convertToDatabaseColumn);
        return InsertOnce.run(jpa, "insert a review task", em -> {
            if (taskExists(em, task.id())) {
                return false;
            }
            ReviewTaskRow row = ReviewTaskRow.empty();
            row.id = task.id();
            write(task, row);
            em.persist(row);
            em.flush();
            em.detach(row);
            return true;
        }, em -> taskExists(em, task.id()));
    }

    @Override
    public Optional<ReviewTask> findTask(String id) {
        notNull(id, "id");
        return jpa.inTransaction("find a review task", em -> {
            ReviewTaskRow row = em.find(ReviewTaskRow.class, id);
            if (row == null) {
                return Optional.empty();
            }
            em.detach(row);
            return Optional.of(read(row));
        });
    }

    @Override
    public boolean replaceTask(ReviewTask next) {
        notNull(next, "next");
        next.decidedAt().ifPresent(NANOS::convertToDatabaseColumn);
        return jpa.inTransaction("replace a review task", em -> {
            ReviewTaskRow row = em.find(ReviewTaskRow.class, next.id(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            boolean current = row.version == next.version() - 1;
            if (current) {
                write(next, row);
                em.flush();
            }
            em.detach(row);
            return current;
        });
    }

    @Override
    public List<ReviewTask> undecidedTasks(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1");
        }
        return jpa.inTransaction("list undecided review tasks", em -> readAll(em, em.createQuery(
                "select t from ReviewTaskRow t where t.state <> :decided order by t.id", ReviewTaskRow.class)
                .setParameter("decided", ReviewState.DECIDED.name()).setMaxResults(limit).getResultList(),
                this::read));
    }

    // --- mapping -------------------------------------------------------------------------------------------

    private static boolean requestExists(EntityManager em, String id) {
        return em.createQuery("select count(r) from RightsRequestRow r where r.id = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    private static boolean taskExists(EntityManager em, String id) {
        return em.createQuery("select count(t) from ReviewTaskRow t where t.id = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    private RequestRecord readAndDetach(EntityManager em, RightsRequestRow row) {
        em.detach(row);
        return read(row);
    }

    /** Our rows never stay managed in a caller's entity manager, so a later find reads the database again. */
    private static <R, T> List<T> readAll(EntityManager em, List<R> rows, Function<R, T> read) {
        List<T> out = new ArrayList<>(rows.size());
        for (R row : rows) {
            em.detach(row);
            out.add(read.apply(row));
        }
        return List.copyOf(out);
    }

    /** Instants outside what the BIGINT columns hold are refused before anything is written. */
    private static void checkInstants(RequestRecord r) {
        NANOS.convertToDatabaseColumn(r.receivedAt());
        NANOS.convertToDatabaseColumn(r.updatedAt());
        r.pausedSince().ifPresent(NANOS::convertToDatabaseColumn);
        r.lease().ifPresent(l -> {
            NANOS.convertToDatabaseColumn(l.from());
            NANOS.convertToDatabaseColumn(l.until());
        });
    }

    private static void write(RequestRecord r, RightsRequestRow row) {
        row.version = r.version();
        row.type = r.type().name();
        row.subject = r.subject().value();
        row.channel = r.channel().name();
        row.receivedAt = r.receivedAt();
        row.requester = r.requester().map(JpaRightsRequestStore::actor).orElse(null);
        row.categories = Codec.joinEach(r.categories(), DataCategory::id);
        row.records = Codec.joinEach(r.records(), ref -> Codec.join(ref.source(), ref.id()));
        row.purposes = Codec.joinEach(r.purposes(), Purpose::id);
        row.sealed = r.sealed().orElse(null);
        row.state = r.state().name();
        row.refusal = r.refusal().map(Enum::name).orElse(null);
        row.baseDueDay = r.baseDue().toEpochDay();
        row.dueDay = r.due().toEpochDay();
        row.openDueDay = r.state().ended() ? null : row.dueDay;
        row.extended = r.extended() ? 1 : 0;
        row.extensionReason = r.extensionReason().orElse(null);
        row.pausedSince = r.pausedSince().orElse(null);
        row.pausedDays = r.pausedDays();
        row.progress = Codec.joinEach(r.progress(), JpaRightsRequestStore::progress);
        row.recipientsTold = Codec.join(r.recipientsTold());
        row.leaseOwner = r.lease().map(Lease::owner).orElse(null);
        row.leaseFrom = r.lease().map(Lease::from).orElse(null);
        row.leaseUntil = r.lease().map(Lease::until).orElse(null);
        row.updatedAt = r.updatedAt();
    }

    private RequestRecord read(RightsRequestRow row) {
        Optional<Lease> lease;
        if (row.leaseOwner == null && row.leaseFrom == null && row.leaseUntil == null) {
            lease = Optional.empty();
        } else if (row.leaseOwner != null && row.leaseFrom != null && row.leaseUntil != null) {
            lease = Optional.of(new Lease(row.leaseOwner, row.leaseFrom, row.leaseUntil));
        } else {
            throw Codec.malformed("cpp_rights_request.lease");
        }
        RequestState state = Codec.decode("cpp_rights_request.state", () -> RequestState.valueOf(row.state));
        if (!java.util.Objects.equals(row.openDueDay, state.ended() ? null : row.dueDay)) {
            throw Codec.malformed("cpp_rights_request.open_due_day");
        }
        return new RequestRecord(row.id,
                Codec.decode("cpp_rights_request.type", () -> RightType.valueOf(row.type)),
                SubjectId.of(row.subject),
                Codec.decode("cpp_rights_request.channel", () -> RequestChannel.valueOf(row.channel)),
                row.receivedAt,
                Optional.ofNullable(row.requester).map(JpaRightsRequestStore::actor),
                Codec.decode("cpp_rights_request.categories", () -> toSet(
                        Codec.split(row.categories, "cpp_rights_request.categories"), DataCategory::of)),
                Codec.decode("cpp_rights_request.records", () -> toSet(
                        Codec.split(row.records, "cpp_rights_request.records"), part -> {
                            List<String> ref = Codec.split(part, 2, "cpp_rights_request.records");
                            return RecordRef.of(ref.get(0), ref.get(1));
                        })),
                Codec.decode("cpp_rights_request.purposes", () -> toSet(
                        Codec.split(row.purposes, "cpp_rights_request.purposes"), Purpose::of)),
                Optional.ofNullable(row.sealed),
                state,
                Codec.decode("cpp_rights_request.refusal",
                        () -> Optional.ofNullable(row.refusal).map(RefusalReason::valueOf)),
                Codec.decode("cpp_rights_request.base_due_day", () -> LocalDate.ofEpochDay(row.baseDueDay)),
                Codec.decode("cpp_rights_request.due_day", () -> LocalDate.ofEpochDay(row.dueDay)),
                extended(row.extended),
                Optional.ofNullable(row.extensionReason),
                Optional.ofNullable(row.pausedSince),
                row.pausedDays,
                Codec.decode("cpp_rights_request.progress", () -> Codec.split(row.progress,
                        "cpp_rights_request.progress").stream().map(JpaRightsRequestStore::progress).toList()),
                new TreeSet<>(Codec.split(row.recipientsTold, "cpp_rights_request.recipients_told")),
                lease, row.version, row.updatedAt);
    }

    private static boolean extended(int flag) {
        if (flag != 0 && flag != 1) {
            throw Codec.malformed("cpp_rights_request.extended");
        }
        return flag == 1;
    }

    private static <T> Set<T> toSet(List<String> parts, Function<String, T> make) {
        Set<T> out = new java.util.HashSet<>();
        for (String part : parts) {
            out.add(make.apply(part));
        }
        return out;
    }

    private static String actor(Actor a) {
        return Codec.join(a.kind().name(), a.id(), Codec.optional(a.recipient().map(Recipient::id)),
                Codec.join(a.roles()), Codec.join(a.accounts()), Codec.optional(a.legalRequest()));
    }

    private static Actor actor(String text) {
        String column = "cpp_rights_request.requester";
        return Codec.decode(column, () -> {
            List<String> p = Codec.split(text, 6, column);
            return new Actor(ActorKind.valueOf(p.get(0)), p.get(1), Codec.optional(p.get(2), column).map(Recipient::of),
                    new TreeSet<>(Codec.split(p.get(3), column)), new TreeSet<>(Codec.split(p.get(4), column)),
                    Codec.optional(p.get(5), column));
        });
    }

    private static String progress(SourceProgress p) {
        return Codec.join(p.source(), p.status().name(), Integer.toString(p.attempts()), Codec.optional(p.lastFailure()),
                Codec.optional(p.doneAt().map(Codec::instant)),
                Codec.joinEach(p.outcomes(), o -> Codec.join(o.category().id(), o.kind().name(),
                        Integer.toString(o.records()), Codec.optional(o.legalGround()),
                        Codec.optional(o.until().map(d -> Long.toString(d.toEpochDay()))))));
    }

    private static SourceProgress progress(String text) {
        String column = "cpp_rights_request.progress";
        List<String> p = Codec.split(text, 6, column);
        List<CategoryOutcome> outcomes = new ArrayList<>();
        for (String part : Codec.split(p.get(5), column)) {
            List<String> o = Codec.split(part, 5, column);
            outcomes.add(new CategoryOutcome(DataCategory.of(o.get(0)), OutcomeKind.valueOf(o.get(1)),
                    Integer.parseInt(o.get(2)), Codec.optional(o.get(3), column),
                    Codec.optional(o.get(4), column).map(d -> LocalDate.ofEpochDay(Long.parseLong(d)))));
        }
        return new SourceProgress(p.get(0), SourceStatus.valueOf(p.get(1)), Integer.parseInt(p.get(2)),
                Codec.optional(p.get(3), column), Codec.optional(p.get(4), column).map(Instant::parse), outcomes);
    }

    private static void write(ReviewTask t, ReviewTaskRow row) {
        row.version = t.version();
        row.requestId = t.requestId();
        row.subject = t.subject().value();
        row.decisionRef = t.decisionRef();
        row.sealedViewpoint = t.sealedViewpoint();
        row.state = t.state().name();
        row.assignee = t.assignee().orElse(null);
        row.decision = t.decision().map(Enum::name).orElse(null);
        row.sealedRationale = t.sealedRationale().orElse(null);
        row.decidedAt = t.decidedAt().orElse(null);
    }

    private ReviewTask read(ReviewTaskRow row) {
        return new ReviewTask(row.id, row.requestId, SubjectId.of(row.subject), row.decisionRef, row.sealedViewpoint,
                Codec.decode("cpp_review_task.state", () -> ReviewState.valueOf(row.state)),
                Optional.ofNullable(row.assignee),
                Codec.decode("cpp_review_task.decision",
                        () -> Optional.ofNullable(row.decision).map(ReviewDecision::valueOf)),
                Optional.ofNullable(row.sealedRationale), Optional.ofNullable(row.decidedAt), row.version);
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "JpaRightsRequestStore[" + jpa + "]";
    }
}
