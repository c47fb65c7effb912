package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.consent.ConsentStoreContract;

class InMemoryConsentStoreTest extends ConsentStoreContract {

    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
