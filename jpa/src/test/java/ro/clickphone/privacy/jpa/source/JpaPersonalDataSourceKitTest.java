package ro.clickphone.privacy.jpa.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.core.rights.ExportDelivery;
import ro.clickphone.privacy.core.rights.RightsRequest;
import ro.clickphone.privacy.core.rights.RightsSettings;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.RetentionTagging;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.source.SubjectRecord;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * The kit over a {@link JpaPersonalDataSource} on each database (in-memory stores, the shipped policy): rows tagged on
 * persist through {@link RetentionTagging}, an access request exports every row of the subject, a retention
 * sweep disposes of the due invoice only, and an erasure request erases what no obligation keeps and keeps
 * the recent invoice restricted — which a later sweep then disposes of when its ten years are over.
 */
abstract class JpaPersonalDataSourceKitTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final String NAME = "billing";

    @TempDir
    Path dir;

    private TestDatabase db;
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-02-02T08:00:00Z"));
    private JpaPersonalDataSource source;
    private PrivacyKit kit;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        source = JpaPersonalDataSource.builder(db.emf()).name(NAME).blindIndexer(JpaPersonalDataSourceTest.INDEXER)
                .clock(clock).build();
        kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create()).clock(clock)
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                        SecretBytes.copyOf(new byte[32])))
                .source(source).rights(RightsSettings.defaults().withErasureLedger(new InMemoryErasureLedger()))
                .build();
    }

    @AfterEach
    void close() {
        kit.close();
    }

    /** Persists an entity and tags it as the hibernate module's post-insert listener does. */
    private RecordRef persist(Object entity) {
        db.inTransaction(em -> {
            em.persist(entity);
            return null;
        });
        RetentionTagging.tag(kit, NAME, db.emf(), entity);
        return source.recordOf(entity);
    }

    private boolean exists(String table, String column, Object id) {
        boolean[] found = {false};
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
                s.setObject(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    found[0] = rs.next() && rs.getString(1) != null;
                }
            }
        });
        return found[0];
    }

    @Test
    void accessExport_sweep_andErasure_throughTheKit() throws Exception {
        String account = UUID.randomUUID().toString();
        persist(new Account(account, ANA.value(), "ana@example.ro",
                JpaPersonalDataSourceTest.INDEXER.compute("Account", "notification_email", "ana@example.ro"), "VIP"));
        persist(new CallRecord(1, ANA.value(), "+40745000001", 61));
        persist(new CallRecord(2, ANA.value(), "+40745000002", 7));
        RecordRef old = persist(new Invoice(10L, ANA.value(), "Ana Popescu", 1200, LocalDate.of(2014, 3, 3)));
        RecordRef recent = persist(new Invoice(11L, ANA.value(), "Ana Popescu", 4200, LocalDate.of(2025, 11, 20)));
        String bobs = UUID.randomUUID().toString();
        persist(new Account(bobs, BOB.value(), "bob@example.ro", null, null));
        assertTrue(kit.retention().tagOf(old).isPresent(), "tagged on persist");
        assertTrue(kit.retention().tagOf(recent).isPresent());

        // Access: every row of Ana's, in clear, in the export document.
        RequestRecord access = kit.rights().submit(RightsRequest.access(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                clock.instant()));
        kit.rights().verify(access.id());
        RequestRecord exported = kit.rights().process(access.id(), ExportDelivery.toDirectory(dir));
        assertEquals(RequestState.COMPLETED, exported.state(), exported.progress().toString());
        String json = Files.readString(dir.resolve(access.id() + ".json"));
        assertTrue(json.contains("\"" + NAME + "\""), "the source is named");
        for (String value : List.of("ana@example.ro", "VIP", "+40745000001", "+40745000002", "Ana Popescu")) {
            assertTrue(json.contains(value), "the export holds " + value);
        }
        assertFalse(json.contains("bob@example.ro"), "nothing of Bob's");
        assertFalse(json.contains(JpaPersonalDataSourceTest.INDEXER.compute("Account", "notification_email",
                "ana@example.ro")), "no blind-index column in the export");

        // Retention: the 2014 invoice's ten financial years are over; the 2025 one's are not.
        SweepReport sweep = kit.retention().sweep(SweepOptions.defaults());
        assertEquals(1, sweep.total(), sweep.toString());
        assertEquals(0, sweep.failed());
        assertFalse(exists("src_invoice", "customer_id", 10L), "the due invoice is disposed of");
        assertTrue(exists("src_invoice", "customer_id", 11L));

        // Erasure: Ana's contract ended more than three years ago, so contacts and call records go; the recent
        // invoice is kept, restricted on its retention ground.
        kit.retention().recordEvent(ANA, "contract-end", LocalDate.of(2022, 6, 30));
        RequestRecord erasure = kit.rights().submit(RightsRequest.erasure(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                clock.instant()));
        kit.rights().verify(erasure.id());
        RequestRecord erased = kit.rights().process(erasure.id());
        assertEquals(RequestState.PARTIALLY_COMPLETED, erased.state(), "the invoice is kept: " + erased.progress());
        ro.clickphone.privacy.spi.rights.SourceProgress atSource = erased.progressOf(NAME).orElseThrow();
        assertEquals(ro.clickphone.privacy.spi.rights.SourceStatus.DONE, atSource.status());
        Map<String, String> outcomes = new HashMap<>();
        atSource.outcomes().forEach(o -> outcomes.put(o.category().id(), o.kind() + "/" + o.records()));
        assertEquals(Map.of("CONTACT", "ERASED/1", "TRAFFIC", "ERASED/2", "FINANCIAL", "KEPT_RESTRICTED/1"), outcomes,
                "the counts are the source's honest ErasureResult and find()");
        assertFalse(exists("src_account", "customer_id", account));
        assertFalse(exists("src_call_record", "customer_id", 1));
        assertFalse(exists("src_call_record", "customer_id", 2));
        assertTrue(exists("src_invoice", "customer_id", 11L), "kept for its retention");
        assertTrue(exists("src_account", "customer_id", bobs), "Bob's row is untouched");
        List<SubjectRecord> left = new ArrayList<>();
        source.find(ANA, left::add);
        assertEquals(List.of(new SubjectRecord(recent, JpaPersonalDataSourceTest.FINANCIAL, true)), left,
                "only the invoice, restricted");
        Map<String, String> grounds = new HashMap<>();
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ground, until_day FROM cpp_restriction");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    grounds.put(rs.getString(1), rs.getString(2));
                }
            }
        });
        assertEquals(Set.of("FINANCIAL_RECORDS"), grounds.keySet(), grounds.toString());

        // Ten financial years later, the sweep disposes of the restricted invoice: the retention ground does
        // not block the disposal it waits for.
        clock.set(Instant.parse("2036-01-02T08:00:00Z"));
        SweepReport later = kit.retention().sweep(SweepOptions.defaults());
        assertEquals(1, later.total(), later.toString());
        assertFalse(exists("src_invoice", "customer_id", 11L));
        left.clear();
        source.find(ANA, left::add);
        assertEquals(List.of(), left);
    }

    // A restriction request places ACCURACY_CONTESTED without an end; the rectification request that follows
    // corrects the contested invoice and settles the contest, so the retention sweep can dispose of it when due.
    @Test
    void restriction_thenRectification_thenTheSweepDisposesWhenDue() {
        RecordRef old = persist(new Invoice(10L, ANA.value(), "Ana Popscu", 1200, LocalDate.of(2014, 3, 3)));
        RequestRecord restriction = kit.rights().submit(RightsRequest.restriction(ANA, RequestChannel.CUSTOMER_ACCOUNT,
                clock.instant(), Set.of(JpaPersonalDataSourceTest.FINANCIAL), Set.of()));
        kit.rights().verify(restriction.id());
        RequestRecord restricted = kit.rights().process(restriction.id());
        assertEquals(RequestState.COMPLETED, restricted.state(), restricted.progress().toString());
        List<SubjectRecord> found = new ArrayList<>();
        source.find(ANA, found::add);
        assertEquals(List.of(new SubjectRecord(old, JpaPersonalDataSourceTest.FINANCIAL, true)), found);

        RequestRecord rectification = kit.rights().submit(RightsRequest.rectification(ANA,
                RequestChannel.CUSTOMER_ACCOUNT, clock.instant(), List.of(
                        ro.clickphone.privacy.spi.source.Rectification.of(JpaPersonalDataSourceTest.FINANCIAL,
                                "billingName", "Ana Popescu"))));
        kit.rights().verify(rectification.id());
        RequestRecord rectified = kit.rights().process(rectification.id());
        assertEquals(RequestState.COMPLETED, rectified.state(), rectified.progress().toString());
        assertTrue(exists("src_invoice", "customer_id", 10L));
        found.clear();
        source.find(ANA, found::add);
        assertEquals(List.of(new SubjectRecord(old, JpaPersonalDataSourceTest.FINANCIAL, false)), found,
                "the correction settled the contest");

        SweepReport sweep = kit.retention().sweep(SweepOptions.defaults());
        assertEquals(0, sweep.failed(), sweep.toString());
        assertEquals(1, sweep.total(), sweep.toString());
        assertFalse(exists("src_invoice", "customer_id", 10L), "disposed of when due");
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnH2Test extends JpaPersonalDataSourceKitTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnPostgresTest extends JpaPersonalDataSourceKitTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnMariaDbTest extends JpaPersonalDataSourceKitTest {
    }
}
