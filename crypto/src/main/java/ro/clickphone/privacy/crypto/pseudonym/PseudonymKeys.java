package ro.clickphone.privacy.crypto.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.crypto.internal.Hmacs;
import ro.clickphone.privacy.crypto.internal.Wraps;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.Names;
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

    /** Size of a root key drawn by {@link #newWrappedRootKey}. */
    private static final int ROOT_BYTES = 32;
    /** Format byte of a wrapped root key bound to its purpose; data keys use 1 to 3. */
    private static final byte BOUND_FORMAT = 0x10;
    private static final int BOUND_PAYLOAD_BYTES = 1 + ROOT_BYTES + 32;
    private static final String PURPOSE = "pseudonym-root-key";
    private static final byte[] BINDING = binding();

    private final Map<Integer, byte[]> roots;
    /** The versions whose root key was given wrapped, as given: what a worker JVM can unwrap itself. */
    private final Map<Integer, WrappedKey> wrapped;
    private final int current;

    private PseudonymKeys(Map<Integer, byte[]> roots, Map<Integer, WrappedKey> wrapped) {
        this.roots = Collections.unmodifiableMap(roots);
        this.wrapped = Map.copyOf(wrapped);
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
        return new PseudonymKeys(add(new TreeMap<>(), version, rootKey), Map.of());
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
        return new PseudonymKeys(add(new TreeMap<>(roots), version, rootKey), wrapped);
    }

    /**
     * Draws a new random root key and wraps it under the current version of a key-encryption key,
     * bound to its purpose (docs/FORMAT.md, "Wrapped pseudonym root keys"): copied into a subject's
     * data-key row, it is refused there, and a wrapped data key is refused here.
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
        SecretBytes root = SecretBytes.random(ROOT_BYTES, new SecureRandom());
        try {
            return wrapBound(kek, root);
        } finally {
            root.destroy();
        }
    }

    /** Wraps a root key in the payload bound to its purpose (docs/FORMAT.md, "Wrapped pseudonym root keys"). */
    private static WrappedKey wrapBound(KeyEncryptionKeyProvider kek, SecretBytes root) {
        byte[] material = root.revealBytes();
        byte[] payload = boundPayload(material);
        Arrays.fill(material, (byte) 0);
        return Wraps.wrapWiping(kek, payload);
    }

    /** {@code 0x10 || root key (32 bytes) || SHA-256(clickphone-root/v2, 0x00, purpose)}. */
    static byte[] boundPayload(byte[] root) {
        if (root.length != ROOT_BYTES) {
            throw new InvalidInputException("rootKey", "a wrapped root key must be " + ROOT_BYTES + " bytes");
        }
        byte[] payload = new byte[BOUND_PAYLOAD_BYTES];
        payload[0] = BOUND_FORMAT;
        System.arraycopy(root, 0, payload, 1, ROOT_BYTES);
        System.arraycopy(BINDING, 0, payload, 1 + ROOT_BYTES, BINDING.length);
        return payload;
    }

    private static byte[] binding() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("clickphone-root/v2".getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            byte[] purpose = PURPOSE.getBytes(StandardCharsets.US_ASCII);
            sha.update(new byte[] {0, 0, 0, (byte) purpose.length});
            sha.update(purpose);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * Wraps a root key anew under the current version of the key-encryption key, so that the older
     * KEK version may be retired: after a KEK rotation, rewrap every root key kept wrapped (and the
     * data keys, {@code EnvelopeKeys.rewrap}), store the results in the configuration in place of
     * the old ones, and only then retire the old version. The root key itself, and so every
     * pseudonym made with it, stays the same.
     *
     * @param kek the key-encryption keys that wrapped it, holding the old and the current version
     * @param wrapped the wrapped root key, under any version the provider still holds
     * @return the same root key wrapped under the provider's current version, bound to its purpose
     * @throws InvalidInputException if an argument is null
     * @throws KeyUnavailableException if the provider cannot unwrap (e.g. the version was retired) or wrap
     * @throws IntegrityException if the wrapped key was changed or is not a pseudonym root key
     */
    public static WrappedKey rewrap(KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        SecretBytes root = unwrap(kek, wrapped);
        try {
            return wrapBound(kek, root);
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
     * @throws IntegrityException if the wrapped key was changed or is not a pseudonym root key (a
     *     wrap of {@link #newWrappedRootKey}, or a bare 32-byte key wrapped before root keys were bound)
     */
    public static PseudonymKeys ofWrapped(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        return new PseudonymKeys(add(new TreeMap<>(), version, unwrap(kek, wrapped)), Map.of(version, wrapped));
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
     * @throws IntegrityException if the wrapped key was changed or is not a pseudonym root key
     */
    public PseudonymKeys withWrappedVersion(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        if (roots.containsKey(version)) {
            throw new ConfigurationException("Pseudonym key version " + version + " is already present");
        }
        Map<Integer, WrappedKey> alsoWrapped = new TreeMap<>(this.wrapped);
        alsoWrapped.put(version, wrapped);
        return new PseudonymKeys(add(new TreeMap<>(roots), version, unwrap(kek, wrapped)), alsoWrapped);
    }

    /**
     * The wrapped form of a version's root key, when it was given wrapped ({@link #ofWrapped},
     * {@link #withWrappedVersion}): what a {@code PseudonymizationSpec} hands to worker JVMs, which
     * unwrap it themselves. A wrapped key is not secret without the key-encryption key.
     *
     * @param version the version
     * @return the wrapped root key as it was given, or empty if the version was given in clear or is not held
     */
    public Optional<WrappedKey> wrapped(int version) {
        return Optional.ofNullable(wrapped.get(version));
    }

    /**
     * A seal (HMAC-SHA256) of a message under a key derived from a root key version for one purpose
     * and context (HKDF info {@code clickphone-pseudonym/v1|seal:purpose|context}): it shows that
     * whoever made the message held the root key. A {@code PseudonymizationSpec} is sealed so, and
     * the worker that unwraps the root key checks the seal before it pseudonymizes anything.
     *
     * @param purpose a lower-case name of what is sealed, such as {@code cdr_spec}
     * @param context the pseudonymization context
     * @param version the root key version
     * @param message the bytes sealed
     * @return the 32-byte seal
     * @throws InvalidInputException if an argument is null or malformed
     * @throws KeyUnavailableException if the version is not held
     */
    public byte[] seal(String purpose, String context, int version, byte[] message) {
        if (!Names.isName(purpose) || !Names.isName(context) || message == null) {
            throw new InvalidInputException("seal", "purpose and context must be lower-case names and the message given");
        }
        byte[] key = derive("seal:" + purpose, context, version, 32);
        try {
            return Hmacs.sha256(key, message);
        } finally {
            wipe(key);
        }
    }

    private static SecretBytes unwrap(KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        if (kek == null || wrapped == null) {
            throw new InvalidInputException("wrappedRootKey", "the provider and the wrapped key must be given");
        }
        SecretBytes plain = kek.unwrap(wrapped);
        byte[] bytes = plain.revealBytes();
        plain.destroy();
        try {
            if (bytes.length == ROOT_BYTES) {
                // Wrapped before root keys were bound (format 1): still opens.
                return SecretBytes.copyOf(bytes);
            }
            if (bytes.length != BOUND_PAYLOAD_BYTES || bytes[0] != BOUND_FORMAT || !MessageDigest.isEqual(BINDING,
                    Arrays.copyOfRange(bytes, 1 + ROOT_BYTES, BOUND_PAYLOAD_BYTES))) {
                throw new IntegrityException("The wrapped key is not a pseudonym root key (it was wrapped for"
                        + " another purpose, e.g. a subject's data key)");
            }
            return SecretBytes.copyOf(Arrays.copyOfRange(bytes, 1, 1 + ROOT_BYTES));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
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
