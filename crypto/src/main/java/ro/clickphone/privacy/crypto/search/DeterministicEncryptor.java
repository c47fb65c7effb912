package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Deterministic encryption for equality look-ups where the value itself must also be recoverable
 * ("find the account by e-mail, then show it"): AES-SIV (RFC 5297, built from BouncyCastle's CMAC
 * and the JCE's CTR; see {@code AesSiv}) under a key per (entity, field), derived with HKDF-SHA256
 * from the searchable-fields root key, with the entity and field as associated data.
 *
 * <p>Why AES-SIV rather than AES-GCM-SIV with a synthetic nonce: AES-SIV is deterministic by design
 * and proven here by all 442 Wycheproof {@code aes_siv_cmac} vectors; a synthetic nonce for GCM-SIV
 * would be a construction of our own.
 *
 * <pre>{@code
 * DeterministicField email = kit.deterministic().field("account", "notification_email", Normalization.EMAIL);
 * String stored = email.encrypt("Ana@Example.ro");
 * // equal to the encryption of "ana@example.ro": look it up with the same bound field
 * String value = email.decrypt(stored);   // "ana@example.ro"
 * }</pre>
 *
 * <p>The field name is the policy's field id ({@code notification_email}, not {@code email}): it
 * selects the key and is part of the associated data, so every writer and reader must use the same
 * id. The kit's instance refuses, through its {@link FieldGuard}, a field the policy lists as never
 * stored or that no category of the policy declares; an instance
 * {@linkplain #create(SecretBytes) created alone} binds any well-formed name.
 *
 * <p><b>Key rotation:</b> created over {@link SearchKeys}, a field encrypts under the current version
 * and decrypts and matches every active one ({@link DeterministicField#candidates}); see
 * {@link DeterministicField}.
 *
 * <p><b>Security guarantees:</b> confidentiality up to equality, and integrity; values of one field
 * cannot be moved to another. <b>Warning:</b> deterministic: equal normalized values give equal
 * ciphertexts, which reveals which rows are equal and how often a value occurs. The key is per field,
 * not per subject: <b>crypto-shredding does not destroy these values</b>; erasure must delete or
 * overwrite them. Prefer a blind index beside a randomized {@link FieldEncryptor} value unless the
 * look-up must return the value itself.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DeterministicEncryptor {

    /** The prefix of a deterministic ciphertext. */
    public static final String PREFIX = "cpd.";
    private static final byte[] INFO = "clickphone-deterministic/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO_V2 = "clickphone-deterministic/v2".getBytes(StandardCharsets.US_ASCII);

    private final SearchKeys keys;
    private final FieldGuard guard;
    private final Map<List<Object>, DeterministicField> bound = new ConcurrentHashMap<>();
    private final Map<String, Retirement> retirements = new ConcurrentHashMap<>();

    private DeterministicEncryptor(SearchKeys keys, FieldGuard guard) {
        this.keys = keys;
        this.guard = guard;
    }

    /**
     * Creates the encryptor over the searchable-fields root key, binding any well-formed field name.
     *
     * @param rootKey at least 32 bytes; the same root key as the blind index may be used, the
     *     derivations being domain-separated
     * @return the encryptor
     * @throws InvalidInputException if the key is null or shorter than 32 bytes
     */
    public static DeterministicEncryptor create(SecretBytes rootKey) {
        return create(rootKey, FieldGuard.none());
    }

    /**
     * Creates the encryptor over the searchable-fields root key, binding only the fields a guard
     * lets through (the kit gives one that asks its policy). The guard does not enter the key or
     * the associated data: a value encrypted with a guard decrypts without one, and back.
     *
     * @param rootKey at least 32 bytes, as for {@link #create(SecretBytes)}
     * @param guard asked on every {@link #field} call before the field is bound
     *     ({@link FieldGuard#checkRead}), on every {@link DeterministicField#encrypt}
     *     ({@link FieldGuard#check}) and every {@link DeterministicField#decrypt}
     *     ({@link FieldGuard#checkRead}) of the bound field
     * @return the encryptor
     * @throws InvalidInputException if the key is null or shorter than 32 bytes, or the guard is null
     */
    public static DeterministicEncryptor create(SecretBytes rootKey, FieldGuard guard) {
        if (rootKey == null || rootKey.length() < 32) {
            throw new InvalidInputException("rootKey", "must be at least 32 bytes");
        }
        return create(SearchKeys.of(1, rootKey), guard);
    }

    /**
     * Creates the encryptor over versioned root keys, binding any well-formed field name.
     *
     * @param keys the versioned root keys: the current version encrypts, every version held and not
     *     retired for a field decrypts and matches ({@link DeterministicField#candidates})
     * @return the encryptor
     * @throws InvalidInputException if {@code keys} is null
     * @since 0.1.0
     */
    public static DeterministicEncryptor create(SearchKeys keys) {
        return create(keys, FieldGuard.none());
    }

    /**
     * Creates the encryptor over versioned root keys, binding only the fields a guard lets through.
     * Version 1 encrypts exactly as {@link #create(SecretBytes, FieldGuard)} over that version's key.
     *
     * @param keys the versioned root keys
     * @param guard asked as for {@link #create(SecretBytes, FieldGuard)}, and on every
     *     {@link DeterministicField#candidates} ({@link FieldGuard#check})
     * @return the encryptor
     * @throws InvalidInputException if an argument is null
     * @since 0.1.0
     */
    public static DeterministicEncryptor create(SearchKeys keys, FieldGuard guard) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (guard == null) {
            throw new InvalidInputException("guard", "must not be null; FieldGuard.none() binds every field");
        }
        return new DeterministicEncryptor(keys, guard);
    }

    /**
     * The version new ciphertexts are written under.
     *
     * @return the keys' current version
     * @since 0.1.0
     */
    public int currentVersion() {
        return keys.currentVersion();
    }

    /**
     * Binds a field: entity, field and normalization are fixed here once, so every writer and
     * reader of the field agrees on them. Keep the bound field: its key is derived once.
     *
     * @param entity the entity (table) name
     * @param field the field id, as the policy declares it (e.g. {@code notification_email})
     * @param normalization how values are normalized before encryption
     * @return the bound field
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if this encryptor's guard refuses the
     *     field (the kit's: no policy version in force up to now let it be stored: it is listed as
     *     never stored, or no category declares it); a field bound here may still be refused at
     *     each use, as {@link DeterministicField} says
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the keys' configuration retired the
     *     current version for this field's deterministic encryption ({@link SearchKeys#withRetiredDeterministic})
     */
    public DeterministicField field(String entity, String field, Normalization normalization) {
        checkNames(entity, field);
        if (normalization == null) {
            throw new InvalidInputException("normalization", "must not be null");
        }
        guard.checkRead(entity, field);
        return bound.computeIfAbsent(List.of(entity, field, normalization), b -> {
            Retirement retirement = retirements.computeIfAbsent(entity + "." + field,
                    k -> Retirement.forField(keys, SearchKeys.DETERMINISTIC, entity, field));
            TreeMap<Integer, AesSiv> perVersion = new TreeMap<>();
            for (int version : keys.versions()) {
                byte[] key = key(version, entity, field);
                try {
                    perVersion.put(version, new AesSiv(key));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            return new DeterministicField(entity, field, normalization, perVersion, associatedData(entity, field),
                    retirement, guard);
        });
    }

    private static void checkNames(String entity, String field) {
        if (!Names.isName(entity) || !Names.isName(field)) {
            throw new InvalidInputException("field", "entity and field must be lower-case names such as account, email");
        }
    }

    private static byte[] associatedData(String entity, String field) {
        return (entity + "\u0000" + field).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The field's AES-SIV key of one version, derived once per binding (docs/FORMAT.md, "Deterministic
     * ciphertext"): version 1 as since the first release, later versions with the version in the info.
     */
    private byte[] key(int version, String entity, String field) {
        String k = "\u0000" + entity + "\u0000" + field + (version == 1 ? "" : "\u0000" + version);
        byte[] prefix = version == 1 ? INFO : INFO_V2;
        byte[] suffix = k.getBytes(StandardCharsets.US_ASCII);
        byte[] info = Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, info, prefix.length, suffix.length);
        byte[] root = keys.root(version);
        try {
            return Hkdf.derive(root, null, info, 64);
        } finally {
            Arrays.fill(root, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "DeterministicEncryptor[AES-SIV, versions " + keys.versions() + ", current " + keys.currentVersion()
                + ", " + bound.size() + " bound fields]";
    }
}
