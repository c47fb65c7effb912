package ro.clickphone.privacy.jpa.internal.contact;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.ContactDirectoryContract;

/** The contact directory on each database. */
abstract class JpaContactDirectoryTest extends ContactDirectoryContract {

    private final TestDatabase db;

    JpaContactDirectoryTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ContactDirectory newDirectory() {
        return new JpaContactDirectory(JpaContext.of(db.emf(), () -> null));
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
