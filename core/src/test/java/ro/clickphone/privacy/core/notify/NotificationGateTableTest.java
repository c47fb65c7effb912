package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.NotifyFixture.ANA;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * The consent gate of {@code kit.notifications().send(...)} as named rows: the subject's consent
 * history, the type sent, and what must happen — queued (and delivered) or suppressed (recorded with
 * the decision's reason, audited, never delivered). Marketing needs consent and no objection; service
 * announcements stop on objection; service notifications stop under a restriction; security alerts,
 * contract notices (tariff and contract changes) and legal notices (the policy change, the breach
 * notice, the extension of and the answer to a data-subject request) always go.
 */
class NotificationGateTableTest {

    @TempDir
    Path dir;
    private NotifyFixture fx;

    @BeforeEach
    void kit() {
        fx = new NotifyFixture(dir);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** One step of a subject's consent history. */
    private interface Step extends Consumer<NotifyFixture> {
    }

    private static Step grant(String purpose) {
        return fx -> fx.kit.consent().grant(ANA, Purpose.of(purpose), fx.proof(ANA));
    }

    private static Step withdraw(String purpose) {
        return fx -> fx.kit.consent().withdraw(ANA, Purpose.of(purpose), fx.proof(ANA));
    }

    private static Step object(String purpose) {
        return fx -> fx.kit.consent().object(ANA, Purpose.of(purpose), fx.proof(ANA));
    }

    private static Step restrict() {
        return fx -> fx.kit.consent().restrict(ANA, fx.proof(ANA));
    }

    /** Every objection and withdrawal a subject can make against messages they did not ask for. */
    /**
     * Every objection and withdrawal the subject can make: to marketing and announcements, and an
     * attempt to object to RIGHTS_REQUESTS itself, which the ledger refuses (the policy gives no right
     * to object to a legal obligation), so the subject cannot stop the answers the law owes them.
     */
    private static List<Step> objectsToEverything() {
        return List.of(grant("MARKETING"), object("MARKETING"), withdraw("MARKETING"), object("SERVICE_ANNOUNCEMENTS"),
                refusedObjection("RIGHTS_REQUESTS"), refusedObjection("INCIDENT_MANAGEMENT"));
    }

    private static Step refusedObjection(String purpose) {
        return fx -> assertThrows(PolicyViolationException.class,
                () -> fx.kit.consent().object(ANA, Purpose.of(purpose), fx.proof(ANA)),
                "an objection to " + purpose + " is refused");
    }

    private static List<Step> plus(List<Step> steps, Step more) {
        return Stream.concat(steps.stream(), Stream.of(more)).toList();
    }

    private static Arguments row(String name, List<Step> history, String type, SendStatus expected,
            ConsentReason reason) {
        return Arguments.of(name, history, type, expected, reason);
    }

    static Stream<Arguments> rows() {
        SendStatus q = SendStatus.QUEUED;
        SendStatus s = SendStatus.SUPPRESSED;
        return Stream.of(
                // Marketing: consent, and no objection.
                row("marketing without consent", List.of(), "MARKETING_OFFER", s, ConsentReason.NO_CONSENT),
                row("marketing with consent", List.of(grant("MARKETING")), "MARKETING_OFFER", q,
                        ConsentReason.CONSENT_GIVEN),
                row("marketing after withdrawal", List.of(grant("MARKETING"), withdraw("MARKETING")), "MARKETING_OFFER",
                        s, ConsentReason.CONSENT_WITHDRAWN),
                row("marketing with consent and an objection", List.of(grant("MARKETING"), object("MARKETING")),
                        "MARKETING_OFFER", s, ConsentReason.OBJECTED),
                row("marketing consent given again after a withdrawal", List.of(grant("MARKETING"),
                        withdraw("MARKETING"), grant("MARKETING")), "MARKETING_OFFER", q, ConsentReason.CONSENT_GIVEN),
                // Service announcements: legitimate interests, stopped by an (absolute) objection.
                row("service announcement", List.of(), "SERVICE_ANNOUNCEMENT", q, ConsentReason.LEGITIMATE_INTEREST),
                row("service announcement under objection", List.of(object("SERVICE_ANNOUNCEMENTS")),
                        "SERVICE_ANNOUNCEMENT", s, ConsentReason.OBJECTED),
                row("service announcement under restriction", List.of(restrict()), "SERVICE_ANNOUNCEMENT", s,
                        ConsentReason.RESTRICTED),
                row("service announcement under a marketing objection", List.of(object("MARKETING")),
                        "SERVICE_ANNOUNCEMENT", q, ConsentReason.LEGITIMATE_INTEREST),
                // Service notifications: the contract, stopped by a restriction only.
                row("missed call", List.of(), "MISSED_CALL", q, ConsentReason.LAWFUL_BASIS),
                row("missed call under every objection", objectsToEverything(), "MISSED_CALL", q,
                        ConsentReason.LAWFUL_BASIS),
                row("missed call under restriction", List.of(restrict()), "MISSED_CALL", s, ConsentReason.RESTRICTED),
                row("low balance under restriction", List.of(restrict()), "LOW_BALANCE", s, ConsentReason.RESTRICTED),
                // Contract notices: tariff and contract changes go whatever the subject chose.
                row("tariff change under a marketing objection", List.of(grant("MARKETING"), object("MARKETING")),
                        "TARIFF_CHANGE", q, ConsentReason.LAWFUL_BASIS),
                row("tariff change under every objection", objectsToEverything(), "TARIFF_CHANGE", q,
                        ConsentReason.LAWFUL_BASIS),
                row("tariff change under restriction", List.of(restrict()), "TARIFF_CHANGE", q,
                        ConsentReason.RESTRICTION_EXEMPT),
                row("contract change under an objection to announcements", List.of(object("SERVICE_ANNOUNCEMENTS")),
                        "CONTRACT_CHANGE", q, ConsentReason.LAWFUL_BASIS),
                row("contract change under restriction and every objection", plus(objectsToEverything(), restrict()),
                        "CONTRACT_CHANGE", q, ConsentReason.RESTRICTION_EXEMPT),
                // Security alerts.
                row("security alert under a marketing objection", List.of(grant("MARKETING"), object("MARKETING")),
                        "SECURITY_PASSWORD_CHANGED", q, ConsentReason.LAWFUL_BASIS),
                row("security alert under restriction", List.of(restrict()), "SECURITY_PASSWORD_CHANGED", q,
                        ConsentReason.RESTRICTION_EXEMPT),
                row("password reset under restriction and every objection", plus(objectsToEverything(), restrict()),
                        "PASSWORD_RESET", q, ConsentReason.RESTRICTION_EXEMPT),
                row("PBX IP change under restriction", List.of(restrict()), "PBX_ALLOWED_IP_CHANGED", q,
                        ConsentReason.RESTRICTION_EXEMPT),
                // Legal notices: always.
                row("breach notice", List.of(), "DATA_BREACH_NOTICE", q, ConsentReason.LAWFUL_BASIS),
                row("breach notice under every objection", objectsToEverything(), "DATA_BREACH_NOTICE", q,
                        ConsentReason.LAWFUL_BASIS),
                row("breach notice under restriction", plus(objectsToEverything(), restrict()), "DATA_BREACH_NOTICE", q,
                        ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("policy change under restriction", List.of(restrict()), "PRIVACY_POLICY_CHANGED", q,
                        ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                // The notices about a data-subject request (GDPR art. 12(3), 12(4)): a legal obligation,
                // owed most of all to a subject who objected to everything or restricted processing.
                row("request extended", List.of(), "RIGHTS_REQUEST_EXTENDED", q, ConsentReason.LAWFUL_BASIS),
                row("request extended under every objection", objectsToEverything(), "RIGHTS_REQUEST_EXTENDED", q,
                        ConsentReason.LAWFUL_BASIS),
                row("request extended under restriction", plus(objectsToEverything(), restrict()),
                        "RIGHTS_REQUEST_EXTENDED", q, ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("request answered", List.of(), "RIGHTS_REQUEST_ANSWERED", q, ConsentReason.LAWFUL_BASIS),
                row("request answered under every objection", objectsToEverything(), "RIGHTS_REQUEST_ANSWERED", q,
                        ConsentReason.LAWFUL_BASIS),
                row("request answered under restriction", plus(objectsToEverything(), restrict()),
                        "RIGHTS_REQUEST_ANSWERED", q, ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("request refused", List.of(), "RIGHTS_REQUEST_REFUSED", q, ConsentReason.LAWFUL_BASIS),
                row("request refused under every objection", objectsToEverything(), "RIGHTS_REQUEST_REFUSED", q,
                        ConsentReason.LAWFUL_BASIS),
                row("request refused under restriction", plus(objectsToEverything(), restrict()),
                        "RIGHTS_REQUEST_REFUSED", q, ConsentReason.RESTRICTED_LEGAL_OBLIGATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void gate(String name, List<Step> history, String type, SendStatus expected, ConsentReason reason) {
        history.forEach(step -> step.accept(fx));

        SendResult result = fx.notifications().send(NotifyFixture.type(type), ANA, NotifyFixture.payload(type));

        assertEquals(expected, result.status(), name);
        assertEquals(Optional.of(reason), result.reason(), name);
        OutboxMessage stored = fx.stores.outbox().find(result.id()).orElseThrow();
        AuditRecord audited;
        if (expected == SendStatus.SUPPRESSED) {
            assertEquals(OutboxState.SUPPRESSED, stored.state());
            assertEquals(Optional.of(reason.name()), stored.reason(), "the decision's reason is recorded");
            assertTrue(stored.content().isEmpty(), "a suppressed message keeps no text");
            audited = fx.audited("notify.suppressed").get(0);
        } else {
            assertEquals(OutboxState.PENDING, stored.state());
            audited = fx.audited("notify.send").get(0);
        }
        assertEquals(result.id(), audited.details().get("message"));
        assertEquals(reason.name(), audited.details().get("reason"));
        assertEquals(type, audited.details().get("type"));

        fx.notifications().dispatchPending();
        assertEquals(expected == SendStatus.QUEUED ? 1 : 0, fx.channel.deliveries().size(), name);
        assertEquals(expected == SendStatus.QUEUED ? OutboxState.DELIVERED : OutboxState.SUPPRESSED,
                fx.stores.outbox().find(result.id()).orElseThrow().state());
    }
}
