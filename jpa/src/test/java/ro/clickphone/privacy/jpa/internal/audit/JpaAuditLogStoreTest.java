package ro.clickphone.privacy.jpa.internal.audit;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditLogStoreContract;

/** The SPI's audit-log contract, unchanged, on each database (emptied before each test). */
abstract class JpaAuditLogStoreTest extends AuditLogStoreContract {

    private final TestDatabase db;

    JpaAuditLogStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected AuditLogStore newStore() {
        return new JpaAuditLogStore(JpaContext.of(db.emf(), () -> null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaAuditLogStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaAuditLogStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaAuditLogStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
