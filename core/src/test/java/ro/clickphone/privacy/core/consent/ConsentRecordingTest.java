package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PolicyDocuments;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** Who may record consent on a subject's behalf, and when an event may say it took effect. */
class ConsentRecordingTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final Purpose MARKETING = Purpose.of("MARKETING");

    /** A clock the test moves forward. */
    private final MutableClock clock = MutableClock.of(ConsentFixtures.NOW);
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final InMemoryConsentStore store = new InMemoryConsentStore();
    private final ConsentLedger ledger = ConsentFixtures.ledger(store, clock, trail, new InMemoryAccountDirectory(),
            Duration.ofSeconds(1), new AtomicLong(), 0);

    private static ConsentProof byAna() {
        return ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
    }

    private static ConsentProof byStaff(String recipient, Set<String> roles) {
        return ConsentProof.of(Actor.staff(Recipient.of(recipient), "emp-0815", roles), ConsentChannel.PHONE);
    }

    private AuditRecord lastEntry() {
        List<AuditRecord> entries = trail.readAbout(ANA, 1, 1000);
        return entries.get(entries.size() - 1);
    }

    // --- item 10: staff on a subject's behalf ----------------------------------------------------------

    @Test
    void staffWithoutARoleGrantedTheRecordingPurpose_isRefusedAndAudited() {
        assertThrows(PolicyViolationException.class, () -> ledger.withdraw(ANA, MARKETING,
                byStaff("EMPLOYEES", Set.of("SUPPORT"))));
        assertThrows(PolicyViolationException.class, () -> ledger.withdraw(ANA, MARKETING,
                byStaff("EMPLOYEES", Set.of())));
        assertEquals(0, store.lastSequence());
        assertEquals(AuditOutcome.DENIED, lastEntry().outcome());
        ledger.withdraw(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("DPO")));
        assertEquals(1, store.lastSequence(), "a granted role records a withdrawal without a document");
    }

    @Test
    void theRecordingPurpose_isASetting() {
        Purpose support = Purpose.of("SERVICE_PROVISION");
        ConsentLedger custom = ConsentLedger.create(ConsentFixtures.ARCHIVE, clock, store, trail,
                ConsentFixtures.SIGNER, new InMemoryAccountDirectory(),
                AccessPolicy.builder().grant("SUPPORT", support).build(),
                ConsentFixtures.settings().withRecordingPurpose(support), null, System::nanoTime);
        custom.withdraw(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("SUPPORT")));
        assertThrows(PolicyViolationException.class, () -> custom.withdraw(ANA, MARKETING,
                byStaff("EMPLOYEES", Set.of("DPO"))));
        assertEquals(ConsentSettings.DEFAULT_RECORDING_PURPOSE, ConsentSettings.defaults().recordingPurpose());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"COURIER", "PAYU", "INTEGRATION_PARTNER", "ACME_VENDOR", "PBX_ADMINISTRATOR"})
    void staffActingAsAnExternalOrUndeclaredRecipient_isRefused(String recipient) {
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING,
                byStaff(recipient, Set.of("DPO")).withReference("form-2026-0042")));
        assertEquals(0, store.lastSequence());
        assertEquals(AuditOutcome.DENIED, lastEntry().outcome());
    }

    @Test
    void aGrantRecordedByStaff_needsTheDocumentThatProvesIt() {
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING,
                byStaff("EMPLOYEES", Set.of("DPO"))));
        assertEquals(0, store.lastSequence());
        ledger.grant(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("DPO")).withReference("form-2026-0042"));
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason());
    }

    @Test
    void staffLiftingAnObjectionOrARestriction_needsTheDocumentThatProvesIt() {
        // Lifting turns a refusal back into a permit, as a grant does: the same proof is needed.
        ledger.grant(ANA, MARKETING, byAna());
        ledger.object(ANA, MARKETING, byAna());
        assertEquals(ConsentReason.OBJECTED, ledger.check(ANA, MARKETING).reason());
        assertThrows(PolicyViolationException.class, () -> ledger.liftObjection(ANA, MARKETING,
                byStaff("EMPLOYEES", Set.of("DPO"))));
        assertEquals(ConsentReason.OBJECTED, ledger.check(ANA, MARKETING).reason());
        ledger.liftObjection(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("DPO")).withReference("ticket-2026-17"));
        assertEquals(ConsentReason.CONSENT_GIVEN, ledger.check(ANA, MARKETING).reason());

        ledger.restrict(ANA, byAna());
        long before = store.lastSequence();
        assertThrows(PolicyViolationException.class, () -> ledger.liftRestriction(ANA,
                byStaff("EMPLOYEES", Set.of("DPO"))));
        assertEquals(before, store.lastSequence());
        ledger.liftRestriction(ANA, byStaff("EMPLOYEES", Set.of("DPO")).withReference("decision-2026-03"));
        assertEquals(before + 1, store.lastSequence());
        // Closing again needs no document: objecting and restricting stay as easy as possible.
        ledger.object(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("DPO")));
    }

    @Test
    void aBackDatedEvent_cannotBorrowTheRecipientsOfAnEarlierPolicyVersion() {
        // In 2026.1 the dispatchers are employees; from 2026.2 (in force now) dispatch is outsourced.
        // Staff acting as DISPATCHER may not record today by dating the event into 2026.1.
        ObjectNode outsourced = PolicyDocuments.defaultDocument();
        outsourced.put("version", "2026.2").put("effectiveFrom", "2026-07-01");
        for (JsonNode recipient : outsourced.withArray("recipients")) {
            if ("DISPATCHER".equals(recipient.get("id").asText())) {
                // An outsourced dispatcher is no longer held to assisted accounts as staff are.
                ((ObjectNode) recipient).put("kind", "PROCESSOR").remove("condition");
            }
        }
        PolicyArchive archive = PolicyArchive.of(Policy.clickPhoneDefault(),
                PolicyDocuments.load(outsourced));
        ConsentLedger ledger = ConsentLedger.create(archive, clock, new InMemoryConsentStore(), trail,
                ConsentFixtures.SIGNER, new InMemoryAccountDirectory(), ConsentFixtures.GRANTS,
                ConsentFixtures.settings(), null, System::nanoTime);
        ConsentProof backDated = byStaff("DISPATCHER", Set.of("DPO")).withReference("form-2026-0007")
                .withEffectiveAt(Instant.parse("2026-03-01T09:00:00Z"));
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING, backDated));
        // An employee of both versions still may.
        ledger.grant(ANA, MARKETING, byStaff("EMPLOYEES", Set.of("DPO")).withReference("form-2026-0007")
                .withEffectiveAt(Instant.parse("2026-03-01T09:00:00Z")));
    }

    // --- item 9: effective times ---------------------------------------------------------------------

    @Test
    void aGrantDatedAhead_doesNotOutrankALaterWithdrawal() {
        Instant start = clock.instant();
        ledger.grant(ANA, MARKETING, byAna().withEffectiveAt(start.plus(Duration.ofMinutes(4))));
        assertEquals("PT4M", lastEntry().details().get("claimedAheadBy"), "the claimed time is kept as evidence");
        clock.set(start.plus(Duration.ofMinutes(1)));
        ledger.withdraw(ANA, MARKETING, byAna());
        clock.set(start.plus(Duration.ofMinutes(5)));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, MARKETING).reason());
    }

    @Test
    void backDating_beyondTheBound_needsADocumentReference() {
        Instant twoDaysAgo = clock.instant().minus(Duration.ofDays(2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ledger.grant(ANA, MARKETING,
                byAna().withEffectiveAt(twoDaysAgo)));
        assertEquals("effectiveAt", e.argument());
        assertEquals(0, store.lastSequence());
        ledger.grant(ANA, MARKETING, byAna().withEffectiveAt(clock.instant().minus(Duration.ofHours(23))));
        ledger.withdraw(ANA, MARKETING, ConsentProof.of(Actor.subject(ANA), ConsentChannel.PAPER)
                .withEffectiveAt(twoDaysAgo.plus(Duration.ofHours(1))).withReference("form-2026-0042"));
        assertEquals(2, store.lastSequence());
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults()
                .withBackdatingBound(Duration.ofDays(4000)));
    }
}
