package ro.clickphone.privacy.jpa.internal.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.jpa.internal.EpochNanos;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.ConditionalInsert.Param;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreException;
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
    private static final System.Logger LOG = System.getLogger(JpaOutboxStore.class.getName());
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
        // PostgreSQL refuses NUL in text and the drivers replace a lone surrogate with '?': refuse both here,
        // so what is stored is exactly what was given, on every database.
        if (message.content().filter(JpaOutboxStore::isStorableText).isEmpty() && message.content().isPresent()) {
            throw new InvalidInputException("outbox.content", "must be well-formed UTF-16 text without NUL characters");
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
                Optional.ofNullable(em.find(OutboxEntity.class, id)).map(row -> {
                    em.detach(row); // never left managed (stale) in a caller's entity manager
                    return validated(row);
                }));
    }

    @Override
    public List<OutboxMessage> list(OutboxState state, int limit) {
        notNull(state, "state");
        checkLimit(limit);
        return jpa.inTransaction("list outbox messages", em -> detached(em, em.createQuery("select m from " + ENTITY
                        + " m where m.state = :state order by m.createdAt, m.id", OutboxEntity.class)
                .setParameter("state", state.name()).setMaxResults(limit).getResultList()).stream()
                .flatMap(row -> orSkip(row).stream()).filter(m -> m.state() == state).sorted(AGE_ORDER).toList());
    }

    @Override
    public List<OutboxMessage> listAfter(OutboxState state, OutboxMessage last, int limit) {
        notNull(state, "state");
        notNull(last, "last");
        checkLimit(limit);
        checkInstant(last.createdAt());
        return jpa.inTransaction("list outbox messages", em -> detached(em, em.createQuery("select m from " + ENTITY
                        + " m where m.state = :state and (m.createdAt > :createdAt or (m.createdAt = :createdAt"
                        + " and m.id > :id)) order by m.createdAt, m.id", OutboxEntity.class)
                .setParameter("state", state.name()).setParameter("createdAt", last.createdAt())
                .setParameter("id", last.id()).setMaxResults(limit).getResultList()).stream()
                .flatMap(row -> orSkip(row).stream()).filter(m -> m.state() == state && AGE_ORDER.compare(m, last) > 0)
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
            List<String> ids = new ArrayList<>();
            OutboxEntity last = null;
            // Due rows are locked with SKIP LOCKED and scanned until the batch is full: a row passed over
            // (edited, or not claimable after all) never takes the place of a due message behind it.
            while (ids.size() < limit) {
                TypedQuery<OutboxEntity> due = em.createQuery("select m from " + ENTITY + " m where m.channel = :channel"
                        + " and m.state = :pending and m.nextAttemptAt <= :from"
                        + " and (m.leaseUntil is null or m.leaseUntil <= :from)"
                        + (last == null ? "" : " and (m.nextAttemptAt > :lastAt or (m.nextAttemptAt = :lastAt"
                                + " and m.id > :lastId))")
                        + " order by m.nextAttemptAt, m.id", OutboxEntity.class)
                        .setParameter("channel", channel).setParameter("pending", PENDING)
                        .setParameter("from", lease.from());
                if (last != null) {
                    due.setParameter("lastAt", last.nextAttemptAt).setParameter("lastId", last.id);
                }
                List<OutboxEntity> rows = JpaContext.skipLocked(due).setMaxResults(limit).getResultList();
                em.clear();
                for (OutboxEntity row : rows) {
                    last = row;
                    if (ids.size() < limit && orSkip(row).filter(m -> m.claimableBy(lease)).isPresent()) {
                        ids.add(row.id);
                    }
                }
                if (rows.size() < limit) {
                    break;
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            lease(em, ids, channel, lease);
            return detached(em, em.createQuery("select m from " + ENTITY + " m where m.id in :ids"
                            + " and m.leaseOwner = :owner and m.leaseFrom = :from and m.leaseUntil = :until",
                            OutboxEntity.class)
                    .setParameter("ids", ids).setParameter("owner", lease.owner())
                    .setParameter("from", lease.from()).setParameter("until", lease.until())
                    .getResultList()).stream().flatMap(row -> orSkip(row).stream()).sorted(DUE_ORDER).toList();
        });
    }

    private static final String LEASE = "UPDATE cpp_outbox SET lease_owner = ?, lease_from = ?, lease_until = ?"
            + " WHERE id = ? AND channel = ? AND state = ? AND next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until <= ?)";

    /**
     * Leases the locked rows: one {@code UPDATE} by primary key per row, sent as one JDBC batch (one round
     * trip); the claim reads back which rows carry its lease. Each checks again against the latest
     * committed row, so a message another dispatcher leased and committed just before our lock stays out.
     * By primary key on purpose: an {@code UPDATE} over a secondary index would lock (and on MariaDB wait
     * for) rows other dispatchers hold, which is what SKIP LOCKED avoided.
     */
    private static void lease(EntityManager em, List<String> ids, String channel, Lease lease) {
        long from = NANOS.convertToDatabaseColumn(lease.from());
        long until = NANOS.convertToDatabaseColumn(lease.until());
        em.runWithConnection((Connection c) -> {
            try (PreparedStatement update = c.prepareStatement(LEASE)) {
                for (String id : ids) {
                    update.setString(1, lease.owner());
                    update.setLong(2, from);
                    update.setLong(3, until);
                    update.setString(4, id);
                    update.setString(5, channel);
                    update.setString(6, PENDING);
                    update.setLong(7, from);
                    update.setLong(8, from);
                    update.addBatch();
                }
                update.executeBatch();
            }
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
            OutboxMessage stored = validated(row);
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
            OutboxMessage stored = validated(row);
            if (stored.state() != OutboxState.DEAD) {
                em.detach(row);
                return false;
            }
            write(row, stored.requeued(at));
            em.flush();
            em.detach(row);
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

    /** Rows that lists and claims passed over because they failed validation. */
    private final LongAdder rejectedRows = new LongAdder();

    /**
     * How many rows lists and claims passed over because they failed validation (a row edited in the
     * database): for monitoring; each one is also logged as a warning with its {@link #rowReference}.
     *
     * @return the count, since this store was created
     */
    public long rejectedRows() {
        return rejectedRows.sum();
    }

    /** A message read by a list or claim: an edited row is passed over, logged (hashed id) and counted. */
    private Optional<OutboxMessage> orSkip(OutboxEntity row) {
        try {
            return Optional.of(toMessage(row));
        } catch (InvalidInputException e) {
            rejectedRows.increment();
            LOG.log(System.Logger.Level.WARNING, "JPA outbox: the cpp_outbox row " + rowReference(row.id)
                    + " fails validation (" + e.getMessage() + ") and is passed over by lists and claims until it"
                    + " is repaired or deleted");
            return Optional.empty();
        }
    }

    /** A message read by its id: an edited row fails the call, non-retryable, naming the row by its hash. */
    private static OutboxMessage validated(OutboxEntity row) {
        try {
            return toMessage(row);
        } catch (InvalidInputException e) {
            throw new StoreException("The stored outbox message " + rowReference(row.id)
                    + " fails validation (edited in the database?): " + e.getMessage(), false, e);
        }
    }

    /**
     * How logs and errors name a row without its id: {@code sha256:} and the first 16 hex digits of
     * SHA-256 over the UTF-8 of the id.
     *
     * @param id the row's id
     * @return the reference
     */
    static String rowReference(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(id)
                    .getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Detaches rows read in a (possibly the caller's) entity manager: none stays managed, stale, or piles up. */
    private static <E> List<E> detached(EntityManager em, List<E> rows) {
        rows.forEach(em::detach);
        return rows;
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

    /** Text every database stores exactly: no NUL, no unpaired surrogate. */
    private static boolean isStorableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 0) {
                return false;
            }
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

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
