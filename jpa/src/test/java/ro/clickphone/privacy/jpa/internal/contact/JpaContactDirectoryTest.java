package ro.clickphone.privacy.jpa.internal.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.keys.RawRows;
import ro.clickphone.privacy.jpa.internal.keys.SqlExceptionLog;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.ContactDirectoryContract;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * The contact directory on each database: the spi contract (with an unreachable database for its failure
 * test), two application instances replacing one subject's contacts at once, the raw row, an edited row,
 * and the caller's transaction.
 */
abstract class JpaContactDirectoryTest extends ContactDirectoryContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final String ANA_MAIL = "ana.popescu@example.ro";
    private static final String ANA_PHONE = "+40721234567";

    private final TestDatabase db;

    JpaContactDirectoryTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ContactDirectory newDirectory() {
        return new JpaContactDirectory(JpaContext.of(db.emf(), () -> null));
    }

    /** A directory whose database lacks its tables (the migrations never ran): every call fails in SQL. */
    @Override
    protected ContactDirectory brokenDirectory() {
        // this class's database, through a schema (MariaDB: a database) that does not exist
        Map<String, Object> broken = switch (db.kind()) {
            case H2 -> Map.of("jakarta.persistence.jdbc.url", "jdbc:h2:mem:broken" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                    "hibernate.hbm2ddl.auto", "none");
            case POSTGRES -> Map.of("hibernate.default_schema", "cpp_no_such_schema", "hibernate.hbm2ddl.auto", "none");
            case MARIADB -> Map.of("hibernate.default_catalog", "cpp_no_such_database", "hibernate.hbm2ddl.auto", "none");
        };
        return new JpaContactDirectory(JpaContext.of(db.newEmf(broken), () -> null));
    }

    private static final SubjectId BOGDAN_FOR_LIMITS = SubjectId.of("acct-2078");

    private ContactDirectory secondInstance() {
        return new JpaContactDirectory(JpaContext.of(db.newEmf(Map.of()), () -> null));
    }

    private String[] rawRow(SubjectId subject) {
        String[] out = new String[2];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT language_tag, addresses FROM cpp_contact WHERE subject_id = ?")) {
                s.setString(1, subject.value());
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    out[0] = rs.getString(1);
                    out[1] = rs.getString(2);
                }
            }
        });
        return out;
    }

    @Test
    void twoInstances_replacingOneSubjectsContactsAtOnce_leaveOneWholeValue() throws Exception {
        List<ContactDirectory> instances = List.of(newDirectory(), secondInstance());
        List<SubjectContacts> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(new SubjectContacts(Map.of(Medium.EMAIL, "ana" + i + "@example.ro", Medium.SMS,
                    "+4072100000" + i), i % 2 == 0 ? "ro" : "en"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(written.size());
        List<String> subjects = new ArrayList<>();
        try (SqlExceptionLog log = SqlExceptionLog.capture()) {
            for (int round = 0; round < 10; round++) {
                SubjectId subject = SubjectId.of("contact-race-" + round);
                subjects.add(subject.value());
                CyclicBarrier start = new CyclicBarrier(written.size());
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < written.size(); w++) {
                    ContactDirectory directory = instances.get(w % 2);
                    SubjectContacts value = written.get(w);
                    futures.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < 10; i++) {
                            directory.put(subject, value);
                            if (!written.contains(directory.find(subject).orElseThrow())) {
                                throw new AssertionError("read contacts no one wrote whole");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
                assertTrue(written.contains(instances.get(0).find(subject).orElseThrow()));
                assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_contact WHERE subject_id = ?",
                        subject.value()));
            }
            log.assertNoConstraintViolationNorSubject(subjects);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRawRow_holdsExactlyTheContacts_andRemoveDeletesIt() {
        ContactDirectory directory = newDirectory();
        directory.put(ANA, new SubjectContacts(Map.of(Medium.SMS, ANA_PHONE, Medium.EMAIL, ANA_MAIL), "ro"));
        String[] row = rawRow(ANA);
        assertEquals("ro", row[0]);
        assertEquals("EMAIL\t" + ANA_MAIL + "\nSMS\t" + ANA_PHONE, row[1],
                "the SPI does not seal contacts: the row holds them as given, one line per medium");

        assertTrue(secondInstance().remove(ANA));
        assertEquals(0, RawRows.number(db, "SELECT COUNT(*) FROM cpp_contact"));
        assertFalse(RawRows.anyCellContains(db, "cpp_contact", ANA_PHONE.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), directory.find(ANA));
    }

    @Test
    void addressesWithTabsEqualsSignsAndAstralCharacters_roundTrip() {
        Map<Medium, String> addresses = new HashMap<>();
        addresses.put(Medium.EMAIL, "\"Ana\tPopescu\" <ana=popescu@example.ro>");
        addresses.put(Medium.WEBHOOK, "https://example.ro/hook?a=1&b=\uD83D\uDCDE ");
        addresses.put(Medium.of("PUSH_V2"), "\u0130stanbul ı");
        SubjectContacts contacts = new SubjectContacts(addresses, "tr");
        newDirectory().put(ANA, contacts);
        assertEquals(Optional.of(contacts), secondInstance().find(ANA));
    }

    @Test
    void anEditedRow_failsWithAStoreException_namingNoAddress() {
        newDirectory().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, ANA_MAIL), "ro"));
        db.jdbc(c -> c.createStatement().executeUpdate("UPDATE cpp_contact SET addresses = 'ana.popescu@example.ro'"));
        StoreException e = assertThrows(StoreException.class, () -> newDirectory().find(ANA));
        assertFalse(String.valueOf(e.getMessage()).contains("ana.popescu"), e.getMessage());
    }

    /** The limit at its edge: encoded addresses of exactly 8000 characters are kept, 8001 refused. */
    @Test
    void contactsOfExactlyTheLimit_areKept_andOneCharacterMore_isRefused() {
        for (int extra = 0; extra <= 1; extra++) {
            Map<Medium, String> many = new HashMap<>();
            for (int i = 10; i < 34; i++) {
                many.put(Medium.of("M" + i), "a".repeat(316));
            }
            many.put(Medium.of("M34"), "b".repeat(292 + extra));
            assertEquals(8000 + extra, JpaContactDirectory.encode(many).length());
            SubjectContacts contacts = new SubjectContacts(many, "ro");
            if (extra == 0) {
                newDirectory().put(ANA, contacts);
                assertEquals(Optional.of(contacts), secondInstance().find(ANA));
            } else {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> newDirectory().put(BOGDAN_FOR_LIMITS, contacts));
                assertFalse(e.getMessage().contains("bbb"));
                assertEquals(Optional.empty(), newDirectory().find(BOGDAN_FOR_LIMITS));
            }
        }
    }

    /**
     * NUL and lone surrogates: PostgreSQL refuses NUL, no database stores a lone surrogate as given (UTF-8
     * cannot encode it). Refused before the database, naming the field, never the address.
     */
    @Test
    void addressesWithNulOrAnUnpairedSurrogate_areRefused_namingTheFieldOnly() {
        for (String address : List.of("ana\u0000popescu@example.ro", "ana\uD800@example.ro", "\uDE00ana@example.ro",
                "ana@example.ro\uD83D")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> newDirectory().put(ANA,
                    new SubjectContacts(Map.of(Medium.of("EMAIL"), address), "ro")));
            assertTrue(e.getMessage().contains("contacts.addresses.EMAIL"), e.getMessage());
            assertFalse(e.getMessage().contains("ana"), e.getMessage());
        }
        assertEquals(Optional.empty(), newDirectory().find(ANA));
        SubjectContacts astral = new SubjectContacts(Map.of(Medium.of("EMAIL"), "\uD83D\uDE00ana@example.ro"), "ro");
        newDirectory().put(ANA, astral);
        assertEquals(Optional.of(astral), secondInstance().find(ANA), "a surrogate pair is fine");
    }

    @Test
    void contactsLongerThanTheColumn_areRefusedBeforeTheDatabase() {
        Map<Medium, String> many = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            many.put(Medium.of("M" + i), "x".repeat(300));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> newDirectory().put(ANA, new SubjectContacts(many, "ro")));
        assertFalse(e.getMessage().contains("xxx"));
        assertEquals(Optional.empty(), newDirectory().find(ANA));
    }

    @Test
    void inTheCallersTransaction_contactsCommitAndRollBackWithIt() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            ContactDirectory joined = new JpaContactDirectory(JpaContext.of(db.emf(), () -> caller));
            SubjectContacts contacts = new SubjectContacts(Map.of(Medium.EMAIL, ANA_MAIL), "ro");
            caller.getTransaction().begin();
            joined.put(ANA, contacts);
            caller.getTransaction().rollback();
            assertEquals(Optional.empty(), newDirectory().find(ANA));

            caller.getTransaction().begin();
            joined.put(ANA, contacts);
            caller.getTransaction().commit();
            SubjectContacts replaced = new SubjectContacts(Map.of(Medium.SMS, ANA_PHONE), "en");
            secondInstance().put(ANA, replaced);
            caller.getTransaction().begin();
            assertEquals(Optional.of(replaced), joined.find(ANA), "no stale copy in the caller's entity manager");
            caller.getTransaction().commit();
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaContactDirectoryTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaContactDirectoryTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaContactDirectoryTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
