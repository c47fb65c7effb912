package ro.clickphone.privacy.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.consent.Verdict;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.ReidentificationReason;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.Stores;

/**
 * The point of the plugin: a kit on {@link JpaStores} loses nothing at restart. One kit writes consent,
 * encrypted fields (their wrapped keys), vault tokens, retention tags and audit entries; a second kit on a new
 * {@link EntityManagerFactory} (the restarted application) reads every one of them back and finds the audit
 * trail intact.
 */
abstract class JpaStoresKitTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final Actor JOB = Actor.system("cdr-export", Set.of("EXPORT_JOB"));
    private static final Actor ANALYST = Actor.system("fraud-review", Set.of("FRAUD_ANALYST"));
    private static final AccessPolicy GRANTS = AccessPolicy.builder()
            .grant("FRAUD_ANALYST", Purpose.of("FRAUD_PREVENTION"), Purpose.of("LEGAL_REQUESTS"))
            .grantReidentification("FRAUD_ANALYST", "partner_export")
            .grant("EXPORT_JOB", Purpose.of("FRAUD_PREVENTION"), Purpose.of("SERVICE_PROVISION"))
            .grantPseudonymization("EXPORT_JOB", "partner_export")
            .build();
    private static final Ed25519Signer RECEIPTS = Ed25519Signer.generate("receipts");

    @TempDir
    Path dir;

    private PrivacyKit kit(EntityManagerFactory emf, Stores stores, boolean firstStart) {
        Path kek = dir.resolve("kek.p12");
        Pkcs12KeyEncryptionKeyProvider provider = firstStart
                ? Pkcs12KeyEncryptionKeyProvider.create(kek, "pw".toCharArray(), "kek")
                : Pkcs12KeyEncryptionKeyProvider.open(kek, "pw".toCharArray(), "kek");
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .consent(ConsentSettings.defaults().withSealKey(SecretBytes.copyOf(new byte[32]))
                        .withReceiptSigner(RECEIPTS, Instant.EPOCH))
                .keys(KeySettings.of(provider))
                .pseudonymization(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])))
                .accessPolicy(GRANTS)
                .source(new InMemoryPersonalDataSource("billing", Set.of(DataCategory.of("FINANCIAL"))))
                .build();
    }

    @Test
    void aKitOnJpaStores_losesNothingAtRestart(TestDatabase db) {
        EntityManagerFactory first = db.newEmf(Map.of());
        PrivacyKit before = kit(first, JpaStores.create(first), true);
        ConsentProof proof = ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withFormId("signup");
        before.consent().grant(ANA, Purpose.of("MARKETING"), proof);
        FieldContext email = before.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
        String stored = before.fields().encrypt(ANA, email, "ana@example.ro");
        String token = before.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"), JOB)
                .tokenize(ANA, "+40721234567");
        RecordRef invoice = RecordRef.of("billing", "inv-2024-0042");
        before.retention().tag(ANA, invoice, DataCategory.of("FINANCIAL"), Instant.parse("2024-03-15T10:00:00Z"));
        long entries = before.audit().read(1, 4096).size();
        before.close();
        first.close();

        EntityManagerFactory second = db.newEmf(Map.of());
        PrivacyKit after = kit(second, JpaStores.create(second), false);
        ConsentDecision decision = after.consent().check(ANA, Purpose.of("MARKETING"));
        assertEquals(Verdict.PERMIT, decision.verdict(), decision.toString());
        assertEquals("ana@example.ro", after.fields().decrypt(ANA, email, stored));
        assertEquals("+40721234567", after.vaultTokenizer("partner_export", DataCategory.of("TRAFFIC"))
                .reidentify(token, ReidentificationReason.of(ANALYST, "FRAUD_INVESTIGATION")));
        assertTrue(after.retention().tagOf(invoice).isPresent());
        assertTrue(after.audit().read(1, 4096).size() >= entries);
        assertTrue(after.audit().verify().intact(), after.audit().verify().toString());
        assertFalse(after.audit().read(1, 4096).isEmpty());
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaStoresKitTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaStoresKitTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaStoresKitTest {
    }
}
