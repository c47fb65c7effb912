package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import ro.clickphone.privacy.core.rights.PublicHolidays;
import ro.clickphone.privacy.core.rights.RightsDeadlines;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;
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
        assertEquals("Prelungirea termenului de răspuns la cererea dumneavoastră de acces la datele personale",
                toAna.subjectLine());
        assertTrue(toAna.body().contains("Am primit la 31 ianuarie 2026 cererea dumneavoastră de acces la datele "
                + "personale."), toAna.body());
        assertNoCodes(toAna);
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
        assertTrue(toBob.body().contains("your request for access to your personal data on 31 January 2026"),
                toBob.body());
        assertNoCodes(toBob);
        assertTrue(toBob.body().contains("Reason for the extension: " + REASON_RO), toBob.body());
        assertWhole(toBob);

        assertNoTextInLogs(REASON_RO, NotifyFixture.ANA_EMAIL, "bob@example.com");
    }

    /** Review M1, M2, S7: the reason in words, the type in words, the authority from the policy. */
    @Test
    void refusal_inPart_saysWhyInWords_andNamesTheAuthorityFromThePolicy_evenUnderRestriction() {
        refuseEverything(ANA);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("requestType", "ERASURE");
        payload.put("receivedAt", LocalDate.of(2026, 3, 31));
        payload.put("partial", true);
        payload.put("refusalReason", "LEGAL_RETENTION");

        SendResult ro = fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), ANA, payload);
        assertEquals(SendStatus.QUEUED, ro.status());
        assertEquals(Optional.of(ConsentReason.RESTRICTED_LEGAL_OBLIGATION), ro.reason());
        fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), BOB, payload);
        assertEquals(2, fx.notifications().dispatchPending().delivered());

        OutboundMessage toAna = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertEquals("Răspuns la cererea dumneavoastră de ștergere a datelor", toAna.subjectLine());
        assertTrue(toAna.body().contains("cererea dumneavoastră de ștergere a datelor, primită la 31 martie 2026, "
                + "a fost soluționată doar în parte."), toAna.body());
        assertTrue(toAna.body().contains("Motivul: O obligație legală ne impune să păstrăm o parte din date"),
                toAna.body());
        assertTrue(toAna.body().contains("plângere la Autoritatea Națională de Supraveghere a Prelucrării Datelor cu "
                + "Caracter Personal (ANSPDCP), www.dataprotection.ro și de a vă adresa justiției"), toAna.body());
        assertNoCodes(toAna);

        OutboundMessage toBob = deliveredTo("bob@example.com");
        assertEquals("The answer to your request for erasure of your data", toBob.subjectLine());
        assertTrue(toBob.body().contains("has been carried out only in part."), toBob.body());
        assertTrue(toBob.body().contains("The reason: A legal obligation requires us to keep part of the data"),
                toBob.body());
        assertTrue(toBob.body().contains("(ANSPDCP), www.dataprotection.ro and to seek a judicial remedy"),
                toBob.body());
        assertNoCodes(toBob);
    }

    @Test
    void refusal_whole_saysItCannotBeCarriedOut_inBothLanguages() {
        Map<String, Object> payload = Map.of("requestType", "WITHDRAW_CONSENT", "receivedAt", LocalDate.of(2026, 6, 1),
                "partial", false, "refusalReason", "IDENTITY_NOT_VERIFIED");
        fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), ANA, payload);
        fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), BOB, payload);
        assertEquals(2, fx.notifications().dispatchPending().delivered());
        OutboundMessage toAna = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertTrue(toAna.body().contains("de retragere a consimțământului, primită la 1 iunie 2026, nu poate fi "
                + "soluționată."), toAna.body());
        assertTrue(toAna.body().contains("Nu v-am putut confirma identitatea"), toAna.body());
        assertFalse(toAna.body().contains("în parte"), toAna.body());
        assertNoCodes(toAna);
        OutboundMessage toBob = deliveredTo("bob@example.com");
        assertTrue(toBob.body().contains("your request for withdrawal of your consent, received on 1 June 2026, "
                + "cannot be carried out."), toBob.body());
        assertTrue(toBob.body().contains("The reason: We could not confirm your identity"), toBob.body());
        assertNoCodes(toBob);
    }

    /** Review M1: a refusal or a partial answer cannot be sent without its reason, nor with a raw text. */
    @Test
    void refusal_withoutItsReason_orWithAnUnknownCode_isRefused_andNothingIsQueued() {
        Map<String, Object> noReason = new LinkedHashMap<>(Map.of("requestType", "ACCESS",
                "receivedAt", LocalDate.of(2026, 6, 1), "partial", false));
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), ANA, noReason));
        assertTrue(missing.getMessage().contains("payload.refusalReason"), missing.getMessage());

        Map<String, Object> freeText = new LinkedHashMap<>(noReason);
        freeText.put("refusalReason", "Ion Popescu asked too often");
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), ANA, freeText));
        assertTrue(unknown.getMessage().contains("refusalReasons.ro.properties"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("Popescu"), unknown.getMessage());

        Map<String, Object> rawType = new LinkedHashMap<>(noReason);
        rawType.put("refusalReason", "RIGHTS_OF_OTHERS");
        rawType.put("requestType", "COMPLAINT");
        assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), ANA, rawType));
        // the answer for a completed request has no place for a refusal: it is a separate type
        Map<String, Object> completedWithReason = new LinkedHashMap<>(Map.of("requestType", "ACCESS",
                "receivedAt", LocalDate.of(2026, 6, 1), "refusalReason", "LEGAL_RETENTION"));
        assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), ANA, completedWithReason));
        // the caller cannot name another authority: the renderer takes it from the policy
        Map<String, Object> ownAuthority = new LinkedHashMap<>(Map.of("requestType", "ACCESS",
                "receivedAt", LocalDate.of(2026, 6, 1), "authorityName", "Somebody else"));
        assertThrows(InvalidInputException.class,
                () -> fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), ANA, ownAuthority));
        assertEquals(0, fx.notifications().dispatchPending().delivered());
    }

    @Test
    void answer_completed_namesTheRequestInWords_andTheAuthorityFromThePolicy() {
        Map<String, Object> payload = Map.of("requestType", "PORTABILITY", "receivedAt", LocalDate.of(2026, 6, 1));
        fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), ANA, payload);
        fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_ANSWERED"), BOB, payload);
        assertEquals(2, fx.notifications().dispatchPending().delivered());

        OutboundMessage toBob = deliveredTo("bob@example.com");
        assertEquals("Your request for your data in a portable format has been carried out", toBob.subjectLine());
        assertTrue(toBob.body().contains("received on 1 June 2026, has been carried out in full."), toBob.body());
        assertTrue(toBob.body().contains("lodge a complaint with Autoritatea Națională de Supraveghere a Prelucrării "
                + "Datelor cu Caracter Personal (ANSPDCP), www.dataprotection.ro and to seek a judicial remedy"),
                toBob.body());
        assertFalse(toBob.body().contains("reason"), toBob.body());
        assertNoCodes(toBob);
        OutboundMessage toAna = deliveredTo(NotifyFixture.ANA_EMAIL);
        assertEquals("Cererea dumneavoastră de portabilitate a datelor a fost soluționată", toAna.subjectLine());
        assertTrue(toAna.body().contains("primită la 1 iunie 2026, a fost soluționată integral."), toAna.body());
        assertNoCodes(toAna);
    }

    /** Every request type and refusal reason the SPI knows has words in both languages. */
    @Test
    void everyCode_hasALabel_inBothLanguages() {
        for (RightType type : RightType.values()) {
            for (SubjectId to : List.of(ANA, BOB)) {
                fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_EXTENDED"), to, Map.of("requestType",
                        type.name(), "receivedAt", LocalDate.of(2026, 6, 1), "previousDueDate", LocalDate.of(2026, 7, 1),
                        "dueDate", LocalDate.of(2026, 9, 1), "reason", "x"));
            }
        }
        for (RefusalReason reason : RefusalReason.values()) {
            for (SubjectId to : List.of(ANA, BOB)) {
                fx.notifications().send(NotifyFixture.type("RIGHTS_REQUEST_REFUSED"), to, Map.of("requestType",
                        "ACCESS", "receivedAt", LocalDate.of(2026, 6, 1), "partial", true, "refusalReason",
                        reason.name()));
            }
        }
        int n = 2 * (RightType.values().length + RefusalReason.values().length);
        assertEquals(n, fx.notifications().dispatchPending().delivered());
        fx.channel.deliveries().forEach(d -> assertNoCodes(d.message()));
    }

    /** No enum code of the SPI reaches the reader. */
    private static void assertNoCodes(OutboundMessage message) {
        String text = message.subjectLine() + "\n" + message.body();
        assertWhole(message);
        for (RequestState state : RequestState.values()) {
            assertFalse(text.contains(state.name()), text);
        }
        for (RightType type : RightType.values()) {
            assertFalse(text.contains(type.name()), text);
        }
        for (RefusalReason reason : RefusalReason.values()) {
            assertFalse(text.contains(reason.name()), text);
        }
        assertFalse(text.contains(") ("), "two brackets in a row: " + text);
    }

    private void assertNoTextInLogs(String... texts) {
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            for (String text : texts) {
                assertFalse(event.getFormattedMessage().contains(text), "logged: " + event.getFormattedMessage());
            }
        }
    }
}
