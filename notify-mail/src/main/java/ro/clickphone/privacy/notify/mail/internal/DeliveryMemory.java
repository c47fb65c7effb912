package ro.clickphone.privacy.notify.mail.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryResult;

/**
 * What a channel without a de-duplicating medium (SMTP has none) remembers of its deliveries, per
 * idempotency key, in this process: the receipt of a key already delivered and the permanent
 * failure of a key refused, so that a second {@code send} with that key returns them instead of
 * delivering again. At most {@code capacity} keys are kept; the oldest are forgotten first.
 * A transient failure is not remembered: the next attempt tries again.
 *
 * <p>Two threads sending the same key at once deliver once: the second waits for the first's
 * outcome and returns it.
 */
public final class DeliveryMemory {

    private final int capacity;
    private final Map<String, DeliveryResult> outcomes;
    private final ConcurrentHashMap<String, CompletableFuture<DeliveryResult>> inFlight = new ConcurrentHashMap<>();

    /**
     * A memory of at most {@code capacity} keys.
     *
     * @param capacity how many keys to remember, at least 1
     */
    public DeliveryMemory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.outcomes = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DeliveryResult> eldest) {
                return size() > DeliveryMemory.this.capacity;
            }
        };
    }

    /**
     * Returns the remembered outcome for the key, or runs the attempt (once, even if several threads
     * ask at the same time) and remembers its outcome unless it is a transient failure.
     *
     * @param key the idempotency key
     * @param attempt the delivery; it must not throw
     * @return the outcome
     */
    public DeliveryResult once(String key, Supplier<DeliveryResult> attempt) {
        DeliveryResult known = remembered(key);
        if (known != null) {
            return known;
        }
        CompletableFuture<DeliveryResult> mine = new CompletableFuture<>();
        CompletableFuture<DeliveryResult> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return awaitOther(other);
        }
        try {
            known = remembered(key);
            DeliveryResult result = known != null ? known : attempt.get();
            if (known == null && remembers(result)) {
                synchronized (outcomes) {
                    outcomes.put(key, result);
                }
            }
            mine.complete(result);
            return result;
        } finally {
            if (!mine.isDone()) {
                // the attempt threw: whoever waited gets a transient failure, and a later send tries again
                mine.complete(DeliveryFailure.transientFailure("channel-error"));
            }
            inFlight.remove(key, mine);
        }
    }

    /**
     * How many keys are remembered now.
     *
     * @return the count, at most the capacity
     */
    public int size() {
        synchronized (outcomes) {
            return outcomes.size();
        }
    }

    private DeliveryResult remembered(String key) {
        synchronized (outcomes) {
            return outcomes.get(key);
        }
    }

    private static boolean remembers(DeliveryResult result) {
        return result.delivered() || ((DeliveryFailure) result).permanent();
    }

    private static DeliveryResult awaitOther(CompletableFuture<DeliveryResult> other) {
        try {
            return other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryFailure.transientFailure("interrupted");
        } catch (ExecutionException e) {
            return DeliveryFailure.transientFailure("channel-error");
        }
    }
}
