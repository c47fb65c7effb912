package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;

/**
 * A search-key rotation on a real database: rows written by an application on version 1, more rows
 * after it moved to version 1 + 2; equality queries through {@link FieldEncryption#blindIndexCandidates}
 * and {@code JpaPersonalDataSource.findBySearchable} find both halves, the listeners write the current
 * version, an unchanged row is not rewritten, a retired version stops matching, and an index value a
 * database writer relabelled matches nothing.
 */
abstract class SearchKeyRotationJpaTest {

    private static final int ROWS = 20;
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");

    private TestDatabase db;
    private Path dir;
    private KeyEncryptionKeyProvider kek;
    /** Shared by every instance, as a database-backed bundle would be: the data keys must be the same. */
    private Stores stores;
    private final List<EntityManagerFactory> factories = new ArrayList<>();
    private final List<PrivacyKit> kits = new ArrayList<>();

    private record Wired(EntityManagerFactory emf, JpaPersonalDataSource source, PrivacyKit kit) {
    }

    @BeforeEach
    void open(TestDatabase db) throws Exception {
        this.db = db;
        this.dir = Files.createTempDirectory("cpp-search-rotation");
        this.kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        this.stores = InMemoryStores.create();
    }

    @AfterEach
    void close() {
        factories.forEach(EntityManagerFactory::close);
        kits.forEach(PrivacyKit::close);
    }

