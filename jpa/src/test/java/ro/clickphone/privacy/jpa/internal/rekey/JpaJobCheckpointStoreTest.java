package ro.clickphone.privacy.jpa.internal.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStoreContract;

/**
 * The job checkpoint store on each database: the spi contract (with a second application instance as the
 * other store, so that the race of two saves is one between two connection pools) and the raw row.
 */
abstract class JpaJobCheckpointStoreTest extends JobCheckpointStoreContract {

    private final TestDatabase db;
    private EntityManagerFactory second;

    JpaJobCheckpointStoreTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void closeSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Override
    protected JobCheckpointStore newStore() {
        return JpaStores.jobCheckpoints(db.emf());
    }

    @Override
    protected JobCheckpointStore sameStorage() {
        if (second == null) {
            second = db.newEmf(Map.of());
        }
        return JpaStores.jobCheckpoints(second);
    }

    @Test
    void save_writesOneRow_withTheCounters() {
        JobCheckpointStore store = newStore();
        assertTrue(store.save(new JobCheckpoint("reencrypt:customer.email", 1, "4711", true, 10, 6, 3, 2, 1)));
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT seq, row_position, finished, scanned, moved,"
                    + " already_current, changed_by_writer, failed FROM cpp_job_checkpoint WHERE job_id = ?")) {
                s.setString(1, "reencrypt:customer.email");
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getLong(1));
                    assertEquals("4711", rs.getString(2));
                    assertEquals(1, rs.getInt(3));
                    assertEquals(10, rs.getLong(4));
                    assertEquals(6, rs.getLong(5));
                    assertEquals(3, rs.getLong(6));
                    assertEquals(2, rs.getLong(7));
                    assertEquals(1, rs.getLong(8));
                    assertFalse(rs.next());
                }
            }
        });
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaJobCheckpointStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaJobCheckpointStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaJobCheckpointStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
