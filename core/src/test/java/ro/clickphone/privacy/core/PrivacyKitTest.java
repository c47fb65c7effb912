package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import java.util.Map;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.core.notify.SendStatus;
import ro.clickphone.privacy.core.notify.SendResult;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.notify.LoggingChannel;
import ro.clickphone.privacy.core.notify.DispatchReport;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.access.AccessDecision;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.access.AccessReason;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.consent.ConsentReceipt;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RecordOfProcessing;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.mask.Masking;
import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.DeterministicField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryConsentStore;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;

class PrivacyKitTest {

    private static final Policy POLICY = Policy.clickPhoneDefault();
    private static final Clock MARCH_2026 = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void build_withPolicyAndClock_givesThePolicyInForce() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).clock(MARCH_2026).build();
        assertSame(POLICY, kit.policy());
        assertSame(MARCH_2026, kit.clock());
        assertEquals(1, kit.policies().versions().size());
    }

    @Test
    void quickstart_fromTheReadme_compilesAndRuns() {
        // Mirrors the README quickstart: a policy-only kit, no stores.
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC())
                .build();
        PurposeDefinition marketing = kit.policy().purpose(Purpose.of("MARKETING"));
        boolean needsConsent = marketing.requiresConsent();
        String record = RecordOfProcessing.from(kit.policy()).toMarkdown();
        assertTrue(needsConsent);
        assertTrue(record.contains("(`MARKETING`)"), "the record of processing lists the purposes");
    }

    @Test
    void quickstart_accessAndAudit_fromTheReadme() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault())
                .accessPolicy(AccessPolicy.builder().grant("SUPPORT", Purpose.of("SERVICE_PROVISION"))
                        .grantAs(Recipient.of("DISPATCHER"), "DISPATCH", Purpose.of("SERVICE_PROVISION")).build())
                .accountDirectory(new InMemoryAccountDirectory().assign(SubjectId.of("acct-1042"), "pbx-42"))
                .build();

        Actor courier = Actor.processor(Recipient.of("COURIER"), "courier-ro");
        AccessDecision decision = kit.access().check(courier, SubjectId.of("acct-1042"),
                DataCategory.of("DELIVERY"), Purpose.of("SHIPPING"));
        boolean intact = kit.audit().verify().intact();
        assertTrue(decision.permitted());
        assertTrue(intact);

        SubjectId ana = SubjectId.of("acct-1042");
        kit.access().designate(Actor.subject(ana), Designation.of(ana, Recipient.of("INTEGRATION_PARTNER"),
                "crm-vendor"));
        Actor crm = Actor.processor(Recipient.of("INTEGRATION_PARTNER"), "crm-vendor");
        Actor dispatcher = Actor.staff(Recipient.of("DISPATCHER"), "disp-07", Set.of("DISPATCH"), Set.of("pbx-42"));
        AccessDecision partner = kit.access().check(crm, ana, DataCategory.of("TRAFFIC"), Purpose.of("SERVICE_PROVISION"));
        AccessDecision assisted = kit.access().check(dispatcher, ana, DataCategory.of("TRAFFIC"), Purpose.of("SERVICE_PROVISION"));
        assertEquals(AccessReason.DESIGNATED_PARTNER, partner.reason());
        assertEquals(AccessReason.ASSISTED_ACCOUNT, assisted.reason());
    }

    @Test
    void quickstart_consent_fromTheReadme() {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).build();
        SubjectId ana = SubjectId.of("acct-1042");
        ConsentProof proof = ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT)
                .withFormId("newsletter-signup");
        ConsentEvent grant = kit.consent().grant(ana, Purpose.of("MARKETING"), proof);
        ConsentDecision decision = kit.consent().check(ana, Purpose.of("MARKETING"));
        ConsentReceipt receipt = kit.consent().receipt(grant.id());
        kit.consent().withdraw(ana, Purpose.of("MARKETING"), proof);
        assertEquals(ConsentReason.CONSENT_GIVEN, decision.reason());
        assertTrue(kit.consent().verifyReceipt(receipt));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, kit.consent().check(ana, Purpose.of("MARKETING")).reason());
    }

    // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți" (the CDR); "pe o perioadă de 10 ani
    // de la sfârșitul anului financiar curent" (the invoice).
    @Test
    void quickstart_retention_fromTheReadme() {
        // --- README ---
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create())
                .source(new InMemoryPersonalDataSource("billing", Set.of(DataCategory.of("FINANCIAL"))))
                .source(new InMemoryPersonalDataSource("cdr", Set.of(DataCategory.of("TRAFFIC"))))
                .build();
        SubjectId ana = SubjectId.of("acct-1042");
        RetentionTag invoice = kit.retention().tag(ana, RecordRef.of("billing", "inv-2024-0042"),
                DataCategory.of("FINANCIAL"), Instant.parse("2024-03-15T10:00:00Z"));   // due 2035-01-01
        RecordRef call = RecordRef.of("cdr", "call-77");
        kit.retention().tag(ana, call, DataCategory.of("TRAFFIC"), Instant.parse("2025-03-01T08:00:00Z"));  // pending
        int resolved = kit.retention().recordEvent(ana, "contract-end", LocalDate.of(2025, 6, 30));  // due 2028-07-01
        LegalHold hold = kit.retention().hold(HoldScope.subject(ana), "ANCOM inquiry", "case 2026/117");  // audited
        kit.retention().release(hold.id());                                       // due again at once if overdue
        SweepReport report = kit.retention().sweep(SweepOptions.defaults());      // returned and audited
        int invoicesDeleted = report.count(DataCategory.of("FINANCIAL"), DisposalAction.DELETE);
        // --- end ---
        assertEquals(Optional.of(LocalDate.of(2035, 1, 1)), invoice.dueOn());
        assertEquals(1, resolved);
        assertEquals(Optional.of(LocalDate.of(2028, 7, 1)), kit.retention().tagOf(call).orElseThrow().dueOn());
        assertTrue(kit.retention().activeHolds().isEmpty());
        assertFalse(report.dryRun());
        if (LocalDate.now(kit.clock()).isBefore(LocalDate.of(2035, 1, 1))) {
            assertEquals(0, invoicesDeleted, "the invoice is kept through 2034-12-31");
        }
    }

    @Test
    void quickstart_notifications_fromTheReadme(@TempDir Path dir) {
        Path path = dir.resolve("kek.p12");
        char[] password = "pw".toCharArray();
        Pkcs12KeyEncryptionKeyProvider.create(path, password, "clickphone-kek");
        // --- README ---
        Stores stores = InMemoryStores.create();
        SubjectId ana = SubjectId.of("acct-1042");
        stores.contacts().put(ana, new SubjectContacts(Map.of(Medium.EMAIL, "ana@example.ro"), "ro"));
        try (PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(stores)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(path, password, "clickphone-kek")))
                .channel(new LoggingChannel())     // development only: SmtpChannel, MailboxChannel in notify-mail
                .notifications(NotificationSettings.defaults().withAutoStart(false))   // deliver on demand
                .build()) {
            SendResult missed = kit.notifications().send(NotificationType.of("MISSED_CALL"), ana,
                    Map.of("callerNumber", "+40721234567", "calledNumber", "+40311234567",
                            "calledAt", Instant.parse("2026-03-16T09:30:00Z")));          // QUEUED, sealed in the outbox
            SendResult offer = kit.notifications().send(NotificationType.of("MARKETING_OFFER"), ana,
                    Map.of("title", "Minute nelimitate", "text", "50 lei pe lună"));      // SUPPRESSED: NO_CONSENT
            DispatchReport pass = kit.notifications().dispatchPending();                  // 1 delivered, audited
            // --- end ---
            assertEquals(SendStatus.QUEUED, missed.status());
            assertEquals(SendStatus.SUPPRESSED, offer.status());
            assertEquals(Optional.of(ConsentReason.NO_CONSENT), offer.reason());
            assertEquals(1, pass.delivered());
        }
    }

    @Test
    void quickstart_rights_fromTheReadme(@TempDir Path exports) throws Exception {
        // --- README ---
        SubjectId ana = SubjectId.of("acct-1042");
        InMemoryPersonalDataSource devices = new InMemoryPersonalDataSource("devices", Set.of(DataCategory.of("DEVICE")));
        InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(DataCategory.of("FINANCIAL")));
        devices.add("dev-1", ana, DataCategory.of("DEVICE"), Map.of("hardware_model", "Yealink T46U"));
        billing.add("inv-1", ana, DataCategory.of("FINANCIAL"), Map.of("invoice", "F-2026-0131"));
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create())
                .source(devices).source(billing)    // your systems of record, each declaring what it can do
                .rights(RightsSettings.defaults()   // the default verifier passes requests made in the account
                        .withErasureLedger(new InMemoryErasureLedger()))   // apart from the stores: a file, another DB
                .build();
        Instant received = Instant.parse("2026-01-31T10:00:00Z");
        kit.retention().tag(ana, RecordRef.of("billing", "inv-1"), DataCategory.of("FINANCIAL"), received);

        RequestRecord access = kit.rights().submit(RightsRequest.access(ana, RequestChannel.CUSTOMER_ACCOUNT, received));
        LocalDate due = access.due();                                 // 2026-03-02: 28 February is a Saturday
        kit.rights().verify(access.id());                             // VERIFIED
        kit.rights().process(access.id(), ExportDelivery.toDirectory(exports));   // COMPLETED: <exports>/<id>.json

        RequestRecord erasure = kit.rights().submit(RightsRequest.erasure(ana, RequestChannel.CUSTOMER_ACCOUNT, received));
        kit.rights().verify(erasure.id());
        RequestRecord answer = kit.rights().process(erasure.id());    // PARTIALLY_COMPLETED, LEGAL_RETENTION
        CategoryOutcome invoices = answer.progressOf("billing").orElseThrow().outcomes().get(0);
        // KEPT_RESTRICTED, "FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)", until 2036-12-31; the device: ERASED
        ReapplyReport again = kit.rights().reapplyErasures(received); // after a backup of the stores is restored
        // --- end ---
        assertEquals(LocalDate.of(2026, 3, 2), due);
        assertEquals(RequestState.COMPLETED, kit.rights().find(access.id()).orElseThrow().state());
        String json = java.nio.file.Files.readString(exports.resolve(access.id() + ".json"));
        assertTrue(json.contains("Yealink T46U") && json.contains("F-2026-0131"), "both sources exported");
        assertEquals(RequestState.PARTIALLY_COMPLETED, answer.state(), answer.progress().toString());
        assertEquals(Optional.of(RefusalReason.LEGAL_RETENTION), answer.refusal());
        assertEquals(OutcomeKind.KEPT_RESTRICTED, invoices.kind());
        assertTrue(invoices.legalGround().orElseThrow().startsWith("FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)"),
                invoices.legalGround().orElseThrow());
        assertEquals(Optional.of(LocalDate.of(2036, 12, 31)), invoices.until());
        assertEquals(List.of(OutcomeKind.ERASED), answer.progressOf("devices").orElseThrow().outcomes().stream()
                .map(CategoryOutcome::kind).toList());
        assertTrue(devices.recordsOf(ana).isEmpty());
        assertTrue(billing.isRestricted(RecordRef.of("billing", "inv-1")));
        assertEquals(1, again.entries());
        assertTrue(again.complete(), again.toString());
    }

    @Test
    void fields_withKeys_encryptPerSubjectInTheCategorysScope(@TempDir Path dir) {
        Path path = dir.resolve("kek.p12");
        char[] password = "pw".toCharArray();
        Pkcs12KeyEncryptionKeyProvider.create(path, password, "clickphone-kek");
        Stores stores = InMemoryStores.create();
        SubjectId ana = SubjectId.of("acct-1042");
        // --- README, as written
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(stores)   // wrapped data keys live in the bundle's subject key store: persistent in production
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(path, password, "clickphone-kek")))
                .build();
        FieldContext email = kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
        String stored = kit.fields().encrypt(ana, email, "ana@example.ro");   // "cpf." + Base64url
        String back = kit.fields().decrypt(ana, email, stored);
        kit.keys().shred(ana, email.scope());          // every value under ana's "profile" key is gone
        // --- end of README
        assertEquals(KeyScope.of("profile"), email.scope());
        assertTrue(stored.startsWith("cpf."), "the stored form");
        assertEquals("ana@example.ro", back);
        assertTrue(kit.streams().toString().contains("segment"));
        assertThrows(KeyDestroyedException.class, () -> kit.fields().decrypt(ana, email, stored));
        assertThrows(PolicyViolationException.class, () -> kit.fieldContext("web", "session", DataCategory.of("COOKIES")));
    }

    @Test
    void blindIndex_withAKey_findsTheSameValueInAnotherSpelling() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .searchableFields(SecretBytes.copyOf(new byte[32])).build();
        assertEquals(kit.blindIndex().field("account", "notification_email", Normalization.EMAIL, 32).compute("Ana@Example.ro"),
                kit.blindIndex().field("account", "notification_email", Normalization.EMAIL, 32).compute("ana@example.ro"));
        String stored = kit.deterministic().field("account", "notification_email", Normalization.EMAIL).encrypt("Ana@Example.ro");
        assertEquals("ana@example.ro", kit.deterministic().field("account", "notification_email", Normalization.EXACT).decrypt(stored));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(POLICY).build().blindIndex());
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(POLICY).build().deterministic());
    }

    /**
     * A kit built with one searchable-fields key (version 1), then rebuilt after a rotation with
     * {@code SearchKeys}: the look-ups of the new kit find what the old one wrote, the old kit's
     * values still decrypt, new values are written under version 2, and a retirement recorded in the
     * configuration holds for the next kit.
     */
    @Test
    void searchableFields_versionedKeys_findWhatTheKitWroteBeforeTheRotation() {
        SecretBytes v1 = SecretBytes.random(32, new java.security.SecureRandom());
        SecretBytes v2 = SecretBytes.random(32, new java.security.SecureRandom());
        PrivacyKit before = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .searchableFields(v1).build();
        String oldIndex = before.blindIndex().field("account", "notification_email", Normalization.EMAIL, 64)
                .compute("ana@example.ro");
        String oldCipher = before.deterministic().field("account", "notification_email", Normalization.EMAIL)
                .encrypt("ana@example.ro");
        SearchKeys rotated = SearchKeys.of(1, v1).withVersion(2, v2);
        PrivacyKit after = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .searchableFields(rotated).build();
        BlindIndexField index = after.blindIndex().field("account", "notification_email", Normalization.EMAIL, 64);
        DeterministicField det = after.deterministic().field("account", "notification_email", Normalization.EMAIL);
        assertEquals(2, index.currentVersion());
        assertTrue(index.compute("Ana@Example.ro").startsWith("v2."));
        assertEquals(List.of(index.compute("ana@example.ro"), oldIndex), index.candidates("Ana@Example.ro"));
        assertEquals("ana@example.ro", det.decrypt(oldCipher));
        assertTrue(det.candidates("ana@example.ro").contains(oldCipher));
        assertTrue(det.isCurrent(det.encrypt("ana@example.ro")));

        // the documented flow: the blind index column is re-indexed and its version 1 retired, then recorded
        index.retire(1);
        PrivacyKit restarted = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .searchableFields(rotated.withRetiredBlindIndex("account", "notification_email", 1)).build();
        assertEquals(List.of(index.compute("ana@example.ro")), restarted.blindIndex()
                .field("account", "notification_email", Normalization.EMAIL, 64).candidates("ana@example.ro"));
        assertEquals("ana@example.ro", restarted.deterministic()
                .field("account", "notification_email", Normalization.EMAIL).decrypt(oldCipher),
                "the deterministic column of the same field is not moved yet: it keeps version 1 after the restart");
        // the deterministic column moved and its version 1 retired and recorded too
        PrivacyKit again = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .searchableFields(rotated.withRetiredBlindIndex("account", "notification_email", 1)
                        .withRetiredDeterministic("account", "notification_email", 1)).build();
        assertThrows(KeyUnavailableException.class, () -> again.deterministic()
                .field("account", "notification_email", Normalization.EMAIL).decrypt(oldCipher));

        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().searchableFields(v1)
                .searchableFields(rotated), "given once");
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().searchableFields((SearchKeys) null));
    }

    @Test
    void fields_withoutKeys_sayHowToConfigureThem(@TempDir Path dir) {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, kit::fields);
        assertTrue(e.getMessage().contains("keys(KeySettings.of(provider))"), e.getMessage());
        PrivacyKit withKeys = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "k")))
                .build();
        withKeys.fields();
    }

    @Test
    void build_withoutStores_givesAPolicyOnlyKit_whoseStatefulAccessorsSayHowToGiveStores() {
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(MARCH_2026).build();
        assertEquals("2026.1", kit.policy().version().label());
        assertEquals(1, kit.policies().versions().size());
        assertSame(MARCH_2026, kit.clock());
        List<Executable> stateful = List.of(kit::audit, kit::access, kit::consent, kit::fields, kit::streams,
                kit::keys, kit::blindIndex, kit::deterministic, kit::pseudonyms,
                () -> kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC")));
        for (Executable accessor : stateful) {
            ConfigurationException e = assertThrows(ConfigurationException.class, accessor);
            assertTrue(e.getMessage().contains(".stores(InMemoryStores.create())"), e.getMessage());
            assertTrue(e.getMessage().contains("JpaStores.create(emf)"), e.getMessage());
        }
    }

    static Stream<Arguments> everythingThatKeepsState() {
        return Stream.<UnaryOperator<PrivacyKit.Builder>>of(
                b -> b.auditLogStore(new InMemoryAuditLogStore()),
                b -> b.consentStore(new InMemoryConsentStore()),
                b -> b.subjectKeyStore(new InMemorySubjectKeyStore()),
                b -> b.tokenVaultStore(new InMemoryTokenVaultStore()),
                b -> b.accountDirectory(new InMemoryAccountDirectory()),
                b -> b.audit(AuditSettings.ephemeral()),
                b -> b.consent(ConsentSettings.defaults()),
                b -> b.accessPolicy(AccessPolicy.denyAll()),
                b -> b.keys(KeySettings.of(Mockito.mock(KeyEncryptionKeyProvider.class))),
                b -> b.searchableFields(SecretBytes.copyOf(new byte[32])),
                b -> b.pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32]))))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("everythingThatKeepsState")
    void build_withAStoreOrSettingsButNoBundle_failsInsteadOfFallingBackToMemory(UnaryOperator<PrivacyKit.Builder> give) {
        PrivacyKit.Builder builder = give.apply(PrivacyKit.builder().policy(POLICY));
        ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
        assertTrue(e.getMessage().contains("stores(InMemoryStores.create())"), e.getMessage());
    }

    @Test
    void ephemeralAuditKeys_besideAPersistentStore_areRefused() {
        List<UnaryOperator<PrivacyKit.Builder>> persistent = List.of(
                b -> b.consentStore(Mockito.mock(ConsentStore.class)),
                b -> b.subjectKeyStore(Mockito.mock(SubjectKeyStore.class)),
                b -> b.tokenVaultStore(Mockito.mock(TokenVaultStore.class)),
                b -> b.auditLogStore(Mockito.mock(AuditLogStore.class)));
        List<PrivacyKit.Builder> builders = new ArrayList<>();
        for (UnaryOperator<PrivacyKit.Builder> give : persistent) {
            builders.add(give.apply(PrivacyKit.builder().policy(POLICY).stores(InMemoryStores.create())));
            builders.add(give.apply(PrivacyKit.builder().policy(POLICY).stores(InMemoryStores.create()))
                    .audit(AuditSettings.ephemeral()));
        }
        for (PrivacyKit.Builder builder : builders) {
            ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
            assertTrue(e.getMessage().contains("AuditSettings.of(signer, subjectPseudonymKey)"), e.getMessage());
        }
        assertTrue(PrivacyKit.builder().policy(POLICY).stores(InMemoryStores.create()).audit(AuditSettings.ephemeral())
                .build().audit().verify().intact());
    }

    @Test
    void aStoreGivenAlone_replacesThatStoreOfTheBundle() {
        InMemoryAuditLogStore auditLog = new InMemoryAuditLogStore();
        InMemoryConsentStore consentStore = new InMemoryConsentStore();
        PrivacyKit kit = PrivacyKit.builder().policy(POLICY).clock(MARCH_2026).stores(InMemoryStores.create())
                .auditLogStore(auditLog).consentStore(consentStore).build();
        SubjectId ana = SubjectId.of("acct-7");
        kit.consent().grant(ana, Purpose.of("MARKETING"), ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        assertEquals(1, consentStore.eventsOf(SubjectId.of(kit.audit().subjectRef(ana))).size());
        assertTrue(auditLog.last().isPresent());
        assertTrue(kit.toString().contains("InMemoryConsentStore"), kit.toString());
    }

    @Test
    void build_withoutClock_usesTheSystemClock() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).build();
        assertEquals(Clock.systemUTC(), kit.clock());
    }

    @Test
    void build_withoutPolicy_failsSayingHowToGiveOne() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).build());
        assertTrue(e.getMessage().contains("Policy.clickPhoneDefault()"), e.getMessage());
    }

    @Test
    void options_refuseNullAndSecondCalls() {
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(null));
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policies(null));
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).clock(null));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(POLICY).policy(POLICY));
        assertThrows(ConfigurationException.class,
                () -> PrivacyKit.builder()
                        .stores(InMemoryStores.create()).policy(POLICY).policies(PolicyArchive.of(POLICY)));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).clock(MARCH_2026).clock(MARCH_2026));
    }

    @Test
    void build_beforeTheFirstPolicyVersion_fails() {
        // Version 2026.1 is assumed in force from 25 May 2018, when the GDPR it cites applies.
        Clock before = Clock.fixed(Instant.parse("2018-05-01T00:00:00Z"), ZoneOffset.UTC);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).clock(before).build());
        assertTrue(e.getMessage().contains("2018-05-25"), e.getMessage());
    }

    @Test
    void persistentAuditStore_withoutAuditSettings_failsSayingWhatIsMissing() {
        AuditLogStore persistent = Mockito.mock(AuditLogStore.class);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(POLICY).auditLogStore(persistent).build());
        assertTrue(e.getMessage().contains("audit(AuditSettings.of(signer,"), e.getMessage());
    }

    @Test
    void auditAndAccessOptions_refuseNullBadAndSecondCalls() {
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).auditLogStore(null));
        assertThrows(InvalidInputException.class, () -> AuditSettings.of(Ed25519Signer.generate("k"),
                SecretBytes.copyOf(new byte[8])));
        assertThrows(InvalidInputException.class, () -> AuditSettings.ephemeral().withCheckpointInterval(0));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().audit(AuditSettings.ephemeral())
                .audit(AuditSettings.ephemeral()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().stores(InMemoryStores.create())
                .stores(InMemoryStores.create()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().consentStore(new InMemoryConsentStore())
                .consentStore(new InMemoryConsentStore()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).accessPolicy(AccessPolicy.denyAll())
                .accessPolicy(AccessPolicy.denyAll()));
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder()
                .stores(InMemoryStores.create()).accountDirectory(new InMemoryAccountDirectory())
                .accountDirectory(new InMemoryAccountDirectory()));
    }

    @Test
    void defaultKit_hasAWorkingInMemoryAuditTrail() {
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).clock(MARCH_2026)
                .audit(AuditSettings.ephemeral().withCheckpointInterval(2)).build();
        for (int i = 0; i < 5; i++) {
            kit.audit().record(AuditEvent.of(Actor.system("demo", Set.of()), "demo.run", AuditOutcome.SUCCESS));
        }
        assertTrue(kit.audit().verify().intact());
        assertEquals(2, kit.audit().verify().checkpointsChecked());
    }

    @Test
    void twoKits_areIndependent() {
        PrivacyKit a = PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).clock(MARCH_2026).build();
        PrivacyKit b = PrivacyKit.builder().stores(InMemoryStores.create()).policy(POLICY).build();
        assertSame(MARCH_2026, a.clock());
        assertEquals(Clock.systemUTC(), b.clock());
    }

    @Test
    void quickstart_pseudonyms_fromTheReadme() throws Exception {
        SecretBytes rootKey = SecretBytes.copyOf(new byte[32]);
        Actor analyst = Actor.system("fraud-review", Set.of("FRAUD_ANALYST"));
        java.io.Reader reader = new java.io.StringReader("record_id,type,direction,caller,callee,start\r\n"
                + "c-1,CALL,OUTBOUND,+40721234567,+40731111222,2026-11-29T07:23:41Z\r\n");
        java.io.Writer writer = new java.io.StringWriter();
        // --- README ---
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault())
                .pseudonymization(PseudonymKeys.of(1, rootKey))   // 32+ bytes from your KMS; add versions to rotate
                .accessPolicy(AccessPolicy.builder()
                        .grant("ANALYTICS_JOB", Purpose.of("SERVICE_PROVISION"))
                        .grantPseudonymization("ANALYTICS_JOB", "analytics")      // contexts the policy declares
                        .grant("FRAUD_ANALYST", Purpose.of("FRAUD_PREVENTION"))
                        .grantReidentification("FRAUD_ANALYST", "analytics")
                        .build())
                .build();
        Pseudonyms job = kit.pseudonyms().as(Actor.system("cdr-export", Set.of("ANALYTICS_JOB")));  // audited once
        PhonePseudonymizer phones = job.phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3));
        String caller = phones.pseudonymize("+40 721 234 567");              // "+40721" and 6 FF1 digits
        String token = job.tokens("analytics").token("407212345678");       // "v1." and 26 base32
        String ip = job.ip("analytics").pseudonymize("192.0.2.17");          // Crypto-PAn
        String masked = Masking.phone("+40721234567", "RO");                 // "+40 7** *** *67"
        String number = kit.pseudonyms().phone("analytics", PhoneOptions.defaults().withKeepLeadingDigits(3))
                .reidentify(caller, 1, ReidentificationReason.of(analyst, "FRAUD_INVESTIGATION"));  // authorised, audited

        CdrPseudonymizer cdrs = CdrPseudonymizer.create(job, CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3))
                .deviceIp(IpTechnique.cryptoPan())
                .startTime(TimeGranularity.HOUR)
                .build());
        BulkReport report = CdrCsv.pseudonymize(reader, writer, cdrs, BulkOptions.defaults());
        // --- end ---
        assertTrue(caller.startsWith("+40721") && caller.length() == 12, caller);
        assertTrue(token.startsWith("v1."));
        assertTrue(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), ip);
        assertEquals("+40 7** *** *67", masked);
        assertEquals("+40721234567", number);
        assertEquals(1, report.rowsWritten());
        assertTrue(writer.toString().contains("2026-11-29T07:00:00Z"), writer.toString());
    }
}
