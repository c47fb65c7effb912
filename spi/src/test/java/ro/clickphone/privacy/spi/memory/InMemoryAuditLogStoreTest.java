package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditLogStoreContract;

class InMemoryAuditLogStoreTest extends AuditLogStoreContract {

    @Override
    protected AuditLogStore newStore() {
        return new InMemoryAuditLogStore();
    }
}
