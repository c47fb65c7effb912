package ro.clickphone.privacy.jpa.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.JpaErasureLedgers;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;

/**
 * The JPA rights store and erasure ledger under the kit: an erasure carried out through {@code kit.rights()}
 * (claims, versioned progress, completion) on the JPA store, recorded in the JPA ledger; after the main
 * stores and the sources are restored from a backup taken before it, a kit on a new factory (the restarted
 * application) reads the ledger and erases again.
 */
abstract class JpaRightsKitTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final String ANA_EMAIL = "ana.ionescu@example.ro";
    private static final DataCategory DEVICE = DataCategory.of("DEVICE");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final Instant RECEIVED = Instant.parse("2026-01-31T10:00:00Z");

    @TempDir
    Path dir;

    /** The systems of record as a backup taken before the erasure holds them. */
    private static final class Sources {
        final InMemoryPersonalDataSource devices = new InMemoryPersonalDataSource("devices", Set.of(DEVICE));
        final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(FINANCIAL));

        Sources() {
            devices.add("dev-1", ANA, DEVICE, Map.of("hardware_model", "Yealink T46U", "owner_email", ANA_EMAIL));
            billing.add("inv-1", ANA, FINANCIAL, Map.of("invoice", "F-2026-0131"));
        }
    }

    private PrivacyKit kit(EntityManagerFactory emf, Sources sources) {
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create().withRights(new JpaRightsRequestStore(JpaContext.of(emf, () -> null))))
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .source(sources.devices).source(sources.billing)
                .rights(RightsSettings.defaults().withErasureLedger(JpaErasureLedgers.create(emf)))
                .build();
        kit.retention().tag(ANA, RecordRef.of("billing", "inv-1"), FINANCIAL, RECEIVED);
        return kit;
    }

    @Test
    void anErasure_throughTheKit_isRecorded_andReappliedAfterARestore(TestDatabase db) throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        Sources before = new Sources();
        EntityManagerFactory first = db.newEmf(Map.of());
        String id;
        try (PrivacyKit kit = kit(first, before)) {
            RequestRecord erasure = kit.rights().submit(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                    RECEIVED));
            id = erasure.id();
            kit.rights().verify(id);
            RequestRecord done = kit.rights().process(id);
            assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
            assertEquals(done, kit.rights().find(id).orElseThrow(), "as the JPA store keeps it");
            assertTrue(before.devices.recordsOf(ANA).isEmpty());
            assertTrue(before.billing.isRestricted(RecordRef.of("billing", "inv-1")));
        }
        first.close();
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM cpp_erasure_ledger")) {
                assertTrue(rs.next(), "one row per completed erasure");
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String value = String.valueOf(rs.getString(i));
                    assertFalse(value.contains(ANA.value()) || value.contains(ANA_EMAIL), "the subject sealed only");
                }
                assertFalse(rs.next());
            }
            // the main database is restored from last night's backup: no request, the sources as they were
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM cpp_rights_request");
            }
        });

        Sources restored = new Sources();
        try (PrivacyKit afterRestore = kit(db.newEmf(Map.of()), restored)) {
            assertTrue(afterRestore.rights().find(id).isEmpty(), "the restore rolled the request back");
            assertFalse(restored.devices.recordsOf(ANA).isEmpty(), "and brought the device back");
            ReapplyReport report = afterRestore.rights().reapplyErasures(Instant.EPOCH);
            assertTrue(report.complete(), report.toString());
            assertEquals(1, report.entries());
            assertTrue(restored.devices.recordsOf(ANA).isEmpty(), "erased again");
            assertTrue(restored.billing.isRestricted(RecordRef.of("billing", "inv-1")), "kept, restricted again");
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaRightsKitTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaRightsKitTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaRightsKitTest {
    }
}
