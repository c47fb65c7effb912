package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.pseudonym.VaultTokenizer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** Pseudonymization through the kit: re-identification lands in the audit trail, or does not happen. */
class KitPseudonymsTest {

    private static final ReidentificationReason REASON = ReidentificationReason
            .of(Actor.system("fraud-review", Set.of("FRAUD_ANALYST")), "FRAUD_INVESTIGATION")
            .withReference("CASE-2026-113");

    private static PrivacyKit.Builder builder(Path dir) {
        return PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek")))
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])));
    }

    @Test
    void reidentification_isAudited_withoutTheNumber(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]),
                "audit"), SecretBytes.copyOf(new byte[32]))).build();
        String pseudonym = kit.pseudonyms().phone("fraud").pseudonymize("+40721234567");
        assertEquals("+40721234567", kit.pseudonyms().phone("fraud").reidentify(pseudonym, REASON));
        List<AuditRecord> entries = store.read(1, 10);
        assertEquals(1, entries.size());
        AuditRecord entry = entries.get(0);
        assertEquals("pseudonym.reidentify", entry.action());
        assertEquals("ff1-phone", entry.details().get("technique"));
        assertEquals("fraud", entry.details().get("context"));
        assertEquals("FRAUD_INVESTIGATION", entry.details().get("reason"));
        assertEquals("CASE-2026-113", entry.details().get("caseReference"));
        assertFalse(entry.toString().contains("721234567"));
        assertFalse(entry.details().toString().contains(pseudonym.substring(1)));
        assertTrue(kit.audit().verify().intact());
    }

    @Test
    void reidentification_whenTheAuditFails_returnsNothing(@TempDir Path dir) {
        AuditLogStore failing = Mockito.mock(AuditLogStore.class);
        Mockito.when(failing.last()).thenReturn(java.util.Optional.empty());
        Mockito.doThrow(new StoreException("audit store down", true, null)).when(failing).append(Mockito.any());
        PrivacyKit kit = builder(dir).auditLogStore(failing).audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]),
                "audit"), SecretBytes.copyOf(new byte[32]))).build();
        String pseudonym = kit.pseudonyms().ip("fraud").pseudonymize("192.0.2.17");
        assertThrows(StoreException.class, () -> kit.pseudonyms().ip("fraud").reidentify(pseudonym, REASON));
    }

    @Test
    void tokenVault_usesTheCategorysKeyScope_andErasure(@TempDir Path dir) {
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        PrivacyKit kit = builder(dir).auditLogStore(store).audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]),
                "audit"), SecretBytes.copyOf(new byte[32]))).build();
        SubjectId ana = SubjectId.of("acct-1042");
        VaultTokenizer vault = kit.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"));
        String token = vault.tokenize(ana, "+40721234567");
        assertEquals("+40721234567", vault.reidentify(token, REASON));
        assertEquals(kit.audit().subjectRef(ana), store.read(1, 10).get(0).subjectRef().orElseThrow());
        assertEquals(1, vault.erase(ana));
        assertThrows(PolicyViolationException.class, () -> kit.vaultTokenizer("x", DataCategory.of("COOKIES")));
    }

    @Test
    void withoutKeys_theKitSaysHowToGiveThem() {
        PrivacyKit kit = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, kit::pseudonyms);
        assertTrue(e.getMessage().contains("pseudonymization(PseudonymKeys.of("), e.getMessage());
    }
}
