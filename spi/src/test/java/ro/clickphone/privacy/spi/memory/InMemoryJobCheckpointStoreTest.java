package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStoreContract;

class InMemoryJobCheckpointStoreTest extends JobCheckpointStoreContract {

    @Override
    protected JobCheckpointStore newStore() {
        return new InMemoryJobCheckpointStore();
    }
}
