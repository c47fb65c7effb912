package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * "Drepturile dvs. în baza acestei politici de confidențialitate nu vor fi diminuate fără
 * consimțământul dvs. explicit." (Cap. 2): a change marked as diminishing rights stops the affected
 * processing, whatever its legal basis, until the subject agrees under the version that made it.
 */
class RightsDiminishedTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final Purpose SERVICE = Purpose.of("SERVICE_PROVISION");
    private static final Purpose FRAUD = Purpose.of("FRAUD_PREVENTION");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");
    private static final Instant DEC_2026 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant MARCH_2027 = Instant.parse("2027-03-01T10:00:00Z");
    private static final Instant AUGUST_2027 = Instant.parse("2027-08-01T10:00:00Z");

    private final MutableClock clock = MutableClock.of(DEC_2026);

    /** 2026.1 as shipped; the given 2027.1 (from 1 January 2027); 2027.2 (from 1 June 2027) without changes. */
    private ConsentLedger ledger(Policy v2027) {
        PolicyArchive archive = PolicyArchive.of(Policy.clickPhoneDefault(), v2027,
                PolicyDocuments.version("2027.2", "2027-06-01"));
        AuditTrail trail = ConsentFixtures.trail(clock);
        return ConsentLedger.create(archive, clock, new InMemoryConsentStore(), trail, ConsentFixtures.SIGNER,
                new InMemoryAccountDirectory(), ConsentFixtures.GRANTS, ConsentFixtures.settings(), null,
                new AtomicLong()::get);
    }

    private static ConsentProof byAna() {
        return ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
    }

    /** Ana's express agreement to the changed terms, on the form that states them. */
    private static ConsentProof explicitlyByAna() {
        return byAna().withFormId("terms-2027-1").withExplicitConsent();
    }

    @Test
    void aContractPurposeWithADiminishingChange_isDeniedUntilTheSubjectGrantsUnderThatVersion() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"));
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE, DEC_2026).reason(),
                "before the change, the contract goes on");
        // Before the change no consent to a purpose on contract can be given.
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, SERVICE, byAna()));

        clock.set(MARCH_2027);
        ConsentDecision denied = ledger.check(ANA, SERVICE);
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, denied.reason());
        assertFalse(denied.permitted());

        // "nu vor fi diminuate fără consimțământul dvs. explicit": a plain grant is not enough.
        ledger.grant(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason(),
                "a grant without the explicit-consent marker does not agree to diminished rights");
        clock.set(MARCH_2027.plusSeconds(1));
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE, MARCH_2027.minusSeconds(60))
                .reason(), "the agreement counts from when it was given, not before");

        // Agreeing can be withdrawn as easily: the processing under the diminished terms stops again.
        clock.set(MARCH_2027.plus(Duration.ofDays(1)));
        ledger.withdraw(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
    }

    @Test
    void aLegitimateInterestWithADiminishingChange_waitsForTheGrant_andObjectionStillCounts() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "FRAUD_PREVENTION"));
        clock.set(MARCH_2027);
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, FRAUD).reason());
        ledger.grant(ANA, FRAUD, explicitlyByAna());
        assertEquals(ConsentReason.LEGITIMATE_INTEREST, ledger.check(ANA, FRAUD).reason());
        clock.set(MARCH_2027.plusSeconds(60));
        ledger.object(ANA, FRAUD, byAna());
        assertEquals(ConsentReason.OBJECTED, ledger.check(ANA, FRAUD).reason());
    }

    @Test
    void aNonDiminishingChange_doesNotAffectPurposesOnOtherBases() {
        // A material change not marked as diminishing rights asks again for consent only.
        ConsentLedger ledger = ledger(PolicyDocuments.version("2027.1", "2027-01-01", "SERVICE_PROVISION",
                "FRAUD_PREVENTION"));
        clock.set(MARCH_2027);
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.LEGITIMATE_INTEREST, ledger.check(ANA, FRAUD).reason());
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, SERVICE, byAna()));
    }

    @Test
    void aDiminishingChangeIn2027_1_stillRequiresTheGrantUnder2027_2() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"));
        clock.set(AUGUST_2027);
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason(),
                "2027.2 changes nothing, but the change of 2027.1 stays in effect");
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason(),
                "a grant under a later version agrees to the change too");
    }

    @Test
    void aGrantUnder2027_1_stillCountsUnder2027_2() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "BILLING"));
        clock.set(MARCH_2027);
        ledger.grant(ANA, Purpose.of("BILLING"), explicitlyByAna());
        clock.set(AUGUST_2027);
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, Purpose.of("BILLING")).reason());
    }

    @Test
    void consentPurposes_stillAskAgainOnAnyMaterialChange() {
        // A plain material change of MARKETING in 2027.1 asks again; a diminishing change of ANALYTICS too,
        // and says why.
        ObjectNode doc = PolicyDocuments.defaultDocument();
        doc.put("version", "2027.1").put("effectiveFrom", "2027-01-01");
        doc.withArray("materialChanges").addObject().put("purpose", "MARKETING").put("summary", "new channels");
        doc.withArray("materialChanges").addObject().put("purpose", "ANALYTICS").put("summary", "kept longer")
                .put("diminishesRights", true);
        Policy v2027 = PolicyDocuments.load(doc);
        ConsentLedger ledger = ledger(v2027);
        ledger.grant(ANA, MARKETING, byAna());
        ledger.grant(ANA, ANALYTICS, byAna());
        clock.set(MARCH_2027);
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, ANALYTICS).reason());
        ledger.grant(ANA, MARKETING, byAna());
        ledger.grant(ANA, ANALYTICS, byAna());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, ANALYTICS).reason(),
                "the diminishing change of ANALYTICS needs explicit consent, not a plain re-grant");
        clock.set(MARCH_2027.plusSeconds(1));
        ledger.grant(ANA, ANALYTICS, explicitlyByAna());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS).reason());
        assertTrue(ledger.check(ANA, ANALYTICS).permitted());
    }

    @Test
    void aLaterPlainGrant_doesNotCancelTheExplicitAgreement_butAWithdrawalDoes() {
        // "nu vor fi diminuate fără consimțământul dvs. explicit": Ana agreed expressly; a later
        // re-grant through a form without the marker (a settings page saved again) changes nothing.
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION",
                "ANALYTICS"));
        clock.set(MARCH_2027);
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        ledger.grant(ANA, ANALYTICS, explicitlyByAna());
        clock.set(MARCH_2027.plusSeconds(60));
        ledger.grant(ANA, SERVICE, byAna());
        ledger.grant(ANA, ANALYTICS, byAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS).reason());

        // A withdrawal ends the agreement; a plain grant after it does not restore it.
        clock.set(MARCH_2027.plusSeconds(120));
        ledger.withdraw(ANA, SERVICE, byAna());
        clock.set(MARCH_2027.plusSeconds(180));
        ledger.grant(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
    }

    @Test
    void aRestriction_stillDenies_afterTheExplicitAgreement() {
        // Art. 18 and the agreement to diminished terms are separate gates: agreeing does not lift a
        // restriction, and the restriction's exemptions do not bypass the agreement.
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"));
        clock.set(MARCH_2027);
        ledger.restrict(ANA, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
        clock.set(MARCH_2027.plusSeconds(60));
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.RESTRICTED, ledger.check(ANA, SERVICE).reason());
        clock.set(MARCH_2027.plusSeconds(120));
        ledger.liftRestriction(ANA, byAna().withReference("request-2027-88"));
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
    }

    // --- agreement collected while the version is announced -----------------------------------------

    /** A week before 2027.1 takes effect. */
    private static final Instant CHRISTMAS_2026 = Instant.parse("2026-12-25T10:00:00Z");
    /** The first instant of 2027.1: 1 January 2027, 00:00 in Bucharest. */
    private static final Instant FIRST_OF_2027_1 = Instant.parse("2026-12-31T22:00:00Z");
    private static final SubjectId BOGDAN = SubjectId.of("bogdan");

    private ConsentLedger ledger(Policy v2027, AuditTrail trail, ConsentStore store) {
        PolicyArchive archive = PolicyArchive.of(Policy.clickPhoneDefault(), v2027,
                PolicyDocuments.version("2027.2", "2027-06-01"));
        return ConsentLedger.create(archive, clock, store, trail, ConsentFixtures.SIGNER,
                new InMemoryAccountDirectory(), ConsentFixtures.GRANTS, ConsentFixtures.settings(), null,
                new AtomicLong()::get);
    }

    @Test
    void anAgreementCollectedAWeekBefore2027_1_permitsFromItsFirstInstant_andNotBefore() {
        // "Drepturile dvs. [...] nu vor fi diminuate fără consimțământul dvs. explicit" and "Orice
        // modificări aduse politicii de confidențialitate vor fi notificate cu o mai mare vizibilitate":
        // the announcement asks for the agreement before the change, so the service goes on without a gap.
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION",
                "ANALYTICS"));
        clock.set(CHRISTMAS_2026);
        ConsentEvent agreement = ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2027.1"));
        ConsentEvent analytics = ledger.grant(ANA, ANALYTICS, explicitlyByAna().withAnnouncedVersion("2027.1"));
        assertEquals("2027.1", agreement.policyVersion(), "stored (and sealed) under the announced version");
        assertEquals(CHRISTMAS_2026, agreement.effectiveAt());

        Instant lastOf2026_1 = FIRST_OF_2027_1.minusNanos(1);
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE, lastOf2026_1).reason());
        assertTrue(ledger.check(ANA, SERVICE, lastOf2026_1).eventId().isEmpty(), "before that day, unchanged");
        assertEquals(ConsentReason.NO_CONSENT, ledger.check(ANA, ANALYTICS, lastOf2026_1).reason(),
                "an agreement to 2027.1's analytics is no consent under 2026.1");

        ConsentDecision first = ledger.check(ANA, SERVICE, FIRST_OF_2027_1);
        assertEquals(ConsentReason.LAWFUL_BASIS, first.reason());
        assertEquals(agreement.id(), first.eventId().orElseThrow());
        assertTrue(first.explicitConsent());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS, FIRST_OF_2027_1).reason());
        assertEquals(analytics.id(), ledger.check(ANA, ANALYTICS, FIRST_OF_2027_1).eventId().orElseThrow());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(BOGDAN, SERVICE, FIRST_OF_2027_1).reason(),
                "who did not agree waits");
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE, AUGUST_2027).reason(),
                "and it stays under 2027.2");

        // A withdrawal during the announcement ends the agreement before it counts.
        clock.set(CHRISTMAS_2026.plus(Duration.ofDays(2)));
        ledger.withdraw(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE, FIRST_OF_2027_1).reason());
    }

    @Test
    void anAgreementToAnAnnouncedVersion_isRefusedUnlessItIsAnExplicitGrantForAnArchivedFutureDiminishingChange() {
        InMemoryConsentStore store = new InMemoryConsentStore();
        AuditTrail trail = ConsentFixtures.trail(clock);
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"), trail,
                store);
        clock.set(CHRISTMAS_2026);
        record Row(String reason, Class<? extends RuntimeException> refusal, Runnable attempt) { }
        List<Row> rows = List.of(
                new Row("ANNOUNCED_VERSION_UNKNOWN", PolicyViolationException.class,
                        () -> ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2028.1"))),
                new Row("ANNOUNCED_VERSION_IN_FORCE", PolicyViolationException.class,
                        () -> ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2026.1"))),
                new Row("ANNOUNCED_NOT_EXPLICIT_GRANT", InvalidInputException.class,
                        () -> ledger.grant(ANA, SERVICE, byAna().withFormId("terms-2027-1")
                                .withAnnouncedVersion("2027.1"))),
                new Row("ANNOUNCED_NOT_EXPLICIT_GRANT", InvalidInputException.class,
                        () -> ledger.withdraw(ANA, SERVICE, byAna().withAnnouncedVersion("2027.1"))),
                new Row("ANNOUNCED_NOT_DIMINISHING", PolicyViolationException.class,
                        () -> ledger.grant(ANA, FRAUD, explicitlyByAna().withAnnouncedVersion("2027.1"))),
                new Row("ANNOUNCED_NOT_DIMINISHING", PolicyViolationException.class,
                        () -> ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2027.2"))));
        for (Row row : rows) {
            RuntimeException e = assertThrows(row.refusal(), row.attempt()::run, row.reason());
            assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
            AuditRecord last = trail.read(1, 1000).get(trail.read(1, 1000).size() - 1);
            assertEquals(AuditOutcome.DENIED, last.outcome());
            assertEquals(row.reason(), last.details().get("reason"));
        }
        // Once 2027.1 is in force, it takes the ordinary grant.
        clock.set(MARCH_2027);
        assertThrows(PolicyViolationException.class,
                () -> ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2027.1")));
        assertEquals(0, store.lastSequence(), "nothing was stored");
        assertThrows(InvalidInputException.class, () -> byAna().withAnnouncedVersion("../2027"));
    }

    @Test
    void anAgreementsAnnouncedVersion_isSealed() {
        // The version label is part of the sealed event: a writer of the store who relabels the
        // agreement to the version in force (so that it would count at once) is caught.
        TamperableConsentStore store = new TamperableConsentStore();
        AuditTrail trail = ConsentFixtures.trail(clock);
        Policy v2027 = PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION");
        ConsentLedger ledger = ledger(v2027, trail, store);
        clock.set(CHRISTMAS_2026);
        ledger.grant(ANA, SERVICE, explicitlyByAna().withAnnouncedVersion("2027.1"));
        ConsentEvent e = store.rows.get(0);
        store.rows.set(0, new ConsentEvent(e.id(), e.sequence(), e.subject(), e.type(), e.purpose(), e.effectiveAt(),
                e.recordedAt(), "2026.1", e.channel(), e.actor(), e.evidence(), e.seal()));
        assertEquals(ConsentReason.TAMPERED, ledger(v2027, trail, store).check(ANA, SERVICE, FIRST_OF_2027_1)
                .reason());
    }
}
