package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;

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

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = DEC_2026;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();

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

        clock.now = MARCH_2027;
        ConsentDecision denied = ledger.check(ANA, SERVICE);
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, denied.reason());
        assertFalse(denied.permitted());

        // "nu vor fi diminuate fără consimțământul dvs. explicit": a plain grant is not enough.
        ledger.grant(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason(),
                "a grant without the explicit-consent marker does not agree to diminished rights");
        clock.now = MARCH_2027.plusSeconds(1);
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE, MARCH_2027.minusSeconds(60))
                .reason(), "the agreement counts from when it was given, not before");

        // Agreeing can be withdrawn as easily: the processing under the diminished terms stops again.
        clock.now = MARCH_2027.plus(Duration.ofDays(1));
        ledger.withdraw(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
    }

    @Test
    void aLegitimateInterestWithADiminishingChange_waitsForTheGrant_andObjectionStillCounts() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "FRAUD_PREVENTION"));
        clock.now = MARCH_2027;
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, FRAUD).reason());
        ledger.grant(ANA, FRAUD, explicitlyByAna());
        assertEquals(ConsentReason.LEGITIMATE_INTEREST, ledger.check(ANA, FRAUD).reason());
        clock.now = MARCH_2027.plusSeconds(60);
        ledger.object(ANA, FRAUD, byAna());
        assertEquals(ConsentReason.OBJECTED, ledger.check(ANA, FRAUD).reason());
    }

    @Test
    void aNonDiminishingChange_doesNotAffectPurposesOnOtherBases() {
        // A material change not marked as diminishing rights asks again for consent only.
        ConsentLedger ledger = ledger(PolicyDocuments.version("2027.1", "2027-01-01", "SERVICE_PROVISION",
                "FRAUD_PREVENTION"));
        clock.now = MARCH_2027;
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.LEGITIMATE_INTEREST, ledger.check(ANA, FRAUD).reason());
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, SERVICE, byAna()));
    }

    @Test
    void aDiminishingChangeIn2027_1_stillRequiresTheGrantUnder2027_2() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"));
        clock.now = AUGUST_2027;
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason(),
                "2027.2 changes nothing, but the change of 2027.1 stays in effect");
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason(),
                "a grant under a later version agrees to the change too");
    }

    @Test
    void aGrantUnder2027_1_stillCountsUnder2027_2() {
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "BILLING"));
        clock.now = MARCH_2027;
        ledger.grant(ANA, Purpose.of("BILLING"), explicitlyByAna());
        clock.now = AUGUST_2027;
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
        clock.now = MARCH_2027;
        assertEquals(ConsentReason.RECONSENT_REQUIRED, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, ANALYTICS).reason());
        ledger.grant(ANA, MARKETING, byAna());
        ledger.grant(ANA, ANALYTICS, byAna());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, ANALYTICS).reason(),
                "the diminishing change of ANALYTICS needs explicit consent, not a plain re-grant");
        clock.now = MARCH_2027.plusSeconds(1);
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
        clock.now = MARCH_2027;
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        ledger.grant(ANA, ANALYTICS, explicitlyByAna());
        clock.now = MARCH_2027.plusSeconds(60);
        ledger.grant(ANA, SERVICE, byAna());
        ledger.grant(ANA, ANALYTICS, byAna());
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, ANALYTICS).reason());

        // A withdrawal ends the agreement; a plain grant after it does not restore it.
        clock.now = MARCH_2027.plusSeconds(120);
        ledger.withdraw(ANA, SERVICE, byAna());
        clock.now = MARCH_2027.plusSeconds(180);
        ledger.grant(ANA, SERVICE, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
    }

    @Test
    void aRestriction_stillDenies_afterTheExplicitAgreement() {
        // Art. 18 and the agreement to diminished terms are separate gates: agreeing does not lift a
        // restriction, and the restriction's exemptions do not bypass the agreement.
        ConsentLedger ledger = ledger(PolicyDocuments.diminishing("2027.1", "2027-01-01", "SERVICE_PROVISION"));
        clock.now = MARCH_2027;
        ledger.restrict(ANA, byAna());
        assertEquals(ConsentReason.RIGHTS_DIMINISHED, ledger.check(ANA, SERVICE).reason());
        clock.now = MARCH_2027.plusSeconds(60);
        ledger.grant(ANA, SERVICE, explicitlyByAna());
        assertEquals(ConsentReason.RESTRICTED, ledger.check(ANA, SERVICE).reason());
        clock.now = MARCH_2027.plusSeconds(120);
        ledger.liftRestriction(ANA, byAna().withReference("request-2027-88"));
        assertEquals(ConsentReason.LAWFUL_BASIS, ledger.check(ANA, SERVICE).reason());
    }
}
