package ro.clickphone.privacy.crypto.kek;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProviderFactory;

/**
 * Opens a {@link Pkcs12KeyEncryptionKeyProvider} on a worker JVM from its environment, so that a
 * Kafka Streams instance or a Spark executor handed a {@code PseudonymizationSpec} can unwrap its
 * root key without a KMS plugin: the key store file is named by the environment variable
 * {@value #FILE_VARIABLE} (or the system property {@value #FILE_PROPERTY}) and its password is read
 * from the file named by {@value #PASSWORD_FILE_VARIABLE} (or {@value #PASSWORD_FILE_PROPERTY}),
 * never from an argument or the spec. Registered with {@link java.util.ServiceLoader}; with neither
 * set, or a key store that holds no version of the KEK asked for, it opens nothing and leaves the
 * KEK to other factories.
 *
 * <p>Mount the key store and the password file on the workers as the cluster mounts other secrets
 * (a Kubernetes secret volume, a YARN local resource with restricted permissions). A KMS or HSM
 * plugin does better: the KEK then never sits on the workers' disks.
 *
 * @since 0.1.0
 */
public final class Pkcs12KeyEncryptionKeyProviderFactory implements KeyEncryptionKeyProviderFactory {

    /** The environment variable naming the PKCS#12 key store file. */
    public static final String FILE_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PKCS12";
    /** The environment variable naming the file that holds the key store's password. */
    public static final String PASSWORD_FILE_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PASSWORD_FILE";
    /** The system property naming the key store file, when the environment variable is not set. */
    public static final String FILE_PROPERTY = "clickphone.privacy.kek.pkcs12";
    /** The system property naming the password file, when the environment variable is not set. */
    public static final String PASSWORD_FILE_PROPERTY = "clickphone.privacy.kek.password-file";

    /** Made by {@link java.util.ServiceLoader}, or by name from a spec. */
    public Pkcs12KeyEncryptionKeyProviderFactory() {
        // reads its settings at each open
    }

    @Override
    public Optional<KeyEncryptionKeyProvider> open(String kekId) {
        Optional<String> file = WorkerSettings.setting(FILE_VARIABLE, FILE_PROPERTY);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String passwordFile = WorkerSettings.setting(PASSWORD_FILE_VARIABLE, PASSWORD_FILE_PROPERTY).orElseThrow(() ->
                new KeyUnavailableException("The PKCS#12 key store is named by " + FILE_VARIABLE + " but its password"
                        + " file is not: set " + PASSWORD_FILE_VARIABLE, false, null));
        char[] password = password(passwordFile);
        if (password.length == 0) {
            throw new KeyUnavailableException("The password file named by " + PASSWORD_FILE_VARIABLE + " is empty on"
                    + " this worker", false, null);
        }
        try {
            Path store = WorkerSettings.path(file.get(), FILE_VARIABLE);
            if (!Files.isRegularFile(store)) {
                throw new KeyUnavailableException("The PKCS#12 key store named by " + FILE_VARIABLE + " is not a"
                        + " readable file on this worker", false, null);
            }
            return Pkcs12KeyEncryptionKeyProvider.openIfHeld(store, password, kekId).map(p -> p);
        } catch (InvalidInputException e) {
            // not a KEK id a PKCS#12 store of this SDK can hold
            return Optional.empty();
        } catch (ConfigurationException e) {
            throw new KeyUnavailableException("The PKCS#12 key store named by " + FILE_VARIABLE + " cannot be opened"
                    + " with the password of " + PASSWORD_FILE_VARIABLE + ": " + e.getMessage(), false, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The password: the file's first line, its line end removed. */
    private static char[] password(String passwordFile) {
        try {
            return WorkerSettings.firstLine(WorkerSettings.path(passwordFile, PASSWORD_FILE_VARIABLE));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new KeyUnavailableException("The password file named by " + PASSWORD_FILE_VARIABLE + " is not UTF-8"
                    + " on this worker", false, null);
        } catch (IOException e) {
            throw new KeyUnavailableException("The password file named by " + PASSWORD_FILE_VARIABLE + " cannot be"
                    + " read on this worker (" + e.getClass().getSimpleName() + ")", false, null);
        }
    }

    @Override
    public String toString() {
        return "Pkcs12KeyEncryptionKeyProviderFactory[" + FILE_VARIABLE + "]";
    }
}
