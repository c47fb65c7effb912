package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.internal.CountingChannel.DELIVER;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * Hung channels and closing: a try that outlasts its time-out is abandoned as a transient
 * {@code timeout}; a hung channel holds only its own worker; closing lets a try in flight finish
 * within the grace, or abandons it and returns its message to the outbox untried. Latches order
 * the threads; no assertion depends on how long anything took.
 */
class DispatcherTimeoutTest {

    private static final long WAIT = 20;
    private final DispatchFixture f = new DispatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void hungSend_isAbandonedAfterTheTimeout_interrupted_andRetriedAsTimeout_whileAnotherChannelDelivers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountingChannel slow = new CountingChannel("slow", CountingChannel.hanging(entered));
        CountingChannel mail = CountingChannel.delivering("mail");
        f.write("n-slow", "slow");
        f.write("n-mail", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings().withAttemptTimeout(Duration.ofMillis(100)), slow, mail);

        assertEquals(new DispatchReport(1, 1, 0, 0, 0), d.runOnce());
        assertTrue(slow.interrupted.await(WAIT, TimeUnit.SECONDS), "the abandoned send was interrupted");
        OutboxMessage hung = f.message("n-slow");
        assertEquals(OutboxState.PENDING, hung.state());
        assertEquals(1, hung.attempts());
        assertEquals(Optional.of("timeout"), hung.reason());
        assertEquals("timeout", f.audited("notify.attempt", "n-slow").get(0).details().get("code"));
        assertEquals(OutboxState.DELIVERED, f.message("n-mail").state());
    }

    @Test
    void hungChannel_doesNotStarveAnother_andClosingAbandonsItsTry_returningTheMessageUntried() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountingChannel slow = new CountingChannel("slow", CountingChannel.hanging(entered));
        CountingChannel mail = CountingChannel.delivering("mail");
        mail.delivered = new CountDownLatch(1);
        f.write("n-slow", "slow");
        DispatchSettings settings = DispatchFixture.settings().withAttemptTimeout(Duration.ofMinutes(1))
                .withShutdownGrace(Duration.ofMillis(50));
        Dispatcher d = f.dispatcher(settings, slow, mail);
        d.start();
        assertTrue(entered.await(WAIT, TimeUnit.SECONDS), "the slow channel's send started");

        f.write("n-mail", "mail");
        d.wake();
        assertTrue(mail.delivered.await(WAIT, TimeUnit.SECONDS), "the other channel delivered");
        f.awaitMessage("n-mail", m -> m.state() == OutboxState.DELIVERED);
        assertEquals(1, slow.interrupted.getCount(), "meanwhile the slow send was still hanging");
        assertEquals(OutboxState.PENDING, f.message("n-slow").state());
        assertTrue(f.message("n-slow").lease().isPresent(), "and its message still claimed");

        d.close();
        assertTrue(slow.interrupted.await(WAIT, TimeUnit.SECONDS), "closing interrupted the hung send");
        OutboxMessage released = f.message("n-slow");
        assertEquals(OutboxState.PENDING, released.state());
        assertEquals(0, released.attempts(), "an abandoned try on closing is no try");
        assertEquals(Optional.empty(), released.lease(), "released for the next dispatcher");
        assertTrue(f.audited("notify.attempt", "n-slow").isEmpty());
    }

    @Test
    void close_letsATryInFlightFinishWithinTheGrace_andReleasesTheClaimedMessagesNotYetTried() throws Exception {
        AtomicReference<Dispatcher> dispatcher = new AtomicReference<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountingChannel mail = new CountingChannel("mail", (m, call) -> {
            if (m.idempotencyKey().equals("n-1")) {
                entered.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
                while (!dispatcher.get().isClosing() && System.nanoTime() < deadline) {
                    Thread.sleep(1); // finishes only once close() has begun
                }
            }
            return DELIVER;
        });
        f.write("n-1", "mail");
        f.clock.advance(Duration.ofMillis(1));
        f.write("n-2", "mail");
        f.clock.advance(Duration.ofMillis(1));
        f.write("n-3", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings().withShutdownGrace(Duration.ofSeconds(WAIT)), mail);
        dispatcher.set(d);
        d.start();
        assertTrue(entered.await(WAIT, TimeUnit.SECONDS));
        assertTrue(f.message("n-2").lease().isPresent(), "n-2 was claimed in the same batch");

        d.close();
        assertEquals(OutboxState.DELIVERED, f.message("n-1").state(), "the try in flight finished and was recorded");
        for (String id : new String[] {"n-2", "n-3"}) {
            OutboxMessage m = f.message(id);
            assertEquals(OutboxState.PENDING, m.state(), id);
            assertEquals(0, m.attempts(), id);
            assertEquals(Optional.empty(), m.lease(), id + " released");
            assertEquals(0, mail.calls(id), id + " never tried");
        }
    }

    @Test
    void close_isIdempotent_andAClosedDispatcherRefusesToRun() {
        Dispatcher d = f.dispatcher(DispatchFixture.settings(), CountingChannel.delivering("mail"));
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, d::runOnce);
        assertThrows(IllegalStateException.class, d::start);
        d.wake();
    }

    @Test
    void channelJammedByTriesThatIgnoreTheirInterrupt_getsNoMore_untilOneEnds() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        CountingChannel stuck = new CountingChannel("mail", (m, call) -> {
            while (true) {
                try {
                    if (unblock.await(WAIT, TimeUnit.SECONDS)) {
                        return DELIVER;
                    }
                } catch (InterruptedException ignored) {
                    // a channel that swallows its interrupt keeps its thread
                }
            }
        });
        int messages = Dispatcher.SENDS_PER_CHANNEL + 2;
        for (int i = 0; i < messages; i++) {
            f.write("n-" + i, "mail");
        }
        Dispatcher d = f.dispatcher(DispatchFixture.settings().withAttemptTimeout(Duration.ofMillis(20)), stuck);

        DispatchReport jammed = d.runOnce();
        assertEquals(new DispatchReport(0, Dispatcher.SENDS_PER_CHANNEL, 0, 2, 0), jammed);
        assertEquals(Dispatcher.SENDS_PER_CHANNEL, stuck.calls.size(), "no thread for a fifth try");

        unblock.countDown();
        int delivered = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (delivered < 2 && System.nanoTime() < deadline) {
            delivered += d.runOnce().delivered(); // the abandoned tries end and give their threads back
            Thread.sleep(1);
        }
        assertEquals(2, delivered);
    }
}
