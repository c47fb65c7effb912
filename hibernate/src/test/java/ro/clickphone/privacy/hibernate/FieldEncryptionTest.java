package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.hibernate.entities.CustomerBase;
import ro.clickphone.privacy.hibernate.entities.DynamicCustomer;
import ro.clickphone.privacy.hibernate.entities.IdentityNote;
import ro.clickphone.privacy.hibernate.entities.PlainNote;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Transparent field encryption on each database, per the design note's §4: the database holds only
 * ciphertext and the expected blind index (read over plain JDBC), Hibernate's statistics show that loading
 * and flushing an unchanged entity writes nothing and one change writes exactly one UPDATE (with and without
 * {@code @DynamicUpdate}, batched, persisted then modified, merged, refreshed), a {@code StatelessSession}
 * insert is encrypted, look-ups go through the blind index, a database writer who copies or edits ciphertext
 * is caught, and a shredded subject's rows fail clearly or, opted in, load as explained nulls.
 */
abstract class FieldEncryptionTest {

    static final String ANA = "subject-ana";
    static final String BOB = "subject-bob";
    static final String EMAIL = "Ana.Popescu@Example.ro";
    static final String NEW_EMAIL = "ana.p@mail.example.ro";
    static final String IP = "192.0.2.44";
    static final byte[] ADDRESS = "Str. Lalelelor 7, Cluj-Napoca".getBytes(StandardCharsets.UTF_8);
    static final List<String> SQL = new CopyOnWriteArrayList<>();
    static final StatementInspector INSPECTOR = sql -> {
        SQL.add(sql.toLowerCase(Locale.ROOT));
        return sql;
    };

    private static TestDatabase current;
    private static PrivacyKit kit;
    private static EntityManagerFactory emf;
    private static final List<EntityManagerFactory> EXTRA = new ArrayList<>();
    private static int subjects;

