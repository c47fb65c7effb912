package ro.clickphone.privacy.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.StoreException;

/**
 * The counters and the transaction rule on each database: numbers from two factories (two application
 * instances) never repeat and never skip, a store operation joins the caller's transaction, and database
 * failures carry no SQL values.
 */
abstract class CountersTest {

    private TestDatabase db;

    @BeforeEach
    void seed(TestDatabase db) {
        this.db = db;
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM cpp_counter WHERE name = 'test'");
                s.execute("INSERT INTO cpp_counter (name, last_value) VALUES ('test', 0)");
            }
        });
    }

    @Test
    void next_fromTwoFactoriesAtOnce_handsOutEveryNumberOnce() throws Exception {
        EntityManagerFactory second = db.newEmf(Map.of());
        List<JpaContext> contexts = List.of(JpaContext.of(db.emf(), () -> null), JpaContext.of(second, () -> null));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            JpaContext jpa = contexts.get(t % 2);
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    mine.add(jpa.inTransaction("count", em -> Counters.next(em, "test")));
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        Collections.sort(all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1L, all.get(i));
        }
        assertEquals(100L, (long) db.<Long>inTransaction(em -> Counters.last(em, "test")));
    }

    @Test
    void inTransaction_withTheCallersTransaction_commitsAndRollsBackWithIt() {
        EntityManager caller = db.emf().createEntityManager();
        JpaContext jpa = JpaContext.of(db.emf(), () -> caller);
        caller.getTransaction().begin();
        jpa.inTransaction("count", em -> Counters.next(em, "test"));
        caller.getTransaction().rollback();
        assertEquals(0L, (long) db.<Long>inTransaction(em -> Counters.last(em, "test")));

        caller.getTransaction().begin();
        assertEquals(1L, (long) jpa.<Long>inTransaction("count", em -> Counters.next(em, "test")));
        caller.getTransaction().commit();
        caller.close();
        assertEquals(1L, (long) db.<Long>inTransaction(em -> Counters.last(em, "test")));
    }

    /**
     * A caller's entity manager that outlives its transactions: after another instance counted, the
     * caller's next transaction must not count from its stale copy of the row (a lock does not refresh a
     * managed entity), which would hand out a number twice.
     */
    @Test
    void next_onACallersLongLivedEntityManager_countsFromTheRowNotFromItsStaleCopy() {
        EntityManager caller = db.emf().createEntityManager();
        JpaContext callers = JpaContext.of(db.emf(), () -> caller);
        JpaContext other = JpaContext.of(db.newEmf(Map.of()), () -> null);
        try {
            caller.getTransaction().begin();
            assertEquals(1L, (long) callers.<Long>inTransaction("count", em -> Counters.next(em, "test")));
            assertEquals(1L, (long) callers.<Long>inTransaction("read", em -> Counters.lockedLast(em, "test")));
            caller.getTransaction().commit();

            assertEquals(2L, (long) other.<Long>inTransaction("count", em -> Counters.next(em, "test")));

            caller.getTransaction().begin();
            assertEquals(2L, (long) callers.<Long>inTransaction("read", em -> Counters.lockedLast(em, "test")));
            assertEquals(3L, (long) callers.<Long>inTransaction("count", em -> Counters.next(em, "test")));
            caller.getTransaction().commit();
        } finally {
            caller.close();
        }
    }

    @Test
    void aFailure_becomesAStoreException_withoutTheRowsValues() {
        JpaContext jpa = JpaContext.of(db.emf(), () -> null);
        String secret = "ana.popescu@example.ro";
        StoreException e = assertThrows(StoreException.class, () -> jpa.inTransaction("write", em -> {
            em.createNativeQuery("INSERT INTO cpp_counter (name, last_value) VALUES ('" + secret + "', 0)")
                    .executeUpdate();
            return em.createNativeQuery("INSERT INTO cpp_counter (name, last_value) VALUES ('" + secret + "', 0)")
                    .executeUpdate();
        }));
        assertFalse(e.isRetryable());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), () -> "leaks in " + e);
            assertFalse(String.valueOf(t).contains("example.ro"));
        }
        assertTrue(e.getMessage().contains("could not write"), e.getMessage());
    }

    @Test
    void next_withoutTheCountersRow_namesTheMigrations() {
        JpaContext jpa = JpaContext.of(db.emf(), () -> null);
        StoreException e = assertThrows(StoreException.class,
                () -> jpa.inTransaction("count", em -> Counters.next(em, "missing")));
        assertTrue(e.getMessage().contains("migrations"), e.getMessage());
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends CountersTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends CountersTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends CountersTest {
    }
}
