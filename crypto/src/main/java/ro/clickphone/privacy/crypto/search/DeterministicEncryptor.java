package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    private final byte[] rootKey;
    private final FieldGuard guard;
    private final Map<List<Object>, DeterministicField> bound = new ConcurrentHashMap<>();

    private DeterministicEncryptor(byte[] rootKey, FieldGuard guard) {
        this.rootKey = rootKey;
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
        if (guard == null) {
            throw new InvalidInputException("guard", "must not be null; FieldGuard.none() binds every field");
        }
        return new DeterministicEncryptor(rootKey.revealBytes(), guard);
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
     */
    public DeterministicField field(String entity, String field, Normalization normalization) {
        checkNames(entity, field);
        if (normalization == null) {
            throw new InvalidInputException("normalization", "must not be null");
        }
        guard.checkRead(entity, field);
        return bound.computeIfAbsent(List.of(entity, field, normalization), b -> {
            byte[] key = key(entity, field);
            try {
                return new DeterministicField(entity, field, normalization, key, associatedData(entity, field), guard);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
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

    /** The field's AES-SIV key, derived once per binding; the bound field keeps its own copy. */
    private byte[] key(String entity, String field) {
        String k = entity + "\u0000" + field;
        byte[] info = Arrays.copyOf(INFO, INFO.length + 1 + k.length());
        byte[] suffix = ("\u0000" + k).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(suffix, 0, info, INFO.length, suffix.length);
        return Hkdf.derive(rootKey, null, info, 64);
    }

    @Override
    public String toString() {
        return "DeterministicEncryptor[AES-SIV, " + bound.size() + " bound fields]";
    }
}
