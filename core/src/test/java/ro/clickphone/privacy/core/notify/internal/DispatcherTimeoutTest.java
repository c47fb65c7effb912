package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.internal.CountingChannel.DELIVER;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * Hung channels and closing: a try that outlasts its time-out is abandoned, but its message stays
 * claimed until the send ends, and the send's own thread records what it ended with; a hung
 * channel holds only its own worker; closing lets a try in flight finish within the grace, and
 * never hands back a message whose send may still deliver. Latches order the threads; no
 * assertion depends on how long anything took.
 */
class DispatcherTimeoutTest {

    private static final long WAIT = 20;
    private final DispatchFixture f = new DispatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void hungSend_isAbandonedAfterTheTimeout_andInterrupted_keepingItsClaim_thenItsEndIsRecorded() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountingChannel slow = new CountingChannel("slow", CountingChannel.hanging(entered));
        CountingChannel mail = CountingChannel.delivering("mail");
        f.write("n-slow", "slow");
        f.write("n-mail", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.quick(Duration.ofSeconds(1)), slow, mail);

        assertEquals(new DispatchReport(1, 0, 0, 0, 0, 1), d.runOnce());
        assertEquals(OutboxState.DELIVERED, f.message("n-mail").state());
        assertTrue(slow.interrupted.await(WAIT, TimeUnit.SECONDS), "the abandoned send was interrupted");
        List<AuditRecord> abandoned = f.audited("notify.abandoned", "n-slow");
        assertEquals(1, abandoned.size());
        assertEquals("timeout", abandoned.get(0).details().get("code"));

