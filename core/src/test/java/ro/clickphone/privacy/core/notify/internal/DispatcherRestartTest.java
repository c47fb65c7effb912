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
    void writtenButNeverDispatched_isDeliveredByTheNextProcess() {
        try (DispatchFixture f = new DispatchFixture()) {
            f.write("n-1", "mail");
            f.dispatcher(SETTINGS, CountingChannel.delivering("mail")).close(); // started and stopped, never ran
            CountingChannel mail = CountingChannel.delivering("mail");
            assertEquals(new DispatchReport(1, 0, 0, 0, 0), f.dispatcher(SETTINGS, mail).runOnce());
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

    @Test
    void crashBetweenAcceptanceAndRecord_isClosedByTheChannelsIdempotency_deliveredOnce_everyTryAudited() {
        AtomicReference<FaultyStores.Outbox> faulty = new AtomicReference<>();
        try (DispatchFixture f = new DispatchFixture(s -> {
            faulty.set(new FaultyStores.Outbox(s.outbox()));
            return s.withOutbox(faulty.get());
        })) {
            FaultyStores.Outbox outbox = faulty.get();
            f.write("n-1", "mail");
            CountingChannel mail = CountingChannel.delivering("mail"); // the same server before and after
            outbox.failDeliveryRecords.set(1);
            Dispatcher first = f.dispatcher(SETTINGS, mail);

            assertEquals(new DispatchReport(0, 0, 0, 0, 1), first.runOnce());
            first.close(); // the process ends; its claim on n-1 is not released: the try happened
            OutboxMessage unrecorded = f.message("n-1");
            assertEquals(OutboxState.PENDING, unrecorded.state());
            assertEquals(0, unrecorded.attempts());
            assertEquals(first.owner(), unrecorded.lease().orElseThrow().owner());
            assertEquals(1, mail.deliveries("n-1"), "the channel had accepted it");
            List<AuditRecord> lost = f.audited("notify.unrecorded", "n-1");
            assertEquals(1, lost.size());
            assertEquals("store-error", lost.get(0).details().get("code"));

            Dispatcher restarted = f.dispatcher(SETTINGS, mail);
            assertEquals(NOTHING, restarted.runOnce(), "not before the first claim expires");
            f.clock.advance(PAST_LEASE);
            assertEquals(new DispatchReport(1, 0, 0, 0, 0), restarted.runOnce());
            OutboxMessage delivered = f.message("n-1");
            assertEquals(OutboxState.DELIVERED, delivered.state());
            assertEquals("ref-n-1", delivered.receipt().orElseThrow().reference(), "the first delivery's receipt");
            assertEquals(2, mail.calls("n-1"));
            assertEquals(1, mail.deliveries("n-1"), "never twice");

            f.clock.advance(Duration.ofDays(7));
            assertEquals(NOTHING, f.dispatcher(SETTINGS, mail).runOnce(), "a recorded delivery is never tried again");
            assertEquals(2, mail.calls("n-1"));
            List<AuditRecord> tries = f.audited("notify.attempt", "n-1");
            assertEquals(2, tries.size());
            assertTrue(tries.stream().allMatch(r -> r.outcome() == AuditOutcome.SUCCESS));
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
