package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.hibernate.entities.Invoice;
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
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(FieldEncryption.KIT, (Supplier<PrivacyKit>) ref::get);
        EntityManagerFactory emf = Units.emf(db.jdbcUrl(), properties, Invoice.class, Customer.class);
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
    void withTaggingOff_orWithoutTheSource_noTagIsWritten_orTheFlushFails() throws Exception {
        Wired off = wire(Map.of(FieldEncryption.RETENTION_SOURCE, ""), true);
        Invoice invoice = new Invoice(10, ANA, "x", LocalDate.of(2025, 11, 20));
        Units.run(off.emf(), em -> em.persist(invoice));
        assertTrue(off.kit().retention().tagOf(off.source().recordOf(invoice)).isEmpty());

        db.reset();
        Wired unregistered = wire(Map.of(), false);
        Invoice other = new Invoice(11, ANA, "y", LocalDate.of(2025, 11, 20));
        assertThrows(RuntimeException.class, () -> Units.run(unregistered.emf(), em -> em.persist(other)));
        int[] rows = new int[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM hb_invoice")) {
                rs.next();
                rows[0] = rs.getInt(1);
            }
        });
        assertEquals(0, rows[0], "an untaggable row is not committed");
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
