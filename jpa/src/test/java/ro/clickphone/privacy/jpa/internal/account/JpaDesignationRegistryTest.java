package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.keys.RawRows;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.Designation;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.DesignationRegistryContract;

/**
 * The designation registry on each database: the spi contract, two application instances designating
 * the same partner at once, a revocation by one seen by the other at once, the caller's transaction.
 */
abstract class JpaDesignationRegistryTest extends DesignationRegistryContract {

    private final TestDatabase db;

    JpaDesignationRegistryTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected DesignationRegistry newRegistry() {
        return new JpaDesignationRegistry(JpaContext.of(db.emf(), () -> null));
    }

    private static final Designation ANAS = Designation.of(SubjectId.of("ana.popescu@example.ro"),
            Recipient.of("INTEGRATION_PARTNER"), "crm-vendor");

    @Test
    void twoInstances_designatingTheSameAtOnce_keepOneRow_andARevocationIsSeenByBoth() throws Exception {
        List<DesignationRegistry> instances = List.of(newRegistry(),
                new JpaDesignationRegistry(JpaContext.of(db.newEmf(Map.of()), () -> null)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                Designation designation = Designation.of(SubjectId.of("acct-" + round),
                        Recipient.of("INTEGRATION_PARTNER"), "crm-vendor");
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    DesignationRegistry registry = instances.get(w % 2);
                    futures.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        registry.designate(designation);
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_designation WHERE subject_id = ?",
                        designation.subject().value()));
                assertTrue(instances.get(0).isDesignated(designation));
                instances.get(1).revoke(designation);
                assertFalse(instances.get(0).isDesignated(designation), "a revocation is seen at once");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inTheCallersTransaction_aDesignationCommitsAndRollsBackWithIt() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            DesignationRegistry joined = new JpaDesignationRegistry(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            joined.designate(ANAS);
            assertTrue(joined.isDesignated(ANAS));
            caller.getTransaction().rollback();
            assertFalse(newRegistry().isDesignated(ANAS));
            caller.getTransaction().begin();
            joined.designate(ANAS);
            caller.getTransaction().commit();
            assertTrue(newRegistry().isDesignated(ANAS));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaDesignationRegistryTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaDesignationRegistryTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaDesignationRegistryTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
