package ro.clickphone.privacy.crypto.kek;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderContract;

class Pkcs12KeyEncryptionKeyProviderContractTest
        extends KeyEncryptionKeyProviderContract<Pkcs12KeyEncryptionKeyProvider> {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    @Override
    protected Pkcs12KeyEncryptionKeyProvider newProvider() {
        return Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), PASSWORD.toCharArray(), "contract-kek");
    }

    @Override
    protected boolean rotate(Pkcs12KeyEncryptionKeyProvider provider) {
        provider.rotate();
        return true;
    }

    @Override
    protected boolean retires() {
        return true;
    }

    @Override
    protected List<String> secrets() {
        return List.of(PASSWORD);
    }
}
