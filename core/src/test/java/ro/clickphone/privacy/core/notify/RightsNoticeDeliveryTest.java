package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.ANA;
import static ro.clickphone.privacy.core.notify.NotifyFixture.BOB;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.rights.PublicHolidays;
import ro.clickphone.privacy.core.rights.RightsDeadlines;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * The notices about a data-subject request go through a real kit to a capturing channel: the
 * extension (GDPR art. 12(3)) with the dates {@link RightsDeadlines} computes and the reason, the
 * answer (art. 12(4)) with the refusal's reason and the authority (art. 77) — to a subject who
 * objected to everything and restricted processing, since the law obliges the controller to answer.
 */
class RightsNoticeDeliveryTest {

    private static final String REASON_RO = "Cererea privește jurnalele de apel din trei sisteme distincte";
    private static final String REFUSAL = "Datele de facturare se păstrează 10 ani (Codul fiscal)";

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path dir;
    private NotifyFixture fx;

    @BeforeEach
    void kit() {
        fx = new NotifyFixture(dir);
        fx.contacts(BOB, "bob@example.com", "en");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** Objects to everything it can, withdraws marketing, then restricts all processing. */
    private void refuseEverything(ro.clickphone.privacy.spi.SubjectId subject) {
        fx.kit.consent().grant(subject, Purpose.of("MARKETING"), fx.proof(subject));
        fx.kit.consent().withdraw(subject, Purpose.of("MARKETING"), fx.proof(subject));
        fx.kit.consent().object(subject, Purpose.of("SERVICE_ANNOUNCEMENTS"), fx.proof(subject));
        fx.kit.consent().restrict(subject, fx.proof(subject));
    }

    private OutboundMessage deliveredTo(String address) {
        return fx.channel.deliveries().stream().map(RecordingChannel.Delivery::message)
                .filter(m -> m.to().equals(address)).reduce((a, b) -> b).orElseThrow();
    }

    private static void assertWhole(OutboundMessage message) {
        String text = message.subjectLine() + "\n" + message.body();
        assertFalse(text.contains("{{") || text.contains("}}"), text);
        assertFalse(text.contains("\n\n\n"), text);
        assertFalse(text.contains("()") || text.contains(" ,") || text.contains(" .") || text.contains(": \n"),
                "an empty placeholder left a gap:\n" + text);
    }

    @Test
    void extension_reachesARestrictedSubject_withTheDatesAndTheReason_inTheirLanguage() {
        RightsDeadlines deadlines = new RightsDeadlines(PublicHolidays.romania());
        Instant receivedAt = Instant.parse("2026-01-31T09:00:00Z");
        LocalDate base = deadlines.baseDue(receivedAt);
        LocalDate previousDue = deadlines.due(base, 0);
        LocalDate newDue = deadlines.due(deadlines.extendedBase(base), 0);
        assertEquals(LocalDate.of(2026, 3, 2), previousDue);
        assertEquals(LocalDate.of(2026, 4, 28), newDue);
        refuseEverything(ANA);

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("requestType", "ACCESS");
        payload.put("receivedAt", deadlines.receivedDate(receivedAt));
        payload.put("previousDueDate", previousDue);
        payload.put("dueDate", newDue);
        payload.put("reason", REASON_RO);
        SendResult ro = fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_EXTENDED"), ANA, payload);
        SendResult en = fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_EXTENDED"), BOB, payload);

        assertEquals(SendStatus.QUEUED, ro.status());
        assertEquals(Optional.of(ConsentReason.RESTRICTED_LEGAL_OBLIGATION), ro.reason());
        AuditRecord audited = fx.audited("notify.send").get(0);
        assertEquals("RESTRICTED_LEGAL_OBLIGATION", audited.details().get("reason"), "let through as a legal obligation");
        assertEquals(AuditOutcome.SUCCESS, audited.outcome());
        assertEquals(Optional.of("RIGHTS_REQUESTS"), audited.purpose());
        assertEquals(SendStatus.QUEUED, en.status());
        assertEquals(2, fx.notifications().dispatchPending().delivered());

        OutboundMessage toAna = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertEquals("ro", toAna.language());
        assertEquals("info@clickphone.ro", toAna.from());
        assertTrue(toAna.subjectLine().contains("(ACCESS)"), toAna.subjectLine());
        assertTrue(toAna.body().contains("Am primit la 31 ianuarie 2026 cererea"), toAna.body());
        assertTrue(toAna.body().contains("vă vom răspunde până la 28 aprilie 2026, în loc de 2 martie 2026."),
                toAna.body());
        assertTrue(toAna.body().contains("Motivul prelungirii: " + REASON_RO), toAna.body());
        assertTrue(toAna.body().contains("art. 12 alin. (3)"), toAna.body());
        assertTrue(toAna.body().contains("dpo@caronet.ro"), toAna.body());
        assertTrue(toAna.body().strip().endsWith("Caro Network SRL"), toAna.body());
        assertWhole(toAna);

        OutboundMessage toBob = deliveredTo("bob@example.com");
        assertEquals("en", toBob.language());
        assertTrue(toBob.body().contains("we will answer by 28 April 2026 instead of 2 March 2026."), toBob.body());
        assertTrue(toBob.body().contains("on 31 January 2026"), toBob.body());
        assertTrue(toBob.body().contains("Reason for the extension: " + REASON_RO), toBob.body());
        assertWhole(toBob);

        assertNoTextInLogs(REASON_RO, NotifyFixture.ANA_EMAIL, "bob@example.com");
    }

    @Test
    void answer_withARefusal_saysWhy_andNamesTheAuthority_evenUnderRestriction() {
        refuseEverything(ANA);
        Contact authority = NotifyFixture.POLICY.supervisoryAuthority().orElseThrow();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("requestType", "ERASURE");
        payload.put("receivedAt", LocalDate.of(2026, 3, 31));
        payload.put("outcome", "PARTIALLY_COMPLETED");
        payload.put("refusalReason", REFUSAL);
        payload.put("authorityName", authority.name());
        payload.put("authorityWeb", authority.web().orElseThrow());

        SendResult result = fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), ANA, payload);
        assertEquals(SendStatus.QUEUED, result.status());
        assertEquals(Optional.of(ConsentReason.RESTRICTED_LEGAL_OBLIGATION), result.reason());
        assertEquals(1, fx.notifications().dispatchPending().delivered());

