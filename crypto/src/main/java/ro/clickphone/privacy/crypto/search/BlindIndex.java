package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Blind indexes for equality look-ups on encrypted fields ("find the account by e-mail"), as
 * CipherSweet does: HMAC-SHA256 of the normalized value under a key per (entity, field,
 * normalization), derived with HKDF-SHA256 from one root key, truncated to a chosen length, in hex.
 *
 * <pre>{@code
 * BlindIndexField email = kit.blindIndex().field("account", "notification_email", Normalization.EMAIL, 32);
 * String column = email.compute("Ana.Pop@Example.ro");
 * // store it beside the ciphertext; look up with the same bound field on the searched value
 * }</pre>
 *
 * <p>The field name is the policy's field id ({@code notification_email}, not {@code email}): it
 * selects the field's key, so every writer and reader must use the same id. The kit's instance
 * refuses, through its {@link FieldGuard}, a field the policy lists as never stored or that no
 * category of the policy declares; an instance {@linkplain #create(SecretBytes) created alone}
 * binds any well-formed name.
 *
 * <p><b>Key rotation:</b> created over {@link SearchKeys}, a field computes under the current version
 * and matches every active one ({@link BlindIndexField#candidates}), so a look-up keeps finding rows
 * written before a rotation until they are re-indexed and the old version is retired.
 *
 * <p><b>Security guarantees:</b> without the root key, an index value reveals nothing about the
 * value and cannot be tested against guesses; indexes of one field cannot be joined with those of
 * another field (separate keys).
 *
 * <p><b>Warning:</b> a blind index reveals equality: rows with the same value have the same index,
 * so whoever reads the column learns which rows are equal and how often a value occurs. Truncation
 * is the trade-off: fewer bits leak less (many values share an index) but give false positives, which
 * the caller removes by decrypting the candidates; more bits give exact matches and more leakage. As
 * a rule of thumb, with {@code n} rows and {@code b} bits, expect about {@code n / 2^b} false positives
 * per look-up. A blind index is keyed per field, not per subject: <b>crypto-shredding a subject does
 * not destroy its index values</b>; erasure must clear the index columns too.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class BlindIndex {

    /** Fewest bits an index may keep. */
    public static final int MIN_BITS = 16;
    /** Most bits an index may keep (the whole HMAC). */
    public static final int MAX_BITS = 256;
    private static final byte[] INFO_PREFIX = "clickphone-blind-index/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO_PREFIX_V2 = "clickphone-blind-index/v2".getBytes(StandardCharsets.US_ASCII);

    private final SearchKeys keys;
    private final FieldGuard guard;
    private final Map<Binding, BlindIndexField> fields = new ConcurrentHashMap<>();
    private final Map<String, Retirement> retirements = new ConcurrentHashMap<>();

    private record Binding(String entity, String field, Normalization normalization, int bits) {
    }

    private BlindIndex(SearchKeys keys, FieldGuard guard) {
        this.keys = keys;
        this.guard = guard;
    }

    /**
     * Creates the index over a root key, binding any well-formed field name.
     *
     * @param rootKey at least 32 bytes, used for blind indexes only, as version 1 of {@link SearchKeys};
     *     losing it makes every index useless; to change it, add a version ({@link #create(SearchKeys)})
     *     and re-index
     * @return the blind index
     * @throws InvalidInputException if the key is null or shorter than 32 bytes
     */
    public static BlindIndex create(SecretBytes rootKey) {
        return create(rootKey, FieldGuard.none());
    }

    /**
     * Creates the index over a root key, binding only the fields a guard lets through (the kit
     * gives one that asks its policy). The guard does not enter the key derivation: an index
     * computed with a guard equals one computed without.
     *
     * @param rootKey at least 32 bytes, as for {@link #create(SecretBytes)}
     * @param guard asked on every {@link #field} call before the field is bound, and on every
     *     {@link BlindIndexField#compute} of the bound field
     * @return the blind index
     * @throws InvalidInputException if the key is null or shorter than 32 bytes, or the guard is null
     */
    public static BlindIndex create(SecretBytes rootKey, FieldGuard guard) {
        if (rootKey == null || rootKey.length() < 32) {
            throw new InvalidInputException("rootKey", "must be at least 32 bytes");
        }
        return create(SearchKeys.of(1, rootKey), guard);
    }

    /**
     * Creates the index over versioned root keys, binding any well-formed field name.
     *
     * @param keys the versioned root keys: the current version computes, every version held and not
     *     retired for a field matches ({@link BlindIndexField#candidates})
     * @return the blind index
     * @throws InvalidInputException if {@code keys} is null
     * @since 0.1.0
     */
    public static BlindIndex create(SearchKeys keys) {
        return create(keys, FieldGuard.none());
    }

    /**
     * Creates the index over versioned root keys, binding only the fields a guard lets through. Version
     * 1 computes exactly what {@link #create(SecretBytes, FieldGuard)} over that version's key computes.
     *
     * @param keys the versioned root keys
     * @param guard asked as for {@link #create(SecretBytes, FieldGuard)}, also on every
     *     {@link BlindIndexField#candidates}
     * @return the blind index
     * @throws InvalidInputException if an argument is null
     * @since 0.1.0
     */
    public static BlindIndex create(SearchKeys keys, FieldGuard guard) {
        if (keys == null) {
            throw new InvalidInputException("keys", "must not be null");
        }
        if (guard == null) {
            throw new InvalidInputException("guard", "must not be null; FieldGuard.none() binds every field");
        }
        return new BlindIndex(keys, guard);
    }

    /**
     * The version new index values are computed under.
     *
     * @return the keys' current version
     * @since 0.1.0
     */
    public int currentVersion() {
        return keys.currentVersion();
    }

    /**
     * Binds a field: what a writer and a reader must agree on (entity, field, normalization and
     * length) is fixed here once, so that a writer at 64 bits and a reader at 32 cannot silently
     * miss each other. The same binding gives the same field object, whose key is derived once and
     * whose MACs stay keyed, so {@code field(...).compute(v)} inline costs a map look-up, not a re-key.
     *
     * @param entity the entity (table) name
     * @param field the field id, as the policy declares it (e.g. {@code notification_email})
     * @param normalization how values are normalized first
     * @param bits how many bits to keep: a multiple of 4 from {@value #MIN_BITS} to {@value #MAX_BITS}
     * @return the bound field
     * @throws InvalidInputException if an argument is null or malformed
     * @throws ro.clickphone.privacy.spi.PolicyViolationException if this index's guard refuses the field
     *     (the kit's: the policy lists it as never stored, or no category declares it)
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the keys' configuration retired the
     *     current version for this field's blind index ({@link SearchKeys#withRetiredBlindIndex})
     */
    public BlindIndexField field(String entity, String field, Normalization normalization, int bits) {
        if (!Names.isName(entity) || !Names.isName(field)) {
            throw new InvalidInputException("field", "entity and field must be lower-case names such as account, email");
        }
        if (normalization == null) {
            throw new InvalidInputException("normalization", "must not be null");
        }
        if (bits < MIN_BITS || bits > MAX_BITS || bits % 4 != 0) {
            throw new InvalidInputException("bits", "must be a multiple of 4 from " + MIN_BITS + " to " + MAX_BITS);
        }
        guard.check(entity, field);
        return fields.computeIfAbsent(new Binding(entity, field, normalization, bits), b -> {
            Retirement retirement = retirements.computeIfAbsent(entity + "." + field,
                    k -> Retirement.forField(keys, SearchKeys.BLIND_INDEX, entity, field));
            TreeMap<Integer, SecretKeySpec> perVersion = new TreeMap<>();
            for (int version : keys.versions()) {
                perVersion.put(version, deriveFieldKey(version, entity, field, normalization, bits));
            }
            return new BlindIndexField(entity, field, normalization, bits, perVersion, retirement, guard);
        });
    }

    /**
     * The HMAC key of one version of a field (docs/FORMAT.md, "Blind indexes"): version 1 as since
     * 0.1.0 (no version, no length in the info), later versions with the length and version bound in.
     */
    private SecretKeySpec deriveFieldKey(int version, String entity, String field, Normalization normalization,
            int bits) {
        String names = "\u0000" + entity + "\u0000" + field + "\u0000" + normalization.name();
        byte[] info = version == 1
                ? concat(INFO_PREFIX, names.getBytes(StandardCharsets.US_ASCII))
                : concat(INFO_PREFIX_V2, (names + "\u0000" + bits + "\u0000" + version).getBytes(StandardCharsets.US_ASCII));
        byte[] root = keys.root(version);
        byte[] key = Hkdf.derive(root, null, info, 32);
        Arrays.fill(root, (byte) 0);
        try {
            return new SecretKeySpec(key, "HmacSHA256");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "BlindIndex[HMAC-SHA256, versions " + keys.versions() + ", current " + keys.currentVersion() + ", "
                + fields.size() + " bound fields]";
    }
}
