package ro.clickphone.privacy.core.store;

import ro.clickphone.privacy.spi.AuditLogStore;
import ro.clickphone.privacy.spi.AuditLogStoreContract;

class InMemoryAuditLogStoreTest extends AuditLogStoreContract {

    @Override
    protected AuditLogStore newStore() {
        return new InMemoryAuditLogStore();
    }
}
