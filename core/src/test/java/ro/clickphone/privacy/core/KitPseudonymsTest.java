package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.BulkReport;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.InMemoryTokenVaultStore;

/**
 * Pseudonymization through the kit: both directions authorised by {@code kit.access()} from the
 * policy's contexts and reason codes and the role grants; every reversal and every refusal lands in
 * the audit trail, or the reversal does not happen.
 */
class KitPseudonymsTest {

    private static final Actor ANALYST = Actor.system("fraud-review", Set.of("FRAUD_ANALYST"));
    private static final Actor JOB = Actor.system("cdr-export", Set.of("EXPORT_JOB"));
    private static final ReidentificationReason REASON = ReidentificationReason
            .of(ANALYST, "FRAUD_INVESTIGATION")
            .withReference("CASE-2026-113");
    private static final AccessPolicy GRANTS = AccessPolicy.builder()
            .grant("FRAUD_ANALYST", Purpose.of("FRAUD_PREVENTION"), Purpose.of("LEGAL_REQUESTS"))
            .grantReidentification("FRAUD_ANALYST", "fraud", "partner_export")
            .grant("EXPORT_JOB", Purpose.of("FRAUD_PREVENTION"), Purpose.of("SERVICE_PROVISION"))
            .grantPseudonymization("EXPORT_JOB", "fraud", "partner_export")
            .grant("SUPPORT", Purpose.of("SERVICE_PROVISION"), Purpose.of("FRAUD_PREVENTION"))
            .build();

