package ro.clickphone.privacy.jpa.internal.consent;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.consent.ConsentStoreContract;

/** The SPI's consent-store contract, unchanged, on each database (emptied before each test). */
abstract class JpaConsentStoreTest extends ConsentStoreContract {

    private final TestDatabase db;

    JpaConsentStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ConsentStore newStore() {
        return new JpaConsentStore(JpaContext.of(db.emf(), () -> null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaConsentStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaConsentStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaConsentStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