        // The channel obeyed the interrupt and failed: its own thread records that, as a try.
        OutboxMessage ended = f.awaitMessage("n-slow", m -> m.attempts() == 1);
        assertEquals(OutboxState.PENDING, ended.state());
        assertEquals(Optional.of("channel-error"), ended.reason());
        assertEquals("channel-error", f.audited("notify.attempt", "n-slow").get(0).details().get("code"));
    }

    @Test
    void closeWhileASendRuns_keepsItsClaim_theSendsOwnThreadRecordsAndAuditsTheDelivery_andARestartSendsNothing()
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountingChannel.Server server = new CountingChannel.Server();
        CountingChannel slow = new CountingChannel("slow", CountingChannel.deafUntil(entered, go), server, false);
        CountingChannel mail = CountingChannel.delivering("mail");
        mail.delivered = new CountDownLatch(1);
        f.write("n-slow", "slow");
        Dispatcher d = f.dispatcher(DispatchFixture.quick(Duration.ofSeconds(1)), slow, mail);
        d.start();
        assertTrue(entered.await(WAIT, TimeUnit.SECONDS), "the slow channel's send started");

        f.write("n-mail", "mail");
        d.wake();
        assertTrue(mail.delivered.await(WAIT, TimeUnit.SECONDS), "a hung channel starves no other");
        f.awaitMessage("n-mail", m -> m.state() == OutboxState.DELIVERED);

        d.close(); // the grace passes; the send, deaf to its interrupt, still runs
        OutboxMessage held = f.message("n-slow");
        assertEquals(OutboxState.PENDING, held.state());
        assertEquals(0, held.attempts());
        assertTrue(held.lease().isPresent(), "never released while its send may still deliver");
        assertTrue(f.audited("notify.attempt", "n-slow").isEmpty(), "no outcome yet");
        assertEquals(1, f.audited("notify.abandoned", "n-slow").size());

        go.countDown(); // the server answers after all
        OutboxMessage delivered = f.awaitMessage("n-slow", m -> m.state() == OutboxState.DELIVERED);
        assertEquals(1, delivered.attempts());
        List<AuditRecord> tries = f.audited("notify.attempt", "n-slow");
        assertEquals(1, tries.size(), "the delivery is audited, by the send's own thread");
        assertEquals(AuditOutcome.SUCCESS, tries.get(0).outcome());

        // The next process, with a channel that remembers nothing of the first: nothing to send.
        CountingChannel restarted = new CountingChannel("slow", (m, call) -> DELIVER, server, false);
        f.clock.advance(Duration.ofDays(1));
        assertEquals(new DispatchReport(0, 0, 0, 0, 0), f.dispatcher(DispatchFixture.settings(), restarted).runOnce());
        assertEquals(1, slow.deliveries("n-slow"), "delivered once in all");
        assertEquals(0, restarted.calls("n-slow"));
    }

    @Test
    void aTimedOutSendStillRunning_keepsItsClaim_soAnotherDispatcherNeverSendsIt_andItsDeliveryIsRecorded()
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountingChannel.Server server = new CountingChannel.Server();
        CountingChannel first = new CountingChannel("mail", CountingChannel.deafUntil(entered, go), server, false);
        CountingChannel second = new CountingChannel("mail", (m, call) -> DELIVER, server, false);
        f.write("n-1", "mail");
        DispatchSettings settings = DispatchFixture.quick(Duration.ofMillis(50));
        Dispatcher a = f.dispatcher(settings, first);
        Dispatcher b = f.dispatcher(settings, second);

        assertEquals(new DispatchReport(0, 0, 0, 0, 0, 1), a.runOnce());
        assertTrue(a.sending("mail", "n-1"), "A's send still runs");
        // Past any first back-off (at most 30 s), within A's lease (1 minute): B finds nothing to send.
        f.clock.advance(Duration.ofSeconds(31));
        assertEquals(new DispatchReport(0, 0, 0, 0, 0), b.runOnce());
        assertEquals(0, second.calls("n-1"));

        go.countDown();
        f.awaitMessage("n-1", m -> m.state() == OutboxState.DELIVERED);
        f.clock.advance(Duration.ofDays(1));
        assertEquals(new DispatchReport(0, 0, 0, 0, 0), b.runOnce());
        assertEquals(1, server.deliveries.get("n-1").get(), "one delivery in all");
    }

    @Test
    void aLastTryThatTimesOut_isNoDeadLetter_whileItsSendMayStillDeliver() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountingChannel mail = new CountingChannel("mail", CountingChannel.deafUntil(entered, go));
        f.write("n-1", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.quick(Duration.ofMillis(50)).withMaxAttempts(1), mail);

        assertEquals(new DispatchReport(0, 0, 0, 0, 0, 1), d.runOnce());
        assertEquals(OutboxState.PENDING, f.message("n-1").state(), "not dead while the send runs");
        assertTrue(f.audited("notify.dead-letter").isEmpty());
        go.countDown();
        OutboxMessage m = f.awaitMessage("n-1", x -> x.state() != OutboxState.PENDING);
        assertEquals(OutboxState.DELIVERED, m.state(), "it was delivered after all");
        assertTrue(f.audited("notify.dead-letter").isEmpty());
    }

    @Test
    void aTryThatNeverGotAThread_givesItsPermitBack_andIsATransientTimeout_nothingSent() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicReference<ExecutorService> senders = new AtomicReference<>();
        CountingChannel mail = CountingChannel.delivering("mail");
        int messages = Dispatcher.SENDS_PER_CHANNEL + 1;
        for (int i = 0; i < messages; i++) {
            f.write("n-" + i, "mail");
        }
        // Sending threads that start only when the test opens the gate: every try times out queued.
        Dispatcher d = new Dispatcher(f.outbox, java.util.Map.of("mail", mail), DispatchFixture.opener(), f.audit(),
                f.clock, DispatchFixture.quick(Duration.ofMillis(1)), new java.util.SplittableRandom(1), id -> {
                    senders.set(Executors.newCachedThreadPool(task -> new Thread(() -> {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        task.run();
                    })));
                    return senders.get();
                });
        try {
            assertEquals(new DispatchReport(0, messages, 0, 0, 0), d.runOnce());
            assertEquals(Dispatcher.SENDS_PER_CHANNEL, d.freeSends("mail"), "every permit came back");
            gate.countDown();
            senders.get().shutdown();
            assertTrue(senders.get().awaitTermination(WAIT, TimeUnit.SECONDS));
            assertTrue(mail.calls.isEmpty(), "a cancelled try sends nothing when its thread comes");
            for (int i = 0; i < messages; i++) {
                assertEquals(Optional.of("timeout"), f.message("n-" + i).reason());
            }
        } finally {
            gate.countDown();
            d.close();
        }
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
        Dispatcher d = f.dispatcher(DispatchFixture.settings().withTimeouts(Duration.ofSeconds(WAIT),
                Duration.ofMinutes(2), Duration.ofSeconds(WAIT)), mail);
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
    void channelJammedByTriesThatIgnoreTheirInterrupt_getsNoMore_untilOneEnds_andEveryMessageIsDeliveredOnce()
            throws Exception {
        CountDownLatch entered = new CountDownLatch(Dispatcher.SENDS_PER_CHANNEL);
        CountDownLatch unblock = new CountDownLatch(1);
        CountingChannel stuck = new CountingChannel("mail", CountingChannel.deafUntil(entered, unblock));
        int messages = Dispatcher.SENDS_PER_CHANNEL + 2;
        for (int i = 0; i < messages; i++) {
            f.write("n-" + i, "mail");
        }
        Dispatcher d = f.dispatcher(DispatchFixture.quick(Duration.ofMillis(20)), stuck);

        DispatchReport jammed = d.runOnce();
        assertEquals(new DispatchReport(0, 0, 0, 2, 0, Dispatcher.SENDS_PER_CHANNEL), jammed);
        assertEquals(Dispatcher.SENDS_PER_CHANNEL, stuck.calls.size(), "no thread for a fifth try");

        unblock.countDown();
        int delivered = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (delivered < 2 && System.nanoTime() < deadline) {
            delivered += d.runOnce().delivered(); // the abandoned tries end and give their threads back
            Thread.sleep(1);
        }
        assertEquals(2, delivered);
        for (int i = 0; i < messages; i++) {
            f.awaitMessage("n-" + i, m -> m.state() == OutboxState.DELIVERED); // the abandoned ones by their threads
            assertEquals(1, stuck.calls("n-" + i), "n-" + i + " sent once");
        }
    }

    @Test
    void aChannelWhoseSendTimeLimitExceedsTheAttemptTimeout_isRefused() {
        NotificationChannel slowByDesign = new NotificationChannel() {
            @Override
            public String id() {
                return "smtp";
            }

            @Override
            public java.util.Set<Medium> media() {
                return java.util.Set.of(Medium.EMAIL);
            }

            @Override
            public DeliveryResult send(OutboundMessage message) {
                return DELIVER;
            }

            @Override
            public Optional<Duration> sendTimeLimit() {
                return Optional.of(Duration.ofSeconds(45));
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> f.dispatcher(DispatchFixture.settings(), slowByDesign));
        assertTrue(e.getMessage().contains("attemptTimeout"), e.getMessage());
        DispatchSettings enough = DispatchFixture.settings().withTimeouts(Duration.ofSeconds(45),
                Duration.ofMinutes(2), Duration.ofSeconds(45));
        assertFalse(f.dispatcher(enough, slowByDesign).toString().isEmpty(), "accepted with a long enough time-out");
    }
}
