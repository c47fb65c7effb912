package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

class PassphraseKeyEncryptionKeyProviderTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Test
    void reopenedWithTheStoredParameters_unwrapsWhatItWrapped() {
        PassphraseKeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE, "dev");
        assertTrue(kek.parameters().matches("argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/=]{24}"),
                kek.parameters());
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        WrappedKey wrapped = kek.wrap(dek);
        PassphraseKeyEncryptionKeyProvider again = PassphraseKeyEncryptionKeyProvider.open(PASSPHRASE, "dev",
                kek.parameters());
        assertTrue(again.unwrap(wrapped).sameAs(dek));
        assertEquals(1, again.currentVersion());
    }

    @Test
    void wrongPassphraseOrSalt_cannotUnwrap() {
        PassphraseKeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE, "dev");
        WrappedKey wrapped = kek.wrap(SecretBytes.random(32, new SecureRandom()));
        PassphraseKeyEncryptionKeyProvider wrong = PassphraseKeyEncryptionKeyProvider.open(
                "incorrect horse battery".toCharArray(), "dev", kek.parameters());
        assertThrows(IntegrityException.class, () -> wrong.unwrap(wrapped));
        PassphraseKeyEncryptionKeyProvider otherSalt = PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE, "dev");
        assertThrows(IntegrityException.class, () -> otherSalt.unwrap(wrapped));
        assertThrows(KeyUnavailableException.class, () -> kek.unwrap(new WrappedKey("dev", 2, wrapped.ciphertext())));
    }

    @Test
    void badParametersOrPassphrase_areRefused() {
        assertThrows(InvalidInputException.class, () -> PassphraseKeyEncryptionKeyProvider.create("short".toCharArray(),
                "dev"));
        assertThrows(InvalidInputException.class, () -> PassphraseKeyEncryptionKeyProvider.open(PASSPHRASE, "dev",
                "pbkdf2$whatever"));
        assertThrows(ConfigurationException.class, () -> PassphraseKeyEncryptionKeyProvider.open(PASSPHRASE, "dev",
                "argon2id$v=19$m=1024,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA=="));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE, "Dev Key"));
        assertFalse(e.getMessage().contains("horse"));
        assertEquals("PassphraseKeyEncryptionKeyProvider[dev, development only]",
                PassphraseKeyEncryptionKeyProvider.create(PASSPHRASE, "dev").toString());
    }
}
