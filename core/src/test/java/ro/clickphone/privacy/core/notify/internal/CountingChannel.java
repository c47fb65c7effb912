package ro.clickphone.privacy.core.notify.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * A channel that keeps its contract's idempotency per key (a key it delivered gets the first
 * receipt back, without a second delivery) and counts calls and real deliveries per key. What it
 * answers to a key not yet delivered is scripted per call: deliver, fail, throw, or hang.
 */
final class CountingChannel implements NotificationChannel {

    /** What the channel does on the n-th call (from 1) for a key it has not delivered. */
    @FunctionalInterface
    interface Script {
        /** The answer; {@link #DELIVER} to deliver. */
        DeliveryResult answer(OutboundMessage message, int call) throws Exception;
    }

    /** The script's way to say "deliver it" (compared by identity; a script may also answer null, breaking the contract). */
    static final DeliveryResult DELIVER = new DeliveryReceipt("script", "deliver", Instant.EPOCH);

    private final String id;
    private final Script script;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, DeliveryReceipt> receipts = new ConcurrentHashMap<>();
    final Map<String, OutboundMessage> received = new ConcurrentHashMap<>();
    /** Counted down on every real delivery. */
    volatile CountDownLatch delivered = new CountDownLatch(0);
    /** Counted down when a hanging send is interrupted. */
    final CountDownLatch interrupted = new CountDownLatch(1);

    CountingChannel(String id, Script script) {
        this.id = id;
        this.script = script;
    }

    /** A channel that delivers everything. */
    static CountingChannel delivering(String id) {
        return new CountingChannel(id, (m, call) -> DELIVER);
    }

    /** A script that blocks until the sending thread is interrupted, after counting {@code entered} down. */
    static Script hanging(CountDownLatch entered) {
        return (m, call) -> {
            entered.countDown();
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        String key = message.idempotencyKey();
        int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        received.put(key, message);
        DeliveryReceipt earlier = receipts.get(key);
        if (earlier != null) {
            return earlier;
        }
        DeliveryResult answer;
        try {
            answer = script.answer(message, call);
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (answer != DELIVER) {
            return answer;
        }
        synchronized (this) {
            DeliveryReceipt receipt = receipts.get(key);
            if (receipt == null) {
                receipt = new DeliveryReceipt(id, "ref-" + key, Instant.parse("2026-03-01T10:00:00Z"));
                receipts.put(key, receipt);
                deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                delivered.countDown();
            }
            return receipt;
        }
    }

    int calls(String key) {
        AtomicInteger n = calls.get(key);
        return n == null ? 0 : n.get();
    }

    int deliveries(String key) {
        AtomicInteger n = deliveries.get(key);
        return n == null ? 0 : n.get();
    }
}
