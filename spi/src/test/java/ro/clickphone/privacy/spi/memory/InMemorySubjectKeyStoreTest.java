package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.SubjectKeyStoreContract;

class InMemorySubjectKeyStoreTest extends SubjectKeyStoreContract {

    @Override
    protected SubjectKeyStore newStore() {
        return new InMemorySubjectKeyStore();
    }
}
