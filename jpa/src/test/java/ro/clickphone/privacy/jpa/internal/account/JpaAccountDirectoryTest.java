package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import java.util.Map;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.AccountDirectoryContract;

/** The account directory on each database. */
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
