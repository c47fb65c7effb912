package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * A worker JVM opens a PKCS#11 KEK from its own environment (here the system properties the factory
 * falls back to): the library, the slot and the PIN file; never from the spec.
 */
class Pkcs11KeyEncryptionKeyProviderFactoryTest {

    private String kekId;

    @AfterEach
    void clear() throws Exception {
        System.clearProperty(Pkcs11KeyEncryptionKeyProviderFactory.LIBRARY_PROPERTY);
        System.clearProperty(Pkcs11KeyEncryptionKeyProviderFactory.SLOT_PROPERTY);
        System.clearProperty(Pkcs11KeyEncryptionKeyProviderFactory.PIN_FILE_PROPERTY);
        if (kekId != null) {
            SoftHsm.delete(kekId);
        }
    }

    @Test
    void isRegistered_andOpensNothingWhenNotConfigured() {
        assertTrue(ServiceLoader.load(KeyEncryptionKeyProviderFactory.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList())
                .contains(Pkcs11KeyEncryptionKeyProviderFactory.class.getName()));
        assertTrue(new Pkcs11KeyEncryptionKeyProviderFactory().open("lake-kek").isEmpty());
    }

    @Test
    void aLibraryWithoutPinFile_orAnUnreadablePinFile_failsForGood(@TempDir Path dir) {
        System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.LIBRARY_PROPERTY, "/usr/lib/softhsm/libsofthsm2.so");
        KeyUnavailableException noPin = assertThrows(KeyUnavailableException.class,
                () -> new Pkcs11KeyEncryptionKeyProviderFactory().open("lake-kek"));
        assertFalse(noPin.isRetryable());
        System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.PIN_FILE_PROPERTY, dir.resolve("absent").toString());
        KeyUnavailableException unreadable = assertThrows(KeyUnavailableException.class,
                () -> new Pkcs11KeyEncryptionKeyProviderFactory().open("lake-kek"));
        assertFalse(unreadable.isRetryable());
        System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.SLOT_PROPERTY, "first");
        assertThrows(KeyUnavailableException.class, () -> new Pkcs11KeyEncryptionKeyProviderFactory().open("lake-kek"));
    }

    @Test
    void aWorker_opensTheKekOnTheToken_fromItsEnvironment(@TempDir Path dir) throws Exception {
        Pkcs11Token token = SoftHsm.token();
        kekId = SoftHsm.newKekId();
        Pkcs11KeyEncryptionKeyProvider driver = Pkcs11KeyEncryptionKeyProvider.create(token, kekId);
        SecretBytes key = SecretBytes.random(32, new SecureRandom());
        WrappedKey wrapped = driver.wrap(key);

        Path pinFile = dir.resolve("user.pin");
        Files.writeString(pinFile, SoftHsm.pin() + "\n", StandardCharsets.UTF_8);
        System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.LIBRARY_PROPERTY, token.library().toString());
        String slot = System.getenv(SoftHsm.SLOT_VARIABLE);
        if (slot != null && !slot.isBlank()) {
            System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.SLOT_PROPERTY, slot.strip());
        }
        System.setProperty(Pkcs11KeyEncryptionKeyProviderFactory.PIN_FILE_PROPERTY, pinFile.toString());

        KeyEncryptionKeyProvider worker = new Pkcs11KeyEncryptionKeyProviderFactory().open(kekId).orElseThrow();
        assertTrue(worker.unwrap(wrapped).sameAs(key));
        assertEquals(1, worker.currentVersion());
        assertFalse(worker.toString().contains(SoftHsm.pin()));
        assertTrue(new Pkcs11KeyEncryptionKeyProviderFactory().open(SoftHsm.newKekId()).isEmpty(),
                "a KEK the token does not hold is left to other factories");
        assertTrue(new Pkcs11KeyEncryptionKeyProviderFactory().open("Not A Kek Id").isEmpty());
    }
}
