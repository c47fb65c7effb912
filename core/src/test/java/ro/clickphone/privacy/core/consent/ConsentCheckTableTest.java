package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;

/**
 * Point-in-time decisions around withdrawal, objection, restriction and policy changes. Each row
 * records events with their effective times, then checks one purpose at one instant. The archive
 * has version 2026.1 (assumed in force from 25 May 2018) and 2026.2 (from 1 July 2026, MARKETING changed
 * materially); "now" is 1 September 2026.
 */
class ConsentCheckTableTest {

    private static final SubjectId ANA = SubjectId.of("acct-1001");

    private static Instant t(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    /** The purpose a notification type serves in the shipped policy. */
    private static String purposeOf(String notificationType) {
        return ro.clickphone.privacy.core.policy.Policy.clickPhoneDefault()
                .notificationType(ro.clickphone.privacy.spi.NotificationType.of(notificationType)).purpose().id();
    }

    /** One event of a row: type, purpose (null for restrictions), effective date. */
    private record Step(ConsentEventType type, String purpose, String date) {
    }

    private static Step grant(String purpose, String date) {
        return new Step(ConsentEventType.GRANT, purpose, date);
    }

    private static Step withdraw(String purpose, String date) {
        return new Step(ConsentEventType.WITHDRAW, purpose, date);
    }

    private static Step object(String purpose, String date) {
        return new Step(ConsentEventType.OBJECT, purpose, date);
    }

    private static Step liftObjection(String purpose, String date) {
        return new Step(ConsentEventType.LIFT_OBJECTION, purpose, date);
    }

    private static Step restrict(String date) {
        return new Step(ConsentEventType.RESTRICT, null, date);
    }

    private static Step liftRestriction(String date) {
        return new Step(ConsentEventType.LIFT_RESTRICTION, null, date);
    }

    private static Arguments row(String name, List<Step> steps, String purpose, String at, ConsentReason expected) {
        return Arguments.of(name, steps, purpose, at, expected);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // Consent-based purposes.
                row("no events: no consent", List.of(), "ANALYTICS", "2026-08-01", ConsentReason.NO_CONSENT),
                row("granted", List.of(grant("ANALYTICS", "2026-02-01")), "ANALYTICS", "2026-08-01",
                        ConsentReason.CONSENT_GIVEN),
                row("before the grant", List.of(grant("ANALYTICS", "2026-02-01")), "ANALYTICS", "2026-01-15",
                        ConsentReason.NO_CONSENT),
                row("on the grant's instant", List.of(grant("ANALYTICS", "2026-02-01")), "ANALYTICS",
                        "2026-02-01", ConsentReason.CONSENT_GIVEN),
                row("withdrawn", List.of(grant("ANALYTICS", "2026-02-01"), withdraw("ANALYTICS", "2026-03-01")),
                        "ANALYTICS", "2026-08-01", ConsentReason.CONSENT_WITHDRAWN),
                row("withdrawal counts for the future only", List.of(grant("ANALYTICS", "2026-02-01"),
                        withdraw("ANALYTICS", "2026-03-01")), "ANALYTICS", "2026-02-15", ConsentReason.CONSENT_GIVEN),
                row("granted again after withdrawal", List.of(grant("ANALYTICS", "2026-02-01"),
                        withdraw("ANALYTICS", "2026-03-01"), grant("ANALYTICS", "2026-04-01")), "ANALYTICS",
                        "2026-08-01", ConsentReason.CONSENT_GIVEN),
                row("between withdrawal and new grant", List.of(grant("ANALYTICS", "2026-02-01"),
                        withdraw("ANALYTICS", "2026-03-01"), grant("ANALYTICS", "2026-04-01")), "ANALYTICS",
                        "2026-03-15", ConsentReason.CONSENT_WITHDRAWN),
                row("backdated paper withdrawal recorded after a later grant", List.of(grant("ANALYTICS", "2026-04-01"),
                        withdraw("ANALYTICS", "2026-03-01")), "ANALYTICS", "2026-08-01", ConsentReason.CONSENT_GIVEN),
                row("consent to one purpose says nothing of another", List.of(grant("ANALYTICS", "2026-02-01")),
                        "MARKETING", "2026-03-01", ConsentReason.NO_CONSENT),
                row("withdrawal of another purpose changes nothing", List.of(grant("ANALYTICS", "2026-02-01"),
                        withdraw("MARKETING", "2026-03-01")), "ANALYTICS", "2026-08-01", ConsentReason.CONSENT_GIVEN),
                // Re-consent after a material policy change.
                row("marketing granted under 2026.1, checked under 2026.1", List.of(grant("MARKETING", "2026-02-01")),
                        "MARKETING", "2026-06-30", ConsentReason.CONSENT_GIVEN),
                row("marketing granted under 2026.1, checked under 2026.2", List.of(grant("MARKETING", "2026-02-01")),
                        "MARKETING", "2026-07-02", ConsentReason.RECONSENT_REQUIRED),
                row("marketing granted again under 2026.2", List.of(grant("MARKETING", "2026-02-01"),
                        grant("MARKETING", "2026-07-10")), "MARKETING", "2026-08-01", ConsentReason.CONSENT_GIVEN),
                row("re-granted but checked before the new grant", List.of(grant("MARKETING", "2026-02-01"),
                        grant("MARKETING", "2026-07-10")), "MARKETING", "2026-07-05", ConsentReason.RECONSENT_REQUIRED),
                row("analytics did not change: no re-consent", List.of(grant("ANALYTICS", "2026-02-01")),
                        "ANALYTICS", "2026-07-02", ConsentReason.CONSENT_GIVEN),
                row("withdrawn marketing stays withdrawn across versions", List.of(grant("MARKETING", "2026-02-01"),
                        withdraw("MARKETING", "2026-03-01")), "MARKETING", "2026-08-01",
                        ConsentReason.CONSENT_WITHDRAWN),
                // Objection.
                row("legitimate interest without objection", List.of(), "FRAUD_PREVENTION", "2026-08-01",
                        ConsentReason.LEGITIMATE_INTEREST),
                row("objection to legitimate interest", List.of(object("FRAUD_PREVENTION", "2026-03-01")),
                        "FRAUD_PREVENTION", "2026-08-01", ConsentReason.OBJECTED),
                row("before the objection", List.of(object("FRAUD_PREVENTION", "2026-03-01")), "FRAUD_PREVENTION",
                        "2026-02-01", ConsentReason.LEGITIMATE_INTEREST),
                row("objection lifted", List.of(object("FRAUD_PREVENTION", "2026-03-01"),
                        liftObjection("FRAUD_PREVENTION", "2026-04-01")), "FRAUD_PREVENTION", "2026-08-01",
                        ConsentReason.LEGITIMATE_INTEREST),
                row("absolute objection to service announcements", List.of(object("SERVICE_ANNOUNCEMENTS",
                        "2026-03-01")), "SERVICE_ANNOUNCEMENTS", "2026-08-01", ConsentReason.OBJECTED),
                row("objection to direct marketing beats a standing grant", List.of(grant("MARKETING", "2026-07-10"),
                        object("MARKETING", "2026-07-20")), "MARKETING", "2026-08-01", ConsentReason.OBJECTED),
                row("objection to one purpose leaves another", List.of(object("SERVICE_ANNOUNCEMENTS", "2026-03-01")),
                        "FRAUD_PREVENTION", "2026-08-01", ConsentReason.LEGITIMATE_INTEREST),
                // Contract, legal obligation and restriction.
                row("contract", List.of(), "SERVICE_PROVISION", "2026-08-01", ConsentReason.LAWFUL_BASIS),
                row("legal obligation", List.of(), "FISCAL_DOCUMENTS", "2026-08-01", ConsentReason.LAWFUL_BASIS),
                row("marketing objection does not touch security alerts", List.of(object("SERVICE_ANNOUNCEMENTS",
                        "2026-03-01"), withdraw("MARKETING", "2026-03-01")), purposeOf("SECURITY_PASSWORD_CHANGED"),
                        "2026-08-01", ConsentReason.LAWFUL_BASIS),
                row("restricted: contract processing stops", List.of(restrict("2026-03-01")), "SERVICE_PROVISION",
                        "2026-08-01", ConsentReason.RESTRICTED),
                row("restricted: legal obligation keeps storage", List.of(restrict("2026-03-01")),
                        "FISCAL_DOCUMENTS", "2026-08-01", ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("restricted: consented purpose goes on", List.of(grant("ANALYTICS", "2026-02-01"),
                        restrict("2026-03-01")), "ANALYTICS", "2026-08-01", ConsentReason.CONSENT_GIVEN),
                row("restricted: legitimate interest stops", List.of(restrict("2026-03-01")), "FRAUD_PREVENTION",
                        "2026-08-01", ConsentReason.RESTRICTED),
                // Art. 18(2) exceptions the policy sets. "De asemenea, folosim aceste informații pentru a vă
                // transmite informații vitale funcționării continue și în siguranță a serviciilor de telefonie
                // oferite: [...] avertizări de securitate: schimbare parolă, creare PIN de securitate, depășire
                // limită valoare zilnică setată a convorbirilor; marketing. Oferte sau modificări ale tarifelor":
                // a restricted subject still gets a security alert, a tariff change and a contract change (each
                // row checks the purpose the notification type has in the shipped policy).
                row("restricted: a security alert still goes", List.of(restrict("2026-03-01")),
                        purposeOf("SECURITY_DAILY_LIMIT_EXCEEDED"), "2026-08-01", ConsentReason.RESTRICTION_EXEMPT),
                row("restricted: a tariff change still goes", List.of(restrict("2026-03-01")),
                        purposeOf("TARIFF_CHANGE"), "2026-08-01", ConsentReason.RESTRICTION_EXEMPT),
                row("restricted: a contract change still goes", List.of(restrict("2026-03-01")),
                        purposeOf("CONTRACT_CHANGE"), "2026-08-01", ConsentReason.RESTRICTION_EXEMPT),
                // Legal notices: "vom notifica clientul în max. 24 de ore după descoperirea incidentului" and "Orice
                // modificări aduse politicii de confidențialitate vor fi notificate cu o mai mare vizibilitate".
                row("restricted: a breach notice still goes", List.of(restrict("2026-03-01")),
                        purposeOf("DATA_BREACH_NOTICE"), "2026-08-01", ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("restricted: a policy-change notice still goes", List.of(restrict("2026-03-01")),
                        purposeOf("PRIVACY_POLICY_CHANGED"), "2026-08-01", ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                row("restricted: a missed-call e-mail stops", List.of(restrict("2026-03-01")),
                        purposeOf("MISSED_CALL"), "2026-08-01", ConsentReason.RESTRICTED),
                row("restricted: the security processing itself goes on as a legal obligation",
                        List.of(restrict("2026-03-01")), "SECURITY", "2026-08-01",
                        ConsentReason.RESTRICTED_LEGAL_OBLIGATION),
                // No marketing choice and no objection to announcements stops a contract notice.
                row("marketing withdrawn: a tariff change still goes", List.of(grant("MARKETING", "2026-02-01"),
                        withdraw("MARKETING", "2026-03-01")), purposeOf("TARIFF_CHANGE"), "2026-08-01",
                        ConsentReason.LAWFUL_BASIS),
                row("marketing withdrawn: an offer stops", List.of(grant("MARKETING", "2026-02-01"),
                        withdraw("MARKETING", "2026-03-01")), purposeOf("MARKETING_OFFER"), "2026-08-01",
                        ConsentReason.CONSENT_WITHDRAWN),
                row("announcements objected: a contract change still goes", List.of(object("SERVICE_ANNOUNCEMENTS",
                        "2026-03-01")), purposeOf("CONTRACT_CHANGE"), "2026-08-01", ConsentReason.LAWFUL_BASIS),
                row("announcements objected: announcements stop", List.of(object("SERVICE_ANNOUNCEMENTS",
                        "2026-03-01")), "SERVICE_ANNOUNCEMENTS", "2026-08-01", ConsentReason.OBJECTED),
                row("before the restriction", List.of(restrict("2026-03-01")), "SERVICE_PROVISION", "2026-02-01",
                        ConsentReason.LAWFUL_BASIS),
                row("restriction lifted", List.of(restrict("2026-03-01"), liftRestriction("2026-04-01")),
                        "SERVICE_PROVISION", "2026-08-01", ConsentReason.LAWFUL_BASIS),
                row("during the restriction, before the lift", List.of(restrict("2026-03-01"),
                        liftRestriction("2026-04-01")), "SERVICE_PROVISION", "2026-03-15", ConsentReason.RESTRICTED),
                // Undeclared and out of range.
                row("undeclared purpose", List.of(), "PROFILING", "2026-08-01", ConsentReason.UNDECLARED_PURPOSE),
                row("before any policy version", List.of(), "SERVICE_PROVISION", "2018-05-24",
                        ConsentReason.NO_POLICY_IN_FORCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void check_atAnInstant_followsTheLedgerAndThePolicyInForce(String name, List<Step> steps, String purpose,
            String at, ConsentReason expected) {
        InMemoryConsentStore store = new InMemoryConsentStore();
        ConsentLedger ledger = ConsentFixtures.ledger(store, ConsentFixtures.fixed(),
                ConsentFixtures.trail(ConsentFixtures.fixed()), new InMemoryAccountDirectory(), Duration.ZERO,
                new AtomicLong(), 0);
        List<ConsentEvent> recorded = new ArrayList<>();
        for (Step step : steps) {
            // Rows date events months back, as signed forms recorded later do: each names its form.
            ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.PAPER)
                    .withEffectiveAt(t(step.date())).withReference("form-" + step.date());
            Purpose p = step.purpose() == null ? null : Purpose.of(step.purpose());
            recorded.add(switch (step.type()) {
                case GRANT -> ledger.grant(ANA, p, proof);
                case WITHDRAW -> ledger.withdraw(ANA, p, proof);
                case OBJECT -> ledger.object(ANA, p, proof);
                case LIFT_OBJECTION -> ledger.liftObjection(ANA, p, proof);
                case RESTRICT -> ledger.restrict(ANA, proof);
                case LIFT_RESTRICTION -> ledger.liftRestriction(ANA, proof);
            });
        }
        ConsentDecision decision = ledger.check(ANA, Purpose.of(purpose), t(at));
        assertEquals(expected, decision.reason(), name);
        assertEquals(expected.verdict(), decision.verdict());
        assertEquals(t(at), decision.at());
        decision.eventId().ifPresent(id -> assertTrue(recorded.stream().anyMatch(e -> e.id().equals(id)),
                "the decision rests on a recorded event"));
        if (expected == ConsentReason.CONSENT_GIVEN) {
            assertEquals(Optional.of(LegalBasis.CONSENT), decision.legalBasis());
            assertTrue(decision.eventId().isPresent());
        }
    }
}
