package ro.clickphone.privacy.jpa.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.JpaErasureLedgers;
import ro.clickphone.privacy.jpa.JpaStores;
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
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;

/**
 * The JPA rights store and erasure ledger under the kit. The ledger lives in a database of its own (another
 * schema, as the deployment notes require), so restoring the main database's backup leaves it alone:
 * <ul>
 *   <li>an erasure carried out through {@code kit.rights()} (claims, versioned progress, completion) on the JPA
 *       store is recorded in the JPA ledger; after the main database and the sources are restored from a backup
 *       taken before it, a kit on a new factory (the restarted application) reads the ledger and erases
 *       again;</li>
 *   <li>an attacker with write access to the ledger's database who edits entries so that they still decode
 *       (drops a source, flips the vault flag, swaps two sealed subjects) gets them refused, not re-applied:
 *       the kit's real sealer binds the subject to every other part of the entry;</li>
 *   <li>a kit on {@code JpaStores.create(emf, () -> caller)} completes an erasure inside a caller's
 *       transaction.</li>
 * </ul>
 */
abstract class JpaRightsKitTest {

    private static final String ANA_EMAIL = "ana.ionescu@example.ro";
    private static final DataCategory DEVICE = DataCategory.of("DEVICE");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final Instant RECEIVED = Instant.parse("2026-01-31T10:00:00Z");
    private static final Ed25519Signer RECEIPTS = Ed25519Signer.generate("receipts");

    @TempDir
    Path dir;

    private static SubjectId subject(int n) {
        return SubjectId.of("acct-" + (1042 + n));
    }

    private static RecordRef invoice(int n) {
        return RecordRef.of("billing", "inv-" + n);
    }

    /** The systems of record as a backup taken before the erasures holds them. */
    private static final class Sources {
        final InMemoryPersonalDataSource devices = new InMemoryPersonalDataSource("devices", Set.of(DEVICE));
        final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(FINANCIAL));

