package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * Restarts and crashes: a dispatcher that stops (or dies) anywhere between the outbox write and
 * the delivery record leaves nothing lost and nothing delivered twice, and every try audited.
 * A crash is a dispatcher that simply stops: its leases expire when the clock passes them.
 */
class DispatcherRestartTest {

    private static final DispatchSettings SETTINGS = DispatchFixture.settings();
    private static final Duration PAST_LEASE = SETTINGS.lease().plusMillis(1);
    private static final DispatchReport NOTHING = new DispatchReport(0, 0, 0, 0, 0);

    @Test
    void claimedButNotYetSent_whenTheProcessStops_isReleased_andTheNextProcessDeliversItAtOnce() throws Exception {
        try (DispatchFixture f = new DispatchFixture()) {
            f.write("n-1", "mail");
            AtomicReference<Dispatcher> first = new AtomicReference<>();
            CountDownLatch opening = new CountDownLatch(1);
            MessageOpener slowOpener = m -> {
                opening.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!first.get().isClosing() && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the process is told to stop while it prepares the message
                }
                return DispatchFixture.opener().open(m);
            };
            CountingChannel before = CountingChannel.delivering("mail");
            first.set(f.dispatcher(SETTINGS, slowOpener, f.outbox, before));
            first.get().start();
            assertTrue(opening.await(20, TimeUnit.SECONDS), "claimed, and being opened");
            first.get().close();
            OutboxMessage released = f.message("n-1");
            assertEquals(Optional.empty(), released.lease(), "closing let go of the claim it had not sent");
            assertEquals(0, released.attempts());
            assertEquals(0, before.calls("n-1"), "no send starts once closing began");

            CountingChannel mail = CountingChannel.delivering("mail");
            assertEquals(new DispatchReport(1, 0, 0, 0, 0), f.dispatcher(SETTINGS, mail).runOnce(),
                    "at once: no lease to wait for");
            assertEquals(OutboxState.DELIVERED, f.message("n-1").state());
            assertEquals(1, mail.deliveries("n-1"));
        }
    }

    @Test
    void claimsOfACrashedDispatcher_waitForTheirLease_thenAreDeliveredOnce() {
        try (DispatchFixture f = new DispatchFixture()) {
            for (int i = 0; i < 5; i++) {
                f.write("n-" + i, "mail");
            }
            Instant now = f.clock.instant();
            assertEquals(5, f.outbox.claim("mail", new Lease("d-crashed", now, now.plus(SETTINGS.lease())), 50).size());
            CountingChannel mail = CountingChannel.delivering("mail");
            Dispatcher next = f.dispatcher(SETTINGS, mail);

            assertEquals(NOTHING, next.runOnce(), "the crashed dispatcher's claims still hold");
            f.clock.advance(PAST_LEASE);
            assertEquals(new DispatchReport(5, 0, 0, 0, 0), next.runOnce());
            for (int i = 0; i < 5; i++) {
                assertEquals(1, mail.calls("n-" + i));
                assertEquals(1, f.audited("notify.attempt", "n-" + i).size());
            }
        }
    }

    /**
     * The outbox fails to record a delivery the channel accepted, and the process ends; the next
     * process sends the message again with the same key, on a fresh channel instance on the same
     * server. Whether the reader gets it once is the channel's idempotency across restarts.
     */
    private static void crashBetweenAcceptanceAndRecord(boolean idempotentAcrossRestarts, int deliveries) {
        AtomicReference<FaultyStores.Outbox> faulty = new AtomicReference<>();
        try (DispatchFixture f = new DispatchFixture(s -> {
            faulty.set(new FaultyStores.Outbox(s.outbox()));
            return s.withOutbox(faulty.get());
        })) {
            FaultyStores.Outbox outbox = faulty.get();
            f.write("n-1", "mail");
            CountingChannel.Server server = new CountingChannel.Server();
            CountingChannel before = new CountingChannel("mail", (m, call) -> CountingChannel.DELIVER, server,
                    idempotentAcrossRestarts);
            outbox.failDeliveryRecords.set(1);
            Dispatcher first = f.dispatcher(SETTINGS, before);

            assertEquals(new DispatchReport(0, 0, 0, 0, 1), first.runOnce());
            first.close(); // the process ends; its claim on n-1 is not released: the try happened
            OutboxMessage unrecorded = f.message("n-1");
            assertEquals(OutboxState.PENDING, unrecorded.state());
            assertEquals(0, unrecorded.attempts());
            assertTrue(unrecorded.lease().orElseThrow().owner().startsWith(first.owner() + "."));
            assertEquals(1, before.deliveries("n-1"), "the channel had accepted it");
            List<AuditRecord> lost = f.audited("notify.unrecorded", "n-1");
            assertEquals(1, lost.size());
            assertEquals("store-error", lost.get(0).details().get("code"));

            CountingChannel after = new CountingChannel("mail", (m, call) -> CountingChannel.DELIVER, server,
                    idempotentAcrossRestarts);
            Dispatcher restarted = f.dispatcher(SETTINGS, after);
            assertEquals(NOTHING, restarted.runOnce(), "not before the first claim expires");
            f.clock.advance(PAST_LEASE);
            assertEquals(new DispatchReport(1, 0, 0, 0, 0), restarted.runOnce());
            assertEquals(OutboxState.DELIVERED, f.message("n-1").state());
            assertEquals(deliveries, after.deliveries("n-1"), "deliveries in all, before and after the restart");

            f.clock.advance(Duration.ofDays(7));
            assertEquals(NOTHING, f.dispatcher(SETTINGS, after).runOnce(), "a recorded delivery is never tried again");
            assertEquals(1, after.calls("n-1"));
            List<AuditRecord> tries = f.audited("notify.attempt", "n-1");
            assertEquals(2, tries.size());
            assertTrue(tries.stream().allMatch(r -> r.outcome() == AuditOutcome.SUCCESS));
        }
    }

    @Test
    void crashBetweenAcceptanceAndRecord_withAChannelIdempotentAcrossRestarts_isDeliveredOnce_everyTryAudited() {
        crashBetweenAcceptanceAndRecord(true, 1);
    }

    /** What the Javadocs say of SMTP: its memory is per process, so a crash in the window sends twice. */
    @Test
    void crashBetweenAcceptanceAndRecord_withAChannelIdempotentPerProcessOnly_isDeliveredTwice_asDocumented() {
        crashBetweenAcceptanceAndRecord(false, 2);
    }

    @Test
    void outboxFailureAfterAcceptance_inOneProcess_isClosedByTheChannelsIdempotency_deliveredOnce() {
        AtomicReference<FaultyStores.Outbox> faulty = new AtomicReference<>();
        try (DispatchFixture f = new DispatchFixture(s -> {
            faulty.set(new FaultyStores.Outbox(s.outbox()));
            return s.withOutbox(faulty.get());
        })) {
            f.write("n-1", "mail");
            CountingChannel mail = CountingChannel.delivering("mail"); // per process, like SMTP
            faulty.get().failDeliveryRecords.set(1);
            Dispatcher d = f.dispatcher(SETTINGS, mail);
            assertEquals(new DispatchReport(0, 0, 0, 0, 1), d.runOnce());
            f.clock.advance(PAST_LEASE);
            assertEquals(new DispatchReport(1, 0, 0, 0, 0), d.runOnce());
            assertEquals("ref-n-1", f.message("n-1").receipt().orElseThrow().reference(), "the first delivery's receipt");
            assertEquals(2, mail.calls("n-1"));
            assertEquals(1, mail.deliveries("n-1"), "never twice");
        }
    }

    @Test
    void outboxDownForAWhile_failsASynchronousPass_whileTheBackgroundWorkerGoesOn() throws Exception {
        AtomicReference<FaultyStores.Outbox> faulty = new AtomicReference<>();
        try (DispatchFixture f = new DispatchFixture(s -> {
            faulty.set(new FaultyStores.Outbox(s.outbox()));
            return s.withOutbox(faulty.get());
        })) {
            FaultyStores.Outbox outbox = faulty.get();
            f.write("n-1", "mail");
            CountingChannel mail = CountingChannel.delivering("mail");
            mail.delivered = new CountDownLatch(1);
            Dispatcher d = f.dispatcher(SETTINGS, mail);
            outbox.failClaims.set(1);
            assertThrows(StoreException.class, d::runOnce);

            outbox.failClaims.set(3);
            d.start();
            assertTrue(mail.delivered.await(20, TimeUnit.SECONDS), "delivered once the outbox was back");
            f.awaitMessage("n-1", m -> m.state() == OutboxState.DELIVERED);
            assertEquals(0, outbox.failClaims.get());
        }
    }

    @Test
    void leaseLostDuringATry_isAuditedAndNotRecordedNorRetried_theNewHolderKeepsTheMessage() {
        try (DispatchFixture f = new DispatchFixture()) {
            f.write("n-1", "mail");
            CountingChannel mail = new CountingChannel("mail", (m, call) -> {
                // The try outlives the lease (a paused process) and another dispatcher takes the message.
                f.clock.advance(PAST_LEASE);
                Instant now = f.clock.instant();
                assertEquals(1, f.outbox.claim("mail", new Lease("d-other", now, now.plus(SETTINGS.lease())), 5).size());
                return CountingChannel.DELIVER;
            });
            Dispatcher d = f.dispatcher(SETTINGS, mail);

            assertEquals(new DispatchReport(0, 0, 0, 0, 1), d.runOnce());
            OutboxMessage m = f.message("n-1");
            assertEquals(OutboxState.PENDING, m.state());
            assertEquals("d-other", m.lease().orElseThrow().owner());
            assertEquals(0, m.attempts());
            List<AuditRecord> lost = f.audited("notify.unrecorded", "n-1");
            assertEquals(1, lost.size());
            assertEquals("lease-lost", lost.get(0).details().get("code"));
            assertEquals(1, f.audited("notify.attempt", "n-1").size());
        }
    }

    @Test
    void auditTrailDown_leavesTheOutcomeUnrecorded_soNoRecordedOutcomeStandsUnaudited() {
        AtomicReference<FaultyStores.AuditLog> log = new AtomicReference<>();
        try (DispatchFixture f = new DispatchFixture(s -> {
            log.set(new FaultyStores.AuditLog(s.auditLog()));
            return s.withAuditLog(log.get());
        })) {
            f.write("n-1", "mail");
            f.write("n-2", "mail");
            CountingChannel mail = new CountingChannel("mail", (m, call) -> m.idempotencyKey().equals("n-2")
                    ? ro.clickphone.privacy.spi.notify.DeliveryFailure.transientFailure("smtp-421")
                    : CountingChannel.DELIVER);
            Dispatcher d = f.dispatcher(SETTINGS, mail);
            log.get().down.set(true);

            assertEquals(new DispatchReport(0, 0, 0, 0, 2), d.runOnce());
            for (String id : List.of("n-1", "n-2")) {
                OutboxMessage m = f.message(id);
                assertEquals(OutboxState.PENDING, m.state(), id);
                assertEquals(0, m.attempts(), id);
                assertEquals(Optional.empty(), m.reason(), id);
            }

            log.get().down.set(false);
            f.clock.advance(PAST_LEASE);
            assertEquals(new DispatchReport(1, 1, 0, 0, 0), d.runOnce());
            assertEquals(OutboxState.DELIVERED, f.message("n-1").state());
            assertEquals(1, mail.deliveries("n-1"));
            assertEquals(1, f.audited("notify.attempt", "n-1").size(), "the recorded try is the audited one");
            assertEquals(1, f.audited("notify.attempt", "n-2").size());
            assertEquals(1, f.message("n-2").attempts());
        }
    }

    @Test
    void twoDispatchersRunningTogetherOnOneOutbox_deliverEachMessageOnce() throws Exception {
        try (DispatchFixture f = new DispatchFixture()) {
            int messages = 120;
            for (int i = 0; i < messages; i++) {
                f.write("n-" + i, i % 2 == 0 ? "mail" : "sms");
            }
            CountingChannel mail = CountingChannel.delivering("mail");
            CountingChannel sms = CountingChannel.delivering("sms");
            DispatchSettings small = SETTINGS.withBatchSize(7);
            Dispatcher a = f.dispatcher(small, mail, sms);
            Dispatcher b = f.dispatcher(small, mail, sms);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<DispatchReport>> passes = new ArrayList<>();
                for (Dispatcher d : List.of(a, b)) {
                    passes.add(threads.submit(() -> {
                        go.await();
                        return d.runOnce();
                    }));
                }
                go.countDown();
                DispatchReport sum = passes.get(0).get(20, TimeUnit.SECONDS).plus(passes.get(1).get(20, TimeUnit.SECONDS));
                assertEquals(new DispatchReport(messages, 0, 0, 0, 0), sum);
            } finally {
                threads.shutdownNow();
            }
            assertOnce(f, messages, mail, sms);
        }
    }

    @Test
    void twoDispatchersInTheBackgroundOnOneOutbox_deliverEachMessageOnce() throws Exception {
        try (DispatchFixture f = new DispatchFixture()) {
            int messages = 120;
            CountingChannel mail = CountingChannel.delivering("mail");
            CountingChannel sms = CountingChannel.delivering("sms");
            mail.delivered = new CountDownLatch(messages / 2);
            sms.delivered = new CountDownLatch(messages / 2);
            DispatchSettings small = SETTINGS.withBatchSize(5);
            Dispatcher a = f.dispatcher(small, mail, sms);
            Dispatcher b = f.dispatcher(small, mail, sms);
            a.start();
            b.start();
            for (int i = 0; i < messages; i++) {
                f.write("n-" + i, i % 2 == 0 ? "mail" : "sms");
                (i % 3 == 0 ? a : b).wake();
            }
            assertTrue(mail.delivered.await(20, TimeUnit.SECONDS) && sms.delivered.await(20, TimeUnit.SECONDS));
            for (int i = 0; i < messages; i++) {
                f.awaitMessage("n-" + i, m -> m.state() == OutboxState.DELIVERED);
            }
            a.close();
            b.close();
            assertOnce(f, messages, mail, sms);
        }
    }

    @Test
    void aStaleOutcome_ofThisDispatchersEarlierClaim_neverClearsItsLaterClaim() {
        try (DispatchFixture f = new DispatchFixture()) {
            f.write("n-1", "mail");
            AtomicReference<Dispatcher> self = new AtomicReference<>();
            AtomicReference<Lease> later = new AtomicReference<>();
            CountingChannel mail = new CountingChannel("mail", (m, call) -> {
                // The try outlives its lease, and this same dispatcher (its other pass) claims the message again.
                f.clock.advance(PAST_LEASE);
                later.set(self.get().newLease(f.clock.instant()));
                assertEquals(1, f.outbox.claim("mail", later.get(), 5).size());
                return DeliveryFailure.transientFailure("smtp-421");
            });
            Dispatcher d = f.dispatcher(SETTINGS, mail);
            self.set(d);

            assertEquals(new DispatchReport(0, 0, 0, 0, 1), d.runOnce(), "the stale retry is refused");
            OutboxMessage m = f.message("n-1");
            assertEquals(Optional.of(later.get()), m.lease(), "the later claim stands");
            assertEquals(0, m.attempts());
            assertEquals("lease-lost", f.audited("notify.unrecorded", "n-1").get(0).details().get("code"));
        }
    }

    @Test
    void aLeaseRunningShortDuringABatch_releasesTheRest_whichIsClaimedAgain_eachMessageSentOnce() {
        try (DispatchFixture f = new DispatchFixture()) {
            for (int i = 0; i < 3; i++) {
                f.write("n-" + i, "mail");
            }
            Duration timeout = Duration.ofSeconds(1);
            DispatchSettings tight = SETTINGS.withTimeouts(timeout, timeout.multipliedBy(2), timeout);
            // Each send takes the whole time-out on the clock: the lease covers the first try's time-out, not a second.
            CountingChannel mail = new CountingChannel("mail", (m, call) -> {
                f.clock.advance(timeout);
                return CountingChannel.DELIVER;
            });
            DispatchReport report = f.dispatcher(tight, mail).runOnce();
            assertEquals(3, report.delivered());
            assertTrue(report.released() >= 1, "the rest of a batch went back to be claimed again: " + report);
            for (int i = 0; i < 3; i++) {
                assertEquals(1, mail.calls("n-" + i), "n-" + i + " sent once");
                assertEquals(OutboxState.DELIVERED, f.message("n-" + i).state());
            }
        }
    }

    @Test
    void anOpenerSlowerThanTheLeasesMargin_getsItsMessageReleasedUnsent_andClaimedAgain() {
        try (DispatchFixture f = new DispatchFixture()) {
            f.write("n-1", "mail");
            java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
            MessageOpener slow = m -> {
                if (opened.incrementAndGet() == 1) {
                    // a directory that answers late: the lease no longer covers a whole try
                    f.clock.advance(SETTINGS.lease().minus(SETTINGS.attemptTimeout()).plusSeconds(1));
                }
                return DispatchFixture.opener().open(m);
            };
            CountingChannel mail = CountingChannel.delivering("mail");
            assertEquals(new DispatchReport(1, 0, 0, 1, 0), f.dispatcher(SETTINGS, slow, f.outbox, mail).runOnce());
            assertEquals(2, opened.get(), "opened again under the fresh claim");
            assertEquals(1, mail.calls("n-1"), "sent once, under the fresh claim only");
        }
    }

    @Test
    void runOnceBesideTheBackgroundWorkers_deliversEachMessageOnce() throws Exception {
        try (DispatchFixture f = new DispatchFixture()) {
            int messages = 60;
            CountingChannel mail = CountingChannel.delivering("mail");
            CountingChannel sms = CountingChannel.delivering("sms");
            mail.delivered = new CountDownLatch(messages / 2);
            sms.delivered = new CountDownLatch(messages / 2);
            Dispatcher d = f.dispatcher(SETTINGS.withBatchSize(3), mail, sms);
            d.start();
            int byPasses = 0;
            for (int i = 0; i < messages; i++) {
                f.write("n-" + i, i % 2 == 0 ? "mail" : "sms");
                if (i % 4 == 0) {
                    d.wake();
                }
                if (i % 5 == 0) {
                    byPasses += d.runOnce().delivered();
                }
            }
            d.wake();
            assertTrue(mail.delivered.await(20, TimeUnit.SECONDS) && sms.delivered.await(20, TimeUnit.SECONDS));
            for (int i = 0; i < messages; i++) {
                f.awaitMessage("n-" + i, m -> m.state() == OutboxState.DELIVERED);
            }
            d.close();
            assertTrue(byPasses <= messages);
            assertOnce(f, messages, mail, sms);
        }
    }

    private static void assertOnce(DispatchFixture f, int messages, CountingChannel mail, CountingChannel sms) {
        for (int i = 0; i < messages; i++) {
            String id = "n-" + i;
            CountingChannel channel = i % 2 == 0 ? mail : sms;
            assertEquals(1, channel.calls(id), id + " sent once");
            assertEquals(OutboxState.DELIVERED, f.message(id).state(), id);
            assertEquals(1, f.message(id).attempts(), id);
            assertEquals(1, f.audited("notify.attempt", id).size(), id + " audited once");
        }
    }
}
