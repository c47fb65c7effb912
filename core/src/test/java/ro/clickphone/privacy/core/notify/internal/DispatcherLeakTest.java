package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.notify.DispatchReport;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * The dispatcher with personal data everywhere it could leak from — a phone number as the subject
 * id and as a caller's idempotency key, an address and a body in every message, a careless channel
 * and opener that put the address in their exceptions, time-outs and dead letters — and none of it
 * in a log line, an audit entry, or a {@code toString()}.
 */
class DispatcherLeakTest {

    private static final SubjectId PHONE_SUBJECT = SubjectId.of("+40721234567");
    private static final String PHONE_KEY = "0722 123 456";
    /** Caller keys that no personal-data heuristic recognises, but that tell whom a message is for. */
    private static final List<String> TELLING_KEYS = List.of("welcome-ion.popescu", "cnp1850101123456");
    private static final List<String> PERSONAL = List.of("+40721234567", "0721234567", "721234567",
            DispatchFixture.ADDRESS, "ion.popescu", "0722 123 456", "0722-123-456", "0722123456", "Apel pierdut", "Ai un apel",
            "Ion Popescu");

    private final DispatchFixture f = new DispatchFixture();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void release() {
        f.close();
    }

    @Test
    void nothingPersonal_inLogsAuditEntriesOrToStrings() throws Exception {
        String phoneKey = PHONE_KEY.replace(' ', '-'); // a key's syntax has no spaces; dashes read as a number still
        f.write("n-careless", "mail", PHONE_SUBJECT);
        f.write(phoneKey, "mail", PHONE_SUBJECT);
        f.write("n-opener", "mail", PHONE_SUBJECT);
        f.write("n-hangs", "mail", PHONE_SUBJECT);
        for (String telling : TELLING_KEYS) {
            f.write(telling, "mail", PHONE_SUBJECT);
        }
        CountingChannel mail = new CountingChannel("mail", (m, call) -> {
            switch (m.idempotencyKey()) {
                case "n-careless" -> {
                    if (call == 1) {
                        throw new IllegalStateException("could not reach " + m.to() + " with " + m.body());
                    }
                    return DeliveryFailure.permanentFailure("smtp-550");
                }
                case "n-hangs" -> {
                    new java.util.concurrent.CountDownLatch(1).await();
                    return null;
                }
                default -> {
                    if (call == 1) {
                        throw new IllegalStateException("mailbox of " + m.to() + " is full");
                    }
                    return CountingChannel.DELIVER;
                }
            }
        });
        MessageOpener opener = m -> {
            if (m.id().equals("n-opener")) {
                throw new IllegalArgumentException("no template for " + DispatchFixture.ADDRESS + " Ion Popescu");
            }
            return DispatchFixture.opener().open(m);
        };
        Dispatcher d = f.dispatcher(DispatchFixture.quick(Duration.ofSeconds(1)), opener, f.outbox, mail);

        DispatchReport first = d.runOnce();
        assertEquals(new DispatchReport(0, 3 + TELLING_KEYS.size(), 0, 0, 0, 1), first);
        f.awaitMessage("n-hangs", m -> m.attempts() == 1); // the abandoned try's thread recorded its end
        f.clock.advance(Duration.ofHours(2));
        DispatchReport second = d.runOnce();
        assertEquals(new DispatchReport(1 + TELLING_KEYS.size(), 1, 1, 0, 0, 1), second);
        f.awaitMessage("n-hangs", m -> m.attempts() == 2);
        assertEquals(OutboxState.DELIVERED, f.message(phoneKey).state());
        assertTrue(mail.received.get(phoneKey).to().equals(DispatchFixture.ADDRESS), "the channel got the address");

        List<String> shown = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            shown.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                shown.add(t.getMessage());
            }
        }
        shown.add(d.toString());
        shown.add(first.toString());
        shown.add(second.toString());
        shown.add(new DeliveryProblem(true, "no-address").getMessage());
        List<String> ids = new ArrayList<>(List.of("n-careless", phoneKey, "n-opener", "n-hangs"));
        ids.addAll(TELLING_KEYS);
        for (String id : ids) {
            shown.add(f.message(id).toString()); // the spi's toString
            shown.add(mail.received.get(id) == null ? "" : mail.received.get(id).toString());
        }
        List<AuditRecord> entries = f.allAudited();
        List<String> audited = new ArrayList<>();
        for (AuditRecord r : entries) {
            audited.add(r.toString());
            audited.add(r.actorRef());
            audited.addAll(r.details().values());
            r.subjectRef().ifPresent(audited::add);
        }
        assertFalse(logs.list.isEmpty(), "the failures were logged");
        List<String> personal = new ArrayList<>(PERSONAL);
        personal.addAll(TELLING_KEYS);
        personal.add("popescu");
        personal.add("1850101123456");
        for (String value : personal) {
            for (String s : shown) {
                assertFalse(s != null && s.contains(value), "'" + value + "' leaked: " + s);
            }
            for (String s : audited) {
                assertFalse(s.contains(value), "'" + value + "' in the audit trail: " + s);
            }
        }
        String pseudonym = f.audit().subjectRef(PHONE_SUBJECT);
        assertTrue(entries.stream().filter(r -> r.action().startsWith("notify.")).allMatch(
                r -> r.subjectRef().equals(Optional.of(pseudonym))), "the subject only as the trail's pseudonym");

        String keyRef = f.audit().valueRef(phoneKey);
        assertEquals(keyRef, Dispatcher.reference(f.audit(), phoneKey));
        assertEquals(2, f.audited("notify.attempt", phoneKey).size(), "a caller's key is audited by its keyed reference");
        assertTrue(shown.stream().anyMatch(s -> s.contains(keyRef)), "and logged by it");
        for (String telling : TELLING_KEYS) {
            assertEquals(2, f.audited("notify.attempt", telling).size(), telling);
        }
    }

    @Test
    void idsTheKitDrew_areWrittenAsTheyAre_anyOtherIdAsItsKeyedReference() {
        String drawn = "n-0123456789abcdef0123456789abcdef";
        assertEquals(drawn, Dispatcher.reference(f.audit(), drawn));
        for (String caller : List.of("n-1", "order-42", "n-0123456789ABCDEF0123456789ABCDEF", drawn + "0",
                "welcome-ion.popescu")) {
            assertEquals(f.audit().valueRef(caller), Dispatcher.reference(f.audit(), caller), caller);
        }
    }

    /** A code the spi lets through (under 9 digits) but that may still be a number: the dispatcher is stricter. */
    @Test
    void aFailureCodeShapedLikePersonalData_isRecordedAndAuditedWithheld() {
        f.write("n-1", "mail");
        CountingChannel careless = new CountingChannel("mail",
                (m, call) -> DeliveryFailure.transientFailure("bounce-7212345"));
        assertEquals(new DispatchReport(0, 1, 0, 0, 0), f.dispatcher(DispatchFixture.settings(), careless).runOnce());
        assertEquals(Optional.of(Dispatcher.WITHHELD_CODE), f.message("n-1").reason());
        assertEquals(Dispatcher.WITHHELD_CODE, f.audited("notify.attempt", "n-1").get(0).details().get("code"));
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains("7212345"), e.getFormattedMessage());
        }
        for (AuditRecord r : f.allAudited()) {
            assertFalse(r.details().values().stream().anyMatch(v -> v.contains("7212345")), r.toString());
        }
    }

    @Test
    void anErrorFromTheOpener_endsNoWorker_printsNothing_andTheMessageIsDeliveredLater() throws Exception {
        f.write("n-1", "mail");
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        MessageOpener careless = m -> {
            if (opened.incrementAndGet() == 1) {
                throw new AssertionError("no contacts for ion.popescu@example.ro");
            }
            return DispatchFixture.opener().open(m);
        };
        CountingChannel mail = CountingChannel.delivering("mail");
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        try (java.io.PrintStream capture = new java.io.PrintStream(console, true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            System.setErr(capture);
            Dispatcher d = f.dispatcher(DispatchFixture.settings(), careless, f.outbox, mail);
            d.start();
            OutboxMessage failed = f.awaitMessage("n-1", m -> m.attempts() == 1);
            assertEquals(Optional.of("open-error"), failed.reason());
            f.clock.set(failed.nextAttemptAt());
            d.wake();
            f.awaitMessage("n-1", m -> m.state() == OutboxState.DELIVERED);
            d.close();
        } finally {
            System.setErr(err);
        }
        assertFalse(console.toString(java.nio.charset.StandardCharsets.UTF_8).contains("popescu"), console.toString());
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains("popescu"), e.getFormattedMessage());
        }
    }

    @Test
    void mayBePersonal_catchesNumbersAddressesAndIps_butNotCodesOrHexIds() {
        for (String personal : List.of("0721234567", "n-0721234567", "0721-234-567", "+40.721.234.567", "a@b",
                "10.0.0.1", "fe80::1", "call-0721234567-x", "7212345")) {
            assertTrue(Dispatcher.mayBePersonal(personal), personal);
        }
        for (String code : List.of("n-1", "order-42", "n-0123456789abcdef0123456789abcdef", "inv2024x0000123456",
                "v1.2", "a:b", "n-123456")) {
            assertFalse(Dispatcher.mayBePersonal(code), code);
        }
    }
}
