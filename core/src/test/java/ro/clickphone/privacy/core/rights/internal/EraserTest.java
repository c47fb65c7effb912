package ro.clickphone.privacy.core.rights.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.ANA;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.ANALYTICS_COOKIES;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.BOB;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.CONTACT;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.DELIVERY;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.DEVICE;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.FINANCIAL;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.IDENTITY;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.NETWORK;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.SCOPES;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.TRAFFIC;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.VOICEMAIL;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.FAX;
import static ro.clickphone.privacy.core.rights.internal.ErasureFixture.bucharest;
import static ro.clickphone.privacy.core.rights.internal.Eraser.LEGAL_HOLD;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.vault.VaultEntry;

/** Law-aware erasure against the real kit: retention tags, holds, keys, consent evidence, vault, contacts, ledger. */
class EraserTest {

    @TempDir
    Path dir;

    private static final Actor DPO = Actor.staff(Recipient.of("CLICKPHONE_STAFF"), "dpo-1", Set.of("DPO"));

    /** ANA's data at every source, with the tags an operating platform would have. */
    private static ConsentEvent populate(ErasureFixture f) {
        ConsentEvent consent = f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"),
                ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withIpAddress("192.0.2.7")
                        .withUserAgent("Mozilla/5.0"));
        f.kit.retention().tag(ANA, f.billing.add(ANA, "F-1", FINANCIAL), FINANCIAL, bucharest("2024-03-15T12:00"));
        f.billing.add(ANA, "ID-1", IDENTITY);
        f.kit.retention().tag(ANA, f.cdr.add(ANA, "C-1", TRAFFIC), TRAFFIC, f.clock.instant());
        f.cdr.add(ANA, "N-1", NETWORK);
        f.profile.add(ANA, "P-1", CONTACT);
        f.kit.retention().tag(ANA, f.profile.add(ANA, "D-1", DEVICE), DEVICE, f.clock.instant());
        f.media.add(ANA, "V-1", VOICEMAIL);
        f.kit.retention().tag(ANA, f.web.add(ANA, "A-1", ANALYTICS_COOKIES), ANALYTICS_COOKIES, f.clock.instant());
        f.profile.add(BOB, "P-2", CONTACT);
        f.stores.tokenVault().putIfAbsent(new VaultEntry("partner_export", "tok-00000001", "a".repeat(32), ANA,
                new byte[] {1, 2, 3}));
        return consent;
    }

    private static CategoryOutcome outcome(Map<String, List<CategoryOutcome>> outcomes, String source,
            DataCategory category) {
        return outcomes.get(source).stream().filter(o -> o.category().equals(category)).findFirst().orElseThrow();
    }

    /**
     * An archive of ANA's, holding an invoice (AF-1) and a voicemail (AV-1), that declares only the
     * capabilities given.
     */
    private static SubjectSource archive(SourceCapability... declared) {
        SubjectSource archive = new SubjectSource("archive", FINANCIAL, VOICEMAIL);
        archive.capabilities = EnumSet.copyOf(List.of(declared));
        archive.add(ANA, "AF-1", FINANCIAL);
        archive.add(ANA, "AV-1", VOICEMAIL);
        return archive;
    }

    /** Adds a record of ANA's tagged with its own category now and with FINANCIAL as an invoice of 2024. */
    private static void tagAlsoFinancial(ErasureFixture f, SubjectSource source, String id, DataCategory category) {
        RecordRef record = source.add(ANA, id, category);
        f.kit.retention().tag(ANA, record, FINANCIAL, bucharest("2024-03-15T12:00"));
        f.kit.retention().tag(ANA, record, category, f.clock.instant());
    }

    private static Set<String> names(Set<KeyScope> scopes) {
        return scopes.stream().map(KeyScope::name).collect(Collectors.toSet());
    }

    @Test
    void keepsWhatAnObligationKeeps_restrictedWithGroundAndLastDay_andErasesTheRest() {
        ErasureFixture f = new ErasureFixture(dir);
        ConsentEvent consent = populate(f);
        Map<String, String> ciphertexts = f.encryptEverywhere(ANA);
        RequestRecord request = f.request(ANA);

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, plan);

        CategoryOutcome invoice = outcome(outcomes, "billing", FINANCIAL);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, invoice.kind());
        assertEquals(1, invoice.records());
        assertEquals(Optional.of("FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)"), invoice.legalGround());
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), invoice.until());
        assertEquals(Optional.of("FINANCIAL_RECORDS"), f.billing.get("F-1").orElseThrow().ground());
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), f.billing.get("F-1").orElseThrow().until());

        CategoryOutcome cdr = outcome(outcomes, "cdr", TRAFFIC);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, cdr.kind());
        assertTrue(cdr.legalGround().orElseThrow().startsWith("ANCOM_CONTRACT_END (ANCOM decisions and laws)"));
        assertTrue(cdr.legalGround().orElseThrow().contains("contract-end"), "waits for the contract's end");
        assertEquals(Optional.empty(), cdr.until(), "no last day while the contract runs");
        assertEquals(Optional.of("ANCOM_CONTRACT_END"), f.cdr.get("C-1").orElseThrow().ground());

        CategoryOutcome device = outcome(outcomes, "profile", DEVICE);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, device.kind());
        assertEquals(Optional.of("CONTRACT_DURATION: still necessary for the contract, not a legal obligation; kept until"
                + " contract-end is recorded, then for the rule's period"), device.legalGround(),
                "a rule the contract needs is no art. 17(3) exception");

        // Untagged records of a category whose rule is a legal obligation are kept: their last day is unknown.
        CategoryOutcome identity = outcome(outcomes, "billing", IDENTITY);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, identity.kind(), "the name on an invoice is kept with it");
        assertEquals(Optional.of("FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015); untagged, last day unknown"),
                identity.legalGround());
        assertEquals(Optional.empty(), identity.until());
        assertEquals(Optional.of("FINANCIAL_RECORDS"), f.billing.get("ID-1").orElseThrow().ground());
        assertEquals(OutcomeKind.KEPT_RESTRICTED, outcome(outcomes, "cdr", NETWORK).kind(), "ANCOM, contract running");
        assertEquals(Optional.of("ANCOM_CONTRACT_END (ANCOM decisions and laws); untagged, last day unknown"),
                outcome(outcomes, "cdr", NETWORK).legalGround());
        assertEquals(OutcomeKind.KEPT_RESTRICTED, outcome(outcomes, "profile", CONTACT).kind());
        // Untagged records of a rule the contract needs (no legal obligation) are erased.
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "media", VOICEMAIL).kind());
        assertEquals(OutcomeKind.NONE, outcome(outcomes, "media", FAX).kind());
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "web", ANALYTICS_COOKIES).kind(),
                "a consent-bound tag keeps nothing against an erasure request");
        assertTrue(f.profile.get("P-2").isPresent(), "another subject's record stays");

        ErasureFinish finish = f.eraser.finish(request, plan);
        assertEquals(Set.of("media", "delivery", "credentials"), names(finish.shredded()));
        assertEquals(Set.of("fiscal", "traffic", "device", "profile"), names(finish.keptScopes().keySet()));
        assertTrue(finish.whyKept(KeyScope.of("traffic")).orElseThrow().contains("ANCOM_CONTRACT_END"));
        assertTrue(finish.whyKept(KeyScope.of("profile")).orElseThrow().contains("untagged"));
        for (String scope : SCOPES) {
            boolean shredded = finish.shredded().contains(KeyScope.of(scope));
            assertEquals(shredded, f.stores.subjectKeys().isDestroyed(ANA, KeyScope.of(scope)), scope);
            if (shredded) {
                // The kit's key cache was swept: the destroyed key does not keep decrypting from memory.
                assertThrows(KeyDestroyedException.class,
                        () -> f.kit.fields().decrypt(ANA, f.context(scope), ciphertexts.get(scope)), scope);
            } else {
                assertEquals("value-of-" + scope, f.kit.fields().decrypt(ANA, f.context(scope), ciphertexts.get(scope)));
            }
        }
        assertFalse(finish.consentEvidenceShredded(), "the consent evidence is under traffic, which ANCOM data keeps");
        assertTrue(finish.consentEvidence().startsWith("not shredded: its key scope traffic was kept"));
        assertTrue(f.kit.consent().evidence(DPO, ANA, consent.id()).network().isPresent(), "still readable");
        assertTrue(finish.statements().contains(ErasureFinish.PSEUDONYMS_STATEMENT));
        // The vault holds TRAFFIC (and NETWORK, DEVICE) tokens, kept under ANCOM: it stays, and the answer says so.
        assertFalse(finish.vaultErased());
        assertEquals(0, finish.vaultEntriesDeleted());
        assertTrue(f.stores.tokenVault().findByToken("partner_export", "tok-00000001").isPresent());
        assertTrue(finish.statements().stream().anyMatch(st -> st.startsWith("Your token-vault mappings were kept (")
                && st.contains("can still be turned back into your data")), finish.statements().toString());
        // CONTACT is kept under ANCOM: so is the directory entry, and the answer says why.
        assertFalse(finish.contactsRemoved());
        assertTrue(f.stores.contacts().find(ANA).isPresent());
        assertTrue(finish.statements().stream().anyMatch(st -> st.startsWith("Your notification contacts were kept")
                && st.contains("Notices the law requires")), finish.statements().toString());
        assertFalse(finish.ledgerAppended(), "applyAt wrote the entry ahead");
        assertEquals(1, f.ledger.since(Instant.EPOCH, Optional.empty(), 10).size());
        assertEquals(3, f.audited("rights.erasure.shred").size(), "each destruction audited");
        assertEquals(5, f.audited("rights.erasure.source").size());
    }

    @Test
    void thePseudonymStatement_saysCopiesAreOutsideOurSystems_yetNotAnonymousToTheController() {
        String s = ErasureFinish.PSEUDONYMS_STATEMENT;
        assertFalse(s.contains("cannot be linked back"), "the controller keeps the keys: that would overclaim");
        assertTrue(s.contains("cannot find or erase them by your identity"));
        assertTrue(s.contains("not anonymous"));
        assertTrue(s.contains("network prefix"));
        assertFalse(s.contains("art. 19"), "whether recipients were told is said apart, only when they were");
        assertTrue(ErasureFinish.RECIPIENTS_TOLD_STATEMENT.contains("art. 19"));
        assertTrue(ErasureFinish.vaultStatement(Optional.empty()).contains("can no longer be turned back"));
    }

    @Test
    void withNoObligationLeft_everythingIsErased_everyScopeShredded_andTheConsentEvidenceWithIt() {
        ErasureFixture f = new ErasureFixture(dir);
        ConsentEvent consent = f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"),
                ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withIpAddress("192.0.2.7"));
        // An invoice older than ten years, and call records of a contract that ended more than three years ago.
        f.kit.retention().tag(ANA, f.billing.add(ANA, "F-0", FINANCIAL), FINANCIAL, bucharest("2013-05-01T12:00"));
        f.kit.retention().tag(ANA, f.cdr.add(ANA, "C-1", TRAFFIC), TRAFFIC, f.clock.instant());
        f.kit.retention().tag(ANA, f.profile.add(ANA, "D-1", DEVICE), DEVICE, f.clock.instant());
        f.kit.retention().recordEvent(ANA, "contract-end", LocalDate.of(2026, 3, 5));
        f.profile.add(ANA, "P-1", CONTACT);
        f.clock.set(bucharest("2029-07-02T10:00"));
        Map<String, String> ciphertexts = f.encryptEverywhere(ANA);
        RequestRecord request = f.request(ANA);

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);

        outcomes.values().stream().flatMap(List::stream).forEach(o -> assertTrue(
                o.kind() == OutcomeKind.ERASED || o.kind() == OutcomeKind.NONE, o.toString()));
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "billing", FINANCIAL).kind(), "ten years are over");
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "cdr", TRAFFIC).kind(), "three years after the contract");
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "profile", DEVICE).kind());
        assertEquals(Set.copyOf(SCOPES), names(finish.shredded()), "no kept record needs any scope");
        assertTrue(finish.keptScopes().isEmpty());
        for (String scope : SCOPES) {
            assertThrows(KeyDestroyedException.class,
                    () -> f.kit.fields().decrypt(ANA, f.context(scope), ciphertexts.get(scope)), scope);
        }
        assertTrue(finish.consentEvidenceShredded());
        assertTrue(finish.consentEvidence().startsWith("shredded with key scope traffic"));
        assertEquals(Optional.empty(), f.kit.consent().evidence(DPO, ANA, consent.id()).network(),
                "the ledger's personal evidence is gone with its key; the sealed event stays and still opens");
        assertEquals(0L, f.sources().stream().map(SubjectSource.class::cast).mapToLong(
                s -> s.snapshot().values().stream().filter(r -> r.subject().equals(ANA)).count()).sum());
    }

    @Test
    void theConsentEvidence_isShreddedUnderTheLedgersOwnScope_andNoSealedEventIsRewritten() {
        ErasureFixture f = new ErasureFixture(dir);
        ConsentEvent consent = f.kit.consent().grant(ANA, Purpose.of("ANALYTICS"),
                ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withIpAddress("192.0.2.7")
                        .withUserAgent("Mozilla/5.0"));
        ConsentEvent stored = f.stores.consent().find(consent.id()).orElseThrow();
        String encrypted = stored.evidence().encrypted().orElseThrow();
        assertFalse(encrypted.contains("192.0.2.7"));
        f.kit.retention().recordEvent(ANA, "contract-end", LocalDate.of(2022, 1, 10));
        RequestRecord request = f.request(ANA);

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        // The eraser's evidence scope is the one the ledger encrypted under (one constant, KitContexts).
        assertEquals(ErasureParts.CONSENT_EVIDENCE_CATEGORY.id(),
                ro.clickphone.privacy.core.internal.KitContexts.CONSENT_EVIDENCE_CATEGORY);
        assertEquals(encrypted.substring(0, encrypted.indexOf(':')), plan.consentEvidenceScope().orElseThrow().name(),
                "the plan shreds the scope the ledger's evidence is encrypted under");
        f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);

        assertTrue(finish.consentEvidenceShredded(), finish.consentEvidence());
        assertEquals(Optional.empty(), f.kit.consent().evidence(DPO, ANA, consent.id()).network());
        assertEquals(stored, f.stores.consent().find(consent.id()).orElseThrow(), "the sealed event is not rewritten");
        assertEquals(List.of(stored), f.stores.consent().eventsOf(stored.subject()), "nor added to, nor removed");
        var reconciled = f.kit.consent().reconcileWithAudit();
        assertTrue(reconciled.intact(), reconciled.toString());
        assertTrue(reconciled.entriesChecked() >= 1);
        assertTrue(f.kit.consent().verifyReceipt(f.kit.consent().receipt(consent.id())),
                "what proves lawful past processing still verifies");
    }

    @Test
    void aLegalHoldOnTheSubject_keepsEverythingHeld_andNoKeyIsDestroyed() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        f.kit.retention().hold(HoldScope.subject(ANA), "Investigation", "Dosar 123/2026");
        RequestRecord request = f.request(ANA);

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);

        for (DataCategory held : List.of(FINANCIAL, IDENTITY)) {
            CategoryOutcome o = outcome(outcomes, "billing", held);
            assertEquals(OutcomeKind.KEPT_RESTRICTED, o.kind(), held.id());
            assertTrue(o.legalGround().orElseThrow().startsWith("LEGAL_HOLD"));
            assertEquals(Optional.empty(), o.until());
        }
        assertEquals(OutcomeKind.KEPT_RESTRICTED, outcome(outcomes, "profile", CONTACT).kind(), "untagged, but held");
        assertEquals(Optional.of("LEGAL_HOLD"), f.profile.get("P-1").orElseThrow().ground());
        // Consent-bound cookies are not extended by holds (the policy says so): erased.
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "web", ANALYTICS_COOKIES).kind());
        assertTrue(finish.shredded().isEmpty(), "a hold on the subject keeps every key");
        for (String scope : SCOPES) {
            assertFalse(f.stores.subjectKeys().isDestroyed(ANA, KeyScope.of(scope)), scope);
        }
    }

    @Test
    void aHoldPlacedBetweenThePlanAndTheFinish_keepsItsScope() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        assertTrue(plan.shred().contains(KeyScope.of("media")));
        f.kit.retention().hold(HoldScope.category(VOICEMAIL), "Investigation", "Dosar 9/2026");

        ErasureFinish finish = f.eraser.finish(request, plan);

        assertFalse(finish.shredded().contains(KeyScope.of("media")));
        assertTrue(finish.whyKept(KeyScope.of("media")).orElseThrow().contains("legal hold"));
        assertFalse(f.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("media")));
    }

    @Test
    void aRecordAnObligationKeeps_addedAtASourceAfterThePlan_keepsItsScope_whenTheSourcesAreCheckedAgain() {
        ErasureFixture f = new ErasureFixture(dir);
        SubjectId carol = SubjectId.of("acct-2001");
        f.contractEndedLongAgo(carol);
        f.profile.add(carol, "P-9", CONTACT);
        f.encryptEverywhere(carol);
        RequestRecord request = f.request(carol);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        assertTrue(plan.shred().contains(KeyScope.of("fiscal")), "nothing keeps fiscal data when the plan is made");
        // An invoice's identity data arrives at billing before the erasure completes, not yet tagged: its
        // ten financial years are not over, so it must be kept, and the key it is encrypted under with it.
        f.billing.add(carol, "ID-9", IDENTITY);

        ErasureFinish finish = f.eraser.finish(request, plan, f.sources());

        assertFalse(finish.shredded().contains(KeyScope.of("fiscal")), finish.toString());
        assertTrue(finish.whyKept(KeyScope.of("fiscal")).orElseThrow().contains("billing"),
                finish.whyKept(KeyScope.of("fiscal")).toString());
        assertFalse(f.stores.subjectKeys().isDestroyed(carol, KeyScope.of("fiscal")));
        assertTrue(finish.shredded().contains(KeyScope.of("media")), "the scopes nothing keeps still go");
    }

    @Test
    void aRequestNamingSomeCategories_shredsOnlyScopesItCoversWhole_removesContactsWhenItNamesContact_keepsTheVault() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        f.contractEndedLongAgo(ANA);
        f.encryptEverywhere(ANA);
        RequestRecord request = f.request(ANA, VOICEMAIL, CONTACT, DataCategory.of("SERVICE_ADDRESS"));

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);

        assertEquals(List.of(VOICEMAIL), outcomes.get("media").stream().map(CategoryOutcome::category).toList());
        assertEquals(OutcomeKind.ERASED, outcome(outcomes, "profile", CONTACT).kind(), "the ANCOM term is over");
        assertTrue(outcomes.get("billing").isEmpty(), "out of scope");
        assertTrue(f.billing.get("ID-1").isPresent());
        assertEquals(Set.of("profile"), names(finish.shredded()), "profile's categories are all named");
        assertEquals("the request does not cover all of its categories",
                finish.whyKept(KeyScope.of("media")).orElseThrow(), "FAX shares media");
        assertTrue(finish.contactsRemoved(), "CONTACT is named and nothing keeps it");
        assertTrue(f.stores.contacts().find(ANA).isEmpty());
        assertFalse(finish.vaultErased(), "TRAFFIC is not named");
        assertTrue(f.stores.tokenVault().findByToken("partner_export", "tok-00000001").isPresent());
        assertTrue(finish.statements().contains("Your notification contacts were removed."));
    }

    @Test
    void aSourceWithoutFind_keepsUntaggedDataOfAnObligation_andErasesDataTheContractAloneNeeded() {
        ErasureFixture f = new ErasureFixture(dir);
        SubjectSource archive = archive(SourceCapability.ERASE, SourceCapability.RESTRICT);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, List.of(archive));

        List<CategoryOutcome> outcomes = f.eraser.applyAt(archive, request, plan);

        assertTrue(archive.get("AF-1").isPresent(), "it cannot say there are no untagged invoices: kept");
        assertEquals(Optional.of("FINANCIAL_RECORDS"), archive.get("AF-1").orElseThrow().ground());
        assertTrue(outcomes.get(0).legalGround().orElseThrow().contains("no FIND"));
        assertFalse(archive.get("AV-1").isPresent());
        assertTrue(plan.keptScopes().containsKey(KeyScope.of("fiscal")));
    }

    // Without FIND the eraser cannot know that a source holds nothing of a category: it never says NONE for
    // a kept category there (a repeat, whose restriction changes nothing, used to report NONE).
    @Test
    void aSourceWithoutFind_neverReportsAKeptCategoryAsHoldingNothing() {
        ErasureFixture f = new ErasureFixture(dir);
        SubjectSource archive = archive(SourceCapability.ERASE, SourceCapability.RESTRICT);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, List.of(archive));

        f.eraser.applyAt(archive, request, plan);
        List<CategoryOutcome> again = f.eraser.applyAt(archive, request, plan);

        CategoryOutcome financial = again.stream().filter(o -> o.category().equals(FINANCIAL)).findFirst()
                .orElseThrow();
        assertEquals(OutcomeKind.KEPT_RESTRICTED, financial.kind(), "the archive may still hold invoices");
        assertTrue(financial.legalGround().orElseThrow().contains("how many records is unknown"),
                financial.toString());
        assertTrue(again.stream().map(CategoryOutcome::category).allMatch(archive.categories()::contains),
                "no category the source does not hold");
    }

    @Test
    void aRecordAlsoTaggedFinancial_keepsItsFloor_evenWhenAConsentRuleGovernsIt() {
        ErasureFixture f = new ErasureFixture(dir);
        tagAlsoFinancial(f, f.web, "W-1", ANALYTICS_COOKIES);
        f.kit.fields().encrypt(ANA, f.context("fiscal"), "x");
        RequestRecord request = f.request(ANA);

        ErasurePlan plan = f.eraser.plan(request, f.sources());
        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, plan);
        ErasureFinish finish = f.eraser.finish(request, plan);

        CategoryOutcome o = outcome(outcomes, "web", ANALYTICS_COOKIES);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, o.kind());
        assertEquals(Optional.of("FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)"), o.legalGround());
        assertEquals(Optional.of(LocalDate.of(2034, 12, 31)), o.until());
        assertTrue(f.web.get("W-1").isPresent());
        assertEquals(Optional.of("FINANCIAL_RECORDS"), f.web.get("W-1").orElseThrow().ground());
        assertFalse(finish.shredded().contains(KeyScope.of("fiscal")), "the floor's key scope is needed");
        assertFalse(f.stores.subjectKeys().isDestroyed(ANA, KeyScope.of("fiscal")));
    }

    @Test
    void aPendingContractTagWithAFinancialFloor_citesBothGrounds() {
        ErasureFixture f = new ErasureFixture(dir);
        tagAlsoFinancial(f, f.billing, "O-1", DELIVERY);
        RequestRecord request = f.request(ANA);

        Map<String, List<CategoryOutcome>> outcomes = f.applyAll(request, f.eraser.plan(request, f.sources()));

        CategoryOutcome o = outcome(outcomes, "billing", DELIVERY);
        assertEquals(OutcomeKind.KEPT_RESTRICTED, o.kind());
        assertEquals(Optional.of("DELIVERY_WARRANTY: still necessary for the contract, not a legal obligation; kept until"
                + " warranty-end is recorded, then for the rule's period; at least until 2034-12-31 under"
                + " FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)"), o.legalGround());
    }

    @Test
    void aHoldPlacedAfterThePlan_stopsApplyAtFromErasingWhatItHolds() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        assertTrue(plan.of("media").erase().contains(VOICEMAIL));
        f.kit.retention().hold(HoldScope.category(VOICEMAIL), "Investigation", "Dosar 9/2026");

        List<CategoryOutcome> outcomes = f.eraser.applyAt(f.media, request, plan);

        assertTrue(f.media.get("V-1").isPresent(), "the hold keeps it");
        assertEquals(Optional.of(LEGAL_HOLD), f.media.get("V-1").orElseThrow().ground());
        CategoryOutcome voicemail = outcomes.stream().filter(o -> o.category().equals(VOICEMAIL)).findFirst().orElseThrow();
        assertEquals(OutcomeKind.KEPT_RESTRICTED, voicemail.kind());
    }

    @Test
    void aSourceWithoutErase_stillRestrictsWhatIsKept_thenRefuses() {
        ErasureFixture f = new ErasureFixture(dir);
        SubjectSource archive = archive(SourceCapability.FIND, SourceCapability.RESTRICT);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, List.of(archive));

        assertThrows(InvalidInputException.class, () -> f.eraser.applyAt(archive, request, plan));

        assertEquals(Optional.of("FINANCIAL_RECORDS"), archive.get("AF-1").orElseThrow().ground(), "restricted first");
        assertTrue(archive.get("AV-1").isPresent(), "nothing it cannot do was attempted");
    }

    // The issue: erasure clears blind-index and deterministic columns through the sources. A source that
    // cannot erase keeps them; the answer must say so, never claim them cleared.
    @Test
    void aSourceWithoutErase_saysItsDataAndItsSearchableColumnsRemain() {
        ErasureFixture f = new ErasureFixture(dir);
        InMemoryPersonalDataSource data = new InMemoryPersonalDataSource("voicemail.archive", Set.of(VOICEMAIL, FAX))
                .searchable(VOICEMAIL, "caller");
        data.add("AV-1", ANA, VOICEMAIL, Map.of("caller", "0721234567"));
        PersonalDataSource archive = data.withoutExportAndErase();
        f.profile.add(ANA, "P-1", CONTACT);
        f.contractEndedLongAgo(ANA);
        RequestRecord request = f.request(ANA);
        List<PersonalDataSource> sources = new java.util.ArrayList<>(f.sources());
        sources.add(archive);
        ErasurePlan plan = f.eraser.plan(request, sources);

        Eraser.EraseNotSupportedException refused = assertThrows(Eraser.EraseNotSupportedException.class,
                () -> f.eraser.applyAt(archive, request, plan));
        assertEquals(Set.of(VOICEMAIL), refused.remaining(), "FAX: the archive holds none of ANA's");
        String statement = refused.statement().orElseThrow();
        assertTrue(statement.contains("VOICEMAIL data at voicemail.archive was not erased"), statement);
        assertTrue(statement.contains("blind indexes") && statement.contains("deterministic"), statement);
        assertTrue(statement.contains("cannot reach them"), statement);
        assertFalse(statement.contains(ANA.value()) || refused.getMessage().contains(ANA.value()));
        assertTrue(refused.getMessage().contains("searchable columns"));
        for (PersonalDataSource s : f.sources()) {
            f.eraser.applyAt(s, request, plan);
        }
        ErasureFinish finish = f.eraser.finish(request, plan, sources);

        assertTrue(finish.statements().contains(statement), finish.statements().toString());
        assertEquals(Set.of(RecordRef.of("voicemail.archive", "AV-1")),
                data.findBySearchable(VOICEMAIL, "caller", "0721234567"),
                "what the statement says: the archive's blind index still finds the record");
        assertEquals("REMAIN", f.audited("rights.erasure.source").stream()
                .filter(r -> "voicemail.archive".equals(r.details().get("source"))).findFirst().orElseThrow()
                .details().get("searchableColumns"));
        // A source that can erase clears its column through erase (the spi contract checks it): no such statement.
        assertTrue(finish.statements().stream().noneMatch(st -> st.contains("at profile")));
    }

    @Test
    void applyAtAndFinish_areIdempotent() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        f.contractEndedLongAgo(ANA);
        f.encryptEverywhere(ANA);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());

        Map<String, List<CategoryOutcome>> first = f.applyAll(request, plan);
        ErasurePlan again = f.eraser.plan(request, f.sources());
        assertEquals(plan.sources(), again.sources(), "planning again after a crash gives the same plan");
        Map<String, List<CategoryOutcome>> second = f.applyAll(request, again);
        ErasureFinish one = f.eraser.finish(request, plan);
        ErasureFinish two = f.eraser.finish(request, plan);

        assertEquals(OutcomeKind.ERASED, outcome(first, "profile", CONTACT).kind());
        assertEquals(OutcomeKind.NONE, outcome(second, "profile", CONTACT).kind(), "nothing left to erase");
        assertEquals(outcome(first, "billing", FINANCIAL), outcome(second, "billing", FINANCIAL),
                "kept data is reported the same");
        assertTrue(one.keyVersionsDestroyed() > 0);
        assertEquals(0, two.keyVersionsDestroyed());
        assertEquals(one.shredded(), two.shredded());
        assertFalse(one.ledgerAppended(), "written ahead by the first applyAt");
        assertFalse(two.ledgerAppended());
        assertEquals(1, f.ledger.since(Instant.EPOCH, Optional.empty(), 10).size());
        assertEquals(one.shredded().size(), f.audited("rights.erasure.shred").size(), "a repeat audits no shred");
    }

    @Test
    void pendingNotificationsOfTheErasedSubject_areNeverDelivered() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        f.contractEndedLongAgo(ANA);
        String queued = f.kit.notifications().send(NotificationType.of("MISSED_CALL"), ANA,
                ro.clickphone.privacy.core.notify.NotifyFixture.payload("MISSED_CALL")).id();
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        f.applyAll(request, plan);
        f.eraser.finish(request, plan);

        assertEquals(1, f.kit.notifications().dispatchPending().dead());
        assertTrue(f.channel.deliveries().isEmpty(), "never sent");
        String reason = f.kit.notifications().status(queued).orElseThrow().reason().orElseThrow();
        assertTrue(Set.of("no-address", "key-destroyed").contains(reason), reason);
    }

    @Test
    void withoutAnErasureLedger_erasureIsRefusedAtThePlan() {
        ErasureFixture f = new ErasureFixture(Instant.parse("2026-03-05T10:00:00Z"),
                new ErasureFixture(dir).keys, new ro.clickphone.privacy.spi.memory.InMemoryErasureLedger(),
                ro.clickphone.privacy.spi.SecretBytes.random(32, new java.security.SecureRandom()),
                parts -> new ErasureParts(parts.policy(), parts.clock(), parts.audit(), parts.retention(), parts.keys(),
                        parts.vault(), parts.contacts(), null, null, parts.consentEvidenceCategory()));
        populate(f);
        RequestRecord request = f.request(ANA);
        assertThrows(ConfigurationException.class, () -> f.eraser.plan(request, f.sources()));
        assertThrows(ConfigurationException.class, () -> f.eraser.reapply(Instant.EPOCH, f.sources()));
        assertTrue(f.profile.get("P-1").isPresent(), "nothing erased");
    }

    @Test
    void aPlanServesItsOwnRequestOnly_andOnlyErasureRequests() {
        ErasureFixture f = new ErasureFixture(dir);
        populate(f);
        RequestRecord request = f.request(ANA);
        ErasurePlan plan = f.eraser.plan(request, f.sources());
        RequestRecord other = f.request(ANA);
        assertThrows(InvalidInputException.class, () -> f.eraser.applyAt(f.profile, other, plan));
        assertThrows(InvalidInputException.class, () -> f.eraser.finish(other, plan));
        assertTrue(f.profile.get("P-1").isPresent());
    }
}
