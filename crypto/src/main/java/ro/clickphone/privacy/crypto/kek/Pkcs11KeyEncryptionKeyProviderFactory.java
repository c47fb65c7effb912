package ro.clickphone.privacy.crypto.kek;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;

/**
 * Opens a {@link Pkcs11KeyEncryptionKeyProvider} on a worker JVM from its environment, so that a
 * Kafka Streams instance or a Spark executor handed a {@code PseudonymizationSpec} unwraps its root
 * key on the token: the PKCS#11 library is named by {@value #LIBRARY_VARIABLE}, the slot id by
 * {@value #SLOT_VARIABLE} (without it, the first slot of the library's list), and the PIN is read
 * from the file named by {@value #PIN_FILE_VARIABLE}; each variable falls back to a system property
 * ({@value #LIBRARY_PROPERTY}, {@value #SLOT_PROPERTY}, {@value #PIN_FILE_PROPERTY}). Never from an
 * argument or the spec. Registered with {@link java.util.ServiceLoader}; with no library set, or a
 * token that holds no version of the KEK asked for, it opens nothing and leaves the KEK to other
 * factories.
 *
 * <p>Every worker then reaches the token (a network HSM's client library, or a token of its own
 * holding the same KEK); the KEK never sits on the workers' disks, only the PIN file does.
 *
 * @since 0.1.0
 */
public final class Pkcs11KeyEncryptionKeyProviderFactory implements KeyEncryptionKeyProviderFactory {

    /** The environment variable naming the PKCS#11 library. */
    public static final String LIBRARY_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PKCS11_LIBRARY";
    /** The environment variable holding the token's slot id. */
    public static final String SLOT_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PKCS11_SLOT";
    /** The environment variable naming the file that holds the user PIN. */
    public static final String PIN_FILE_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PKCS11_PIN_FILE";
    /** The system property naming the library, when the environment variable is not set. */
    public static final String LIBRARY_PROPERTY = "clickphone.privacy.kek.pkcs11.library";
    /** The system property holding the slot id, when the environment variable is not set. */
    public static final String SLOT_PROPERTY = "clickphone.privacy.kek.pkcs11.slot";
    /** The system property naming the PIN file, when the environment variable is not set. */
    public static final String PIN_FILE_PROPERTY = "clickphone.privacy.kek.pkcs11.pin-file";

    /** Made by {@link java.util.ServiceLoader}, or by name from a spec. */
    public Pkcs11KeyEncryptionKeyProviderFactory() {
        // reads its settings at each open
    }

    @Override
    public Optional<KeyEncryptionKeyProvider> open(String kekId) {
        Optional<String> library = WorkerSettings.setting(LIBRARY_VARIABLE, LIBRARY_PROPERTY);
        if (library.isEmpty()) {
            return Optional.empty();
        }
        String pinFile = WorkerSettings.setting(PIN_FILE_VARIABLE, PIN_FILE_PROPERTY).orElseThrow(() ->
                new KeyUnavailableException("The PKCS#11 library is named by " + LIBRARY_VARIABLE + " but the PIN"
                        + " file is not: set " + PIN_FILE_VARIABLE, false, null));
        char[] pin = null;
        try {
            pin = Pkcs11Token.readPin(WorkerSettings.path(pinFile, PIN_FILE_VARIABLE));
            Path libraryPath = WorkerSettings.path(library.get(), LIBRARY_VARIABLE);
            Optional<String> slot = WorkerSettings.setting(SLOT_VARIABLE, SLOT_PROPERTY);
            Pkcs11Token token = slot.isEmpty() ? Pkcs11Token.ofSlotListIndex(libraryPath, 0, pin)
                    : Pkcs11Token.ofSlot(libraryPath, slotId(slot.get()), pin);
            return Pkcs11KeyEncryptionKeyProvider.openIfHeld(token, kekId).map(p -> p);
        } catch (InvalidInputException e) {
            if ("kekId".equals(e.argument())) {
                // not a KEK id this provider can hold
                return Optional.empty();
            }
            throw new KeyUnavailableException("The PKCS#11 settings of this worker are not usable: " + e.getMessage(),
                    false, e);
        } catch (ConfigurationException e) {
            throw new KeyUnavailableException("The PKCS#11 token named by " + LIBRARY_VARIABLE + " cannot be opened"
                    + " with the PIN of " + PIN_FILE_VARIABLE + ": " + e.getMessage(), false, e);
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static long slotId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new KeyUnavailableException(SLOT_VARIABLE + " is not a slot id (a number)", false, null);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11KeyEncryptionKeyProviderFactory[" + LIBRARY_VARIABLE + "]";
    }
}
