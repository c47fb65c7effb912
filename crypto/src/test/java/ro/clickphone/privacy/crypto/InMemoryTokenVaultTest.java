package ro.clickphone.privacy.crypto;

import ro.clickphone.privacy.crypto.pseudonym.InMemoryTokenVault;
import ro.clickphone.privacy.spi.TokenVault;
import ro.clickphone.privacy.spi.TokenVaultContract;

class InMemoryTokenVaultTest extends TokenVaultContract {

    @Override
    protected TokenVault newVault() {
        return new InMemoryTokenVault();
    }
}
