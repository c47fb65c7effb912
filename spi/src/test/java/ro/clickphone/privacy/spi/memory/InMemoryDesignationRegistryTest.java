package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.DesignationRegistryContract;

class InMemoryDesignationRegistryTest extends DesignationRegistryContract {

    @Override
    protected DesignationRegistry newRegistry() {
        return new InMemoryDesignationRegistry();
    }
}
