package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.notify.mail.internal.DeliveryMemory;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;

class DeliveryMemoryTest {

    private static DeliveryReceipt receipt(String reference) {
        return new DeliveryReceipt("smtp", reference, Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void once_remembersReceiptsAndPermanentFailures_butNotTransientOnes() {
        DeliveryMemory memory = new DeliveryMemory(10);
        AtomicInteger attempts = new AtomicInteger();
        DeliveryReceipt delivered = receipt("<a@x>");
        assertSame(delivered, memory.once("a", () -> { attempts.incrementAndGet(); return delivered; }));
        assertSame(delivered, memory.once("a", () -> { attempts.incrementAndGet(); return receipt("<other@x>"); }));

        DeliveryFailure refused = DeliveryFailure.permanentFailure("smtp-550");
        memory.once("b", () -> { attempts.incrementAndGet(); return refused; });
        assertSame(refused, memory.once("b", () -> { attempts.incrementAndGet(); return delivered; }));

        memory.once("c", () -> { attempts.incrementAndGet(); return DeliveryFailure.transientFailure("smtp-451"); });
        DeliveryResult retried = memory.once("c", () -> { attempts.incrementAndGet(); return delivered; });
        assertSame(delivered, retried);
        assertEquals(4, attempts.get(), "a, b, c and c's retry ran; the repeats of a and b did not");
    }

    @Test
    void once_keepsAtMostItsCapacity_forgettingTheOldestFirst() {
        DeliveryMemory memory = new DeliveryMemory(3);
        for (String key : List.of("k1", "k2", "k3", "k4")) {
            memory.once(key, () -> receipt("<" + key + "@x>"));
        }
        assertEquals(3, memory.size());
        AtomicInteger attempts = new AtomicInteger();
        memory.once("k4", () -> { attempts.incrementAndGet(); return receipt("<again@x>"); });
        assertEquals(0, attempts.get(), "the newest is remembered");
        memory.once("k1", () -> { attempts.incrementAndGet(); return receipt("<again@x>"); });
        assertEquals(1, attempts.get(), "the oldest was forgotten: the bound the channel's Javadoc states");
    }

    @Test
    void once_fromSeveralThreadsWithOneKey_runsOneAttempt_andEveryCallerGetsItsOutcome() throws Exception {
        DeliveryMemory memory = new DeliveryMemory(10);
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeliveryReceipt delivered = receipt("<race@x>");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DeliveryResult>> results = new ArrayList<>();
            results.add(pool.submit(() -> memory.once("k", () -> {
                attempts.incrementAndGet();
                inside.countDown();
                await(release);
                return delivered;
            })));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> memory.once("k", () -> {
                    attempts.incrementAndGet();
                    return receipt("<second@x>");
                })));
            }
            release.countDown();
            for (Future<DeliveryResult> result : results) {
                assertSame(delivered, result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, attempts.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void once_whenTheAttemptThrows_forgetsTheKey_soALaterSendTriesAgain() {
        DeliveryMemory memory = new DeliveryMemory(10);
        assertThrows(IllegalStateException.class, () -> memory.once("k", () -> {
            throw new IllegalStateException("bug");
        }));
        DeliveryReceipt delivered = receipt("<k@x>");
        assertSame(delivered, memory.once("k", () -> delivered));
    }

    @Test
    void capacity_belowOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryMemory(0));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
