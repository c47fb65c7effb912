package ro.clickphone.privacy.jpa.internal.account;

import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.account.TransferNoticeRegisterContract;

/** The transfer-notice register on each database. */
abstract class JpaTransferNoticeRegisterTest extends TransferNoticeRegisterContract {

    private final TestDatabase db;

    JpaTransferNoticeRegisterTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected TransferNoticeRegister newRegister() {
        return new JpaTransferNoticeRegister(JpaContext.of(db.emf(), () -> null));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaTransferNoticeRegisterTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaTransferNoticeRegisterTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaTransferNoticeRegisterTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