    private TestDatabase db;
    private Statistics stats;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        if (current != db) {
            closeAll();
            current = db;
            kit = Units.kit();
            emf = unit(Map.of());
        }
        stats = emf.unwrap(SessionFactory.class).getStatistics();
        stats.clear();
        SQL.clear();
    }

    @AfterAll
    static void closeAll() {
        for (EntityManagerFactory f : EXTRA) {
            if (f.isOpen()) {
                f.close();
            }
        }
        EXTRA.clear();
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
        if (kit != null) {
            kit.close();
        }
        emf = null;
        kit = null;
        current = null;
    }

    private EntityManagerFactory unit(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(FieldEncryption.KIT, kit);
        properties.put(FieldEncryption.ALLOW_DATABASE_GENERATED_IDS, "true");
        properties.put("hibernate.generate_statistics", "true");
        properties.put("hibernate.session_factory.statement_inspector", INSPECTOR);
        EntityManagerFactory f = Units.emf(db.jdbcUrl(), properties, Customer.class, DynamicCustomer.class,
                PlainNote.class, IdentityNote.class);
        if (emf != null) {
            EXTRA.add(f);
        }
        return f;
    }

    /** A subject of its own for a test that shreds keys: the kit's key store outlives each test. */
    private static String freshSubject() {
        return "subject-shredded-" + (++subjects);
    }

    // --- fixtures --------------------------------------------------------------------------------------

    private static CustomerBase customer(Class<? extends CustomerBase> type, long id, String subject, String email) {
        CustomerBase c = type == Customer.class ? new Customer(id, subject, email) : new DynamicCustomer(id, subject, email);
        c.setIpAddress(IP);
        c.setAddress(ADDRESS.clone());
        c.setNickname("ana");
        return c;
    }

    private static String table(Class<?> type) {
        return type == Customer.class ? "hb_customer" : "hb_dyn_customer";
    }

    private void persist(CustomerBase... customers) {
        Units.run(emf, em -> {
            for (CustomerBase c : customers) {
                em.persist(c);
            }
        });
        stats.clear();
        SQL.clear();
    }

    /** The index computed by the kit directly, not through the plugin. */
    private static String expectedIndex(String table, String value) {
        return kit.blindIndex().field(table, "notification_email", Normalization.CASE_INSENSITIVE_TEXT, 128)
                .compute(value);
    }

    private static FieldContext context(String table, String field, String category, long id) {
        return kit.fieldContext(table, field, DataCategory.of(category)).withRecordId(Long.toString(id));
    }

    /** A raw row read over plain JDBC. */
    record Row(String customerId, String email, String emailIndex, String ipAddress, byte[] address, String nickname,
            int version) {
    }

    private Row row(String table, long id) {
        Row[] out = new Row[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id, email, email_index, ip_address, address,"
                    + " nickname, version FROM " + table + " WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        out[0] = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getBytes(5), rs.getString(6), rs.getInt(7));
                    }
                }
            }
        });
        return out[0];
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

    private static void assertNoPersonalData(Throwable thrown, String... values) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + t;
            for (String v : values) {
                assertFalse(text.toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT)),
                        () -> "leaks a value in: " + text);
            }
        }
    }

    private long updates() {
        return stats.getEntityUpdateCount();
    }

    // --- §4.1: persist + flush ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void persist_storesOnlyCiphertextAndTheExpectedIndex_andIssuesNoUpdate(Class<? extends CustomerBase> type) {
        CustomerBase c = customer(type, 1, ANA, EMAIL);
        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        em.persist(c);
        em.flush();
        assertEquals(EMAIL, c.getEmail(), "the entity keeps the plaintext");
        assertEquals(IP, c.getIpAddress());
        assertArrayEquals(ADDRESS, c.getAddress());
        String table = table(type);
        assertEquals(expectedIndex(table, EMAIL), c.getEmailIndex(), "the entity holds the index it stored");
        assertEquals(1, stats.getEntityInsertCount());
        assertEquals(0, updates());
        em.flush();
        em.getTransaction().commit();
        em.close();
        assertEquals(0, updates(), "a second flush and the commit write nothing");

        Row r = row(table, 1);
        assertEquals(ANA, r.customerId());
        assertTrue(r.email().startsWith("cpf."), r.email());
        assertFalse(r.email().toLowerCase(Locale.ROOT).contains("popescu"));
        assertEquals(expectedIndex(table, EMAIL), r.emailIndex());
        assertEquals(expectedIndex(table, "  ana.popescu@EXAMPLE.RO "), r.emailIndex(), "normalized: case, spaces");
        assertTrue(r.ipAddress().startsWith("cpf.") && !r.ipAddress().contains(IP));
        assertFalse(new String(r.address(), StandardCharsets.ISO_8859_1).contains("Lalelelor"));
        assertEquals("ana", r.nickname(), "plain attributes are untouched");
        assertEquals(0, r.version());
        // the stored forms are the kit's, bound to the table, the policy field id, the subject and the row
        SubjectId ana = SubjectId.of(ANA);
        assertEquals(EMAIL, kit.fields().decrypt(ana, context(table, "notification_email", "CONTACT", 1), r.email()));
        assertEquals(IP, kit.fields().decrypt(ana, context(table, "ip_address", "NETWORK", 1), r.ipAddress()));
        assertArrayEquals(ADDRESS, kit.fields().decrypt(ana, context(table, "service_address", "SERVICE_ADDRESS", 1),
                r.address()));
        assertThrows(IntegrityException.class, () -> kit.fields().decrypt(ana,
                context(table, "notification_email", "CONTACT", 2), r.email()));
    }

    // --- §4.2: load + flush of an unchanged entity ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void loadAndFlush_unchanged_issuesNoUpdate(Class<? extends CustomerBase> type) {
        persist(customer(type, 1, ANA, EMAIL));
        Row before = row(table(type), 1);
        Units.run(emf, em -> {
            CustomerBase c = em.find(type, 1L);
            assertEquals(EMAIL, c.getEmail());
            assertEquals(IP, c.getIpAddress());
            assertArrayEquals(ADDRESS, c.getAddress());
            em.flush();
            em.flush();
        });
        Units.run(emf, em -> em.createQuery("select c from " + type.getSimpleName() + " c", type).getResultList());
        assertEquals(0, updates());
        assertEquals(2, stats.getEntityLoadCount());
        Row after = row(table(type), 1);
        assertEquals(0, after.version(), "no version bump");
        assertEquals(before.email(), after.email(), "the very same ciphertext");
        assertTrue(SQL.stream().noneMatch(s -> s.startsWith("update")), SQL::toString);
    }

    // --- §4.3: one change, one UPDATE -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void oneChange_issuesExactlyOneUpdate_withTheNewCiphertextAndIndex(Class<? extends CustomerBase> type) {
        persist(customer(type, 1, ANA, EMAIL));
        String table = table(type);
        Row before = row(table, 1);
        Units.run(emf, em -> {
            CustomerBase c = em.find(type, 1L);
            c.setEmail(NEW_EMAIL);
            em.flush();
            assertEquals(1, updates());
            assertEquals(NEW_EMAIL, c.getEmail());
            assertEquals(expectedIndex(table, NEW_EMAIL), c.getEmailIndex());
            em.flush();
        });
        assertEquals(1, updates(), "another flush and the commit write nothing more");
        List<String> updatesSql = SQL.stream().filter(s -> s.startsWith("update")).toList();
        assertEquals(1, updatesSql.size(), updatesSql::toString);
        assertTrue(updatesSql.get(0).contains("email_index"), "the index goes out in the same UPDATE");
        Row after = row(table, 1);
        assertEquals(1, after.version());
        assertNotEquals(before.email(), after.email());
        assertEquals(expectedIndex(table, NEW_EMAIL), after.emailIndex());
        assertEquals(NEW_EMAIL, kit.fields().decrypt(SubjectId.of(ANA),
                context(table, "notification_email", "CONTACT", 1), after.email()));
        if (type == DynamicCustomer.class) {
            assertFalse(updatesSql.get(0).contains("ip_address"), "@DynamicUpdate writes only what changed");
            assertEquals(before.ipAddress(), after.ipAddress());
        }
        stats.clear();
        Units.run(emf, em -> assertEquals(NEW_EMAIL, em.find(type, 1L).getEmail()));
        assertEquals(0, updates());
    }

    @Test
    void dynamicUpdate_ofAPlainAttribute_leavesTheCiphertextAndIndexAlone() {
        persist(customer(DynamicCustomer.class, 1, ANA, EMAIL));
        Row before = row("hb_dyn_customer", 1);
        Units.run(emf, em -> em.find(DynamicCustomer.class, 1L).setNickname("ana-maria"));
        assertEquals(1, updates());
        Row after = row("hb_dyn_customer", 1);
        assertEquals("ana-maria", after.nickname());
        assertEquals(before.email(), after.email());
        assertEquals(before.emailIndex(), after.emailIndex());
        assertEquals(before.ipAddress(), after.ipAddress());
        assertArrayEquals(before.address(), after.address());
    }

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void settingAnEncryptedAttributeToNull_clearsItsIndex(Class<? extends CustomerBase> type) {
        persist(customer(type, 1, ANA, EMAIL));
        Units.run(emf, em -> em.find(type, 1L).setEmail(null));
        assertEquals(1, updates());
        Row r = row(table(type), 1);
        assertNull(r.email());
        assertNull(r.emailIndex());
        Units.run(emf, em -> assertNull(em.find(type, 1L).getEmail()));
        assertEquals(1, updates());
    }

    // --- §4.4: variants ---------------------------------------------------------------------------------------

    @Test
    void batchedInserts_of200Rows_encryptEveryRow_andIssueNoUpdate() {
        EntityManagerFactory batched = unit(Map.of("hibernate.jdbc.batch_size", "50",
                "hibernate.order_inserts", "true"));
        Statistics st = batched.unwrap(SessionFactory.class).getStatistics();
        st.clear();
        SQL.clear();
        Units.run(batched, em -> {
            for (int i = 1; i <= 200; i++) {
                em.persist(customer(i % 2 == 0 ? Customer.class : DynamicCustomer.class, i, i % 3 == 0 ? BOB : ANA,
                        "user" + i + "@example.ro"));
            }
            em.flush();
            em.flush();
        });
        assertEquals(200, st.getEntityInsertCount());
        assertEquals(0, st.getEntityUpdateCount());
        long insertStatements = SQL.stream().filter(s -> s.startsWith("insert")).count();
        assertTrue(insertStatements < 20, () -> "batched: " + insertStatements + " statements prepared");
        Units.run(batched, em -> {
            List<Customer> all = em.createQuery("select c from Customer c", Customer.class).getResultList();
            assertEquals(100, all.size());
            for (Customer c : all) {
                assertEquals("user" + c.getId() + "@example.ro", c.getEmail());
            }
            em.createQuery("select c from DynamicCustomer c", DynamicCustomer.class).getResultList();
            em.flush();
        });
        assertEquals(0, st.getEntityUpdateCount());
        for (long id : new long[] {2, 100, 200}) {
            Row r = row("hb_customer", id);
            assertEquals(expectedIndex("hb_customer", "user" + id + "@example.ro"), r.emailIndex());
            assertEquals("user" + id + "@example.ro", kit.fields().decrypt(SubjectId.of(r.customerId()),
                    context("hb_customer", "notification_email", "CONTACT", id), r.email()));
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void persistThenModify_beforeTheFlush_insertsThenUpdatesOnce_consistently(Class<? extends CustomerBase> type) {
        Units.run(emf, em -> {
            CustomerBase c = customer(type, 1, ANA, EMAIL);
            em.persist(c);
            c.setEmail(NEW_EMAIL);
        });
        assertEquals(1, stats.getEntityInsertCount());
        assertEquals(1, updates());
        String table = table(type);
        Row r = row(table, 1);
        assertEquals(expectedIndex(table, NEW_EMAIL), r.emailIndex());
        assertEquals(NEW_EMAIL, kit.fields().decrypt(SubjectId.of(ANA),
                context(table, "notification_email", "CONTACT", 1), r.email()));
        stats.clear();
        Units.run(emf, em -> {
            CustomerBase c = em.find(type, 1L);
            assertEquals(NEW_EMAIL, c.getEmail());
            assertEquals(expectedIndex(table, NEW_EMAIL), c.getEmailIndex());
        });
        assertEquals(0, updates());
    }

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void merge_ofADetachedCopy_writesOnlyRealChanges(Class<? extends CustomerBase> type) {
        persist(customer(type, 1, ANA, EMAIL));
        CustomerBase detached = Units.inTransaction(emf, em -> em.find(type, 1L));
        assertEquals(EMAIL, detached.getEmail(), "a detached copy holds plaintext, never ciphertext");
        stats.clear();
        Units.run(emf, em -> em.merge(detached));
        assertEquals(0, updates(), "an unchanged detached copy merges without an UPDATE");
        assertEquals(0, row(table(type), 1).version());

        detached.setEmail(NEW_EMAIL);
        Units.run(emf, em -> assertEquals(NEW_EMAIL, em.merge(detached).getEmail()));
        assertEquals(1, updates());
        Row r = row(table(type), 1);
        assertEquals(expectedIndex(table(type), NEW_EMAIL), r.emailIndex());
        assertEquals(NEW_EMAIL, kit.fields().decrypt(SubjectId.of(ANA),
                context(table(type), "notification_email", "CONTACT", 1), r.email()));
    }

    @ParameterizedTest
    @ValueSource(classes = {Customer.class, DynamicCustomer.class})
    void refresh_bringsBackThePlaintext_andIssuesNoUpdate(Class<? extends CustomerBase> type) {
        persist(customer(type, 1, ANA, EMAIL));
        Units.run(emf, em -> {
            CustomerBase c = em.find(type, 1L);
            c.setEmail("someone.else@example.ro");
            em.refresh(c);
            assertEquals(EMAIL, c.getEmail());
            assertEquals(IP, c.getIpAddress());
        });
        assertEquals(0, updates());
        assertEquals(0, row(table(type), 1).version());
    }

    @Test
    void statelessSessionInsert_isEncryptedAndIndexed_butStatelessReadsSeeCiphertext() {
        SessionFactory sf = emf.unwrap(SessionFactory.class);
        Customer c = (Customer) customer(Customer.class, 7, ANA, EMAIL);
        try (StatelessSession s = sf.openStatelessSession()) {
            s.getTransaction().begin();
            s.insert(c);
            s.getTransaction().commit();
        }
        assertEquals(EMAIL, c.getEmail());
        assertEquals(expectedIndex("hb_customer", EMAIL), c.getEmailIndex());
        Row r = row("hb_customer", 7);
        assertNotNull(r.emailIndex());
        assertEquals(expectedIndex("hb_customer", EMAIL), r.emailIndex());
        assertEquals(EMAIL, kit.fields().decrypt(SubjectId.of(ANA),
                context("hb_customer", "notification_email", "CONTACT", 7), r.email()));
        Units.run(emf, em -> assertEquals(EMAIL, em.find(Customer.class, 7L).getEmail()));
        // documented limit: a StatelessSession read fires no load event
        try (StatelessSession s = sf.openStatelessSession()) {
            assertTrue(s.get(Customer.class, 7L).getEmail().startsWith("cpf."));
        }
    }

    @Test
    void identityIds_bindTheValueToTheSubject_andRoundTrip() {
        IdentityNote note = new IdentityNote(ANA, EMAIL);
        Units.run(emf, em -> em.persist(note));
        assertNotNull(note.getId());
        assertEquals(EMAIL, note.getEmail());
        stats.clear();
        Units.run(emf, em -> assertEquals(EMAIL, em.find(IdentityNote.class, note.getId()).getEmail()));
        assertEquals(0, updates());
        String[] stored = new String[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM hb_identity_note")) {
                rs.next();
                stored[0] = rs.getString(1);
            }
        });
        assertTrue(stored[0].startsWith("cpf."));
        assertEquals(EMAIL, kit.fields().decrypt(SubjectId.of(ANA),
                kit.fieldContext("hb_identity_note", "notification_email", DataCategory.of("CONTACT")), stored[0]));
    }

    // --- §4.5: queries -----------------------------------------------------------------------------------------

    @Test
    void findByEmail_throughTheBlindIndex_findsTheRow_whileAQueryOnTheCiphertextFindsNothing() {
        persist(customer(Customer.class, 1, ANA, EMAIL), customer(Customer.class, 2, BOB, "bob@example.ro"),
                customer(Customer.class, 3, ANA, "other@example.ro"));
        String index = FieldEncryption.blindIndex(emf, Customer.class, "email", " ANA.popescu@example.RO");
        List<Customer> found = Units.inTransaction(emf, em -> em.createQuery(
                "select c from Customer c where c.emailIndex = :index", Customer.class)
                .setParameter("index", index).getResultList());
        assertEquals(1, found.size());
        assertEquals(1L, found.get(0).getId());
        assertEquals(EMAIL, found.get(0).getEmail());
        List<Customer> byCiphertext = Units.inTransaction(emf, em -> em.createQuery(
                "select c from Customer c where c.email = :email", Customer.class)
                .setParameter("email", EMAIL).getResultList());
        assertTrue(byCiphertext.isEmpty(), "documented: encrypted columns are not searchable by value");
        assertEquals(0, updates());
        assertThrows(InvalidInputException.class, () -> FieldEncryption.blindIndex(emf, Customer.class, "ipAddress", IP));
        assertThrows(InvalidInputException.class, () -> FieldEncryption.blindIndex(emf, PlainNote.class, "body", "x"));
    }

    // --- the database writer ----------------------------------------------------------------------------------

    @Test
    void ciphertextCopiedFromAnotherRowOfTheSameSubject_failsToDecrypt() {
        persist(customer(Customer.class, 1, ANA, EMAIL), customer(Customer.class, 2, ANA, "other@example.ro"));
        sql("UPDATE hb_customer SET email = (SELECT x.email FROM (SELECT email FROM hb_customer WHERE id = 2) x)"
                + " WHERE id = 1");
        IntegrityException e = cause(IntegrityException.class,
                () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertTrue(e.getMessage().contains("Customer.email"), e.getMessage());
        assertNoPersonalData(e, EMAIL, "other@example.ro", ANA);
    }

    @Test
    void ciphertextCopiedFromAnotherSubjectsRow_failsToDecrypt() {
        persist(customer(Customer.class, 1, ANA, EMAIL), customer(Customer.class, 2, BOB, "bob@example.ro"));
        sql("UPDATE hb_customer SET ip_address = (SELECT x.ip_address FROM (SELECT ip_address FROM hb_customer"
                + " WHERE id = 2) x) WHERE id = 1");
        IntegrityException e = cause(IntegrityException.class,
                () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertTrue(e.getMessage().contains("Customer.ipAddress"), e.getMessage());
        assertNoPersonalData(e, EMAIL, IP, ANA, BOB);
    }

    @Test
    void plaintextOrEditedCiphertextWrittenToTheColumn_isRefused() {
        persist(customer(Customer.class, 1, ANA, EMAIL));
        sql("UPDATE hb_customer SET email = 'mallory@example.ro' WHERE id = 1");
        IntegrityException e = cause(IntegrityException.class,
                () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertNoPersonalData(e, "mallory");
        persist(customer(Customer.class, 2, ANA, EMAIL));
        String stored = row("hb_customer", 2).email();
        char last = stored.charAt(stored.length() - 10);
        String edited = stored.substring(0, stored.length() - 10) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 9);
        sql("UPDATE hb_customer SET email = '" + edited + "' WHERE id = 2");
        cause(IntegrityException.class, () -> Units.run(emf, em -> em.find(Customer.class, 2L)));
    }

    // --- crypto-shredding ------------------------------------------------------------------------------------

    @Test
    void afterShredding_loadingTheRow_throwsAClearKeyDestroyedException() {
        String carol = freshSubject();
        persist(customer(Customer.class, 1, carol, EMAIL), customer(Customer.class, 2, BOB, "bob@example.ro"));
        kit.keys().shred(SubjectId.of(carol), KeyScope.of("profile"));
        KeyDestroyedException e = cause(KeyDestroyedException.class,
                () -> Units.run(emf, em -> em.find(Customer.class, 1L)));
        assertTrue(e.getMessage().contains("Customer.email") && e.getMessage().contains("profile"), e.getMessage());
        assertTrue(e.getMessage().contains(FieldEncryption.NULL_WHEN_KEY_DESTROYED), e.getMessage());
        assertNoPersonalData(e, carol, EMAIL);
        Units.run(emf, em -> assertEquals("bob@example.ro", em.find(Customer.class, 2L).getEmail()));
    }

    @Test
    void afterShredding_optedIn_theFieldsLoadAsNull_withAReason_andNothingIsWritten() {
        String carol = freshSubject();
        persist(customer(Customer.class, 1, carol, EMAIL));
        kit.keys().shred(SubjectId.of(carol), KeyScope.of("profile"));
        EntityManagerFactory nulling = unit(Map.of(FieldEncryption.NULL_WHEN_KEY_DESTROYED, "true",
                "hibernate.generate_statistics", "true"));
        Statistics st = nulling.unwrap(SessionFactory.class).getStatistics();
        st.clear();
        Row before = row("hb_customer", 1);
        Customer c = Units.inTransaction(nulling, em -> {
            Customer loaded = em.find(Customer.class, 1L);
            em.flush();
            return loaded;
        });
        assertNull(c.getEmail());
        assertNull(c.getAddress());
        assertEquals(IP, c.getIpAddress(), "another key scope (traffic) is still readable");
        assertEquals("ana", c.getNickname());
        KeyDestroyedException why = FieldEncryption.whyNull(c, "email").orElseThrow();
        assertTrue(why.getMessage().contains("Customer.email"), why.getMessage());
        assertNoPersonalData(why, carol, EMAIL);
        assertTrue(FieldEncryption.whyNull(c, "address").isPresent());
        assertTrue(FieldEncryption.whyNull(c, "ipAddress").isEmpty());
        assertTrue(FieldEncryption.whyNull(c, "nickname").isEmpty());
        assertEquals(0, st.getEntityUpdateCount(), "loading the nulls writes nothing back");
        Row after = row("hb_customer", 1);
        assertEquals(before.email(), after.email());
        assertEquals(before.emailIndex(), after.emailIndex());
        assertArrayEquals(before.address(), after.address());
        assertEquals(before.version(), after.version());

        Customer other = Units.inTransaction(nulling, em -> {
            Customer c2 = new Customer(2, BOB, null);
            em.persist(c2);
            return c2;
        });
        assertTrue(FieldEncryption.whyNull(other, "email").isEmpty(), "a plain null has no reason");
    }

    @Test
    void afterShredding_optedIn_aPlainNullOfTheReloadedRow_hasNoReason_andASuccessfulRefreshClearsTheReasons() {
        String carol = freshSubject();
        CustomerBase stored = customer(Customer.class, 1, carol, EMAIL);
        stored.setIpAddress(null);
        persist(stored);
        kit.keys().shred(SubjectId.of(carol), KeyScope.of("profile"));
        EntityManagerFactory nulling = unit(Map.of(FieldEncryption.NULL_WHEN_KEY_DESTROYED, "true"));
        EntityManager em = nulling.createEntityManager();
        try {
            em.getTransaction().begin();
            Customer c = em.find(Customer.class, 1L);
            assertNull(c.getEmail());
            assertNull(c.getIpAddress());
            assertTrue(FieldEncryption.whyNull(c, "email").isPresent());
            assertTrue(FieldEncryption.whyNull(c, "ipAddress").isEmpty(), "the ip address was stored as null");
            em.getTransaction().commit();
            // the shredded values are erased by someone else; a refresh then decrypts everything there is
            sql("UPDATE hb_customer SET email = NULL, email_index = NULL, address = NULL WHERE id = 1");
            em.getTransaction().begin();
            em.refresh(c);
            assertTrue(FieldEncryption.whyNull(c, "email").isEmpty(), "a successful refresh clears the reason");
            assertTrue(FieldEncryption.whyNull(c, "address").isEmpty());
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    // --- no personal data in failures --------------------------------------------------------------------

    @Test
    void failuresOnWrite_nameTheAttribute_neverTheValue() {
        // a null subject in a nullable column: StoredFormAttackTest (here Hibernate's not-null check would stop it)
        Customer card = new Customer(2, ANA, "4111 1111 1111 1111");
        PolicyViolationException p = cause(PolicyViolationException.class, () -> Units.run(emf, em -> em.persist(card)));
        assertNoPersonalData(p, "4111");
        String badSubject = "subject-\u0001carol-marin";
        Customer badId = new Customer(3, badSubject, EMAIL);
        InvalidInputException bad = cause(InvalidInputException.class, () -> Units.run(emf, em -> em.persist(badId)));
        assertNoPersonalData(bad, EMAIL, "carol-marin");
        assertEquals("EncryptionListeners[3 entities]",
                ro.clickphone.privacy.hibernate.internal.EncryptionListeners.of(emf).toString(), "no value in toString");
    }

    @Test
    void anEntityWithoutAnnotations_isStoredAsItIs() {
        Units.run(emf, em -> em.persist(new PlainNote(1, "hello")));
        String[] body = new String[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT body FROM hb_plain_note")) {
                rs.next();
                body[0] = rs.getString(1);
            }
        });
        assertEquals("hello", body[0]);
        Units.run(emf, em -> em.find(PlainNote.class, 1L).setBody("changed"));
        assertEquals(1, updates());
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-hibernate"})
    static class OnH2Test extends FieldEncryptionTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-hibernate"})
    static class OnPostgresTest extends FieldEncryptionTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-hibernate"})
    static class OnMariaDbTest extends FieldEncryptionTest {
    }
}
