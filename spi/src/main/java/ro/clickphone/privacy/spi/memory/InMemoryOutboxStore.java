package ro.clickphone.privacy.spi.memory;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * An {@link OutboxStore} in memory, for tests and demos: it shows the protocol (one message per id,
 * claims under expiring leases, outcomes only from the lease's owner) that a persistent store
 * implements with transactions and row locks. Everything is lost when the process ends, so
 * "survives a restart" holds only for a kit rebuilt on the same store instance.
 *
 * <p>It joins an {@link InMemoryTransaction} only: a message appended within one exists from the
 * transaction's commit, and never if it rolls back. Any other {@link StoreTransaction} is a
 * {@link ConfigurationException}.
 *
 * <p>Thread-safe: every method holds the store's lock. Claims scan every message, fine for the
 * thousands of a test, not for production volumes.
 *
 * @since 0.1.0
 */
public final class InMemoryOutboxStore implements OutboxStore {

    /** The claim order of the contract: next attempt, then id. */
    private static final Comparator<OutboxMessage> DUE_ORDER = Comparator
            .comparing(OutboxMessage::nextAttemptAt).thenComparing(OutboxMessage::id);
    /** The list order of the contract: creation, then id. */
    private static final Comparator<OutboxMessage> AGE_ORDER = Comparator
            .comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id);

    private final Map<String, OutboxMessage> messages = new HashMap<>();
    /** The ids appended within each open transaction, so that a second append of one in it is refused. */
    private final Map<InMemoryTransaction, Set<String>> enlisted = new WeakHashMap<>();

    /** Creates an empty store. */
    public InMemoryOutboxStore() {
    }

    @Override
    public synchronized boolean append(OutboxMessage message) {
        checkNew(message);
        return messages.putIfAbsent(message.id(), message) == null;
    }

    @Override
    public synchronized boolean append(OutboxMessage message, StoreTransaction transaction) {
        checkNew(message);
        notNull(transaction, "transaction");
        InMemoryTransaction tx = transaction.unwrap(InMemoryTransaction.class).orElseThrow(() ->
                new ConfigurationException("The in-memory outbox joins an InMemoryTransaction only, not "
                        + transaction.getClass().getSimpleName() + ": give the kit a store that understands"
                        + " your transaction (the JPA plugin's for an EntityManager)"));
        if (tx.ended()) {
            throw new ConfigurationException("This in-memory transaction has already ended");
        }
        Set<String> ids = enlisted.computeIfAbsent(tx, t -> new HashSet<>());
        if (messages.containsKey(message.id()) || ids.contains(message.id())) {
            return false;
        }
        tx.enlist(() -> commit(tx, message));
        ids.add(message.id());
        return true;
    }

    private synchronized void commit(InMemoryTransaction tx, OutboxMessage message) {
        messages.putIfAbsent(message.id(), message);
        enlisted.remove(tx);
    }

    @Override
    public synchronized Optional<OutboxMessage> find(String id) {
        return Optional.ofNullable(messages.get(notNull(id, "id")));
    }

    @Override
    public synchronized List<OutboxMessage> claim(String channel, Lease lease, int limit) {
        notNull(channel, "channel");
        notNull(lease, "lease");
        checkLimit(limit);
        List<OutboxMessage> claimed = messages.values().stream()
                .filter(m -> m.channel().equals(channel) && m.claimableBy(lease))
                .sorted(DUE_ORDER).limit(limit)
                .map(m -> m.claimed(lease)).toList();
        claimed.forEach(m -> messages.put(m.id(), m));
        return claimed;
    }

    @Override
    public synchronized boolean recordDelivered(String id, String owner, DeliveryReceipt receipt, Instant at) {
        notNull(receipt, "receipt");
        notNull(at, "at");
        return outcome(id, owner, m -> m.delivered(receipt, at));
    }

    @Override
    public synchronized boolean recordRetry(String id, String owner, String code, Instant retryAt) {
        notNull(code, "code");
        notNull(retryAt, "retryAt");
        return outcome(id, owner, m -> m.retrying(code, retryAt));
    }

    @Override
    public synchronized boolean recordDead(String id, String owner, String code, Instant at) {
        notNull(code, "code");
        notNull(at, "at");
        return outcome(id, owner, m -> m.dead(code, at));
    }

    @Override
    public synchronized boolean release(String id, String owner) {
        return outcome(id, owner, OutboxMessage::released);
    }

    /** Applies a transition to a message its owner holds; the transition validates before anything changes. */
    private boolean outcome(String id, String owner, UnaryOperator<OutboxMessage> transition) {
        notNull(id, "id");
        notNull(owner, "owner");
        OutboxMessage stored = messages.get(id);
        if (stored == null || !stored.heldBy(owner)) {
            return false;
        }
        messages.put(id, transition.apply(stored));
        return true;
    }

    @Override
    public synchronized boolean requeue(String id, Instant at) {
        notNull(id, "id");
        notNull(at, "at");
        OutboxMessage stored = messages.get(id);
        if (stored == null || stored.state() != OutboxState.DEAD) {
            return false;
        }
        messages.put(id, stored.requeued(at));
        return true;
    }

    @Override
    public synchronized List<OutboxMessage> list(OutboxState state, int limit) {
        notNull(state, "state");
        checkLimit(limit);
        return messages.values().stream().filter(m -> m.state() == state).sorted(AGE_ORDER).limit(limit).toList();
    }

    private static void checkNew(OutboxMessage message) {
        notNull(message, "message");
        if (message.state() != OutboxState.PENDING && message.state() != OutboxState.SUPPRESSED) {
            throw new InvalidInputException("message.state", "a new outbox message is PENDING or SUPPRESSED");
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

    /** Counts per state only: ids, subjects and content stay out of logs. */
    @Override
    public synchronized String toString() {
        Map<OutboxState, Integer> counts = new java.util.EnumMap<>(OutboxState.class);
        messages.values().forEach(m -> counts.merge(m.state(), 1, Integer::sum));
        return "InMemoryOutboxStore" + Collections.unmodifiableMap(counts);
    }
}
