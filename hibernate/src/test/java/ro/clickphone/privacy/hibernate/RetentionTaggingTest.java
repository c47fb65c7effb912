package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.core.retention.RetentionException;
import ro.clickphone.privacy.hibernate.entities.Invoice;
import ro.clickphone.privacy.hibernate.entities.PlainNote;
import ro.clickphone.privacy.hibernate.entities.SeqInvoice;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.retention.RetentionTag;

/**
 * {@code @Retained} rows are tagged for retention when they are inserted, with the record reference the
 * personal-data source disposes of; the kit is given as a supplier because its source is built over the
 * very factory; the source's blind indexer agrees with the listeners'.
 */
abstract class RetentionTaggingTest {

    private static final String ANA = "subject-ana";
    private static final String BOB = "subject-bob";

    private TestDatabase db;
    private final List<EntityManagerFactory> factories = new ArrayList<>();
    private final List<PrivacyKit> kits = new ArrayList<>();

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void close() {
        factories.forEach(EntityManagerFactory::close);
        kits.forEach(PrivacyKit::close);
    }

    private record Wired(EntityManagerFactory emf, JpaPersonalDataSource source, PrivacyKit kit) {
    }

    /** The application's wiring: factory (kit as a supplier), source over it, kit with the source. */
    private Wired wire(Map<String, Object> extra, boolean registerSource) throws Exception {
        AtomicReference<PrivacyKit> ref = new AtomicReference<>();
        Map<String, Object> properties = new HashMap<>();
        properties.put(FieldEncryption.RETENTION_SOURCE, JpaPersonalDataSource.DEFAULT_NAME);
        properties.putAll(extra);
        properties.entrySet().removeIf(e -> e.getValue() == null);
        properties.put(FieldEncryption.KIT, (Supplier<PrivacyKit>) ref::get);
        EntityManagerFactory emf = Units.emf(db.jdbcUrl(), properties, Invoice.class, Customer.class,
                SeqInvoice.class);
        factories.add(emf);
        JpaPersonalDataSource source = JpaPersonalDataSource.builder(emf)
                .blindIndexer(FieldEncryption.blindIndexer(emf)).build();
        Path dir = Files.createTempDirectory("cpp-tagging");
        PrivacyKit.Builder builder = PrivacyKit.builder().stores(InMemoryStores.create())
                .policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .searchableFields(SecretBytes.copyOf(new byte[32]));
        if (registerSource) {
            builder.source(source);
        }
        PrivacyKit kit = builder.build();
        kits.add(kit);
        ref.set(kit);
        FieldEncryption.check(emf);
        return new Wired(emf, source, kit);
    }

