package ro.clickphone.privacy.spi.memory;

import ro.clickphone.privacy.spi.vault.TokenVault;
import ro.clickphone.privacy.spi.vault.TokenVaultContract;

class InMemoryTokenVaultTest extends TokenVaultContract {

    @Override
    protected TokenVault newVault() {
        return new InMemoryTokenVault();
    }
}
