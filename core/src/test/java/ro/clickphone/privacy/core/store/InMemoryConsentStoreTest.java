package ro.clickphone.privacy.core.store;

import ro.clickphone.privacy.spi.ConsentStore;
import ro.clickphone.privacy.spi.ConsentStoreContract;

class InMemoryConsentStoreTest extends ConsentStoreContract {

    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
