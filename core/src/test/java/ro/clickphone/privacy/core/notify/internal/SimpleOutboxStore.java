package ro.clickphone.privacy.core.notify.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/** A small outbox for the dispatcher's tests, until spi.memory has one: the OutboxStore contract, one lock. */
final class SimpleOutboxStore implements OutboxStore {

    private final Map<String, OutboxMessage> messages = new HashMap<>();

    @Override
    public synchronized boolean append(OutboxMessage message) {
        return messages.putIfAbsent(message.id(), message) == null;
    }

    @Override
    public boolean append(OutboxMessage message, StoreTransaction transaction) {
        throw new UnsupportedOperationException("not needed by the dispatcher");
    }

    @Override
    public synchronized Optional<OutboxMessage> find(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public synchronized List<OutboxMessage> claim(String channel, Lease lease, int limit) {
        List<OutboxMessage> due = new ArrayList<>();
        for (OutboxMessage m : messages.values()) {
            if (m.channel().equals(channel) && m.claimableBy(lease)) {
                due.add(m);
            }
        }
        due.sort(Comparator.comparing(OutboxMessage::nextAttemptAt).thenComparing(OutboxMessage::id));
        List<OutboxMessage> claimed = new ArrayList<>();
        for (OutboxMessage m : due.subList(0, Math.min(limit, due.size()))) {
            OutboxMessage c = m.claimed(lease);
            messages.put(c.id(), c);
            claimed.add(c);
        }
        return claimed;
    }

    private synchronized boolean change(String id, String owner, UnaryOperator<OutboxMessage> step) {
        OutboxMessage m = messages.get(id);
        if (m == null || !m.heldBy(owner)) {
            return false;
        }
        messages.put(id, step.apply(m));
        return true;
    }

    @Override
    public boolean recordDelivered(String id, String owner, DeliveryReceipt receipt, Instant at) {
        return change(id, owner, m -> m.delivered(receipt, at));
    }

    @Override
    public boolean recordRetry(String id, String owner, String code, Instant retryAt) {
        return change(id, owner, m -> m.retrying(code, retryAt));
    }

    @Override
    public boolean recordDead(String id, String owner, String code, Instant at) {
        return change(id, owner, m -> m.dead(code, at));
    }

    @Override
    public boolean release(String id, String owner) {
        return change(id, owner, OutboxMessage::released);
    }

    @Override
    public synchronized boolean requeue(String id, Instant at) {
        OutboxMessage m = messages.get(id);
        if (m == null || m.state() != OutboxState.DEAD) {
            return false;
        }
        messages.put(id, m.requeued(at));
        return true;
    }

    @Override
    public synchronized List<OutboxMessage> list(OutboxState state, int limit) {
        return messages.values().stream().filter(m -> m.state() == state)
                .sorted(Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id)).limit(limit)
                .toList();
    }
}