    @Test
    void aRetainedRow_isTaggedOnInsert_withTheSourcesRecordReference() throws Exception {
        Wired w = wire(Map.of(), true);
        Invoice invoice = new Invoice(10, ANA, "Abonament Business, 49 RON", LocalDate.of(2025, 11, 20));
        Units.run(w.emf(), em -> em.persist(invoice));
        RecordRef record = w.source().recordOf(invoice);
        assertEquals(JpaPersonalDataSource.DEFAULT_NAME, record.source());
        RetentionTag tag = w.kit().retention().tagOf(record).orElseThrow();
        assertEquals(DataCategory.of("FINANCIAL"), tag.category());
        assertEquals(SubjectId.of(ANA), tag.subject().orElseThrow());
        assertEquals(LocalDate.of(2025, 11, 20), tag.anchoredOn());
        // and the row itself is encrypted under the fiscal scope
        String[] details = new String[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT details FROM hb_invoice")) {
                rs.next();
                details[0] = rs.getString(1);
            }
        });
        assertTrue(details[0].startsWith("cpf.") && !details[0].contains("Business"), details[0]);
        Units.run(w.emf(), em -> assertEquals("Abonament Business, 49 RON", em.find(Invoice.class, 10L).getDetails()));
        // entities that are not @Retained are not tagged
        Customer customer = new Customer(1, ANA, "ana@example.ro");
        Units.run(w.emf(), em -> em.persist(customer));
        assertFalse(w.kit().retention().tagOf(RecordRef.of(JpaPersonalDataSource.DEFAULT_NAME, "Customer:1"))
                .isPresent());
    }

    @Test
    void theSourcesBlindIndexer_agreesWithTheListeners() throws Exception {
        Wired w = wire(Map.of(), true);
        Customer customer = new Customer(1, ANA, "Ana@Example.ro");
        Units.run(w.emf(), em -> em.persist(customer));
        String indexer = FieldEncryption.blindIndexer(w.emf()).compute("Customer", "notification_email",
                "ana@example.ro");
        assertEquals(customer.getEmailIndex(), indexer);
        assertEquals(FieldEncryption.blindIndex(w.emf(), Customer.class, "email", "ANA@example.ro"), indexer);
        assertThrows(InvalidInputException.class, () -> FieldEncryption.blindIndexer(w.emf())
                .compute("Customer", "ip_address", "192.0.2.1"));
    }

    @Test
    void withTaggingOff_orWithoutTheProperty_noTagIsWritten_andRetainedOnlyChoosesTheCategory() throws Exception {
        Wired off = wire(Map.of(FieldEncryption.RETENTION_SOURCE, ""), true);
        Invoice invoice = new Invoice(10, ANA, "x", LocalDate.of(2025, 11, 20));
        Units.run(off.emf(), em -> em.persist(invoice));
        assertTrue(off.kit().retention().tagOf(off.source().recordOf(invoice)).isEmpty());

        db.reset();
        Map<String, Object> absent = new HashMap<>();
        absent.put(FieldEncryption.RETENTION_SOURCE, null);
        Wired unset = wire(absent, false); // no source registered, no tagging asked: inserts work
        Invoice other = new Invoice(11, ANA, "y", LocalDate.of(2025, 11, 20));
        Units.run(unset.emf(), em -> em.persist(other));
        assertEquals(1, count("hb_invoice"));
        assertTrue(unset.kit().retention().tagOf(unset.source().recordOf(other)).isEmpty());
    }

    @Test
    void aTagTheScheduleRefuses_failsTheCommit_andTheRowIsNotCommitted() throws Exception {
        Wired unregistered = wire(Map.of(), false);
        Invoice other = new Invoice(11, ANA, "y", LocalDate.of(2025, 11, 20));
        RetentionException e = cause(RetentionException.class,
                () -> Units.run(unregistered.emf(), em -> em.persist(other)));
        assertFalse(e.getMessage().contains(ANA), e.getMessage());
        assertEquals(0, count("hb_invoice"), "an untaggable row is not committed");
    }

    @Test
    void aRolledBackInsert_leavesNoTag_evenWhenTheSessionCommitsLater() throws Exception {
        Wired w = wire(Map.of(), true);
        Invoice rolledBack = new Invoice(10, ANA, "x", LocalDate.of(2025, 11, 20));
        Invoice committed = new Invoice(11, ANA, "y", LocalDate.of(2025, 11, 21));
        EntityManager em = w.emf().createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(rolledBack);
            em.flush();
            em.getTransaction().rollback();
            em.clear();
            em.getTransaction().begin();
            em.persist(committed);
            em.getTransaction().commit();
        } finally {
            em.close();
        }
        assertTrue(w.kit().retention().tagOf(w.source().recordOf(rolledBack)).isEmpty(), "no tag for a row that never was");
        assertTrue(w.kit().retention().tagOf(w.source().recordOf(committed)).isPresent());
        // the id of the rolled-back row, inserted later for another subject, is tagged with that subject
        Invoice bobs = new Invoice(10, BOB, "z", LocalDate.of(2025, 11, 22));
        Units.run(w.emf(), e -> e.persist(bobs));
        assertEquals(SubjectId.of(BOB), w.kit().retention().tagOf(w.source().recordOf(bobs)).orElseThrow().subject()
                .orElseThrow());
    }

    @Test
    void aFailedBatch_overAnUntaggedRow_leavesNoTag() throws Exception {
        Wired w = wire(Map.of("hibernate.jdbc.batch_size", "50"), true);
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO hb_invoice (id, customer_id, details, invoice_date)"
                        + " VALUES (10, '" + BOB + "', NULL, DATE '2025-11-20')");
            }
        });
        List<Invoice> batch = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            batch.add(new Invoice(i, ANA, "line " + i, LocalDate.of(2025, 11, 20)));
        }
        assertThrows(RuntimeException.class, () -> Units.run(w.emf(), em -> batch.forEach(em::persist)));
        for (Invoice invoice : batch) {
            assertTrue(w.kit().retention().tagOf(w.source().recordOf(invoice)).isEmpty(), invoice.toString());
        }
        assertEquals(1, count("hb_invoice"));
    }

    @Test
    void sequenceIds_inABatchedInsert_areTaggedAndBoundToTheirRows() throws Exception {
        Wired w = wire(Map.of("hibernate.jdbc.batch_size", "50"), true);
        List<SeqInvoice> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            batch.add(new SeqInvoice(i % 2 == 0 ? ANA : BOB, "line " + i, LocalDate.of(2025, 11, 20)));
        }
        Units.run(w.emf(), em -> batch.forEach(em::persist));
        for (SeqInvoice invoice : batch) {
            RetentionTag tag = w.kit().retention().tagOf(w.source().recordOf(invoice)).orElseThrow();
            assertEquals(DataCategory.of("FINANCIAL"), tag.category());
        }
        SeqInvoice first = batch.get(0);
        SeqInvoice third = batch.get(2);
        Units.run(w.emf(), em -> assertEquals("line 2", em.find(SeqInvoice.class, third.getId()).getDetails()));
        // the id is bound into the value: the same subject's ciphertext moved to another row fails
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE hb_seq_invoice SET details = (SELECT x.details FROM (SELECT details FROM"
                        + " hb_seq_invoice WHERE id = " + third.getId() + ") x) WHERE id = " + first.getId());
            }
        });
        cause(IntegrityException.class, () -> Units.run(w.emf(), em -> em.find(SeqInvoice.class, first.getId())));
    }

    @Test
    void aStatelessInsert_isTaggedOnCommit_notOnRollback_andAStatelessUpsertIsRefused() throws Exception {
        Wired w = wire(Map.of(), true);
        Invoice dropped = new Invoice(10, ANA, "x", LocalDate.of(2025, 11, 20));
        Invoice kept = new Invoice(11, ANA, "y", LocalDate.of(2025, 11, 20));
        try (StatelessSession s = w.emf().unwrap(SessionFactory.class).openStatelessSession()) {
            s.getTransaction().begin();
            s.insert(dropped);
            s.getTransaction().rollback();
            s.getTransaction().begin();
            s.insert(kept);
            s.getTransaction().commit();
        }
        assertTrue(w.kit().retention().tagOf(w.source().recordOf(dropped)).isEmpty());
        assertTrue(w.kit().retention().tagOf(w.source().recordOf(kept)).isPresent());
        InvalidInputException e = cause(InvalidInputException.class, () -> {
            try (StatelessSession s = w.emf().unwrap(SessionFactory.class).openStatelessSession()) {
                s.getTransaction().begin();
                try {
                    s.upsert(new Invoice(12, ANA, "z", LocalDate.of(2025, 11, 20)));
                } finally {
                    s.getTransaction().rollback();
                }
            }
        });
        assertTrue(e.rule().contains("upsert"), e.getMessage());
        assertEquals(1, count("hb_invoice"));
    }

    @Test
    void withTheKitSupplierEmpty_entitiesNeedingNoKit_work_andOnlyTheOthersFail() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(FieldEncryption.KIT, (Supplier<PrivacyKit>) () -> null);
        properties.put(FieldEncryption.RETENTION_SOURCE, JpaPersonalDataSource.DEFAULT_NAME);
        EntityManagerFactory emf = Units.emf(db.jdbcUrl(), properties, Invoice.class, Customer.class, PlainNote.class);
        factories.add(emf);
        Units.run(emf, em -> em.persist(new PlainNote(1, "hello")));
        Units.run(emf, em -> em.find(PlainNote.class, 1L).setBody("changed"));
        Units.run(emf, em -> assertEquals("changed", em.find(PlainNote.class, 1L).getBody()));
        ConfigurationException e = cause(ConfigurationException.class,
                () -> Units.run(emf, em -> em.persist(new Customer(1, ANA, "ana@example.ro"))));
        assertTrue(e.getMessage().contains("returned no kit"), e.getMessage());
    }

    private int count(String table) {
        int[] rows = new int[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                rows[0] = rs.getInt(1);
            }
        });
        return rows[0];
    }

    private static <T extends Throwable> T cause(Class<T> type, Executable action) {
        Throwable thrown = assertThrows(Throwable.class, action);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the causes of " + thrown, thrown);
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
    static class OnH2Test extends RetentionTaggingTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-hibernate"})
    static class OnPostgresTest extends RetentionTaggingTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-hibernate"})
    static class OnMariaDbTest extends RetentionTaggingTest {
    }
}
