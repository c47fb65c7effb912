package ro.clickphone.privacy.crypto.kek;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * <b>For development only.</b> A {@link KeyEncryptionKeyProvider} whose single KEK version is derived
 * from a passphrase with Argon2id (BouncyCastle), so that a developer can run the SDK without a key
 * store or a KMS. The salt and the Argon2 parameters are not secret and are kept with the
 * application's configuration as a string ({@link #parameters()}); the passphrase is the secret.
 *
 * <p><b>Warning:</b> a passphrase is as strong as its entropy, and anyone who learns it can unwrap
 * every data key. Use a PKCS#12 key store ({@link Pkcs12KeyEncryptionKeyProvider}), an HSM or a KMS in
 * production. The provider has one version and cannot rotate.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class PassphraseKeyEncryptionKeyProvider implements KeyEncryptionKeyProvider {

    private static final Pattern PARAMETERS = Pattern.compile(
            "argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/=]{22,88})");
    /** OWASP's minimum for Argon2id (2023): 19 MiB, 2 passes, 1 lane. */
    private static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    private static final int DEFAULT_ITERATIONS = 2;
    private static final int DEFAULT_LANES = 1;

    private final String kekId;
    private final SecretKey key;
    private final String parameters;
    private final SecureRandom random = new SecureRandom();

    private PassphraseKeyEncryptionKeyProvider(String kekId, SecretKey key, String parameters) {
        this.kekId = kekId;
        this.key = key;
        this.parameters = parameters;
    }

    /**
     * Derives a new KEK from a passphrase with a fresh random salt and the default Argon2id cost.
     * Keep {@link #parameters()} to open it again.
     *
     * @param passphrase the passphrase, at least 12 characters
     * @param kekId the KEK's name
     * @return the provider
     * @throws InvalidInputException if an argument is null or too short
     */
    public static PassphraseKeyEncryptionKeyProvider create(char[] passphrase, String kekId) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return derive(passphrase, kekId, DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_LANES, salt);
    }

    /**
     * Derives the KEK again from the passphrase and the stored parameters.
     *
     * @param passphrase the passphrase
     * @param kekId the KEK's name
     * @param parameters the string {@link #parameters()} returned when the KEK was created
     * @return the provider
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static PassphraseKeyEncryptionKeyProvider open(char[] passphrase, String kekId, String parameters) {
        Matcher m = parameters == null ? null : PARAMETERS.matcher(parameters);
        if (m == null || !m.matches()) {
            throw new InvalidInputException("parameters", "must be argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>");
        }
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(m.group(4));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("parameters", "has a salt that is not Base64");
        }
        return derive(passphrase, kekId, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), salt);
    }

    private static PassphraseKeyEncryptionKeyProvider derive(char[] passphrase, String kekId, int memoryKib,
            int iterations, int lanes, byte[] salt) {
        if (passphrase == null || passphrase.length < 12) {
            throw new InvalidInputException("passphrase", "must be at least 12 characters");
        }
        if (kekId == null || !kekId.matches("[a-z0-9][a-z0-9._-]{0,47}")) {
            throw new InvalidInputException("kekId", "must be lower-case letters, digits, . _ - (at most 48)");
        }
        if (memoryKib < 8 * 1024 || iterations < 1 || lanes < 1 || salt.length < 16) {
            throw new ConfigurationException("The Argon2id parameters are too weak: at least 8 MiB, 1 pass, 1 lane and"
                    + " a 16-byte salt");
        }
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(iterations)
                .withParallelism(lanes).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        // Encoded without an intermediate String, which could not be wiped.
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        byte[] derived = new byte[32];
        try {
            generator.generateBytes(secret, derived);
            String stored = "argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + lanes + "$"
                    + Base64.getEncoder().encodeToString(salt);
            return new PassphraseKeyEncryptionKeyProvider(kekId, new SecretKeySpec(derived, "AES"), stored);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * The salt and cost to store with the application's configuration; not secret.
     *
     * @return e.g. {@code argon2id$v=19$m=19456,t=2,p=1$<salt>}
     */
    public String parameters() {
        return parameters;
    }

    @Override
    public String kekId() {
        return kekId;
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public WrappedKey wrap(SecretBytes dataKey) {
        if (dataKey == null) {
            throw new InvalidInputException("dataKey", "must not be null");
        }
        return KeyWrap.wrap(key, kekId, 1, dataKey, random);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped) {
        if (wrapped == null) {
            throw new InvalidInputException("wrapped", "must not be null");
        }
        if (!wrapped.kekId().equals(kekId) || wrapped.kekVersion() != 1) {
            throw new KeyUnavailableException("The key was wrapped under another KEK or version", false, null);
        }
        return KeyWrap.unwrap(key, wrapped);
    }

    @Override
    public String toString() {
        return "PassphraseKeyEncryptionKeyProvider[" + kekId + ", development only]";
    }
}