        Sources(int subjects) {
            for (int n = 0; n < subjects; n++) {
                devices.add("dev-" + n, subject(n), DEVICE, Map.of("hardware_model", "Yealink T46U",
                        "owner_email", n == 0 ? ANA_EMAIL : "owner" + n + "@example.ro"));
                billing.add("inv-" + n, subject(n), FINANCIAL, Map.of("invoice", "F-2026-013" + n));
            }
        }
    }

    private PrivacyKit kit(Stores stores, ErasureLedger ledger, Sources sources) {
        return PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(stores)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .consent(ConsentSettings.defaults().withSealKey(SecretBytes.copyOf(new byte[32]))
                        .withReceiptSigner(RECEIPTS, Instant.EPOCH))
                .source(sources.devices).source(sources.billing)
                .rights(RightsSettings.defaults().withErasureLedger(ledger))
                .build();
    }

    /** The kit of the tests that restore: in-memory stores (all restored to empty) but the JPA rights store. */
    private PrivacyKit kit(EntityManagerFactory emf, ErasureLedger ledger, Sources sources, int subjects) {
        PrivacyKit kit = kit(InMemoryStores.create().withRights(new JpaRightsRequestStore(JpaContext.of(emf,
                () -> null))), ledger, sources);
        for (int n = 0; n < subjects; n++) {
            kit.retention().tag(subject(n), invoice(n), FINANCIAL, RECEIVED);
        }
        return kit;
    }

    private static RequestRecord erase(PrivacyKit kit, SubjectId subject) {
        RequestRecord erasure = kit.rights().submit(RightsRequest.erasure(subject, RequestChannel.CUSTOMER_ACCOUNT,
                RECEIVED));
        kit.rights().verify(erasure.id());
        RequestRecord done = kit.rights().process(erasure.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, done.state(), done.progress().toString());
        return done;
    }

    /** The ledger's own database: another schema on the same server, dropped at the end. */
    private static TestDatabase ledgerDatabase(TestDatabase main) {
        return TestDatabase.open(main.kind(), "ledger", List.of(), List.of());
    }

    private static long rows(TestDatabase db, String table) {
        long[] count = new long[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                assertTrue(rs.next());
                count[0] = rs.getLong(1);
            }
        });
        return count[0];
    }

    @Test
    void anErasure_throughTheKit_isRecorded_andReappliedAfterARestore(TestDatabase db) throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        try (TestDatabase ledgerDb = ledgerDatabase(db)) {
            Sources before = new Sources(1);
            EntityManagerFactory first = db.newEmf(Map.of());
            String id;
            try (PrivacyKit kit = kit(first, JpaErasureLedgers.create(ledgerDb.newEmf(Map.of())), before, 1)) {
                RequestRecord done = erase(kit, subject(0));
                id = done.id();
                assertEquals(done, kit.rights().find(id).orElseThrow(), "as the JPA store keeps it");
                assertTrue(before.devices.recordsOf(subject(0)).isEmpty());
                assertTrue(before.billing.isRestricted(invoice(0)));
            }
            first.close();
            assertEquals(0, rows(db, "cpp_erasure_ledger"), "nothing in the main database's ledger table");
            ledgerDb.jdbc(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM cpp_erasure_ledger")) {
                    assertTrue(rs.next(), "one row per erasure");
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String value = String.valueOf(rs.getString(i));
                        assertFalse(value.contains(subject(0).value()) || value.contains(ANA_EMAIL),
                                "the subject sealed only");
                    }
                    assertFalse(rs.next());
                }
            });
            // the main database is restored from last night's backup (taken before the erasure): all of it
            db.reset();

            Sources restored = new Sources(1);
            try (PrivacyKit afterRestore = kit(db.newEmf(Map.of()), JpaErasureLedgers.create(ledgerDb.newEmf(Map.of())),
                    restored, 1)) {
                assertTrue(afterRestore.rights().find(id).isEmpty(), "the restore rolled the request back");
                assertFalse(restored.devices.recordsOf(subject(0)).isEmpty(), "and brought the device back");
                ReapplyReport report = afterRestore.rights().reapplyErasures(Instant.EPOCH);
                assertTrue(report.complete(), report.toString());
                assertEquals(1, report.entries());
                assertTrue(restored.devices.recordsOf(subject(0)).isEmpty(), "erased again");
                assertTrue(restored.billing.isRestricted(invoice(0)), "kept, restricted again");
            }
        }
    }

    /**
     * The attacker holds the ledger's database and edits entries so that they still decode: drops a source from
     * {@code erased} (to keep its data after a restore), flips {@code vault_erased}, swaps the sealed subjects of
     * two entries (to erase the wrong people). Re-applying refuses each edited entry whole ({@code
     * ENTRY_TAMPERED}) and does nothing for it, and still re-applies the untouched one.
     */
    @Test
    void ledgerEntriesEditedInTheDatabase_areRefused_notReapplied(TestDatabase db) throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        int subjects = 5;
        try (TestDatabase ledgerDb = ledgerDatabase(db)) {
            List<String> ids = new ArrayList<>();
            EntityManagerFactory first = db.newEmf(Map.of());
            try (PrivacyKit kit = kit(first, JpaErasureLedgers.create(ledgerDb.newEmf(Map.of())), new Sources(subjects),
                    subjects)) {
                for (int n = 0; n < subjects; n++) {
                    ids.add(erase(kit, subject(n)).id());
                }
            }
            first.close();
            ledgerDb.jdbc(c -> {
                Map<String, String[]> rows = new TreeMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT request_id, erased, sealed_subject FROM cpp_erasure_ledger")) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
                assertEquals(Set.copyOf(ids), rows.keySet(), "one entry per erasure, by request id");
                // 0: the devices source dropped from what was erased (the rest still decodes)
                List<String> kept = new ArrayList<>();
                for (String part : Codec.split(rows.get(ids.get(0))[0], "erased")) {
                    if (!Codec.split(part, 2, "erased").get(0).equals("devices")) {
                        kept.add(part);
                    }
                }
                assertEquals(Codec.split(rows.get(ids.get(0))[0], "erased").size() - 1, kept.size());
                update(c, "UPDATE cpp_erasure_ledger SET erased = ? WHERE request_id = ?", Codec.join(kept), ids.get(0));
                // 1: the vault flag flipped
                update(c, "UPDATE cpp_erasure_ledger SET vault_erased = 1 - vault_erased WHERE request_id = ?",
                        ids.get(1));
                // 2 and 3: the sealed subjects swapped
                update(c, "UPDATE cpp_erasure_ledger SET sealed_subject = ? WHERE request_id = ?",
                        rows.get(ids.get(3))[1], ids.get(2));
                update(c, "UPDATE cpp_erasure_ledger SET sealed_subject = ? WHERE request_id = ?",
                        rows.get(ids.get(2))[1], ids.get(3));
            });
            db.reset();

            Sources restored = new Sources(subjects);
            ErasureLedger ledger = JpaErasureLedgers.create(ledgerDb.newEmf(Map.of()));
            assertEquals(subjects, ledger.since(Instant.EPOCH, Optional.empty(), 100).size(),
                    "the edited entries still decode: only the seal can tell");
            try (PrivacyKit afterRestore = kit(db.newEmf(Map.of()), ledger, restored, subjects)) {
                ReapplyReport report = afterRestore.rights().reapplyErasures(Instant.EPOCH);
                assertFalse(report.complete(), report.toString());
                assertEquals(subjects, report.entries());
                Map<String, String> refused = new TreeMap<>();
                for (ReapplyReport.Failure f : report.failures()) {
                    assertEquals(Optional.empty(), f.source(), "the entry refused whole: " + f);
                    refused.put(f.requestId(), f.problem());
                }
                assertEquals(Map.of(ids.get(0), "ENTRY_TAMPERED", ids.get(1), "ENTRY_TAMPERED", ids.get(2),
                        "ENTRY_TAMPERED", ids.get(3), "ENTRY_TAMPERED"), refused, report.toString());
                for (int n = 0; n < 4; n++) {
                    assertFalse(restored.devices.recordsOf(subject(n)).isEmpty(), "nothing done for edited entry " + n);
                    assertFalse(restored.billing.isRestricted(invoice(n)), "nothing done for edited entry " + n);
                }
                assertTrue(restored.devices.recordsOf(subject(4)).isEmpty(), "the untouched entry is re-applied");
                assertTrue(restored.billing.isRestricted(invoice(4)));
            }
        }
    }

    private static void update(java.sql.Connection c, String sql, String... params) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            assertEquals(1, s.executeUpdate(), sql);
        }
    }

    /**
     * The kit over {@code JpaStores.create(emf, () -> caller)} working inside the caller's open transaction:
     * submit, verify and process complete the erasure (the bundled rights store commits on its own; the ledger,
     * on its own database, too), the sources are erased, and the request is ended for everyone once the caller
     * commits.
     */
    @Test
    void aKitOnJpaStores_completesAnErasure_insideTheCallersTransaction(TestDatabase db) throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        try (TestDatabase ledgerDb = ledgerDatabase(db)) {
            Sources sources = new Sources(1);
            EntityManagerFactory emf = db.newEmf(Map.of());
            EntityManager caller = emf.createEntityManager();
            ErasureLedger ledger = JpaErasureLedgers.create(ledgerDb.newEmf(Map.of()));
            try (PrivacyKit kit = kit(JpaStores.create(emf, () -> caller), ledger, sources)) {
                caller.getTransaction().begin();
                kit.retention().tag(subject(0), invoice(0), FINANCIAL, RECEIVED);
                RequestRecord done = erase(kit, subject(0));
                caller.getTransaction().commit();

                assertTrue(sources.devices.recordsOf(subject(0)).isEmpty(), "erased");
                assertTrue(sources.billing.isRestricted(invoice(0)), "kept under its retention tag, restricted");
                assertEquals(Optional.of(done), JpaStores.create(db.newEmf(Map.of())).rights().find(done.id()));
                assertEquals(List.of(done.id()), ledger.since(Instant.EPOCH, Optional.empty(), 10).stream()
                        .map(e -> e.requestId()).toList());
            } finally {
                if (caller.getTransaction().isActive()) {
                    caller.getTransaction().rollback();
                }
                caller.close();
            }
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
