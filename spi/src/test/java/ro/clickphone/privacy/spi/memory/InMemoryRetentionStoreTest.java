package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionStoreContract;

class InMemoryRetentionStoreTest extends RetentionStoreContract {

    @Override
    protected RetentionStore newStore() {
        return new InMemoryRetentionStore();
    }
}
