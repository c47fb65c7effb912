package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.hibernate.entities.DynamicCustomer;
import ro.clickphone.privacy.hibernate.entities.IdentityNote;
import ro.clickphone.privacy.hibernate.entities.LooseNote;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Writes that bypass the entity path, and database writers who move stored values around: {@code
 * StatelessSession.upsert} is encrypted and indexed; a stored ciphertext read back (stateless read, scalar
 * projection) and written again through an entity is refused, never encrypted twice; a ciphertext moved to
 * another column, table or subject fails to decrypt; a null subject is refused by the listeners themselves.
 */
abstract class StoredFormAttackTest {

    private static final String ANA = "subject-ana";
    private static final String BOB = "subject-bob";
    private static final String EMAIL = "Ana.Popescu@Example.ro";
    private static final String IP = "192.0.2.44";

    private TestDatabase db;
    private PrivacyKit kit;
    private EntityManagerFactory emf;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        kit = Units.kit();
        Map<String, Object> p = new HashMap<>();
        p.put(FieldEncryption.KIT, kit);
        p.put(FieldEncryption.ALLOW_DATABASE_GENERATED_IDS, "true");
        emf = Units.emf(db.jdbcUrl(), p, Customer.class, DynamicCustomer.class, IdentityNote.class, LooseNote.class);
    }

    @AfterEach
    void close() {
        emf.close();
        kit.close();
    }

    private Customer customer(long id, String subject, String email) {
        Customer c = new Customer(id, subject, email);
        c.setIpAddress(IP);
        c.setAddress("Str. Lalelelor 7".getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private String[] raw(String table, long id, String... columns) {
        String[] out = new String[columns.length];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM " + table
                    + " WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next(), "no row " + id + " in " + table);
                    for (int i = 0; i < columns.length; i++) {
                        out[i] = rs.getString(i + 1);
                    }
                }
            }
        });
        return out;
    }

    private void sql(String statement) {
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate(statement);
            }
        });
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

    private static void assertNoValue(Throwable thrown, String... values) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String text = (t.getMessage() + " " + t).toLowerCase(Locale.ROOT);
            for (String v : values) {
                assertFalse(text.contains(v.toLowerCase(Locale.ROOT)), () -> "leaks a value in: " + text);
            }
        }
    }

    private String index(String value) {
        return kit.blindIndex().field("hb_customer", "notification_email", Normalization.CASE_INSENSITIVE_TEXT, 128)
                .compute(value);
    }

    private String decrypt(long id, String stored) {
        return kit.fields().decrypt(SubjectId.of(ANA), kit.fieldContext("hb_customer", "notification_email",
                DataCategory.of("CONTACT")).withRecordId(Long.toString(id)), stored);
    }

    @Test
    void statelessUpsert_ofANewRow_andOfAnExistingOne_storesCiphertextAndTheIndex() {
        SessionFactory sf = emf.unwrap(SessionFactory.class);
        Customer fresh = customer(4, ANA, EMAIL);
        try (StatelessSession s = sf.openStatelessSession()) {
            s.getTransaction().begin();
            s.upsert(fresh);
            s.getTransaction().commit();
        }
        assertEquals(EMAIL, fresh.getEmail(), "the entity keeps the plaintext");
        String[] row = raw("hb_customer", 4, "email", "email_index", "ip_address");
        assertTrue(row[0].startsWith("cpf.") && !row[0].contains("Popescu"), row[0]);
        assertEquals(EMAIL, decrypt(4, row[0]));
        assertEquals(index(EMAIL), row[1]);
        assertTrue(row[2].startsWith("cpf.") && !row[2].contains(IP), row[2]);

        fresh.setEmail("changed@example.ro");
        try (StatelessSession s = sf.openStatelessSession()) {
            s.getTransaction().begin();
            s.upsert(fresh);
            s.getTransaction().commit();
        }
        row = raw("hb_customer", 4, "email", "email_index");
        assertEquals("changed@example.ro", decrypt(4, row[0]));
        assertEquals(index("changed@example.ro"), row[1]);
        Units.run(emf, em -> assertEquals("changed@example.ro", em.find(Customer.class, 4L).getEmail()));
    }

    @Test
    void aStatelessRead_mergedBack_isRefused_andTheRowIsUnchanged() {
        Units.run(emf, em -> em.persist(customer(2, ANA, EMAIL)));
        String[] before = raw("hb_customer", 2, "email", "email_index", "ip_address", "address", "nickname", "version");
        Customer stored;
        try (StatelessSession s = emf.unwrap(SessionFactory.class).openStatelessSession()) {
            stored = s.get(Customer.class, 2L);
        }
        assertTrue(stored.getEmail().startsWith("cpf."), "a stateless read sees the stored form (documented)");
        stored.setNickname("ana");
        InvalidInputException e = cause(InvalidInputException.class, () -> Units.run(emf, em -> em.merge(stored)));
        assertTrue(e.argument().startsWith("Customer."), e.getMessage());
        assertTrue(e.rule().contains("stored ciphertext"), e.getMessage());
        assertNoValue(e, EMAIL, IP, ANA, stored.getEmail());
        assertArrayEquals(before, raw("hb_customer", 2, "email", "email_index", "ip_address", "address", "nickname",
                "version"));
        Units.run(emf, em -> assertEquals(EMAIL, em.find(Customer.class, 2L).getEmail()));
    }

    @Test
    void aScalarProjection_writtenBack_isRefused() {
        Units.run(emf, em -> em.persist(customer(2, ANA, EMAIL)));
        String projected = Units.inTransaction(emf, em -> em.createQuery(
                "select c.email from Customer c where c.id = 2", String.class).getSingleResult());
        assertTrue(projected.startsWith("cpf."), "a projection sees the stored form (documented)");
        InvalidInputException e = cause(InvalidInputException.class,
                () -> Units.run(emf, em -> em.find(Customer.class, 2L).setEmail(projected)));
        assertEquals("Customer.email", e.argument());
        Units.run(emf, em -> assertEquals(EMAIL, em.find(Customer.class, 2L).getEmail()));
        // another row's or another field's ciphertext is no stored form of this field: it is a value like any
        Units.run(emf, em -> em.persist(customer(3, ANA, "x@example.ro")));
        String ip = raw("hb_customer", 2, "ip_address")[0];
        Units.run(emf, em -> em.find(Customer.class, 3L).setEmail(ip));
        Units.run(emf, em -> assertEquals(ip, em.find(Customer.class, 3L).getEmail()));
    }

    @Test
    void aCiphertextCopiedToAnotherColumnOfTheSameRow_failsToDecrypt() {
        Units.run(emf, em -> em.persist(customer(1, ANA, EMAIL)));
        sql("UPDATE hb_customer SET ip_address = email WHERE id = 1");
        IntegrityException e = cause(IntegrityException.class, () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertTrue(e.getMessage().contains("Customer.ipAddress"), e.getMessage());
        assertNoValue(e, EMAIL, ANA);
    }

    @Test
    void theSubjectColumnEditedAlone_failsToDecrypt() {
        Units.run(emf, em -> em.persist(customer(1, ANA, EMAIL)));
        Units.run(emf, em -> em.persist(customer(2, BOB, "bob@example.ro"))); // BOB has keys
        sql("UPDATE hb_customer SET customer_id = '" + BOB + "' WHERE id = 1");
        IntegrityException e = cause(IntegrityException.class, () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertNoValue(e, EMAIL, ANA, BOB);
    }

    @Test
    void aCiphertextCopiedToTheSameIdOfAnotherTable_failsToDecrypt() {
        Units.run(emf, em -> {
            em.persist(customer(2, ANA, EMAIL));
            em.persist(new DynamicCustomer(2, ANA, "dyn@example.ro"));
        });
        sql("UPDATE hb_dyn_customer SET email = (SELECT email FROM hb_customer WHERE id = 2) WHERE id = 2");
        IntegrityException e = cause(IntegrityException.class,
                () -> Units.run(emf, em -> em.find(DynamicCustomer.class, 2L)));
        assertTrue(e.getMessage().contains("DynamicCustomer.email"), e.getMessage());
    }

    /** The limit {@link FieldEncryption#ALLOW_DATABASE_GENERATED_IDS} accepts, pinned: it holds as documented. */
    @Test
    void identityIds_optedIn_aSwapBetweenRowsOfOneSubject_goesUnnoticed_butNotAcrossSubjects() {
        IdentityNote first = new IdentityNote(ANA, "first@example.ro");
        IdentityNote second = new IdentityNote(ANA, "second@example.ro");
        IdentityNote bobs = new IdentityNote(BOB, "bob@example.ro");
        Units.run(emf, em -> {
            em.persist(first);
            em.persist(second);
            em.persist(bobs);
        });
        sql("UPDATE hb_identity_note SET email = (SELECT x.email FROM (SELECT email FROM hb_identity_note WHERE id = "
                + second.getId() + ") x) WHERE id = " + first.getId());
        Units.run(emf, em -> assertEquals("second@example.ro", em.find(IdentityNote.class, first.getId()).getEmail()));
        sql("UPDATE hb_identity_note SET email = (SELECT x.email FROM (SELECT email FROM hb_identity_note WHERE id = "
                + bobs.getId() + ") x) WHERE id = " + first.getId());
        cause(IntegrityException.class, () -> Units.run(emf, em -> em.find(IdentityNote.class, first.getId())));
    }

    @Test
    void aNullSubject_inANullableColumn_isRefusedByTheListeners_naming_theAttributeOnly() {
        InvalidInputException e = cause(InvalidInputException.class,
                () -> Units.run(emf, em -> em.persist(new LooseNote(1, null, EMAIL))));
        assertEquals("LooseNote.customerId", e.argument());
        assertNoValue(e, EMAIL);
        int[] rows = new int[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM hb_loose_note")) {
                rs.next();
                rows[0] = rs.getInt(1);
            }
        });
        assertEquals(0, rows[0]);
        String badSubject = "carol\u0000marin";
        Throwable bad = assertThrows(Throwable.class,
                () -> Units.run(emf, em -> em.persist(new LooseNote(2, badSubject, EMAIL))));
        assertNoValue(bad, EMAIL, "carol", "marin");
        LooseNote plainNull = new LooseNote(3, null, null);
        Units.run(emf, em -> em.persist(plainNull));
        assertNotNull(Units.inTransaction(emf, em -> em.find(LooseNote.class, 3L)));
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
    static class OnH2Test extends StoredFormAttackTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-hibernate"})
    static class OnPostgresTest extends StoredFormAttackTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-hibernate"})
    static class OnMariaDbTest extends StoredFormAttackTest {
    }
}
