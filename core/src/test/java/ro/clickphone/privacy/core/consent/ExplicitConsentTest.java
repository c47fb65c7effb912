package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;

/**
 * The explicit-consent marker on a grant: recorded with the form or document of the express
 * statement, sealed with the event, reported by every decision resting on the grant, and shown on
 * the receipt. "În acest sens, solicităm consimțământul explicit pentru distribuirea oricăror
 * informații speciale cu caracter personal." (Cap. 5)
 */
class ExplicitConsentTest {

    private static final SubjectId ANA = SubjectId.of("ana.pop@example.ro");
    private static final Purpose MARKETING = Purpose.of("MARKETING");

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final TamperableConsentStore store = new TamperableConsentStore();
    private final ConsentLedger ledger = fresh();

    private ConsentLedger fresh() {
        return ConsentFixtures.ledger(store, clock, trail, new InMemoryAccountDirectory(), Duration.ofSeconds(1),
                new AtomicLong(), 0);
    }

    private static ConsentProof by(SubjectId s) {
        return ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT).withFormId("special-data-v1");
    }

    private static ConsentEvent withExplicit(ConsentEvent e, boolean explicit) {
        return new ConsentEvent(e.id(), e.sequence(), e.subject(), e.type(), e.purpose(), e.effectiveAt(),
                e.recordedAt(), e.policyVersion(), e.channel(), e.actor(), e.evidence().withExplicit(explicit),
                e.seal());
    }

    @Test
    void explicitGrant_isReportedByTheDecision_andKeptInTheStore() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, by(ANA).withExplicitConsent());
        ConsentDecision decision = fresh().check(ANA, MARKETING);
        assertTrue(decision.permitted());
        assertTrue(decision.explicitConsent());
        assertEquals(Optional.of(grant.id()), decision.eventId());
        assertTrue(store.rows.get(0).evidence().explicit());
        assertTrue(grant.evidence().explicit());
    }

    @Test
    void plainGrant_isNotExplicit() {
        ledger.grant(ANA, MARKETING, by(ANA));
        ConsentDecision decision = fresh().check(ANA, MARKETING);
        assertTrue(decision.permitted());
        assertFalse(decision.explicitConsent());
    }

    @Test
    void withdrawalAfterAnExplicitGrant_deniesAndIsNotExplicit() {
        ledger.grant(ANA, MARKETING, by(ANA).withExplicitConsent().withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ledger.withdraw(ANA, MARKETING, by(ANA));
        ConsentDecision decision = fresh().check(ANA, MARKETING);
        assertFalse(decision.permitted());
        assertFalse(decision.explicitConsent());
        assertTrue(fresh().check(ANA, MARKETING, ConsentFixtures.NOW.minusSeconds(30)).explicitConsent(),
                "before the withdrawal the explicit grant stood");
    }

    @Test
    void explicitMarker_withoutTheFormOrDocumentOfTheStatement_isRefused() {
        ConsentProof bare = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withExplicitConsent();
        assertThrows(InvalidInputException.class, () -> ledger.grant(ANA, MARKETING, bare));
        assertEquals("EXPLICIT_WITHOUT_FORM", lastEntry().details().get("reason"));
        assertThrows(InvalidInputException.class, () -> ledger.withdraw(ANA, MARKETING,
                by(ANA).withExplicitConsent()), "only a grant carries the marker");
        assertEquals("EXPLICIT_NOT_A_GRANT", lastEntry().details().get("reason"));
        assertEquals(AuditOutcome.DENIED, lastEntry().outcome());
        assertTrue(store.rows.isEmpty());
    }

    // --- who may mark a grant explicit ------------------------------------------------------------

    /** A ledger over a directory in which ANA belongs to account pbx-1, administered by the delegate below. */
    private ConsentLedger withAccounts() {
        return ConsentFixtures.ledger(store, clock, trail, new InMemoryAccountDirectory().assign(ANA, "pbx-1"),
                Duration.ofSeconds(1), new AtomicLong(), 0);
    }

    private static final Actor PBX_ADMIN = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"),
            SubjectId.of("admin@example.ro"), Set.of("pbx-1"));

    private AuditRecord lastEntry() {
        List<AuditRecord> entries = trail.readAbout(ANA, 1, 1000);
        return entries.get(entries.size() - 1);
    }

    @Test
    void pbxAdministrator_markingAGrantExplicit_isRefusedAndAudited() {
        // "solicităm consimțământul explicit" (Cap. 5): the subject's own express statement. The
        // administrator of the subject's account may record a plain grant, not an explicit one.
        ConsentLedger ledger = withAccounts();
        ConsentProof byAdmin = ConsentProof.of(PBX_ADMIN, ConsentChannel.WEB_ACCOUNT).withFormId("special-data-v1");
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING,
                byAdmin.withExplicitConsent()));
        assertTrue(store.rows.isEmpty());
        AuditRecord refused = lastEntry();
        assertEquals("consent.grant", refused.action());
        assertEquals(AuditOutcome.DENIED, refused.outcome());
        assertEquals("EXPLICIT_NOT_BY_SUBJECT", refused.details().get("reason"));
        // Control: the same delegate records the plain grant.
        ledger.grant(ANA, MARKETING, byAdmin);
        assertFalse(fresh().check(ANA, MARKETING).explicitConsent());
    }

    @Test
    void anotherSubject_markingAGrantExplicit_isRefusedAndAudited() {
        // "solicităm consimțământul explicit" (Cap. 5)
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING,
                by(SubjectId.of("mallory")).withExplicitConsent()));
        assertTrue(store.rows.isEmpty());
        assertEquals("EXPLICIT_NOT_BY_SUBJECT", lastEntry().details().get("reason"));
    }

    @Test
    void staff_markExplicit_onlyFromTheSubjectsDocument() {
        // "solicităm consimțământul explicit" (Cap. 5): staff transcribe the signed form or e-mail.
        ConsentProof byDpo = ConsentProof.of(Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("DPO")),
                ConsentChannel.PAPER).withFormId("special-data-v1").withExplicitConsent();
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, MARKETING, byDpo));
        assertEquals("EXPLICIT_STAFF_WITHOUT_DOCUMENT", lastEntry().details().get("reason"));
        assertTrue(store.rows.isEmpty());
        ledger.grant(ANA, MARKETING, byDpo.withReference("form-2026-0042"));
        assertTrue(fresh().check(ANA, MARKETING).explicitConsent());
    }

    @Test
    void markerSurvivesTheOtherProofSetters() {
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withExplicitConsent()
                .withFormId("f-1").withReference("doc-1").withUserAgent("Mozilla/5.0");
        assertTrue(proof.explicitConsent());
    }

    @Test
    void storeWriterSettingTheMarkerOnAPlainGrant_isCaughtByTheSeal() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, by(ANA));
        int row = store.indexOf(grant.id());
        store.rows.set(row, withExplicit(store.rows.get(row), true));
        ConsentDecision decision = fresh().check(ANA, MARKETING);
        assertEquals(ConsentReason.TAMPERED, decision.reason());
        assertFalse(decision.explicitConsent());
    }

    @Test
    void storeWriterClearingTheMarker_isCaughtByTheSeal() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, by(ANA).withExplicitConsent());
        int row = store.indexOf(grant.id());
        store.rows.set(row, withExplicit(store.rows.get(row), false));
        assertEquals(ConsentReason.TAMPERED, fresh().check(ANA, MARKETING).reason());
    }

    @Test
    void sealedBytes_ofAnUnmarkedEvent_areUnchanged_andTheMarkerIsOneFieldAfterTheLink() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, by(ANA));
        ConsentEvent stored = store.rows.get(store.indexOf(grant.id()));
        byte[] plain = ConsentSeal.canonical(stored, ConsentSeal.FIRST);
        byte[] marked = ConsentSeal.canonical(withExplicit(stored, true), ConsentSeal.FIRST);
        assertArrayEquals(plain, Arrays.copyOf(marked, plain.length));
        byte[] field = "explicit-consent".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(plain.length + 4 + field.length, marked.length);
        assertArrayEquals(field, Arrays.copyOfRange(marked, plain.length + 4, marked.length));
    }

    @Test
    void receipt_ofAnExplicitGrant_saysSo() {
        ConsentEvent explicit = ledger.grant(ANA, MARKETING, by(ANA).withExplicitConsent());
        assertTrue(ledger.receipt(explicit.id()).json().contains("\"explicitConsent\":true"));
        ConsentEvent plain = ledger.grant(SubjectId.of("bogdan"), MARKETING, by(SubjectId.of("bogdan")));
        assertFalse(ledger.receipt(plain.id()).json().contains("explicitConsent"));
    }
}
