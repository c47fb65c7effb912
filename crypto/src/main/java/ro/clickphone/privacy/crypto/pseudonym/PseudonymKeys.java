package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * The versioned root keys of pseudonymization. Every technique and every context gets its own key,
 * derived from a root key with HKDF-SHA256 (info {@code clickphone-pseudonym/v1|technique|context}),
 * as ENISA advises: tokens of context {@code analytics} cannot be joined with tokens of context
 * {@code fraud}, and a phone pseudonym key is not a token key. New values use the highest version;
 * older versions stay to re-identify and to recognise older tokens.
 *
 * <pre>{@code
 * PseudonymKeys keys = PseudonymKeys.of(1, rootKeyV1).withVersion(2, rootKeyV2);
 * }</pre>
 *
 * <p>Root keys can live wrapped by the same key-encryption keys as the per-subject data keys, so
 * that configuration holds no key in clear:
 *
 * <pre>{@code
 * WrappedKey stored = PseudonymKeys.newWrappedRootKey(kek);          // once; keep it with the configuration
 * PseudonymKeys keys = PseudonymKeys.ofWrapped(1, kek, stored);       // at every start
 * }</pre>
 *
 * <p><b>Warning:</b> whoever holds a root key can recompute every keyed token and reverse every
 * FF1 and Crypto-PAn pseudonym made under it. Keep root keys in a KMS or key store, apart from the
 * pseudonymized data, and out of the hands of the people who analyse that data.
 *
 * <p>Immutable and thread-safe. Copies the keys it is given.
 *
 * @since 0.1.0
 */
public final class PseudonymKeys {

    /** The fewest bytes a root key may have. */
    public static final int MIN_KEY_BYTES = 32;
    /** The highest version number. */
    public static final int MAX_VERSION = 9999;

    private final Map<Integer, byte[]> roots;
    private final int current;

    private PseudonymKeys(Map<Integer, byte[]> roots) {
        this.roots = Collections.unmodifiableMap(roots);
        this.current = ((TreeMap<Integer, byte[]>) roots).lastKey();
    }

    /**
     * Keys with one version.
     *
     * @param version from 1 to {@value #MAX_VERSION}
     * @param rootKey at least {@value #MIN_KEY_BYTES} bytes, used for pseudonymization only
     * @return the keys
     * @throws InvalidInputException if the version is out of range or the key too short
     */
    public static PseudonymKeys of(int version, SecretBytes rootKey) {
        return new PseudonymKeys(add(new TreeMap<>(), version, rootKey));
    }

    /**
     * These keys and one more version; the highest version makes new pseudonyms.
     *
     * @param version a version not given yet
     * @param rootKey at least {@value #MIN_KEY_BYTES} bytes
     * @return new keys
     * @throws InvalidInputException if the version is out of range or the key too short
     * @throws ConfigurationException if the version is already present
     */
    public PseudonymKeys withVersion(int version, SecretBytes rootKey) {
        if (roots.containsKey(version)) {
            throw new ConfigurationException("Pseudonym key version " + version + " is already present");
        }
        return new PseudonymKeys(add(new TreeMap<>(roots), version, rootKey));
    }

    /**
     * Draws a new random root key and wraps it under the current version of a key-encryption key.
     *
     * @param kek the key-encryption keys (the same provider as the data keys', or another)
     * @return the wrapped root key, to keep with the configuration
     * @throws InvalidInputException if {@code kek} is null
     * @throws KeyUnavailableException if the provider cannot wrap
     */
    public static WrappedKey newWrappedRootKey(KeyEncryptionKeyProvider kek) {
        if (kek == null) {
            throw new InvalidInputException("kek", "must not be null");
        }
        SecretBytes root = SecretBytes.random(32, new SecureRandom());
        try {
            return kek.wrap(root);
        } finally {
            root.destroy();
        }
    }