    private static SecretBytes root(int first) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (first + i);
        }
        return SecretBytes.copyOf(key);
    }

    /** One application instance: factory (kit as a supplier), source over it, kit with the source. */
    private Wired wire(SearchKeys keys) {
        AtomicReference<PrivacyKit> ref = new AtomicReference<>();
        Map<String, Object> properties = new HashMap<>();
        properties.put(FieldEncryption.KIT, (Supplier<PrivacyKit>) ref::get);
        EntityManagerFactory emf = Units.emf(db.jdbcUrl(), properties, Customer.class);
        factories.add(emf);
        JpaPersonalDataSource source = JpaPersonalDataSource.builder(emf)
                .blindIndexer(FieldEncryption.blindIndexer(emf)).build();
        PrivacyKit kit = PrivacyKit.builder().stores(stores).policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC()).keys(KeySettings.of(kek)).searchableFields(keys).source(source).build();
        kits.add(kit);
        ref.set(kit);
        FieldEncryption.check(emf);
        return new Wired(emf, source, kit);
    }

    private static String email(int row) {
        return "user" + (row % ROWS) + "@example.ro";
    }

    private Set<Long> query(EntityManagerFactory emf, List<String> indexes) {
        return Units.inTransaction(emf, em -> new TreeSet<>(em.createQuery(
                "select c.id from Customer c where c.emailIndex in (:i)", Long.class).setParameter("i", indexes)
                .getResultList()));
    }

    private String storedIndex(long id) {
        String[] out = new String[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT email_index FROM hb_customer WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    out[0] = rs.getString(1);
                }
            }
        });
        return out[0];
    }

    private static Set<String> ids(Set<RecordRef> records) {
        Set<String> out = new TreeSet<>();
        records.forEach(r -> out.add(r.id()));
        return out;
    }

    @Test
    void rotation_queriesFindBothHalves_listenersWriteTheCurrentVersion_retiredVersionsStopMatching() {
        SearchKeys v1 = SearchKeys.of(1, root(0));
        Wired before = wire(v1);
        // the same field also kept deterministically (e.g. a column of another table), written before the rotation
        String oldCipher = before.kit().deterministic().field("hb_customer", "notification_email", Normalization.CASE_INSENSITIVE_TEXT)
                .encrypt(email(3));
        for (int row = 0; row < ROWS; row++) {
            Customer c = new Customer(row, "subject-" + row, email(row));
            Units.run(before.emf(), em -> em.persist(c));
        }
        SearchKeys v2 = v1.withVersion(2, root(32));
        Wired after = wire(v2);
        for (int row = ROWS; row < 2 * ROWS; row++) {
            Customer c = new Customer(row, "subject-" + row, email(row).toUpperCase(java.util.Locale.ROOT));
            Units.run(after.emf(), em -> em.persist(c));
        }
        BlindIndexField field = FieldEncryption.blindIndexField(after.emf(), Customer.class, "email");
        assertEquals(1, field.versionOf(storedIndex(0)).getAsInt(), "written before the rotation");
        assertEquals(2, field.versionOf(storedIndex(ROWS)).getAsInt(), "written after it");
        assertTrue(field.isCurrent(storedIndex(ROWS)));

        for (int u = 0; u < ROWS; u++) {
            String value = "User" + u + "@Example.ro";
            List<String> candidates = FieldEncryption.blindIndexCandidates(after.emf(), Customer.class, "email", value);
            assertEquals(List.of(FieldEncryption.blindIndex(after.emf(), Customer.class, "email", value),
                    FieldEncryption.blindIndex(before.emf(), Customer.class, "email", value)), candidates);
            assertEquals(Set.of((long) u, (long) u + ROWS), query(after.emf(), candidates), "both halves");
            assertEquals(Set.of((long) u + ROWS), query(after.emf(),
                    List.of(FieldEncryption.blindIndex(after.emf(), Customer.class, "email", value))),
                    "the current version alone misses the older half");
            assertEquals(Set.of("Customer:" + u, "Customer:" + (u + ROWS)),
                    ids(after.source().findBySearchable(CONTACT, "email", value)), "the personal-data source too");
        }

        // a row loaded and flushed unchanged is not written; an UPDATE of the row writes the current version
        String old = storedIndex(0);
        Units.run(after.emf(), em -> em.find(Customer.class, 0L));
        assertEquals(old, storedIndex(0), "no UPDATE, no re-index by the listeners");
        Units.run(after.emf(), em -> em.find(Customer.class, 0L).setNickname("ana"));
        assertTrue(field.isCurrent(storedIndex(0)), "the UPDATE wrote the index under the current version");
        assertEquals(Set.of(0L, (long) ROWS), query(after.emf(),
                FieldEncryption.blindIndexCandidates(after.emf(), Customer.class, "email", email(0))));
        Units.run(after.emf(), em -> em.find(Customer.class, 1L).setEmail("moved@example.ro"));
        assertTrue(field.isCurrent(storedIndex(1)));
        assertEquals(Set.of(1L), query(after.emf(),
                FieldEncryption.blindIndexCandidates(after.emf(), Customer.class, "email", "moved@example.ro")));

        // retire version 1 on this instance: rows still under it are no longer found
        field.retire(1);
        List<String> only = FieldEncryption.blindIndexCandidates(after.emf(), Customer.class, "email", email(2));
        assertEquals(1, only.size());
        assertEquals(Set.of(2L + ROWS), query(after.emf(), only));
        assertEquals(Set.of("Customer:" + (2 + ROWS)), ids(after.source().findBySearchable(CONTACT, "email", email(2))));
        assertThrows(InvalidInputException.class, () -> field.retire(2));

        // another instance started from a configuration that records the retirement does the same
        assertEquals("hb_customer", field.entity(), "the entity of a JPA field is its root table's name");
        Wired restarted = wire(v2.withRetiredBlindIndex(field.entity(), field.field(), 1));
        assertEquals(Set.of("Customer:" + (3 + ROWS)),
                ids(restarted.source().findBySearchable(CONTACT, "email", email(3))));
        assertEquals(1, FieldEncryption.blindIndexCandidates(restarted.emf(), Customer.class, "email", email(3)).size());
        // ... and leaves the field's deterministic values, not re-encrypted yet, readable as before the restart
        assertEquals(email(3), restarted.kit().deterministic().field("hb_customer", "notification_email",
                Normalization.CASE_INSENSITIVE_TEXT).decrypt(oldCipher));
    }

    /**
     * The database writer relabels a row's version 1 index as version 2 (so that a re-index job would take
     * it for current and skip it), or copies the index of another row's value under another version: the
     * row then matches no value's look-up, neither its own nor the other one.
     */
    @Test
    void attack_aRelabelledOrCopiedIndex_matchesNoLookUp() {
        SearchKeys v1 = SearchKeys.of(1, root(0));
        Wired before = wire(v1);
        Units.run(before.emf(), em -> em.persist(new Customer(1, "subject-1", "ana@example.ro")));
        Units.run(before.emf(), em -> em.persist(new Customer(2, "subject-2", "bob@example.ro")));
        Wired after = wire(v1.withVersion(2, root(32)));
        String anaV1 = storedIndex(1);
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE hb_customer SET email_index = ? WHERE id = ?")) {
                s.setString(1, "v2." + anaV1);
                s.setLong(2, 1);
                s.executeUpdate();
                // Bob's row gets Ana's version 1 index relabelled as a version 2 one
                s.setString(1, "v2." + anaV1);
                s.setLong(2, 2);
                s.executeUpdate();
            }
        });
        BlindIndexField field = FieldEncryption.blindIndexField(after.emf(), Customer.class, "email");
        assertTrue(field.isCurrent(storedIndex(1)), "the form says current (versionOf reads the form only)");
        for (String value : List.of("ana@example.ro", "bob@example.ro")) {
            assertEquals(Set.of(), query(after.emf(),
                    FieldEncryption.blindIndexCandidates(after.emf(), Customer.class, "email", value)), value);
            assertEquals(Set.of(), after.source().findBySearchable(CONTACT, "email", value), value);
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
    static class OnH2Test extends SearchKeyRotationJpaTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-hibernate"})
    static class OnPostgresTest extends SearchKeyRotationJpaTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-hibernate"})
    static class OnMariaDbTest extends SearchKeyRotationJpaTest {
    }
}
