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
        return new JpaContactDirectory(JpaContext.of(db.newEmf(Map.of(
                "jakarta.persistence.jdbc.url", "jdbc:h2:mem:broken" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "hibernate.hbm2ddl.auto", "none")), () -> null));
    }

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
        try {
            for (int round = 0; round < 10; round++) {
                SubjectId subject = SubjectId.of("contact-race-" + round);
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
