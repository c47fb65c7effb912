package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * README's quickstart "Durable stores and encrypted entities (JPA, Hibernate)", step by step: one persistence
 * unit holding the plugin's entities ({@code META-INF/orm.xml}) and the application's {@code Customer}
 * ({@code @DataSubject}, {@code @Encrypted}, {@code @BlindIndex}), the kit given to it as a supplier because
 * the kit's stores ({@link JpaStores#create}) and its source ({@link JpaPersonalDataSource}) are built over
 * that very factory, then {@link FieldEncryption#check}; a persist, a {@code findByEmail} through
 * {@link FieldEncryption#blindIndexCandidates}, and the same look-up through the source. The test entity
 * {@code Customer} (table {@code hb_customer} of the module's test migrations) stands in for README's.
 */
abstract class ReadmeJpaQuickstartTest {

    @TempDir
    Path dir;

    private EntityManagerFactory emf;
    private PrivacyKit kit;

    @AfterEach
    void close() {
        if (kit != null) {
            kit.close();
        }
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
    }

    /** The persistence unit README calls "app": the plugin's orm.xml, the application's entity, the kit. */
    private static EntityManagerFactory app(TestDatabase db, Supplier<PrivacyKit> kit) {
        PersistenceConfiguration unit = new PersistenceConfiguration("app")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .mappingFile("META-INF/orm.xml")
                .managedClass(Customer.class)
                .property(PersistenceConfiguration.JDBC_URL, db.jdbcUrl())
                .property("hibernate.hbm2ddl.auto", "validate")
                .property("hibernate.jdbc.time_zone", "UTC")
                .property(FieldEncryption.KIT, kit);
        return Persistence.createEntityManagerFactory(unit);
    }

    @Test
    void theReadmesQuickstart_storesCiphertext_andFindsTheCustomerByEmail(TestDatabase db) {
        Ed25519Signer signer = Ed25519Signer.generate("audit-2026");
        SecretBytes subjectPseudonymKey = SecretBytes.copyOf(new byte[32]);
        SecretBytes sealKey = SecretBytes.copyOf(new byte[32]);
        SecretBytes searchRootKey = SecretBytes.copyOf(new byte[32]);
        Pkcs12KeyEncryptionKeyProvider kekProvider = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "pw".toCharArray(), "clickphone-kek");

        // --- README, as written
        AtomicReference<PrivacyKit> kitRef = new AtomicReference<>();
        emf = app(db, kitRef::get);                                     // Map.of(FieldEncryption.KIT, supplier)
        JpaPersonalDataSource customers = JpaPersonalDataSource.builder(emf)
                .blindIndexer(FieldEncryption.blindIndexer(emf))
                .build();
        PrivacyKit kit = PrivacyKit.builder()
                .policy(Policy.clickPhoneDefault())
                .stores(JpaStores.create(emf))
                .audit(AuditSettings.of(signer, subjectPseudonymKey))
                .consent(ConsentSettings.defaults().withSealKey(sealKey))
                .keys(KeySettings.of(kekProvider))
                .searchableFields(searchRootKey)
                .source(customers)
                .build();
        kitRef.set(kit);
        this.kit = kit;
        FieldEncryption.check(emf);

        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        em.persist(new Customer(42L, "acct-1042", "Ana.Popescu@example.ro"));
        em.getTransaction().commit();
        em.close();
        em = emf.createEntityManager();
        Customer found = em.createQuery("from Customer c where c.emailIndex in (:i)", Customer.class)   // findByEmail
                .setParameter("i", FieldEncryption.blindIndexCandidates(emf, Customer.class, "email", "ana.popescu@EXAMPLE.ro"))
                .getSingleResult();                                                  // email: "Ana.Popescu@example.ro"
        Set<RecordRef> same = customers.findBySearchable(DataCategory.of("CONTACT"), "email", "ana.popescu@example.ro");
        // --- end of README

        assertEquals("Ana.Popescu@example.ro", found.getEmail());
        assertEquals("acct-1042", found.getCustomerId());
        em.close();
        assertEquals(Set.of(RecordRef.of(JpaPersonalDataSource.DEFAULT_NAME, "Customer:42")), same);
        assertEquals(same, Set.of(customers.recordOf(found)));

        // the database holds the kit's ciphertext and the blind index, never the address
        String[] stored = new String[2];
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT email, email_index FROM hb_customer WHERE id = 42")) {
                assertTrue(rs.next());
                stored[0] = rs.getString(1);
                stored[1] = rs.getString(2);
            }
        });
        assertTrue(stored[0].startsWith("cpf."), "the kit's field format");
        assertFalse(stored[0].toLowerCase(Locale.ROOT).contains("popescu"), "no plaintext in the column");
        assertEquals(FieldEncryption.blindIndex(emf, Customer.class, "email", "Ana.Popescu@example.ro"), stored[1]);

        // the kit's own stores are on the same database: the customer's wrapped data key is in its table
        assertTrue(countRows(db, "cpp_subject_key") > 0, "the wrapped data key is in cpp_subject_key");
        assertTrue(kit.audit().verify().intact());
    }

    private static long countRows(TestDatabase db, String table) {
        long[] count = new long[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                count[0] = rs.getLong(1);
            }
        });
        return count[0];
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
    static class OnH2Test extends ReadmeJpaQuickstartTest {
    }
}
