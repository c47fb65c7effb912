package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.DesignationRegistryContract;

/** The designation registry on each database. */
abstract class JpaDesignationRegistryTest extends DesignationRegistryContract {

    private final TestDatabase db;

    JpaDesignationRegistryTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected DesignationRegistry newRegistry() {
        return new JpaDesignationRegistry(JpaContext.of(db.emf(), () -> null));
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