    private static PrivacyKit.Builder builder(Path dir) {
        return PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek")))
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])))
                .accessPolicy(GRANTS);
    }

    private static AuditSettings auditSettings() {
        return AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                SecretBytes.copyOf(new byte[32]));
    }

    private static List<AuditRecord> entries(InMemoryAuditLogStore store, String action) {
        return store.read(1, 1000).stream().filter(r -> r.action().equals(action)).collect(Collectors.toList());
    }

    // --- item 6: the attacker is a kit holder who reverses pseudonyms with a self-declared actor and reason ---

    @Test
    void reidentification_byAnUngrantedActor_isRefused_andAuditedDenied(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        String pseudonym = kit.pseudonyms().as(JOB).phone("fraud").pseudonymize("+40721234567");
        Actor support = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT"));
        PolicyViolationException refused = assertThrows(PolicyViolationException.class, () -> kit.pseudonyms()
                .phone("fraud").reidentify(pseudonym, ReidentificationReason.of(support, "FRAUD_INVESTIGATION")));
        assertFalse(refused.getMessage().contains("721234567"), refused.getMessage());
        List<AuditRecord> denied = entries(store, "pseudonym.reidentify");
        assertEquals(1, denied.size());
        assertEquals(AuditOutcome.DENIED, denied.get(0).outcome());
        assertEquals("NO_REIDENTIFICATION_GRANT", denied.get(0).details().get("decision"));
        assertEquals("fraud", denied.get(0).details().get("context"));
        assertFalse(denied.get(0).details().containsKey("valueRef"));

        Actor stranger = Actor.system("batch", Set.of("NOTHING"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().phone("fraud")
                .reidentify(pseudonym, ReidentificationReason.of(stranger, "FRAUD_INVESTIGATION")));
        assertEquals("NO_ROLE_GRANT", entries(store, "pseudonym.reidentify").get(1).details().get("decision"));
        Actor customer = Actor.subject(SubjectId.of("acct-1042"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().phone("fraud")
                .reidentify(pseudonym, ReidentificationReason.of(customer, "FRAUD_INVESTIGATION")));
        assertEquals("ACTOR_KIND_NOT_ALLOWED", entries(store, "pseudonym.reidentify").get(2).details().get("decision"));
        assertTrue(kit.audit().verify().intact());
    }

    @Test
    void reidentification_withAReasonOutsideTheClosedSet_isRefused(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        String pseudonym = kit.pseudonyms().as(JOB).phone("fraud").pseudonymize("+40721234567");
        PhonePseudonymizer phones = kit.pseudonyms().phone("fraud");
        assertThrows(PolicyViolationException.class,
                () -> phones.reidentify(pseudonym, ReidentificationReason.of(ANALYST, "CURIOSITY")));
        assertThrows(PolicyViolationException.class,
                () -> phones.reidentify(pseudonym, ReidentificationReason.of(ANALYST, "BILLING_DISPUTE")
                        .withReference("T-1")));
        assertThrows(PolicyViolationException.class,
                () -> phones.reidentify(pseudonym, ReidentificationReason.of(ANALYST, "LAW_ENFORCEMENT_REQUEST")));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().phone("undeclared")
                .reidentify(pseudonym, REASON));
        List<String> decisions = entries(store, "pseudonym.reidentify").stream()
                .map(r -> r.details().get("decision")).collect(Collectors.toList());
        assertEquals(List.of("UNDECLARED_REASON", "UNDECLARED_REASON", "MISSING_CASE_REFERENCE", "UNDECLARED_CONTEXT"),
                decisions);
        assertEquals("+40721234567", phones.reidentify(pseudonym,
                ReidentificationReason.of(ANALYST, "LAW_ENFORCEMENT_REQUEST").withReference("IGPR-2026-118")));
    }

    @Test
    void reidentification_isAudited_withAValueReference_notTheNumber(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        String pseudonym = kit.pseudonyms().as(JOB).phone("fraud").pseudonymize("+40721234567");
        assertEquals("+40721234567", kit.pseudonyms().phone("fraud").reidentify(pseudonym, REASON));
        List<AuditRecord> entries = entries(store, "pseudonym.reidentify");
        assertEquals(1, entries.size());
        AuditRecord entry = entries.get(0);
        assertEquals(AuditOutcome.SUCCESS, entry.outcome());
        assertEquals("ff1-phone", entry.details().get("technique"));
        assertEquals("fraud", entry.details().get("context"));
        assertEquals("FRAUD_INVESTIGATION", entry.details().get("reason"));
        assertEquals("CASE-2026-113", entry.details().get("caseReference"));
        assertEquals(Optional.of("FRAUD_PREVENTION"), entry.purpose());
        // The DPO's question "who looked up +40721234567?" has an answer without the number stored.
        assertEquals(kit.audit().valueRef("+40721234567"), entry.details().get("valueRef"));
        assertTrue(entry.details().get("valueRef").matches("v-[0-9a-f]{32}"));
        assertFalse(entry.toString().contains("721234567"));
        assertFalse(entry.details().toString().contains("721234567"));
        assertFalse(entry.details().toString().contains(pseudonym.substring(1)));
        assertTrue(kit.audit().verify().intact());
    }

    @Test
    void pseudonymize_needsItsOwnGrant_andABulkRunIsOneEntry(@TempDir Path dir) throws Exception {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().phone("fraud").pseudonymize("+40721234567"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().tokens("fraud"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().as(ANALYST).phone("fraud"));
        AuditRecord denied = entries(store, "pseudonym.pseudonymize").stream()
                .filter(r -> !"NO_ACTOR_BOUND".equals(r.details().get("decision"))).findFirst().orElseThrow();
        assertEquals(AuditOutcome.DENIED, denied.outcome());
        assertEquals("NO_PSEUDONYMIZATION_GRANT", denied.details().get("decision"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().as(JOB).phone("analytics"));

        Pseudonyms run = kit.pseudonyms().as(JOB);
        CdrPseudonymizer cdrs = CdrPseudonymizer.create(run, CdrProfile.builder("fraud")
                .numbers(NumberTechnique.ff1(3)).deviceIp(IpTechnique.cryptoPan()).build());
        StringBuilder csv = new StringBuilder("record_id,type,direction,caller,callee,start\r\n");
        for (int i = 0; i < 20; i++) {
            csv.append("c-").append(i).append(",CALL,OUTBOUND,+4072123456").append(i % 10)
                    .append(",+40731111222,2026-11-29T07:23:41Z\r\n");
        }
        BulkReport report = CdrCsv.pseudonymize(new StringReader(csv.toString()), new StringWriter(), cdrs,
                BulkOptions.defaults());
        assertEquals(20, report.rowsWritten());
        run.phone("fraud").pseudonymize("+40721234567");
        List<AuditRecord> granted = entries(store, "pseudonym.pseudonymize").stream()
                .filter(r -> r.outcome() == AuditOutcome.SUCCESS).collect(Collectors.toList());
        assertEquals(1, granted.size(), "one entry per run, not per value");
        assertEquals("fraud", granted.get(0).details().get("context"));
    }

    /**
     * Review L4: a caller who never bound an actor tries the forward direction (or the vault's
     * erasure): refused, and the refusal is in the audit trail, not only in the caller's logs.
     */
    @Test
    void forwardWithoutABoundActor_isRefusedAndAudited(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        SubjectId ana = SubjectId.of("acct-1042");
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().phone("fraud").pseudonymize("+40721234567"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().ip("fraud").pseudonymize("192.0.2.17"));
        assertThrows(PolicyViolationException.class, () -> kit.pseudonyms().tokens("fraud"));
        assertThrows(PolicyViolationException.class,
                () -> kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC")).tokenize(ana, "+40721234567"));

        List<AuditRecord> denied = entries(store, "pseudonym.pseudonymize");
        assertEquals(4, denied.size());
        assertEquals(List.of("ff1-phone", "crypto-pan", "token", "vault"),
                denied.stream().map(r -> r.details().get("technique")).collect(Collectors.toList()));
        for (AuditRecord r : denied) {
            assertEquals(AuditOutcome.DENIED, r.outcome());
            assertEquals("NO_ACTOR_BOUND", r.details().get("decision"));
            assertFalse(r.details().toString().contains("721234567"));
            assertFalse(r.details().toString().contains("192.0.2"));
        }
        assertTrue(kit.audit().verify().intact());
    }

    /**
     * Review M1: a kit holder who can read the vault table names the vault's field context to the
     * kit's public field encryption, hoping to read a row without a grant or an audit entry.
     */
    @Test
    void vaultRow_throughTheKitsFieldEncryption_isRefused(@TempDir Path dir) {
        InMemoryTokenVaultStore vaults = new InMemoryTokenVaultStore();
        PrivacyKit kit = builder(dir).tokenVaultStore(vaults).audit(auditSettings()).build();
        SubjectId ana = SubjectId.of("acct-1042");
        String token = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"), JOB).tokenize(ana, "+40721234567");
        byte[] row = vaults.findByToken("partner_export", token).orElseThrow().ciphertext();
        FieldContext named = FieldContext.of("token_vault", "partner_export",
                kit.policy().keyScopeOf(DataCategory.of("TRAFFIC")).orElseThrow());

        assertThrows(InvalidInputException.class, () -> kit.fields().decrypt(ana, named.withRecordId(token), row));
        assertThrows(InvalidInputException.class,
                () -> new FieldEncryptor(kit.keys()).decrypt(ana, named.withRecordId(token), row));
        assertThrows(InvalidInputException.class, () -> kit.fields().decrypt(ana, named, row));
    }

    /** Review L4: erasing a subject's vault mappings needs the forward binding and is audited. */
    @Test
    void vaultErase_needsABoundActor_andIsAudited(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(auditSettings()).build();
        SubjectId ana = SubjectId.of("acct-1042");
        VaultTokenizer bound = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"), JOB);
        String token = bound.tokenize(ana, "+40721234567");
        VaultTokenizer unbound = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"));

        assertThrows(PolicyViolationException.class, () -> unbound.erase(ana));
        assertEquals("+40721234567", unbound.reidentify(token, REASON), "a refused erasure deletes nothing");
        assertEquals(1, bound.erase(ana));

        List<AuditRecord> erasures = entries(store, "pseudonym.erase");
        assertEquals(2, erasures.size());
        assertEquals(AuditOutcome.DENIED, erasures.get(0).outcome());
        assertEquals("NO_ACTOR_BOUND", erasures.get(0).details().get("decision"));
        assertEquals(kit.audit().subjectRef(ana), erasures.get(0).subjectRef().orElseThrow());
        AuditRecord done = erasures.get(1);
        assertEquals(AuditOutcome.SUCCESS, done.outcome());
        assertEquals(kit.audit().subjectRef(ana), done.subjectRef().orElseThrow());
        assertEquals("1", done.details().get("erased"));
        assertEquals("partner_export", done.details().get("context"));
        assertTrue(kit.audit().verify().intact());
    }

    @Test
    void reidentification_whenTheAuditFails_returnsNothing(@TempDir Path dir) {
        AuditLogStore failing = Mockito.mock(AuditLogStore.class);
        Mockito.when(failing.last()).thenReturn(java.util.Optional.empty());
        Mockito.doThrow(new StoreException("audit store down", true, null)).when(failing).append(Mockito.any());
        PrivacyKit kit = builder(dir).auditLogStore(failing).audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]),
                "audit"), SecretBytes.copyOf(new byte[32]))).build();
        String pseudonym = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
                PseudonymAuthorizer.unrestricted(e -> { })).ip("fraud").pseudonymize("192.0.2.17");
        assertThrows(StoreException.class, () -> kit.pseudonyms().ip("fraud").reidentify(pseudonym, REASON));
    }

    @Test
    void tokenVault_usesTheCategorysKeyScope_andErasure(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]),
                "audit"), SecretBytes.copyOf(new byte[32]))).build();
        SubjectId ana = SubjectId.of("acct-1042");
        VaultTokenizer vault = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"), JOB);
        String token = vault.tokenize(ana, "+40721234567");
        VaultTokenizer reverse = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"));
        assertThrows(PolicyViolationException.class, () -> reverse.tokenize(ana, "+40721234567"));
        assertEquals("+40721234567", reverse.reidentify(token, REASON));
        AuditRecord entry = entries(store, "pseudonym.reidentify").get(0);
        assertEquals(kit.audit().subjectRef(ana), entry.subjectRef().orElseThrow());
        assertEquals(kit.audit().valueRef("+40721234567"), entry.details().get("valueRef"));
        assertEquals(1, vault.erase(ana));
        assertThrows(PolicyViolationException.class, () -> kit.vaultTokenizer("x", DataCategory.of("COOKIES")));
    }

    @Test
    void grants_areCheckedWhenGiven_andTheAuthorizerRefusesNulls(@TempDir Path dir) {
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grantReidentification("analyst", "fraud"));
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grantReidentification("ANALYST", "Fraud"));
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grantPseudonymization("JOB"));
        assertThrows(InvalidInputException.class, () -> AccessPolicy.builder().grantPseudonymization("JOB", (String) null));
        assertThrows(InvalidInputException.class, () -> GRANTS.grantsReidentification(null, "fraud"));
        assertTrue(GRANTS.grantsReidentification(Set.of("FRAUD_ANALYST"), "fraud"));
        assertFalse(GRANTS.grantsPseudonymization(Set.of("FRAUD_ANALYST"), "fraud"));
        PrivacyKit kit = builder(dir).build();
        assertThrows(InvalidInputException.class, () -> kit.access().pseudonyms().authorizePseudonymization(null));
        assertThrows(InvalidInputException.class, () -> kit.access().pseudonyms().authorizeReidentification(null));
        assertThrows(InvalidInputException.class, () -> kit.access().pseudonyms().recordReidentification(null, "x"));
        assertThrows(InvalidInputException.class, () -> kit.audit().valueRef(null));
        assertThrows(InvalidInputException.class, () -> kit.pseudonyms().as(null));
        assertThrows(InvalidInputException.class, () -> kit.vaultTokenizer("partner_export", null, JOB));
    }

    @Test
    void withoutKeys_theKitSaysHowToGiveThem() {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, kit::pseudonyms);
        assertTrue(e.getMessage().contains("pseudonymization(PseudonymKeys.of("), e.getMessage());
    }
}
