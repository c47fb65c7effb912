package ro.clickphone.privacy.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;

/**
 * The options naming a PKCS#12 key-encryption-key file ({@code keys rotate}, {@code keys rewrap}):
 * the file, the KEK id, and the key store password from a file or {@value #PASSWORD_VARIABLE},
 * never from an argument.
 */
final class KekOptions {

    /** The environment variable holding the key store password when no file is given. */
    static final String PASSWORD_VARIABLE = "CLICKPHONE_PRIVACY_KEK_PASSWORD";

    @Option(names = "--kek-file", required = true, paramLabel = "FILE",
            description = "The PKCS#12 key store holding the key-encryption key's versions.")
    Path file;

    @Option(names = "--kek-id", required = true, paramLabel = "ID",
            description = "The KEK's id (its versions are the entries <ID>-v<N>).")
    String kekId;

    @Option(names = "--kek-password-file", paramLabel = "FILE",
            description = "A file holding the key store password (else the environment variable "
                    + PASSWORD_VARIABLE + ").")
    Path passwordFile;

    /**
     * Opens the key store file.
     *
     * @param spec the running command's spec (for the environment)
     * @return the provider
     * @throws BadInputException if the file is missing or no password is given
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the file cannot be read with the
     *     password or holds no version of the KEK (shown as it is: it names no secret)
     */
    Pkcs12KeyEncryptionKeyProvider open(CommandSpec spec) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--kek-file: no such file");
        }
        char[] password = ClickPhonePrivacyCli.secrets(spec).password(passwordFile, "--kek-password-file",
                PASSWORD_VARIABLE);
        try {
            return Pkcs12KeyEncryptionKeyProvider.open(file, password, kekId);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
