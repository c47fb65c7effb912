package ro.clickphone.privacy.crypto.kek;

import java.util.List;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderContract;

/** The passphrase provider has one version and cannot rotate, so the rotation tests are skipped. */
class PassphraseKeyEncryptionKeyProviderContractTest
        extends KeyEncryptionKeyProviderContract<PassphraseKeyEncryptionKeyProvider> {

    private static final String PASSPHRASE = "correct horse battery staple";

    @Override
    protected PassphraseKeyEncryptionKeyProvider newProvider() {
        return PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE.toCharArray(), "contract-kek");
    }

    @Override
    protected List<String> secrets() {
        return List.of(PASSPHRASE);
    }
}
