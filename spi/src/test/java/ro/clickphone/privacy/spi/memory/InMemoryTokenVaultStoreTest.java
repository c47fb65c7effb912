package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.vault.TokenVaultStore;
import ro.clickphone.privacy.spi.vault.TokenVaultStoreContract;

class InMemoryTokenVaultStoreTest extends TokenVaultStoreContract {

    @Override
    protected TokenVaultStore newVault() {
        return new InMemoryTokenVaultStore();
    }
}