    /**
     * Keys with one version whose root key is kept wrapped.
     *
     * @param version from 1 to {@value #MAX_VERSION}
     * @param kek the key-encryption keys that wrapped it
     * @param wrapped the wrapped root key
     * @return the keys
     * @throws InvalidInputException if an argument is null or the version out of range
     * @throws KeyUnavailableException if the provider cannot unwrap
     * @throws ro.clickphone.privacy.spi.IntegrityException if the wrapped key was changed
     */
    public static PseudonymKeys ofWrapped(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        return new PseudonymKeys(add(new TreeMap<>(), version, unwrap(kek, wrapped)));
    }

    /**
     * These keys and one more version whose root key is kept wrapped.
     *
     * @param version a version not given yet
     * @param kek the key-encryption keys that wrapped it
     * @param wrapped the wrapped root key
     * @return new keys
     * @throws InvalidInputException if an argument is null or the version out of range
     * @throws ConfigurationException if the version is already present
     * @throws KeyUnavailableException if the provider cannot unwrap
     */
    public PseudonymKeys withWrappedVersion(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        return withVersion(version, unwrap(kek, wrapped));
    }

    private static SecretBytes unwrap(KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        if (kek == null || wrapped == null) {
            throw new InvalidInputException("wrappedRootKey", "the provider and the wrapped key must be given");
        }
        return kek.unwrap(wrapped);
    }

    private static TreeMap<Integer, byte[]> add(TreeMap<Integer, byte[]> map, int version, SecretBytes rootKey) {
        if (version < 1 || version > MAX_VERSION) {
            throw new InvalidInputException("version", "must be between 1 and " + MAX_VERSION);
        }
        if (rootKey == null || rootKey.length() < MIN_KEY_BYTES) {
            throw new InvalidInputException("rootKey", "must be at least " + MIN_KEY_BYTES + " bytes");
        }
        map.put(version, rootKey.revealBytes());
        return map;
    }

    /**
     * The version new pseudonyms are made with.
     *
     * @return the highest version
     */
    public int currentVersion() {
        return current;
    }

    /**
     * Whether a version is held.
     *
     * @param version the version
     * @return true if it is held
     */
    public boolean hasVersion(int version) {
        return roots.containsKey(version);
    }

    /**
     * The one version held, for a reversal that names none. FF1 and Crypto-PAn turn any input under
     * any key into a valid-looking output, so guessing the version would return another person's
     * value: with two versions held, the caller must say which.
     */
    int onlyVersion() {
        if (roots.size() > 1) {
            throw new InvalidInputException("version", "must be given: " + roots.size() + " pseudonym key versions"
                    + " are held, and a pseudonym reversed under another version than its own gives a valid-looking"
                    + " value of someone else; pass the version it was made with (keep it with every export)");
        }
        return current;
    }

    /** The key of one technique, context and version; the caller wipes it. */
    byte[] derive(String technique, String context, int version, int length) {
        byte[] root = roots.get(version);
        if (root == null) {
            throw new KeyUnavailableException("Pseudonym key version " + version + " is not held; give it to"
                    + " PseudonymKeys.withVersion(...)", false, null);
        }
        byte[] info = ("clickphone-pseudonym/v1|" + technique + "|" + context).getBytes(StandardCharsets.US_ASCII);
        return Hkdf.derive(root, null, info, length);
    }

    static void wipe(byte[] key) {
        Arrays.fill(key, (byte) 0);
    }

    /**
     * What a key of one technique, context and version makes (a MAC, a cipher), made once per
     * version and kept in {@code made}; the derived key bytes are wiped once it is made.
     */
    <T> T perVersion(Map<Integer, T> made, int version, String technique, String context, Function<byte[], T> make) {
        if (!roots.containsKey(version)) {
            throw new KeyUnavailableException("Pseudonym key version " + version + " is not held; give it to"
                    + " PseudonymKeys.withVersion(...)", false, null);
        }
        return made.computeIfAbsent(version, v -> {
            byte[] key = derive(technique, context, v, 32);
            try {
                return make.apply(key);
            } finally {
                wipe(key);
            }
        });
    }

    @Override
    public String toString() {
        return "PseudonymKeys[versions " + roots.keySet() + ", current " + current + "]";
    }
}
