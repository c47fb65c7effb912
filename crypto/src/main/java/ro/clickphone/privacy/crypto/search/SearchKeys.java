package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * The versioned root keys of searchable fields ({@link BlindIndex}, {@link DeterministicEncryptor}),
 * as {@code PseudonymKeys} are for pseudonymization: each field's key of a version is derived from
 * that version's root key with HKDF-SHA256. New index values and ciphertexts use the highest version
 * ({@link #currentVersion()}); the older versions stay so that look-ups still find the rows written
 * under them ({@link BlindIndexField#candidates}, {@link DeterministicField#candidates}) until a
 * re-index moved them and the version was retired.
 *
 * <pre>{@code
 * SearchKeys keys = SearchKeys.of(1, rootV1).withVersion(2, rootV2);          // v2 writes, v1 still matches
 * PrivacyKit kit = PrivacyKit.builder()...searchableFields(keys).build();
 * // after the re-index moved every account.notification_email blind-index value to v2 and retired v1:
 * keys = SearchKeys.of(1, rootV1).withVersion(2, rootV2)
 *         .withRetiredBlindIndex("account", "notification_email", 1);        // durable: every instance, every restart
 * // once every blind index and deterministic column of version 1 is retired: leave version 1 out altogether
 * }</pre>
 *
 * <p><b>Retirement.</b> A version is retired for one field (entity and field id) of one primitive,
 * blind index or deterministic encryption, as a re-index job moves one column at a time: a retired blind
 * index version's values are no longer among the candidates; a retired deterministic version's
 * ciphertexts no longer decrypt or match. The same field's other primitive keeps the version until it is
 * retired there too. No value is ever computed under a retired version (only the current version
 * computes, and it cannot be retired). A retirement lives in two places that mean the same:
 * {@link BlindIndexField#retire} / {@link DeterministicField#retire} act at once on this instance (the
 * re-index job calls them), and {@link #withRetiredBlindIndex} / {@link #withRetiredDeterministic} record
 * it in the configuration that every instance starts from, so it survives restarts and reaches every
 * instance. Leaving a version out of the keys retires it for every field of both primitives (its root key
 * is then gone).
 *
 * <p>Root keys can live wrapped by a key-encryption key, bound to their purpose (docs/FORMAT.md,
 * "Wrapped search root keys"): {@link #newWrappedRootKey}, {@link #ofWrapped}, {@link #withWrappedVersion},
 * {@link #rewrap}.
 *
 * <p><b>Warning:</b> whoever holds a root key can compute the index of any guess and decrypt every
 * deterministic value of its version. Keep root keys in a KMS or key store, apart from the data.
 *
 * <p>Immutable and thread-safe. Copies the keys it is given; {@link #toString()} shows versions only.
 *
 * @since 0.1.0
 */
public final class SearchKeys {

    /** The fewest bytes a root key may have. */
    public static final int MIN_KEY_BYTES = 32;
    /** The highest version number. */
    public static final int MAX_VERSION = 9999;

    private static final int ROOT_BYTES = 32;
    /** Format byte of a wrapped search root key; data keys use 1 to 3, pseudonym root keys 0x10. */
    private static final byte BOUND_FORMAT = 0x11;
    private static final int BOUND_PAYLOAD_BYTES = 1 + ROOT_BYTES + 32;
    private static final String PURPOSE = "search-root-key";
    /** Configuration keys of retirements: {@code blind-index:entity.field}, {@code deterministic:entity.field}. */
    static final String BLIND_INDEX = "blind-index";
    static final String DETERMINISTIC = "deterministic";

    private final TreeMap<Integer, byte[]> roots;
    private final Map<Integer, WrappedKey> wrapped;
    /** Retired versions per {@code primitive:entity.field}. */
    private final Map<String, SortedSet<Integer>> retired;

    private SearchKeys(TreeMap<Integer, byte[]> roots, Map<Integer, WrappedKey> wrapped,
            Map<String, SortedSet<Integer>> retired) {
        this.roots = roots;
        this.wrapped = Map.copyOf(wrapped);
        this.retired = Collections.unmodifiableMap(new TreeMap<>(retired));
    }

    /**
     * Keys with one version.
     *
     * @param version from 1 to {@value #MAX_VERSION}
     * @param rootKey at least {@value #MIN_KEY_BYTES} bytes, used for searchable fields only
     * @return the keys
     * @throws InvalidInputException if the version is out of range or the key null or too short
     */
    public static SearchKeys of(int version, SecretBytes rootKey) {
        return new SearchKeys(add(new TreeMap<>(), version, rootKey), Map.of(), Map.of());
    }

    /**
     * These keys and one more version; the highest version computes new index values and ciphertexts.
     *
     * @param version a version not given yet, from 1 to {@value #MAX_VERSION}
     * @param rootKey at least {@value #MIN_KEY_BYTES} bytes; must differ from the other versions' keys
     * @return new keys
     * @throws InvalidInputException if the version is out of range or the key null or too short
     * @throws ConfigurationException if the version is already present, or the key equals another
     *     version's (rotation would change nothing an attacker holding the old key cannot compute)
     */
    public SearchKeys withVersion(int version, SecretBytes rootKey) {
        if (roots.containsKey(version)) {
            throw new ConfigurationException("Search key version " + version + " is already present");
        }
        return new SearchKeys(add(copyRoots(), version, rootKey), wrapped, retired);
    }

    /**
     * Draws a new random root key for one version and wraps it under the current version of a
     * key-encryption key, bound to its purpose and to that version: copied into a subject's data-key row,
     * given as a pseudonym root key or given as another version of the search keys, it is refused there,
     * and those wraps are refused here.
     *
     * @param version the search-key version the root key is for, from 1 to {@value #MAX_VERSION}
     * @param kek the key-encryption keys
     * @return the wrapped root key, to keep with the configuration and give with the same version to
     *     {@link #ofWrapped} or {@link #withWrappedVersion}
     * @throws InvalidInputException if {@code kek} is null or the version out of range
     * @throws KeyUnavailableException if the provider cannot wrap
     */
    public static WrappedKey newWrappedRootKey(int version, KeyEncryptionKeyProvider kek) {
        checkVersion(version);
        if (kek == null) {
            throw new InvalidInputException("kek", "must not be null");
        }
        SecretBytes root = SecretBytes.random(ROOT_BYTES, new SecureRandom());
        try {
            return wrapBound(kek, root, version);
        } finally {
            root.destroy();
        }
    }

    /**
     * Wraps a root key anew under the current version of the key-encryption key, so that the older KEK
     * version may be retired. The root key, and so every index value and ciphertext, stays the same.
     *
     * @param version the search-key version the root key was wrapped for (it stays bound to it)
     * @param kek the key-encryption keys that wrapped it, holding the old and the current version
     * @param wrapped the wrapped root key
     * @return the same root key wrapped under the provider's current version
     * @throws InvalidInputException if an argument is null or the version out of range
     * @throws KeyUnavailableException if the provider cannot unwrap or wrap
     * @throws IntegrityException if the wrapped key was changed, is not a search root key, or is a root key
     *     of another version
     */
    public static WrappedKey rewrap(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        SecretBytes root = unwrap(kek, wrapped, version);
        try {
            return wrapBound(kek, root, version);
        } finally {
            root.destroy();
        }
    }

    /**
     * Keys with one version whose root key is kept wrapped ({@link #newWrappedRootKey}).
     *
     * @param version from 1 to {@value #MAX_VERSION}; the version the root key was wrapped for
     * @param kek the key-encryption keys that wrapped it
     * @param wrapped the wrapped root key
     * @return the keys
     * @throws InvalidInputException if an argument is null or the version out of range
     * @throws KeyUnavailableException if the provider cannot unwrap
     * @throws IntegrityException if the wrapped key was changed, is not a search root key, or was wrapped
     *     for another version (two versions' wraps swapped in the configuration)
     */
    public static SearchKeys ofWrapped(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        checkVersion(version);
        SecretBytes root = unwrap(kek, wrapped, version);
        try {
            return new SearchKeys(add(new TreeMap<>(), version, root), Map.of(version, wrapped), Map.of());
        } finally {
            root.destroy();
        }
    }

    /**
     * These keys and one more version whose root key is kept wrapped.
     *
     * @param version a version not given yet; the version the root key was wrapped for
     * @param kek the key-encryption keys that wrapped it
     * @param wrapped the wrapped root key
     * @return new keys
     * @throws InvalidInputException if an argument is null or the version out of range
     * @throws ConfigurationException if the version is already present or its key equals another version's
     * @throws KeyUnavailableException if the provider cannot unwrap
     * @throws IntegrityException if the wrapped key was changed, is not a search root key, or was wrapped
     *     for another version (two versions' wraps swapped in the configuration)
     */
    public SearchKeys withWrappedVersion(int version, KeyEncryptionKeyProvider kek, WrappedKey wrapped) {
        checkVersion(version);
        if (roots.containsKey(version)) {
            throw new ConfigurationException("Search key version " + version + " is already present");
        }
        SecretBytes root = unwrap(kek, wrapped, version);
        try {
            Map<Integer, WrappedKey> alsoWrapped = new TreeMap<>(this.wrapped);
            alsoWrapped.put(version, wrapped);
            return new SearchKeys(add(copyRoots(), version, root), alsoWrapped, retired);
        } finally {
            root.destroy();
        }
    }

    /**
     * These keys with one version of one field's blind index retired, recorded in the configuration so
     * that every instance built from it, at every start, treats it as {@link BlindIndexField#retire} does:
     * the version's index values of the field are no longer among the candidates. The field's deterministic
     * values of that version, and other fields' values, are left alone. Record it once the re-index job
     * moved the field's index column and retired the version ({@code field.retire(version)}).
     *
     * <p>Add versions before retiring: a version can only be retired once a newer one is current.
     *
     * @param entity the entity (table) name, as bound ({@code account}; for the JPA plugin the root table's)
     * @param field the field id, as bound ({@code notification_email})
     * @param version the version to retire, older than the current one; it need not be held
     * @return new keys
     * @throws InvalidInputException if a name is malformed or the version out of range
     * @throws ConfigurationException if the version is the current one (it computes every new value) or
     *     newer than it (it would become current, and refused, when added)
     * @since 0.1.0
     */
    public SearchKeys withRetiredBlindIndex(String entity, String field, int version) {
        return retiring(BLIND_INDEX, entity, field, version);
    }

    /**
     * These keys with one version of one field's deterministic encryption retired, recorded in the
     * configuration so that every instance built from it, at every start, treats it as
     * {@link DeterministicField#retire} does: the version's ciphertexts of the field no longer decrypt or
     * match. The field's blind index values of that version, and other fields' values, are left alone.
     * Record it once the re-encryption moved the field's deterministic column and retired the version.
     *
     * <p>Add versions before retiring: a version can only be retired once a newer one is current.
     *
     * @param entity the entity (table) name, as bound
     * @param field the field id, as bound
     * @param version the version to retire, older than the current one; it need not be held
     * @return new keys
     * @throws InvalidInputException if a name is malformed or the version out of range
     * @throws ConfigurationException if the version is the current one or newer than it
     * @since 0.1.0
     */
    public SearchKeys withRetiredDeterministic(String entity, String field, int version) {
        return retiring(DETERMINISTIC, entity, field, version);
    }

    private SearchKeys retiring(String primitive, String entity, String field, int version) {
        checkNames(entity, field);
        checkVersion(version);
        if (version >= currentVersion()) {
            throw new ConfigurationException("Search key version " + version + (version == currentVersion()
                    ? " is the current version" : " is newer than the current version " + currentVersion())
                    + " and cannot be retired for the " + primitive + " of " + entity + "." + field
                    + "; add a newer version, re-index, then retire");
        }
        String key = primitive + ":" + entity + "." + field;
        Map<String, SortedSet<Integer>> more = new TreeMap<>(retired);
        TreeSet<Integer> versions = new TreeSet<>(retired.getOrDefault(key, Collections.emptySortedSet()));
        versions.add(version);
        more.put(key, Collections.unmodifiableSortedSet(versions));
        return new SearchKeys(copyRoots(), wrapped, more);
    }

    /**
     * The version new index values and ciphertexts are computed under.
     *
     * @return the highest version held
     */
    public int currentVersion() {
        return roots.lastKey();
    }

    /**
     * The versions held.
     *
     * @return the versions, ascending, unmodifiable
     */
    public SortedSet<Integer> versions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(roots.keySet()));
    }

    /**
     * Whether a version is held.
     *
     * @param version the version
     * @return true if its root key is held
     */
    public boolean hasVersion(int version) {
        return roots.containsKey(version);
    }

    /**
     * The versions the configuration retired for one field's blind index ({@link #withRetiredBlindIndex}).
     *
     * @param entity the entity name
     * @param field the field id
     * @return the retired versions, ascending, unmodifiable; empty when none
     * @since 0.1.0
     */
    public SortedSet<Integer> retiredBlindIndex(String entity, String field) {
        return retired(BLIND_INDEX, entity, field);
    }

    /**
     * The versions the configuration retired for one field's deterministic encryption
     * ({@link #withRetiredDeterministic}).
     *
     * @param entity the entity name
     * @param field the field id
     * @return the retired versions, ascending, unmodifiable; empty when none
     * @since 0.1.0
     */
    public SortedSet<Integer> retiredDeterministic(String entity, String field) {
        return retired(DETERMINISTIC, entity, field);
    }

    SortedSet<Integer> retired(String primitive, String entity, String field) {
        return retired.getOrDefault(primitive + ":" + entity + "." + field, Collections.emptySortedSet());
    }

    /**
     * The wrapped form of a version's root key, when it was given wrapped.
     *
     * @param version the version
     * @return the wrapped root key as given, or empty
     */
    public Optional<WrappedKey> wrapped(int version) {
        return Optional.ofNullable(wrapped.get(version));
    }

    /** A copy of a version's root key; the caller wipes it. */
    byte[] root(int version) {
        byte[] root = roots.get(version);
        if (root == null) {
            throw new KeyUnavailableException("Search key version " + version + " is not held; give it to"
                    + " SearchKeys.withVersion(...)", false, null);
        }
        return root.clone();
    }

    private TreeMap<Integer, byte[]> copyRoots() {
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        roots.forEach((v, k) -> copy.put(v, k.clone()));
        return copy;
    }

    static void checkNames(String entity, String field) {
        if (!Names.isName(entity) || !Names.isName(field)) {
            throw new InvalidInputException("field", "entity and field must be lower-case names such as account, email");
        }
    }

    static void checkVersion(int version) {
        if (version < 1 || version > MAX_VERSION) {
            throw new InvalidInputException("version", "must be between 1 and " + MAX_VERSION);
        }
    }

    private static TreeMap<Integer, byte[]> add(TreeMap<Integer, byte[]> map, int version, SecretBytes rootKey) {
        checkVersion(version);
        if (rootKey == null || rootKey.length() < MIN_KEY_BYTES) {
            throw new InvalidInputException("rootKey", "must be at least " + MIN_KEY_BYTES + " bytes");
        }
        byte[] bytes = rootKey.revealBytes();
        for (byte[] other : map.values()) {
            if (MessageDigest.isEqual(other, bytes)) {
                Arrays.fill(bytes, (byte) 0);
                throw new ConfigurationException("Search key version " + version + " has the same root key as another"
                        + " version; each version needs a key of its own");
            }
        }
        map.put(version, bytes);
        return map;
    }

    private static WrappedKey wrapBound(KeyEncryptionKeyProvider kek, SecretBytes root, int version) {
        byte[] material = root.revealBytes();
        try {
            return Wraps.wrapWiping(kek, boundPayload(material, version));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * {@code 0x11 || root key (32 bytes) || SHA-256(clickphone-root/v2, 0x00, len, "search-root-key", version)},
     * the length and the version as 4 bytes big-endian.
     */
    static byte[] boundPayload(byte[] root, int version) {
        if (root.length != ROOT_BYTES) {
            throw new InvalidInputException("rootKey", "a wrapped root key must be " + ROOT_BYTES + " bytes");
        }
        byte[] payload = new byte[BOUND_PAYLOAD_BYTES];
        payload[0] = BOUND_FORMAT;
        System.arraycopy(root, 0, payload, 1, ROOT_BYTES);
        byte[] binding = binding(version);
        System.arraycopy(binding, 0, payload, 1 + ROOT_BYTES, binding.length);
        return payload;
    }

    private static byte[] binding(int version) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("clickphone-root/v2".getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            byte[] purpose = PURPOSE.getBytes(StandardCharsets.US_ASCII);
            sha.update(new byte[] {0, 0, 0, (byte) purpose.length});
            sha.update(purpose);
            sha.update(new byte[] {(byte) (version >>> 24), (byte) (version >>> 16), (byte) (version >>> 8),
                (byte) version});
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static SecretBytes unwrap(KeyEncryptionKeyProvider kek, WrappedKey wrapped, int version) {
        if (kek == null || wrapped == null) {
            throw new InvalidInputException("wrappedRootKey", "the provider and the wrapped key must be given");
        }
        SecretBytes plain = kek.unwrap(wrapped);
        byte[] bytes = plain.revealBytes();
        plain.destroy();
        try {
            if (bytes.length != BOUND_PAYLOAD_BYTES || bytes[0] != BOUND_FORMAT || !MessageDigest.isEqual(binding(version),
                    Arrays.copyOfRange(bytes, 1 + ROOT_BYTES, BOUND_PAYLOAD_BYTES))) {
                throw new IntegrityException("The wrapped key is not the search root key of version " + version
                        + " (it was wrapped for another version, or another purpose, e.g. a subject's data key or a"
                        + " pseudonym root key)");
            }
            byte[] root = Arrays.copyOfRange(bytes, 1, 1 + ROOT_BYTES);
            try {
                return SecretBytes.copyOf(root);
            } finally {
                Arrays.fill(root, (byte) 0);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "SearchKeys[versions " + roots.keySet() + ", current " + currentVersion()
                + (retired.isEmpty() ? "" : ", retired " + retired) + "]";
    }
}
