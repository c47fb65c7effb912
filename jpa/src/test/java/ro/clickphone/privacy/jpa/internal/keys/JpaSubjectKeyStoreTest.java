package ro.clickphone.privacy.jpa.internal.keys;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.SubjectKeyStoreContract;

/** The subject key store on each database. */
abstract class JpaSubjectKeyStoreTest extends SubjectKeyStoreContract {

    private final TestDatabase db;

    JpaSubjectKeyStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected SubjectKeyStore newStore() {
        return new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaSubjectKeyStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaSubjectKeyStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaSubjectKeyStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
