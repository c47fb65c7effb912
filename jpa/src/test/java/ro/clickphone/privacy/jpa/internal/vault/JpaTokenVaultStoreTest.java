package ro.clickphone.privacy.jpa.internal.vault;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.TokenVaultStoreContract;

/** The token vault on each database. */
abstract class JpaTokenVaultStoreTest extends TokenVaultStoreContract {

    private final TestDatabase db;

    JpaTokenVaultStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected TokenVaultStore newVault() {
        return new JpaTokenVaultStore(JpaContext.of(db.emf(), () -> null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaTokenVaultStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaTokenVaultStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaTokenVaultStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
