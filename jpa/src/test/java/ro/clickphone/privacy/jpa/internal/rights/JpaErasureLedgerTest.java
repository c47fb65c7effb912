package ro.clickphone.privacy.jpa.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.JpaErasureLedgers;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.ErasureLedgerContract;

/**
 * The JPA erasure ledger on each database: the SPI contract, a restart (a new factory, as after a redeploy)
 * that keeps every entry in order, the caller's transaction, and the raw rows.
 */
abstract class JpaErasureLedgerTest extends ErasureLedgerContract {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.123456789Z");

    private TestDatabase db;

    @BeforeEach
    void bind(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ErasureLedger newLedger() {
        return JpaErasureLedgers.create(db.emf());
    }

    @Override
    protected ErasureLedger brokenLedger() {
        return new JpaErasureLedger(BrokenDatabase.context());
    }

    private static ErasureEntry entry(int n, Instant at) {
        return new ErasureEntry(String.format("rr-%032x", n), at, "v1.sealed-subject-" + n,
                Map.of("cdr", Set.of(DataCategory.of("TRAFFIC")), "@consent", Set.of(DataCategory.of("CONTACT"),
                        DataCategory.of("MARKETING"))), Set.of(KeyScope.of("profile")), n % 3 == 0);
    }

    private static List<ErasureEntry> all(ErasureLedger ledger, int pageSize) {
        List<ErasureEntry> out = new ArrayList<>();
        Optional<ErasureEntry> after = Optional.empty();
        for (List<ErasureEntry> page = ledger.since(Instant.EPOCH, after, pageSize); !page.isEmpty();
                page = ledger.since(Instant.EPOCH, after, pageSize)) {
            out.addAll(page);
            after = Optional.of(page.get(page.size() - 1));
        }
        return out;
    }

    @Test
    void entries_surviveARestart_inOrder() {
        EntityManagerFactory before = db.newEmf(Map.of());
        ErasureLedger ledger = JpaErasureLedgers.create(before);
        List<ErasureEntry> expected = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            // appended out of order: every third at one instant, the rest spread backwards
            ErasureEntry e = entry(n, n % 3 == 0 ? T0 : T0.minusMillis(1000L * n).plusNanos(n));
            assertTrue(ledger.append(e));
            expected.add(e);
        }
        before.close();

        ErasureLedger restarted = JpaErasureLedgers.create(db.newEmf(Map.of()));
        expected.sort(java.util.Comparator.comparing(ErasureEntry::erasedAt).thenComparing(ErasureEntry::requestId));
        assertEquals(expected, all(restarted, 7), "every entry, equal, by time then request");
        assertFalse(restarted.append(expected.get(0)), "the restart remembers what was appended");
        assertEquals(expected.subList(expected.size() - 10, expected.size()),
                restarted.since(T0, Optional.empty(), 100), "since is inclusive, to the nanosecond");
    }

    @Test
    void append_joinsTheCallersTransaction_whenGiven() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            ErasureLedger joined = JpaErasureLedgers.create(db.emf(), () -> caller);
            caller.getTransaction().begin();
            assertTrue(joined.append(entry(1, T0)));
            caller.getTransaction().rollback();
            assertEquals(List.of(), newLedger().since(Instant.EPOCH, Optional.empty(), 10));
            caller.getTransaction().begin();
            assertTrue(joined.append(entry(1, T0)));
            caller.getTransaction().commit();
            assertEquals(List.of(entry(1, T0)), newLedger().since(Instant.EPOCH, Optional.empty(), 10));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    @Test
    void theRow_holdsTheSealedSubjectAsSealed_andAnEditedRowFailsToRead() {
        newLedger().append(entry(1, T0));
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sealed_subject, erased_at FROM cpp_erasure_ledger")) {
                assertTrue(rs.next());
                assertEquals("v1.sealed-subject-1", rs.getString(1));
                assertEquals(T0.getEpochSecond() * 1_000_000_000L + T0.getNano(), rs.getLong(2));
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_erasure_ledger SET shredded = '7:Profile'");
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> newLedger().since(Instant.EPOCH, Optional.empty(), 10));
        assertEquals("keyScope", e.argument());
    }

    @Test
    void create_withoutAFactory_isInvalidInput() {
        assertThrows(InvalidInputException.class, () -> JpaErasureLedgers.create(null));
        assertThrows(InvalidInputException.class, () -> JpaErasureLedgers.create(db.emf(), null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaErasureLedgerTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaErasureLedgerTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaErasureLedgerTest {
    }
}