        OutboundMessage message = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertTrue(message.subjectLine().contains("(ERASURE)"), message.subjectLine());
        assertTrue(message.body().contains("(ERASURE), primită la 31 martie 2026."), message.body());
        assertTrue(message.body().contains("Rezultat: PARTIALLY_COMPLETED\n"), message.body());
        assertTrue(message.body().contains("nu a fost soluționată integral: " + REFUSAL), message.body());
        assertTrue(message.body().contains("plângere la " + authority.name() + " (www.dataprotection.ro)"),
                message.body());
        assertTrue(message.body().contains("de a vă adresa justiției"), message.body());
        assertWhole(message);
        assertNoTextInLogs(REFUSAL, NotifyFixture.ANA_EMAIL);
    }

    @Test
    void answer_completed_leavesOutTheRefusalAndTheAuthoritysSite() {
        Map<String, Object> payload = Map.of("requestType", "PORTABILITY", "receivedAt", LocalDate.of(2026, 6, 1),
                "outcome", "COMPLETED", "authorityName", "ANSPDCP");
        fx.contacts(ANA, NotifyFixture.ANA_EMAIL, "en");

        assertEquals(SendStatus.QUEUED,
                fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), ANA, payload).status());
        assertEquals(1, fx.notifications().dispatchPending().delivered());

        OutboundMessage message = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertTrue(message.body().contains("Outcome: COMPLETED\n\nIf you are not satisfied"), message.body());
        assertFalse(message.body().contains("not met in full"), message.body());
        assertTrue(message.body().contains("lodge a complaint with ANSPDCP and to seek a judicial remedy."),
                message.body());
        assertTrue(message.body().contains("received on 1 June 2026."), message.body());
        assertWhole(message);
    }

    private void assertNoTextInLogs(String... texts) {
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            for (String text : texts) {
                assertFalse(event.getFormattedMessage().contains(text), "logged: " + event.getFormattedMessage());
            }
        }
    }
}
