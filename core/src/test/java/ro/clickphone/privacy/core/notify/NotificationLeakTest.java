package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.type;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * Messages that carry real-looking names, phone numbers, an e-mail address, an IP address and a
 * street address, sent through the logging channel and a recording one, with refusals and a dead
 * letter on the way: none of those values may appear in a log line at any level, an exception
 * message, a {@code toString()}, an audit entry or the outbox's stored text.
 */
class NotificationLeakTest {

    private static final List<String> PERSONAL = List.of("Ion Popescu", "Popescu", "+40721234567", "0721234567",
            "721234567", "ion.popescu@example.ro", "192.168.10.77", "Str. Lalelelor 5", "Lalelelor");
    private static final SubjectId ION = SubjectId.of("ion.popescu@example.ro");
    private static final SubjectId NOBODY = SubjectId.of("+40721234567");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();
    private final List<String> seen = new ArrayList<>();

    @TempDir
    Path dir;

    private static Map<String, Object> missedCall() {
        Map<String, Object> payload = NotifyFixture.payload("MISSED_CALL");
        payload.put("callerNumber", "+40721234567");
        payload.put("calledNumber", "0721234567");
        return payload;
    }

    @Test
    void sendingAndDelivering_leaksNoPersonalData() {
        try (NotifyFixture fx = new NotifyFixture(dir)) {
            PrivacyKit kit = fx.kit(b -> PrivacyKit.builder().policy(NotifyFixture.POLICY).stores(fx.stores)
                    .clock(fx.clock).keys(fx.keys).channel(new LoggingChannel())
                    .notifications(NotificationSettings.defaults().withAutoStart(false)));
            fx.stores.contacts().put(ION, new SubjectContacts(Map.of(Medium.EMAIL, "ion.popescu@example.ro"), "ro"));
            Notifications notifications = kit.notifications();
            seen.add(kit.toString());
            seen.add(notifications.toString());

            Map<String, Object> announcement = NotifyFixture.payload("SERVICE_ANNOUNCEMENT");
            announcement.put("title", "Ion Popescu");
            announcement.put("text", "Str. Lalelelor 5, +40721234567");
            Map<String, Object> ip = NotifyFixture.payload("PBX_ALLOWED_IP_CHANGED");
            ip.put("allowedIp", "192.168.10.77");
            List<SendResult> results = new ArrayList<>();
            NotificationRequest request = NotificationRequest.of(type("MISSED_CALL"), ION, missedCall());
            seen.add(request.toString());
            results.add(notifications.send(request));
            results.add(notifications.send(type("SERVICE_ANNOUNCEMENT"), ION, announcement));
            results.add(notifications.send(type("PBX_ALLOWED_IP_CHANGED"), ION, ip));
            results.add(notifications.send(type("MARKETING_OFFER"), ION, announcement.entrySet().stream()
                    .collect(HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), HashMap::putAll)));
            results.add(notifications.send(type("MISSED_CALL"), NOBODY, missedCall()));
            for (SendResult r : results) {
                seen.add(r.toString());
                OutboxMessage stored = fx.stores.outbox().find(r.id()).orElseThrow();
                seen.add(stored.toString());
                stored.content().ifPresent(seen::add);
            }
            assertEquals(SendStatus.SUPPRESSED, results.get(3).status(), "marketing without consent");

            // Refusals whose input carries personal data.
            Map<String, Object> undeclared = missedCall();
            undeclared.put("callerName", "Ion Popescu");
            seen.add(assertThrows(RuntimeException.class, () -> notifications.send(type("MISSED_CALL"), ION, undeclared))
                    .getMessage());
            Map<String, Object> keyedByAddress = missedCall();
            keyedByAddress.put("ion.popescu@example.ro", "x");
            seen.add(assertThrows(RuntimeException.class,
                    () -> notifications.send(type("MISSED_CALL"), ION, keyedByAddress)).getMessage());
            Map<String, Object> wrongKind = missedCall();
            wrongKind.put("calledAt", "Ion Popescu");
            seen.add(assertThrows(RuntimeException.class, () -> notifications.send(type("MISSED_CALL"), ION, wrongKind))
                    .getMessage());
            Map<String, Object> badNumber = missedCall();
            badNumber.put("callerNumber", "Ion Popescu 0721234567");
            seen.add(assertThrows(RuntimeException.class, () -> notifications.send(type("MISSED_CALL"), ION, badNumber))
                    .getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> request.withIdempotencyKey("ion.popescu@example.ro"))
                    .getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> request.withIdempotencyKey("call-0721234567"))
                    .getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> notifications.status("Ion Popescu")).getMessage());
            seen.add(assertThrows(RuntimeException.class, () -> notifications.send(NotificationRequest.of(
                    type("VOICEMAIL_RECEIVED"), ION, NotifyFixture.payload("VOICEMAIL_RECEIVED")).withAttachment(
                    new AttachmentRef("voicemail", "rec-1", "Ion Popescu.wav", "audio/wav", Optional.empty()))))
                    .getMessage());

            // Delivery through the logging channel; NOBODY has no address: a dead letter.
            DispatchReport report = notifications.dispatchPending();
            seen.add(report.toString());
            assertEquals(3, report.delivered());
            assertEquals(1, report.dead());
            notifications.deadLetters(10).forEach(s -> seen.add(s.toString()));
            results.forEach(r -> notifications.status(r.id()).ifPresent(s -> seen.add(s.toString())));

            // The same messages as a channel gets them, printed.
            PrivacyKit recording = fx.kit(b -> b);
            recording.notifications().send(type("MISSED_CALL"), ION, missedCall());
            recording.notifications().dispatchPending();
            fx.channel.deliveries().forEach(d -> {
                seen.add(d.message().toString());
                d.message().attachments().forEach(a -> seen.add(a.toString()));
            });
            assertEquals(1, fx.channel.deliveries().size());
            assertTrue(fx.channel.deliveries().get(0).message().body().contains("+40721234567"),
                    "the message itself does carry the caller's number to its reader");

            for (AuditRecord record : auditOf(kit)) {
                seen.add(record.toString());
                seen.add(record.details().toString());
                record.subjectRef().ifPresent(seen::add);
            }
            assertTrue(auditOf(kit).stream().anyMatch(r -> r.action().equals("notify.send")));
            assertTrue(auditOf(kit).stream().anyMatch(r -> r.action().equals("notify.suppressed")));
            assertTrue(auditOf(kit).stream().anyMatch(r -> r.action().equals("notify.dead-letter")));
            assertEquals(OutboxState.DEAD, fx.stores.outbox().find(results.get(4).id()).orElseThrow().state());
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(event.getThrowableProxy().getMessage());
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("logged, not delivered")), "the logging channel logged");
        seen.addAll(lines);
        for (String text : seen) {
            for (String value : PERSONAL) {
                assertFalse(text != null && text.contains(value), "'" + value + "' leaked in: " + text);
            }
        }
    }

    private static List<AuditRecord> auditOf(PrivacyKit kit) {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = kit.audit().read(from, 4096); !page.isEmpty(); page = kit.audit().read(from, 4096)) {
            out.addAll(page);
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    /**
     * A caller picks a key that passes the personal-data check but names a person: the audit
     * entries of the whole path (send, suppression, delivery, requeue) and the logs name the message
     * by its keyed reference, never the key. Fails if the facade writes the raw key (it did).
     */
    @Test
    void aCallersTellingKey_isNeverWrittenToTheAuditTrailOrTheLogs() {
        try (NotifyFixture fx = new NotifyFixture(dir)) {
            PrivacyKit kit = fx.kit(b -> b);
            fx.contacts(ION, "ion.popescu@example.ro", "ro");
            Notifications notifications = kit.notifications();
            SendResult sent = notifications.send(type("MISSED_CALL"), ION, missedCall(), "welcome-ion.popescu");
            assertEquals("welcome-ion.popescu", sent.id(), "the caller gets its own key back");
            notifications.send(type("MARKETING_OFFER"), ION, NotifyFixture.payload("MARKETING_OFFER"), "offer-ion.popescu");
            notifications.requeue("welcome-ion.popescu", Actor.system("ops", Set.of()));
            notifications.dispatchPending();
            List<AuditRecord> entries = auditOf(kit);
            assertTrue(entries.stream().anyMatch(r -> r.action().equals("notify.send")));
            assertTrue(entries.stream().anyMatch(r -> r.action().equals("notify.suppressed")));
            assertTrue(entries.stream().anyMatch(r -> r.action().equals("notify.requeue")));
            for (AuditRecord record : entries) {
                assertFalse(record.details().toString().contains("popescu"), record.details().toString());
            }
            for (ILoggingEvent event : logs.list) {
                assertFalse(event.getFormattedMessage().contains("popescu"), event.getFormattedMessage());
            }
        }
    }

    @Test
    void loggingChannel_logsTheSummaryOnly_andIsIdempotentPerKey() {
        LoggingChannel channel = new LoggingChannel(Set.of(Medium.EMAIL, Medium.SMS), java.time.Clock.systemUTC());
        ro.clickphone.privacy.spi.notify.OutboundMessage message = new ro.clickphone.privacy.spi.notify.OutboundMessage(
                "welcome-ion.popescu", Medium.SMS, "noreplay@clickphone.ro", "+40721234567", "ro", "Ion Popescu",
                "Str. Lalelelor 5", List.of());
        var first = channel.send(message);
        var second = channel.send(message);
        assertEquals(first, second);
        assertFalse(((ro.clickphone.privacy.spi.notify.DeliveryReceipt) first).reference().contains("popescu"));
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(l -> l.contains("logged, not delivered")).toList();
        assertEquals(1, lines.size(), "one line for two sends of one key");
        String line = lines.get(0);
        assertFalse(line.contains("popescu"), "a caller's telling key is shown as a hash: " + line);
        assertTrue(line.contains("SMS") && line.contains(" ro ") && line.contains("0 attachment"), line);
        for (String value : PERSONAL) {
            assertFalse(line.contains(value), line);
        }
        assertEquals("LoggingChannel[EMAIL, SMS]", channel.toString());
    }
}
