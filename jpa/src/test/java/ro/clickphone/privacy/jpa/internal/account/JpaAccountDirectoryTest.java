package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.keys.RawRows;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.AccountDirectoryContract;

/**
 * The account directory on each database: the spi contract, and assignments made by one application
 * instance seen by another at once (no cache that could keep a delegate in an account it left).
 */
abstract class JpaAccountDirectoryTest extends AccountDirectoryContract {

    private final TestDatabase db;

    JpaAccountDirectoryTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected AccountDirectory newDirectory(Map<SubjectId, String> accounts) {
        db.jdbc(c -> c.createStatement().execute("DELETE FROM cpp_account_member"));
        JpaAccountDirectory directory = new JpaAccountDirectory(JpaContext.of(db.emf(), () -> null));
        accounts.forEach(directory::assign);
        return directory;
    }

    private JpaAccountDirectory directory(jakarta.persistence.EntityManagerFactory emf) {
        return new JpaAccountDirectory(JpaContext.of(emf, () -> null));
    }

    @Test
    void anAssignmentByOneInstance_isSeenByAnotherAtOnce_andSoIsItsEnd() {
        JpaAccountDirectory one = directory(db.emf());
        JpaAccountDirectory two = directory(db.newEmf(Map.of()));
        SubjectId ana = SubjectId.of("ana.popescu@example.ro");
        assertEquals(Optional.empty(), two.accountOf(ana));
        one.assign(ana, "pbx-42");
        assertEquals(Optional.of("pbx-42"), two.accountOf(ana));
        two.assign(ana, "pbx-7");
        assertEquals(Optional.of("pbx-7"), one.accountOf(ana), "a move is seen at once");
        assertEquals(1, RawRows.number(db, "SELECT COUNT(*) FROM cpp_account_member WHERE subject_id = ?"
                + " AND account_id = 'pbx-7'", ana.value()));
        assertTrue(one.unassign(ana));
        assertFalse(two.unassign(ana));
        assertEquals(Optional.empty(), two.accountOf(ana));
        assertThrows(InvalidInputException.class, () -> one.assign(ana, "pbx 42"));
        assertThrows(InvalidInputException.class, () -> one.assign(null, "pbx-42"));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaAccountDirectoryTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaAccountDirectoryTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaAccountDirectoryTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
