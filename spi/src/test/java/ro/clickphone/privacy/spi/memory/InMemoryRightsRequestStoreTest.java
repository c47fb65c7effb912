package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.RightsRequestStoreContract;

class InMemoryRightsRequestStoreTest extends RightsRequestStoreContract {

    @Override
    protected RightsRequestStore newStore() {
        return new InMemoryRightsRequestStore();
    }
}
