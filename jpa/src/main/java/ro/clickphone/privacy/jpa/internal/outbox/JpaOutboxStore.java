package ro.clickphone.privacy.jpa.internal.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * An {@link OutboxStore} over {@code cpp_outbox}.
 *
 * <ul>
 *   <li>Append: a conditional insert ({@link ConditionalInsert}) in the caller's transaction — the one a
 *       {@code StoreTransaction.of(entityManager)} holds — or in one of its own. A row another
 *       transaction inserted and has not committed makes the insert wait for it; a duplicate is rolled
 *       back to a savepoint, so the caller's business change commits all the same.</li>
 *   <li>Claims: due rows are read with {@code FOR UPDATE SKIP LOCKED}, then leased by an {@code UPDATE}
 *       that checks again that the row is pending, due and unleased, in a transaction of their own that
 *       commits at once: two dispatchers never hold one message.</li>
 *   <li>Outcomes: the row is locked ({@code FOR UPDATE}), the message's own transition rules
 *       ({@link OutboxMessage#heldBy}, {@link OutboxMessage#delivered} ...) decide, in a transaction of
 *       their own.</li>
 *   <li>Reads page by {@code (created_at, id)}; ids are ASCII, so the database's order is Java's.</li>
 * </ul>
 */
public final class JpaOutboxStore implements OutboxStore {

    private static final EpochNanos NANOS = new EpochNanos();
    private static final String ENTITY = "OutboxEntity";
    private static final String PENDING = OutboxState.PENDING.name();
    private static final String INSERT = "INSERT INTO cpp_outbox (id, message_type, subject_id, channel, medium,"
            + " state, created_at, attempts, next_attempt_at, lease_owner, lease_from, lease_until, content,"
            + " attachments, reason, receipt_channel, receipt_reference, receipt_accepted_at, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, NULL, NULL, NULL, ?)";

    /** The claim order of the contract: next attempt, then id. */
    private static final Comparator<OutboxMessage> DUE_ORDER = Comparator
            .comparing(OutboxMessage::nextAttemptAt).thenComparing(OutboxMessage::id);
    /** The list order of the contract: creation, then id. */
    private static final Comparator<OutboxMessage> AGE_ORDER = Comparator
            .comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id);

    private final JpaContext jpa;

    /**
     * Creates the store.
     *
     * @param jpa the context
     */
    public JpaOutboxStore(JpaContext jpa) {
        this.jpa = notNull(jpa, "jpa");
    }

    // --- append -------------------------------------------------------------------------------------

    @Override
    public boolean append(OutboxMessage message) {
        Param[] row = insertParams(checkNew(message));
        return jpa.inOwnTransaction("append an outbox message", em -> ConditionalInsert.insert(em, INSERT, row));
    }

    @Override
    public boolean append(OutboxMessage message, StoreTransaction transaction) {
        Param[] row = insertParams(checkNew(message));
        notNull(transaction, "transaction");
        EntityManager caller = transaction.unwrap(EntityManager.class).orElseThrow(() ->
                new ConfigurationException("The JPA outbox joins a StoreTransaction.of(entityManager) only, not "
                        + transaction.getClass().getSimpleName()));
        boolean active;
        try {
            active = caller.isOpen() && caller.getTransaction().isActive();
        } catch (IllegalStateException e) {
            throw new ConfigurationException("The JPA outbox joins a resource-local EntityManager transaction;"
                    + " this EntityManager's transaction is not one (JTA)", e);
        }
        if (!active) {
            throw new ConfigurationException("The caller's EntityManager transaction has ended (or the"
                    + " EntityManager is closed): the outbox writes only within a live transaction");
        }
        return jpa.inTransaction("append an outbox message", transaction,
                em -> ConditionalInsert.insert(em, INSERT, row));
    }

    private static OutboxMessage checkNew(OutboxMessage message) {
        notNull(message, "message");
        if (!message.isNew()) {
            throw new InvalidInputException("message", "a new outbox message is SUPPRESSED, or PENDING with no"
                    + " attempt, lease or failure yet");
        }
        return message;
    }

    private static Param[] insertParams(OutboxMessage m) {
        return new Param[] {
            Param.text(m.id()),
            Param.text(m.type().id()),
            Param.text(m.subject().value()),
            Param.text(m.channel()),
            Param.text(m.medium().id()),
            Param.text(m.state().name()),
            Param.number(NANOS.convertToDatabaseColumn(m.createdAt())),
            Param.integer(m.attempts()),
            Param.number(NANOS.convertToDatabaseColumn(m.nextAttemptAt())),
            Param.text(m.content().orElse(null)),
            Param.text(AttachmentsText.write(m.attachments())),
            Param.text(m.reason().orElse(null)),
            Param.number(m.finishedAt().map(NANOS::convertToDatabaseColumn).orElse(null)),
        };
    }

    // --- reads --------------------------------------------------------------------------------------

    @Override
    public Optional<OutboxMessage> find(String id) {
        notNull(id, "id");
        return jpa.inTransaction("read an outbox message", em ->
                Optional.ofNullable(em.find(OutboxEntity.class, id)).map(JpaOutboxStore::toMessage));
    }

    @Override
    public List<OutboxMessage> list(OutboxState state, int limit) {
        notNull(state, "state");
        checkLimit(limit);
        return jpa.inTransaction("list outbox messages", em -> em.createQuery("select m from " + ENTITY
                        + " m where m.state = :state order by m.createdAt, m.id", OutboxEntity.class)
                .setParameter("state", state.name()).setMaxResults(limit).getResultList().stream()
                .map(JpaOutboxStore::toMessage).filter(m -> m.state() == state).sorted(AGE_ORDER).toList());
    }

    @Override
    public List<OutboxMessage> listAfter(OutboxState state, OutboxMessage last, int limit) {
        notNull(state, "state");
        notNull(last, "last");
        checkLimit(limit);
        checkInstant(last.createdAt());
        return jpa.inTransaction("list outbox messages", em -> em.createQuery("select m from " + ENTITY
                        + " m where m.state = :state and (m.createdAt > :createdAt or (m.createdAt = :createdAt"
                        + " and m.id > :id)) order by m.createdAt, m.id", OutboxEntity.class)
                .setParameter("state", state.name()).setParameter("createdAt", last.createdAt())
                .setParameter("id", last.id()).setMaxResults(limit).getResultList().stream()
                .map(JpaOutboxStore::toMessage).filter(m -> m.state() == state && AGE_ORDER.compare(m, last) > 0)
                .sorted(AGE_ORDER).toList());
    }

    // --- claims and outcomes ------------------------------------------------------------------------

    @Override
    public List<OutboxMessage> claim(String channel, Lease lease, int limit) {
        notNull(channel, "channel");
        notNull(lease, "lease");
        checkLimit(limit);
        checkInstant(lease.from());
        checkInstant(lease.until());
        return jpa.inOwnTransaction("claim outbox messages", em -> {
            TypedQuery<OutboxEntity> due = em.createQuery("select m from " + ENTITY + " m where m.channel = :channel"
                    + " and m.state = :pending and m.nextAttemptAt <= :from"
                    + " and (m.leaseUntil is null or m.leaseUntil <= :from) order by m.nextAttemptAt, m.id",
                    OutboxEntity.class)
                    .setParameter("channel", channel).setParameter("pending", PENDING)
                    .setParameter("from", lease.from());
            List<String> ids = JpaContext.skipLocked(due).setMaxResults(limit).getResultList().stream()
                    .filter(row -> toMessage(row).claimableBy(lease)).map(row -> row.id).toList();
            if (ids.isEmpty()) {
                return List.of();
            }
            em.clear();
            // The rows are locked; each UPDATE checks again against the latest committed row, so a message
            // another dispatcher leased and committed just before our lock stays out. One UPDATE per row, by
            // its primary key: an UPDATE over a secondary index would lock (and on MariaDB wait for) rows
            // other dispatchers hold, which is what SKIP LOCKED avoided.
            for (String id : ids) {
                em.createQuery("update " + ENTITY + " m set m.leaseOwner = :owner, m.leaseFrom = :from,"
                                + " m.leaseUntil = :until where m.id = :id and m.channel = :channel"
                                + " and m.state = :pending and m.nextAttemptAt <= :from"
                                + " and (m.leaseUntil is null or m.leaseUntil <= :from)")
                        .setParameter("owner", lease.owner()).setParameter("from", lease.from())
                        .setParameter("until", lease.until()).setParameter("id", id)
                        .setParameter("channel", channel).setParameter("pending", PENDING).executeUpdate();
            }
            return em.createQuery("select m from " + ENTITY + " m where m.id in :ids and m.leaseOwner = :owner"
                            + " and m.leaseFrom = :from and m.leaseUntil = :until", OutboxEntity.class)
                    .setParameter("ids", ids).setParameter("owner", lease.owner())
                    .setParameter("from", lease.from()).setParameter("until", lease.until())
                    .getResultList().stream().map(JpaOutboxStore::toMessage).sorted(DUE_ORDER).toList();
        });
    }

    @Override
    public boolean recordDelivered(String id, String owner, DeliveryReceipt receipt, Instant at) {
        notNull(receipt, "receipt");
        notNull(at, "at");
        checkInstant(at);
        checkInstant(receipt.acceptedAt());
        return outcome("record a delivery", id, owner, m -> m.delivered(receipt, at));
    }

    @Override
    public boolean recordRetry(String id, String owner, String code, Instant retryAt) {
        notNull(code, "code");
        notNull(retryAt, "retryAt");
        checkInstant(retryAt);
        return outcome("record a retry", id, owner, m -> m.retrying(code, retryAt));
    }

    @Override
    public boolean recordDead(String id, String owner, String code, Instant at) {
        notNull(code, "code");
        notNull(at, "at");
        checkInstant(at);
        return outcome("record a dead letter", id, owner, m -> m.dead(code, at));
    }

    @Override
    public boolean release(String id, String owner) {
        return outcome("release an outbox message", id, owner, OutboxMessage::released);
    }

    /** Applies a transition to a message its owner holds, under the row's lock, in a transaction of its own. */
    private boolean outcome(String operation, String id, String owner, UnaryOperator<OutboxMessage> transition) {
        notNull(id, "id");
        notNull(owner, "owner");
        return jpa.inOwnTransaction(operation, em -> {
            OutboxEntity row = em.find(OutboxEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            OutboxMessage stored = toMessage(row);
            if (!stored.heldBy(owner)) {
                return false;
            }
            write(row, transition.apply(stored));
            return true;
        });
    }

    @Override
    public boolean requeue(String id, Instant at) {
        notNull(id, "id");
        notNull(at, "at");
        checkInstant(at);
        return jpa.inTransaction("requeue a dead letter", em -> {
            OutboxEntity row = em.find(OutboxEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            OutboxMessage stored = toMessage(row);
            if (stored.state() != OutboxState.DEAD) {
                return false;
            }
            write(row, stored.requeued(at));
            return true;
        });
    }

    // --- rows ---------------------------------------------------------------------------------------

    /** Copies what a transition may change. */
    private static void write(OutboxEntity row, OutboxMessage m) {
        row.state = m.state().name();
        row.attempts = m.attempts();
        row.nextAttemptAt = m.nextAttemptAt();
        row.leaseOwner = m.lease().map(Lease::owner).orElse(null);
        row.leaseFrom = m.lease().map(Lease::from).orElse(null);
        row.leaseUntil = m.lease().map(Lease::until).orElse(null);
        row.reason = m.reason().orElse(null);
        row.receiptChannel = m.receipt().map(DeliveryReceipt::channel).orElse(null);
        row.receiptReference = m.receipt().map(DeliveryReceipt::reference).orElse(null);
        row.receiptAcceptedAt = m.receipt().map(DeliveryReceipt::acceptedAt).orElse(null);
        row.finishedAt = m.finishedAt().orElse(null);
    }

    /** A message as the SPI builds it: an edited row surfaces as the SPI's validation error. */
    static OutboxMessage toMessage(OutboxEntity row) {
        OutboxState state;
        try {
            state = OutboxState.valueOf(String.valueOf(row.state));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("outbox.state", "the stored value is no outbox state");
        }
        Optional<Lease> lease = row.leaseOwner == null && row.leaseFrom == null && row.leaseUntil == null
                ? Optional.empty() : Optional.of(new Lease(row.leaseOwner, row.leaseFrom, row.leaseUntil));
        Optional<DeliveryReceipt> receipt = row.receiptChannel == null && row.receiptReference == null
                && row.receiptAcceptedAt == null ? Optional.empty()
                : Optional.of(new DeliveryReceipt(row.receiptChannel, row.receiptReference, row.receiptAcceptedAt));
        return new OutboxMessage(row.id, row.type == null ? null : NotificationType.of(row.type),
                row.subject == null ? null : SubjectId.of(row.subject), row.channel,
                row.medium == null ? null : Medium.of(row.medium), state, row.createdAt, row.attempts,
                row.nextAttemptAt, lease, Optional.ofNullable(row.content), AttachmentsText.read(row.attachments),
                Optional.ofNullable(row.reason), receipt, Optional.ofNullable(row.finishedAt));
    }

    // --- checks -------------------------------------------------------------------------------------

    private static void checkInstant(Instant instant) {
        NANOS.convertToDatabaseColumn(instant);
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
        return "JpaOutboxStore[" + jpa + "]";
    }
}
