package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.Rectification;

/** The submission value and the settings: validated per type, printed without personal data. */
class RightsRequestTest {

    private static final SubjectId ANA = SubjectId.of("ana.ionescu@example.ro");
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00Z");
    private static final RequestChannel CH = RequestChannel.DPO_EMAIL;
    private static final Actor DELEGATE = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"),
            SubjectId.of("admin@firma.ro"), Set.of("pbx-1001"));

    @Test
    void eachFactory_makesItsType() {
        assertEquals(RightType.ACCESS, RightsRequest.access(ANA, CH, AT).type());
        assertEquals(RightType.PORTABILITY, RightsRequest.portability(ANA, CH, AT).type());
        assertEquals(RightType.ERASURE, RightsRequest.erasure(ANA, CH, AT).type());
        assertEquals(RightType.RESTRICTION, RightsRequest.restriction(ANA, CH, AT, Set.of(), Set.of()).type());
        assertEquals(RightType.OBJECTION, RightsRequest.objection(ANA, CH, AT, Set.of(Purpose.of("MARKETING"))).type());
        assertEquals(RightType.WITHDRAW_CONSENT, RightsRequest.withdrawConsent(ANA, CH, AT,
                Set.of(Purpose.of("MARKETING"))).type());
        assertEquals(RightType.HUMAN_REVIEW, RightsRequest.humanReview(ANA, CH, AT, "d-1", "view").type());
        assertEquals(RightType.RECTIFICATION, RightsRequest.rectification(ANA, CH, AT,
                List.of(Rectification.of(DataCategory.of("CONTACT"), "email", "x@y.ro"))).type());
        RightsRequest scoped = RightsRequest.erasure(ANA, CH, AT).withCategories(Set.of(DataCategory.of("TRAFFIC")))
                .withRequester(DELEGATE);
        assertEquals(Set.of(DataCategory.of("TRAFFIC")), scoped.categories());
        assertEquals(Optional.of(DELEGATE), scoped.requester());
        assertEquals(Optional.empty(), RightsRequest.access(ANA, CH, AT).withRequester(Actor.subject(ANA)).requester(),
                "the subject as requester is the subject asking");
    }

    @Test
    void whatDoesNotFitTheType_isRefused_namingTheArgumentNeverTheValue() {
        List<Runnable> wrong = List.of(
                () -> RightsRequest.objection(ANA, CH, AT, Set.of()),
                () -> RightsRequest.withdrawConsent(ANA, CH, AT, Set.of()),
                () -> RightsRequest.rectification(ANA, CH, AT, List.of()),
                () -> RightsRequest.humanReview(ANA, CH, AT, "bad ref with spaces", "view"),
                () -> RightsRequest.humanReview(ANA, CH, AT, "d-1", " "),
                () -> RightsRequest.humanReview(ANA, CH, AT, "d-1", "x".repeat(RightsRequest.MAX_VIEWPOINT + 1)),
                () -> RightsRequest.objection(ANA, CH, AT, Set.of(Purpose.of("MARKETING")))
                        .withCategories(Set.of(DataCategory.of("CONTACT"))),
                () -> new RightsRequest(RightType.ACCESS, ANA, CH, AT, Optional.empty(), Set.of(),
                        Set.of(RecordRef.of("crm.contacts", "c-1")), Set.of(), List.of(), Optional.empty(),
                        Optional.empty()),
                () -> new RightsRequest(RightType.ACCESS, ANA, CH, AT, Optional.empty(), Set.of(), Set.of(),
                        Set.of(Purpose.of("MARKETING")), List.of(), Optional.empty(), Optional.empty()),
                () -> RightsRequest.access(null, CH, AT),
                () -> RightsRequest.access(ANA, null, AT),
                () -> RightsRequest.access(ANA, CH, null),
                () -> RightsRequest.access(ANA, CH, AT).withRequester(Actor.subject(SubjectId.of("other@x.ro"))));
        for (Runnable r : wrong) {
            InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
            assertFalse(e.getMessage().contains("example.ro") || e.getMessage().contains("x.ro"), e.getMessage());
        }
    }

    @Test
    void toString_printsTheTypeAndCounts_neverTheSubjectValuesOrViewpoint() {
        RightsRequest fix = RightsRequest.rectification(ANA, CH, AT, List.of(Rectification.of(DataCategory.of("CONTACT"),
                "notification_email", "secret.new@example.ro"))).withRequester(DELEGATE);
        RightsRequest review = RightsRequest.humanReview(ANA, CH, AT, "d-1", "I was home that night");
        for (RightsRequest r : List.of(fix, review)) {
            String s = r.toString();
            assertFalse(s.contains("example.ro") || s.contains("firma.ro") || s.contains("home"), s);
        }
        assertTrue(fix.toString().contains("RECTIFICATION") && fix.toString().contains("corrections=1"), fix.toString());
    }

    @Test
    void settings_checkTheirValues_andPrintNoSecrets() {
        RightsSettings d = RightsSettings.defaults();
        assertEquals(RightsSettings.DEFAULT_LEASE, d.lease());
        assertTrue(d.recipientNotifier().isEmpty() && d.erasureLedger().isEmpty());
        assertTrue(d.workerId().startsWith("worker-"));
        assertEquals(Duration.ofSeconds(30), d.withLease(Duration.ofSeconds(30)).lease());
        assertEquals("pod-7", d.withWorkerId("pod-7").workerId());
        assertThrows(InvalidInputException.class, () -> d.withLease(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> d.withLease(Duration.ofDays(2)));
        assertThrows(InvalidInputException.class, () -> d.withWorkerId("Pod 7"));
        assertThrows(InvalidInputException.class, () -> d.withVerifier(null));
        assertThrows(InvalidInputException.class, () -> d.withErasureLedger(null));
        assertThrows(InvalidInputException.class, () -> d.withRecipientNotifier(null));
        assertThrows(InvalidInputException.class, () -> d.withHolidays(null));
        assertTrue(d.toString().contains("lease=PT5M"), d.toString());
    }
}
