package ro.clickphone.privacy.crypto.kek;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderContract;

/**
 * The KEK provider contract, on the PKCS#11 token named by {@code CLICKPHONE_PRIVACY_IT_PKCS11}
 * ({@link SoftHsm}); skipped without it, failing when it is set and the token cannot be used.
 */
class Pkcs11KeyEncryptionKeyProviderTest extends KeyEncryptionKeyProviderContract<Pkcs11KeyEncryptionKeyProvider> {

    private final List<String> created = new ArrayList<>();

    @Override
    protected Pkcs11KeyEncryptionKeyProvider newProvider() {
        String kekId = SoftHsm.newKekId();
        created.add(kekId);
        return Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
    }

    @Override
    protected boolean rotate(Pkcs11KeyEncryptionKeyProvider provider) {
        provider.rotate();
        return true;
    }

    @Override
    protected boolean retires() {
        return true;
    }

    @Override
    protected List<String> secrets() {
        return List.of(SoftHsm.pin());
    }

    @AfterEach
    void deleteKeks() throws Exception {
        for (String kekId : created) {
            SoftHsm.delete(kekId);
        }
    }
}
