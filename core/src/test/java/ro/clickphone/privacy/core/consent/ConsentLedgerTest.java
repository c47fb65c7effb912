package ro.clickphone.privacy.core.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

class ConsentLedgerTest {

    private static final SubjectId ANA = SubjectId.of("ana.pop@example.ro");
    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Purpose ANALYTICS = Purpose.of("ANALYTICS");

    private final Clock clock = ConsentFixtures.fixed();
    private final AuditTrail trail = ConsentFixtures.trail(clock);
    private final InMemoryConsentStore store = new InMemoryConsentStore();
    private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory().assign(ANA, "pbx-1");
    private final ConsentLedger ledger = ConsentFixtures.ledger(store, clock, trail, accounts, Duration.ofSeconds(1),
            new AtomicLong(), 0);

    private static ConsentProof byAna() {
        return ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT);
    }

    @Test
    void grantAndWithdraw_takeEffectAtOnceAndAreAudited() {
        ConsentEvent grant = ledger.grant(ANA, ANALYTICS, byAna().withFormId("cookie-banner-v2"));
        assertTrue(ledger.check(ANA, ANALYTICS).permitted());
        assertEquals(grant.id(), ledger.check(ANA, ANALYTICS).eventId().orElseThrow());
        assertEquals("2026.2", grant.policyVersion());
        ledger.withdraw(ANA, ANALYTICS, byAna());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, ledger.check(ANA, ANALYTICS).reason());
        assertEquals(2, trail.verify().entriesChecked());
    }

    @Test
    void grant_ofAPurposeNotBasedOnConsent_isAPolicyViolation() {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> ledger.grant(ANA, Purpose.of("SERVICE_PROVISION"), byAna()));
        assertTrue(e.getMessage().contains("CONTRACT"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> ledger.withdraw(ANA, Purpose.of("FISCAL_DOCUMENTS"),
                byAna()));
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, Purpose.of("PROFILING"), byAna()));
        assertEquals(0, store.lastSequence());
        assertEquals(3, trail.verify().entriesChecked(), "refusals are audited");
    }

    @Test
    void object_toAPurposeWithoutObjectionRight_isAPolicyViolation() {
        assertThrows(PolicyViolationException.class, () -> ledger.object(ANA, Purpose.of("FISCAL_DOCUMENTS"), byAna()));
        assertThrows(PolicyViolationException.class, () -> ledger.object(ANA, Purpose.of("SERVICE_PROVISION"), byAna()));
        ledger.object(ANA, Purpose.of("FRAUD_PREVENTION"), byAna());
        ledger.object(ANA, MARKETING, byAna());
        assertEquals(2, store.lastSequence());
    }

    @Test
    void effectiveTimeInTheFuture_beyondTheSkew_isRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ledger.grant(ANA, ANALYTICS,
                byAna().withEffectiveAt(ConsentFixtures.NOW.plus(Duration.ofHours(1)))));
        assertEquals("effectiveAt", e.argument());
        ledger.grant(ANA, ANALYTICS, byAna().withEffectiveAt(ConsentFixtures.NOW.plus(Duration.ofMinutes(4))));
        assertEquals(1, store.lastSequence());
    }

    @Test
    void nullArguments_areInvalidInput() {
        assertThrows(InvalidInputException.class, () -> ledger.grant(ANA, ANALYTICS, null));
        assertThrows(InvalidInputException.class, () -> ledger.grant(null, ANALYTICS, byAna()));
        assertThrows(InvalidInputException.class, () -> ledger.grant(ANA, null, byAna()));
        assertThrows(InvalidInputException.class, () -> ledger.check(ANA, null));
        assertThrows(InvalidInputException.class, () -> ledger.check(ANA, ANALYTICS, null));
        assertThrows(InvalidInputException.class, () -> ConsentProof.of(null, ConsentChannel.PHONE));
        assertThrows(InvalidInputException.class, () -> ConsentProof.of(Actor.subject(ANA), null));
    }

    @Test
    void actor_mustBeTheSubjectADelegateOfItsAccountOrStaff() {
        SubjectId bogdan = SubjectId.of("bogdan");
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, ANALYTICS,
                ConsentProof.of(Actor.subject(bogdan), ConsentChannel.WEB_ACCOUNT)));
        Actor otherAdmin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("admin-2"), Set.of("pbx-2"));
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, ANALYTICS,
                ConsentProof.of(otherAdmin, ConsentChannel.WEB_ACCOUNT)));
        assertThrows(PolicyViolationException.class, () -> ledger.grant(ANA, ANALYTICS,
                ConsentProof.of(Actor.processor(Recipient.of("COURIER"), "courier-ro"), ConsentChannel.PAPER)));
        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("admin-1"), Set.of("pbx-1"));
        ledger.grant(ANA, ANALYTICS, ConsentProof.of(admin, ConsentChannel.WEB_ACCOUNT));
        Actor dpoOffice = Actor.staff(Recipient.of("EMPLOYEES"), "emp-dpo-1", Set.of("DPO"));
        ledger.withdraw(ANA, ANALYTICS, ConsentProof.of(dpoOffice, ConsentChannel.EMAIL_TO_DPO)
                .withReference("msg-2026-0042"));
        assertEquals(2, store.lastSequence());
    }

    @Test
    void aDelegate_recordsConsentOnlyAsADelegateRecipientThePolicyDeclares() {
        // "administratorii conturilor Custom PBX" (Cap. 5) are the delegates the policy names: an
        // actor claiming the delegate kind as staff, a courier or an undeclared recipient records
        // nothing, even for an account it administers.
        for (String claimed : List.of("EMPLOYEES", "COURIER", "NOT_DECLARED")) {
            Actor fake = Actor.delegate(Recipient.of(claimed), SubjectId.of("admin-1"), Set.of("pbx-1"));
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> ledger.grant(ANA, ANALYTICS, ConsentProof.of(fake, ConsentChannel.WEB_ACCOUNT)), claimed);
            assertTrue(e.getMessage().contains("delegate recipient"), e.getMessage());
            assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
            assertThrows(PolicyViolationException.class,
                    () -> ledger.object(ANA, MARKETING, ConsentProof.of(fake, ConsentChannel.WEB_ACCOUNT)), claimed);
        }
        assertEquals(0, store.lastSequence());
        List<AuditRecord> entries = trail.read(1, 100);
        assertEquals(6, entries.size());
        for (AuditRecord entry : entries) {
            assertEquals(AuditOutcome.DENIED, entry.outcome());
            assertEquals("POLICY_VIOLATION", entry.details().get("reason"));
        }
        Actor admin = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("admin-1"), Set.of("pbx-1"));
        ledger.grant(ANA, ANALYTICS, ConsentProof.of(admin, ConsentChannel.WEB_ACCOUNT));
        assertEquals(1, store.lastSequence());
    }

    @Test
    void evidence_keepsOnlyTheNetworkOfTheIpAddress() {
        ConsentProof v4 = byAna().withIpAddress("203.0.113.77").withUserAgent("Mozilla/5.0");
        assertEquals("203.0.113.0/24", v4.evidence().network().orElseThrow());
        ConsentProof v6 = byAna().withIpAddress("2a02:2f0e:5c00:1:2:3:4:5");
        assertEquals("2a02:2f0e:5c00::/48", v6.evidence().network().orElseThrow());
        // Without key settings there is no subject key to keep it under: refused, nothing stored.
        assertThrows(ConfigurationException.class, () -> ledger.grant(ANA, ANALYTICS, v4));
        assertEquals(0, store.lastSequence());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> byAna().withIpAddress("ana.example.ro"));
        assertFalse(e.getMessage().contains("ana.example.ro"));
        // Strings a resolver would take for host names are refused without a look-up.
        for (String notALiteral : List.of("cafe", "deadbeef.ac", "999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4444", "",
                ".1::1.2.3.4", "a.b::1", "[::1]", "::1%eth0")) {
            assertThrows(InvalidInputException.class, () -> byAna().withIpAddress(notALiteral), notALiteral);
        }
        assertEquals("203.0.113.0/24", ConsentProof.network("::ffff:203.0.113.7"));
        assertFalse(v4.toString().contains("203.0.113"));
        assertFalse(v4.toString().contains("ana.pop"));
    }

    @Test
    void receipt_isSignedVerifiableAndNamesNoRawSubject() throws Exception {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, byAna().withFormId("newsletter-form"));
        ConsentReceipt receipt = ledger.receipt(grant.id());
        assertTrue(ledger.verifyReceipt(receipt));
        JsonNode json = new ObjectMapper().readTree(receipt.json());
        assertEquals("clickphone-consent-receipt/v2", json.get("receiptVersion").asText());
        assertEquals(grant.id(), json.get("receiptId").asText());
        assertEquals("Caro Network SRL", json.at("/controller/name").asText());
        assertEquals("2026.2", json.at("/notice/policyVersion").asText());
        assertEquals("MARKETING", json.at("/purpose/id").asText());
        assertEquals("CONSENT", json.at("/purpose/legalBasis").asText());
        assertEquals("GRANT", json.at("/event/type").asText());
        assertEquals("CONSENT_GIVEN", json.get("status").asText());
        assertTrue(json.get("howToWithdraw").asText().contains("dpo@caronet.ro"));
        assertEquals(trail.subjectRef(ANA), json.get("subject").asText());
        assertFalse(receipt.json().contains("ana.pop"));
        assertTrue(json.at("/purpose/retention").size() > 0);
    }

    @Test
    void receipt_tamperedOrSignedByAnotherKey_doesNotVerify() {
        ConsentEvent grant = ledger.grant(ANA, MARKETING, byAna());
        ConsentReceipt receipt = ledger.receipt(grant.id());
        ConsentReceipt edited = new ConsentReceipt(receipt.json().replace("GRANT", "WITHDRAW"), receipt.keyId(),
                receipt.algorithm(), receipt.signature());
        assertFalse(ledger.verifyReceipt(edited));
        ConsentReceipt wrongKey = new ConsentReceipt(receipt.json(), "other-key", receipt.algorithm(),
                receipt.signature());
        assertFalse(ledger.verifyReceipt(wrongKey));
        ConsentReceipt garbage = new ConsentReceipt(receipt.json(), receipt.keyId(), receipt.algorithm(), "!!!");
        assertFalse(ledger.verifyReceipt(garbage));
        assertThrows(InvalidInputException.class, () -> ledger.receipt("ce-" + "0".repeat(32)));
    }

    @Test
    void receipt_ofAWithdrawal_saysWithdrawn() throws Exception {
        ledger.grant(ANA, MARKETING, byAna());
        ConsentEvent withdrawal = ledger.withdraw(ANA, MARKETING, byAna());
        JsonNode json = new ObjectMapper().readTree(ledger.receipt(withdrawal.id()).json());
        assertEquals("WITHDRAW", json.at("/event/type").asText());
        assertEquals("CONSENT_WITHDRAWN", json.get("status").asText());
    }

    @Test
    void checks_areAuditedOnDemand() {
        ConsentLedger sampled = ConsentFixtures.ledger(store, clock, trail, accounts, Duration.ofSeconds(1),
                new AtomicLong(), 2);
        for (int i = 0; i < 10; i++) {
            sampled.check(ANA, ANALYTICS);
        }
        assertEquals(5, trail.verify().entriesChecked());
    }

    @Test
    void storeFailure_recordsNothingAndSurfaces() {
        InMemoryConsentStore failing = spy(new InMemoryConsentStore());
        ConsentLedger l = ConsentFixtures.ledger(failing, clock, trail, accounts, Duration.ofSeconds(1),
                new AtomicLong(), 0);
        doThrow(new StoreException("consent store: connection refused", true, null)).when(failing).append(any());
        assertThrows(StoreException.class, () -> l.grant(ANA, ANALYTICS, byAna()));
        assertEquals(ConsentReason.NO_CONSENT, l.check(ANA, ANALYTICS).reason());
        assertEquals(0, trail.verify().entriesChecked(), "nothing audited for an event that was not stored");
    }

    @Test
    void anotherInstance_seesChangesWithinTheStalenessBound() {
        AtomicLong nanos = new AtomicLong();
        Duration bound = Duration.ofMillis(500);
        ConsentLedger a = ConsentFixtures.ledger(store, clock, trail, accounts, bound, nanos, 0);
        ConsentLedger b = ConsentFixtures.ledger(store, clock, trail, accounts, bound, nanos, 0);
        assertFalse(b.check(ANA, ANALYTICS).permitted(), "b caches ANA with no consent");
        a.grant(ANA, ANALYTICS, byAna());
        assertTrue(a.check(ANA, ANALYTICS).permitted(), "the writing instance sees it at once");
        nanos.addAndGet(bound.toNanos() - 1);
        assertFalse(b.check(ANA, ANALYTICS).permitted(), "within the bound b may still answer from its cache");
        nanos.addAndGet(1);
        assertTrue(b.check(ANA, ANALYTICS).permitted(), "at the bound b has polled the change feed");
        a.withdraw(ANA, ANALYTICS, byAna());
        nanos.addAndGet(bound.toNanos());
        assertFalse(b.check(ANA, ANALYTICS).permitted());
    }

    @Test
    void twoKitsOnOneStore_realClock_defaultBound() throws Exception {
        InMemoryConsentStore shared = new InMemoryConsentStore();
        // Instances sharing a consent store share its keys: the subject references and the seal key.
        AuditSettings keys = AuditSettings.of(ConsentFixtures.SIGNER, SecretBytes.copyOf(new byte[32]));
        PrivacyKit first = PrivacyKit.builder().audit(keys)
                .stores(InMemoryStores.create()).policies(ConsentFixtures.ARCHIVE).clock(clock).consentStore(shared)
                .consent(ConsentFixtures.settings().withStaleness(Duration.ofMillis(200))).build();
        PrivacyKit second = PrivacyKit.builder().audit(keys)
                .stores(InMemoryStores.create()).policies(ConsentFixtures.ARCHIVE).clock(clock).consentStore(shared)
                .consent(ConsentFixtures.settings().withStaleness(Duration.ofMillis(200))).build();
        assertFalse(second.consent().check(ANA, ANALYTICS).permitted());
        first.consent().grant(ANA, ANALYTICS, byAna());
        Thread.sleep(250);
        assertTrue(second.consent().check(ANA, ANALYTICS).permitted());
    }

    @Test
    void concurrentGrantsWithdrawalsAndChecks_endInTheStateTheLedgerOrderImplies() throws Exception {
        ConsentLedger l = ConsentFixtures.ledger(store, Clock.offset(clock, Duration.ZERO), trail, accounts,
                Duration.ofMillis(1), new AtomicLong(), 0);
        List<SubjectId> subjects = List.of(SubjectId.of("s1"), SubjectId.of("s2"), SubjectId.of("s3"));
        int threads = 4;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    SubjectId s = subjects.get((i + seed) % subjects.size());
                    ConsentProof proof = ConsentProof.of(Actor.subject(s), ConsentChannel.WEB_ACCOUNT)
                            .withEffectiveAt(ConsentFixtures.NOW);
                    switch ((i * 7 + seed) % 3) {
                        case 0 -> l.grant(s, ANALYTICS, proof);
                        case 1 -> l.withdraw(s, ANALYTICS, proof);
                        default -> l.check(s, ANALYTICS);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Map<SubjectId, ConsentEventType> last = new HashMap<>();
        for (ConsentEvent e : store.changesSince(0, 100_000)) {
            last.put(e.subject(), e.type());
        }
        // The store holds subjects by the audit trail's reference.
        List<SubjectId> refs = subjects.stream().map(s -> SubjectId.of(trail.subjectRef(s))).toList();
        long events = store.lastSequence();
        assertEquals(events, store.changesSince(0, 100_000).size(), "no lost event");
        for (int i = 0; i < subjects.size(); i++) {
            SubjectId s = subjects.get(i);
            boolean expected = last.get(refs.get(i)) == ConsentEventType.GRANT;
            assertEquals(expected, l.check(s, ANALYTICS, ConsentFixtures.NOW).permitted(), s.toString());
        }
        assertTrue(trail.verify().intact());
        assertNotEquals(0, events);
    }

    @Test
    void receipt_evenWithEveryCheckAudited_writesNoAuditEntry() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policies(ConsentFixtures.ARCHIVE)
                .clock(clock).consent(ConsentSettings.defaults().withAuditEveryNthCheck(1)).build();
        ConsentEvent grant = kit.consent().grant(ANA, ANALYTICS, byAna());
        long before = kit.audit().verify().entriesChecked();
        ConsentReceipt receipt = kit.consent().receipt(grant.id());
        assertTrue(receipt.json().contains("\"status\":\"CONSENT_GIVEN\""), receipt.json());
        assertTrue(kit.consent().verifyReceipt(receipt));
        assertEquals(before, kit.audit().verify().entriesChecked());
        kit.consent().check(ANA, ANALYTICS);
        assertEquals(before + 1, kit.audit().verify().entriesChecked());
    }

    @Test
    void kit_exposesTheLedger() {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policies(ConsentFixtures.ARCHIVE).clock(clock)
                .consent(ConsentSettings.defaults().withAuditEveryNthCheck(1)).build();
        kit.consent().grant(ANA, ANALYTICS, byAna());
        assertTrue(kit.consent().check(ANA, ANALYTICS).permitted());
        assertEquals(2, kit.audit().verify().entriesChecked());
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withStaleness(Duration.ofHours(2)));
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withAuditEveryNthCheck(-1));
        assertThrows(InvalidInputException.class, () -> ConsentSettings.defaults().withCacheSize(0));
        assertFalse(kit.consent().toString().contains("ana"));
    }
}
