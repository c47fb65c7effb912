package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.internal.CountingChannel.DELIVER;
import static ro.clickphone.privacy.core.notify.internal.DispatchFixture.SUBJECT;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/** Retries, dead letters and the audit entry of every try, one synchronous pass at a time on a hand-moved clock. */
class DispatcherRetryTest {

    private final DispatchFixture f = new DispatchFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static DispatchReport report(int delivered, int retried, int dead) {
        return new DispatchReport(delivered, retried, dead, 0, 0);
    }

    @Test
    void transientTwiceThenSuccess_isDeliveredOnTheThirdTry_eachTryAudited() {
        CountingChannel mail = new CountingChannel("mail",
                (m, call) -> call <= 2 ? DeliveryFailure.transientFailure("smtp-421") : DELIVER);
        f.write("n-1", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings(), mail);

        assertEquals(report(0, 1, 0), d.runOnce());
        OutboxMessage first = f.message("n-1");
        assertEquals(OutboxState.PENDING, first.state());
        assertEquals(1, first.attempts());
        assertEquals(Optional.of("smtp-421"), first.reason());
        assertTrue(first.nextAttemptAt().isAfter(f.clock.instant()), "a retry waits for its back-off");
        assertEquals(report(0, 0, 0), d.runOnce(), "not due before its back-off ends");

        f.clock.set(first.nextAttemptAt());
        assertEquals(report(0, 1, 0), d.runOnce());
        f.clock.set(f.message("n-1").nextAttemptAt());
        assertEquals(report(1, 0, 0), d.runOnce());

        OutboxMessage done = f.message("n-1");
        assertEquals(OutboxState.DELIVERED, done.state());
        assertEquals(3, done.attempts());
        assertEquals("ref-n-1", done.receipt().orElseThrow().reference());
        assertEquals(3, mail.calls("n-1"));
        assertEquals(1, mail.deliveries("n-1"));

        List<AuditRecord> tries = f.audited("notify.attempt", "n-1");
        assertEquals(3, tries.size());
        assertEquals(List.of(AuditOutcome.FAILED, AuditOutcome.FAILED, AuditOutcome.SUCCESS),
                tries.stream().map(AuditRecord::outcome).toList());
        assertEquals(List.of("1", "2", "3"), tries.stream().map(r -> r.details().get("attempt")).toList());
        assertEquals("smtp-421", tries.get(0).details().get("code"));
        assertFalse(tries.get(2).details().containsKey("code"));
        for (AuditRecord r : tries) {
            assertEquals("mail", r.details().get("channel"));
            assertEquals(Optional.of(f.audit().subjectRef(SUBJECT)), r.subjectRef());
            assertEquals("notify-dispatcher", r.actorRef());
        }
        assertTrue(f.audited("notify.dead-letter").isEmpty());
    }

    @Test
    void permanentFailure_isADeadLetterAfterOneTry_andNeverTriedAgain() {
        CountingChannel mail = new CountingChannel("mail", (m, call) -> DeliveryFailure.permanentFailure("smtp-550"));
        f.write("n-1", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings(), mail);

        assertEquals(report(0, 0, 1), d.runOnce());
        OutboxMessage dead = f.message("n-1");
        assertEquals(OutboxState.DEAD, dead.state());
        assertEquals(1, dead.attempts());
        assertEquals(Optional.of("smtp-550"), dead.reason());
        f.clock.advance(Duration.ofDays(30));
        assertEquals(report(0, 0, 0), d.runOnce());
        assertEquals(1, mail.calls("n-1"));

        assertEquals(1, f.audited("notify.attempt", "n-1").size());
        List<AuditRecord> letters = f.audited("notify.dead-letter", "n-1");
        assertEquals(1, letters.size());
        assertEquals("smtp-550", letters.get(0).details().get("code"));
        assertEquals("1", letters.get(0).details().get("attempt"));
    }

    @Test
    void lastTransientFailure_afterMaxAttempts_isADeadLetter() {
        CountingChannel mail = new CountingChannel("mail", (m, call) -> DeliveryFailure.transientFailure("timeout"));
        f.write("n-1", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings().withMaxAttempts(3), mail);

        assertEquals(report(0, 1, 0), d.runOnce());
        f.clock.set(f.message("n-1").nextAttemptAt());
        assertEquals(report(0, 1, 0), d.runOnce());
        f.clock.set(f.message("n-1").nextAttemptAt());
        assertEquals(report(0, 0, 1), d.runOnce());

        OutboxMessage dead = f.message("n-1");
        assertEquals(OutboxState.DEAD, dead.state());
        assertEquals(3, dead.attempts());
        f.clock.advance(Duration.ofDays(30));
        assertEquals(report(0, 0, 0), d.runOnce());
        assertEquals(3, mail.calls("n-1"));
        assertEquals(3, f.audited("notify.attempt", "n-1").size());
        assertEquals("3", f.audited("notify.dead-letter", "n-1").get(0).details().get("attempt"));
    }

    @Test
    void exceptionOrNoResultFromTheChannel_isATransientChannelError() {
        CountingChannel mail = new CountingChannel("mail", (m, call) -> {
            if (m.idempotencyKey().equals("n-throws")) {
                throw new IllegalStateException("connection reset");
            }
            return null; // breaks the contract: no result
        });
        f.write("n-throws", "mail");
        f.write("n-null", "mail");
        Dispatcher d = f.dispatcher(DispatchFixture.settings(), mail);

        assertEquals(report(0, 2, 0), d.runOnce());
        for (String id : List.of("n-throws", "n-null")) {
            assertEquals(Optional.of("channel-error"), f.message(id).reason(), id);
            assertEquals("channel-error", f.audited("notify.attempt", id).get(0).details().get("code"));
        }
    }

    @Test
    void openerProblems_permanentIsDead_transientIsRetried_otherFailuresAreTransient_channelNeverCalled() {
        CountingChannel mail = CountingChannel.delivering("mail");
        f.write("n-shredded", "mail");
        f.write("n-directory", "mail");
        f.write("n-bug", "mail");
        MessageOpener opener = m -> {
            switch (m.id()) {
                case "n-shredded" -> throw new DeliveryProblem(true, "key-destroyed");
                case "n-directory" -> throw new DeliveryProblem(false, "directory-down");
                default -> throw new IllegalStateException("a bug");
            }
        };
        Dispatcher d = f.dispatcher(DispatchFixture.settings(), opener, f.outbox, mail);

        assertEquals(report(0, 2, 1), d.runOnce());
        assertEquals(OutboxState.DEAD, f.message("n-shredded").state());
        assertEquals(Optional.of("key-destroyed"), f.message("n-shredded").reason());
        assertEquals(Optional.of("directory-down"), f.message("n-directory").reason());
        assertEquals(Optional.of("open-error"), f.message("n-bug").reason());
        assertTrue(mail.calls.isEmpty());
        assertEquals(1, f.audited("notify.dead-letter", "n-shredded").size());
        assertEquals(3, f.audited("notify.attempt").size());
    }
}
