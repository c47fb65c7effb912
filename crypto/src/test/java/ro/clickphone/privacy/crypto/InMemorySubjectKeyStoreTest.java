package ro.clickphone.privacy.crypto;

import ro.clickphone.privacy.spi.SubjectKeyStore;
import ro.clickphone.privacy.spi.SubjectKeyStoreContract;

class InMemorySubjectKeyStoreTest extends SubjectKeyStoreContract {

    @Override
    protected SubjectKeyStore newStore() {
        return new InMemorySubjectKeyStore();
    }
}
