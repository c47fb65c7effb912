package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Attacks by a writer of the consent store, who edits rows behind the ledger's back but holds no
 * ledger key: every one must end in a DENY with {@link ConsentReason#TAMPERED} from a fresh ledger
 * (no cache to hide behind), and in an audit entry.
 */
class ConsentTamperTest {

    private static final SubjectId ANA = SubjectId.of("ana.pop@example.ro");
    private static final SubjectId BOGDAN = SubjectId.of("bogdan");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final TamperableConsentStore store = new TamperableConsentStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    private final ConsentLedger ledger = fresh();

    private ConsentLedger fresh() {
        return ConsentFixtures.ledger(store, clock, trail, accounts, Duration.ofSeconds(1), new AtomicLong(), 0);
    }

    private static ConsentProof by(SubjectId s) {
        return ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT);
    }

    private static ConsentEvent with(ConsentEvent e, ConsentEventType type, Instant effectiveAt, SubjectId subject) {
        return new ConsentEvent(e.id(), e.sequence(), subject, type, e.purpose(), effectiveAt, e.recordedAt(),
                e.policyVersion(), e.channel(), e.actor(), e.evidence(), e.seal());
    }

    private void assertTamperedAndAudited() {
        ConsentDecision decision = fresh().check(ANA, MARKETING);
        assertEquals(ConsentReason.TAMPERED, decision.reason());
        assertFalse(decision.permitted());
        assertEquals(ConsentReason.TAMPERED, fresh().check(ANA, Purpose.of("SERVICE_PROVISION")).reason(),
                "no purpose is permitted on tampered events, not even one on contract");
        List<AuditRecord> entries = trail.readAbout(ANA, 1, 1000);
        AuditRecord tamper = entries.get(entries.size() - 1);
        assertEquals("consent.tamper", tamper.action());
        assertEquals(AuditOutcome.FAILED, tamper.outcome());
        assertTrue(trail.verify().intact());
    }

    @Test
    void withdrawalFlippedToGrant_deniesAsTampered() {
        ledger.grant(ANA, MARKETING, by(ANA));
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, by(ANA));
        int row = store.indexOf(withdrawal.id());
        ConsentEvent stored = store.rows.get(row);
        store.rows.set(row, with(stored, ConsentEventType.GRANT, stored.effectiveAt(), stored.subject()));
        assertTamperedAndAudited();
    }

    @Test
    void insertedGrant_deniesAsTampered() {
        ledger.withdraw(ANA, MARKETING, by(ANA).withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ConsentEvent template = store.rows.get(0);
        store.rows.add(new ConsentEvent("ce-" + "7".repeat(32), 2, template.subject(), ConsentEventType.GRANT,
                template.purpose(), ConsentFixtures.NOW.minusSeconds(30), template.recordedAt(),
                template.policyVersion(), template.channel(), template.actor(), template.evidence(), template.seal()));
        assertTamperedAndAudited();
    }

    @Test
    void anotherSubjectsSealedGrant_copiedOver_deniesAsTampered() {
        ledger.withdraw(ANA, MARKETING, by(ANA).withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ConsentEvent bogdans = ledger.grant(BOGDAN, MARKETING, by(BOGDAN));
        ConsentEvent copy = store.rows.get(store.indexOf(bogdans.id()));
        SubjectId anasRef = store.rows.get(0).subject();
        store.rows.add(with(copy, copy.type(), ConsentFixtures.NOW.minusSeconds(30), anasRef).withSequence(3));
        assertTamperedAndAudited();
    }

    @Test
    void withdrawalMovedToTheFuture_deniesAsTampered() {
        ledger.grant(ANA, MARKETING, by(ANA).withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, by(ANA));
        int row = store.indexOf(withdrawal.id());
        ConsentEvent stored = store.rows.get(row);
        store.rows.set(row, with(stored, stored.type(), ConsentFixtures.NOW.plus(Duration.ofDays(365)),
                stored.subject()));
        assertTamperedAndAudited();
    }

    @Test
    void withdrawalDeletedFromTheMiddle_deniesAsTampered() {
        ledger.grant(ANA, MARKETING, by(ANA));
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, by(ANA));
        ledger.grant(ANA, ANALYTICS, by(ANA));
        store.rows.remove(store.indexOf(withdrawal.id()));
        assertTamperedAndAudited();
    }

    @Test
    void anotherSubjectsSealedFirstEvent_copiedVerbatim_deniesAsTampered() {
        // Bogdan's first event links to nothing ("-"), so only the sealed subject reference tells.
        ledger.withdraw(ANA, MARKETING, by(ANA).withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ConsentEvent bogdans = ledger.grant(BOGDAN, MARKETING, by(BOGDAN));
        ConsentEvent copy = store.rows.get(store.indexOf(bogdans.id()));
        SubjectId anasRef = store.rows.get(0).subject();
        store.rows.add(with(copy, copy.type(), copy.effectiveAt(), anasRef).withSequence(3));
        assertTamperedAndAudited();
    }

    @Test
    void aWithdrawalSkippedByAnotherInstancesStaleCache_stillCannotBeDeletedUnnoticed() {
        // Instance a caches ana's grant; instance b records her withdrawal; a then records another
        // event. Linked to a's cached view, that event would fork the chain and leave the withdrawal
        // deletable: the link must name what the store holds.
        ConsentLedger a = fresh();
        ConsentLedger b = fresh();
        a.grant(ANA, MARKETING, by(ANA));
        assertEquals(ConsentReason.CONSENT_GIVEN, a.check(ANA, MARKETING).reason());
        ConsentEvent withdrawal = b.withdraw(ANA, MARKETING, by(ANA));
        a.grant(ANA, ANALYTICS, by(ANA));
        store.rows.remove(store.indexOf(withdrawal.id()));
        assertTamperedAndAudited();
    }

    @Test
    void untouchedEvents_verify_andEachAuditEntryCarriesTheEventHash() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, by(ANA));
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh().check(ANA, MARKETING).reason());
        ConsentEvent stored = store.rows.get(0);
        AuditRecord entry = trail.readAbout(ANA, 1, 10).get(0);
        assertEquals(grant.id(), entry.details().get("event"));
        assertEquals(ConsentSeal.hash(stored), entry.details().get("eventHash"));
        assertTrue(entry.details().get("eventHash").startsWith("sha256-"));
    }

    @Test
    void receipt_ofATamperedEvent_isRefused() {
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, by(ANA));
        ConsentEvent stored = store.rows.get(0);
        store.rows.set(0, with(stored, ConsentEventType.GRANT, stored.effectiveAt(), stored.subject()));
        assertThrows(IntegrityException.class, () -> ledger.receipt(withdrawal.id()));
    }

    @Test
    void storedForm_isPseudonymous_andErasureIsAKeyShredThatKeepsTheSeal(@TempDir Path dir) {
        InMemoryConsentStore rows = new InMemoryConsentStore();
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create().withConsent(rows))
                .policies(ConsentFixtures.ARCHIVE).clock(clock)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(),
                        "k")))
                .build();
        ConsentEvent grant = kit.consent().grant(ANA, MARKETING, by(ANA).withIpAddress("203.0.113.77")
                .withUserAgent("Mozilla/5.0 (X11; Linux)").withFormId("newsletter"));
        assertEquals(Optional.of("203.0.113.0/24"), grant.evidence().network(), "the caller gets the clear form");

        SubjectId ref = SubjectId.of(kit.audit().subjectRef(ANA));
        ConsentEvent stored = rows.eventsOf(ref).get(0);
        assertTrue(rows.eventsOf(ANA).isEmpty(), "the store never sees the subject id");
        assertEquals(ref.value(), stored.actor().id());
        assertTrue(stored.evidence().network().isEmpty());
        assertTrue(stored.evidence().userAgent().isEmpty());
        assertEquals(Optional.of("newsletter"), stored.evidence().formId());
        String ciphertext = stored.evidence().encrypted().orElseThrow();
        assertFalse(ciphertext.contains("Mozilla") || ciphertext.contains("203.0.113"));
        assertEquals(Optional.of("Mozilla/5.0 (X11; Linux)"),
                kit.consent().evidence(Actor.subject(ANA), ANA, grant.id()).userAgent());
        List<AuditRecord> entries = kit.audit().readAbout(ANA, 1, 100);
        assertEquals("consent.evidence", entries.get(entries.size() - 1).action(), "reading the evidence is audited");

        kit.keys().shred(ANA, KeyScope.of(ciphertext.substring(0, ciphertext.indexOf(':'))));
        assertEquals(stored, rows.eventsOf(ref).get(0), "erasure rewrote no sealed event");
        assertTrue(kit.consent().evidence(Actor.subject(ANA), ANA, grant.id()).userAgent().isEmpty());
        assertTrue(kit.consent().evidence(Actor.subject(ANA), ANA, grant.id()).network().isEmpty());
        assertTrue(kit.consent().check(ANA, MARKETING).permitted(), "the sealed event still verifies");
    }

    @Test
    void aRowOfAnEventTypeThisVersionDoesNotKnow_failsClosed() {
        ledger.grant(ANA, MARKETING, by(ANA));
        // What a database store's mapping throws for a type written by a newer version (e.g. "SUSPEND").
        TamperableConsentStore newerWriter = new TamperableConsentStore() {
            @Override
            public synchronized List<ConsentEvent> eventsOf(SubjectId subject) {
                ConsentEventType.valueOf("SUSPEND");
                return super.eventsOf(subject);
            }
        };
        ConsentLedger reader = ConsentFixtures.ledger(newerWriter, clock, trail, accounts, Duration.ofSeconds(1),
                new AtomicLong(), 0);
        assertEquals(ConsentReason.TAMPERED, reader.check(ANA, MARKETING).reason());
        assertEquals(ConsentReason.TAMPERED, reader.check(ANA, Purpose.of("SERVICE_PROVISION")).reason());
        assertEquals("consent.tamper", lastAbout(ANA).action());
    }

    private AuditRecord lastAbout(SubjectId subject) {
        List<AuditRecord> entries = trail.readAbout(subject, 1, 1000);
        return entries.get(entries.size() - 1);
    }

    @Test
    void latestEventsDeleted_passTheSeals_butTheAuditTrailNamesThem() {
        ledger.grant(ANA, MARKETING, by(ANA).withEffectiveAt(ConsentFixtures.NOW.minusSeconds(60)));
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, by(ANA));
        ConsentEvent other = ledger.grant(BOGDAN, MARKETING, by(BOGDAN));
        assertTrue(ledger.reconcileWithAudit().intact());
        assertEquals(3, ledger.reconcileWithAudit().entriesChecked());

        store.rows.remove(store.indexOf(withdrawal.id()));
        assertEquals(ConsentReason.CONSENT_GIVEN, fresh().check(ANA, MARKETING).reason(),
                "a truncated tail is a consistent ledger: the seals cannot tell");
        int row = store.indexOf(other.id());
        ConsentEvent stored = store.rows.get(row);
        store.rows.set(row, with(stored, ConsentEventType.WITHDRAW, stored.effectiveAt(), stored.subject()));
        ConsentReconciliation report = ledger.reconcileWithAudit();
        assertFalse(report.intact());
        assertEquals(List.of(withdrawal.id()), report.missing());
        assertEquals(List.of(other.id()), report.altered());
    }
}
