package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Hkdf;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
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
 * String stored = deterministic.encrypt("account", "email", Normalization.EMAIL, "Ana@Example.ro");
 * // equal to the encryption of "ana@example.ro": look it up with the same call
 * String email = deterministic.decrypt("account", "email", stored);   // "ana@example.ro"
 * }</pre>
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
    private static final byte FORMAT_V1 = 1;
    private static final byte ALG_AES_SIV_512 = 1;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final byte[] INFO = "clickphone-deterministic/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] rootKey;
    private final Map<String, byte[]> fieldKeys = new ConcurrentHashMap<>();

    private DeterministicEncryptor(byte[] rootKey) {
        this.rootKey = rootKey;
    }

    /**
     * Creates the encryptor over the searchable-fields root key.
     *
     * @param rootKey at least 32 bytes; the same root key as the blind index may be used, the
     *     derivations being domain-separated
     * @return the encryptor
     * @throws InvalidInputException if the key is null or shorter than 32 bytes
     */
    public static DeterministicEncryptor create(SecretBytes rootKey) {
        if (rootKey == null || rootKey.length() < 32) {
            throw new InvalidInputException("rootKey", "must be at least 32 bytes");
        }
        return new DeterministicEncryptor(rootKey.revealBytes());
    }

    /**
     * Encrypts a value deterministically.
     *
     * @param entity the entity (table) name
     * @param field the field (column) name
     * @param normalization how the value is normalized first
     * @param value the value
     * @return {@value #PREFIX} and unpadded Base64url
     * @throws InvalidInputException if an argument is null or malformed, or the value does not fit
     *     the normalization; messages never repeat the value
     */
    public String encrypt(String entity, String field, Normalization normalization, String value) {
        checkNames(entity, field);
        if (normalization == null) {
            throw new InvalidInputException("normalization", "must not be null");
        }
        byte[] plain = normalization.apply(value).getBytes(StandardCharsets.UTF_8);
        if (plain.length > FieldEncryptor.MAX_PLAINTEXT_BYTES) {
            throw new InvalidInputException("value", "must be at most " + FieldEncryptor.MAX_PLAINTEXT_BYTES + " bytes");
        }
        byte[] sealed = AesSiv.encrypt(key(entity, field), associatedData(entity, field), plain);
        byte[] out = new byte[2 + sealed.length];
        out[0] = FORMAT_V1;
        out[1] = ALG_AES_SIV_512;
        System.arraycopy(sealed, 0, out, 2, sealed.length);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * Decrypts a value.
     *
     * @param entity the entity (table) name
     * @param field the field (column) name
     * @param ciphertext {@value #PREFIX} and unpadded Base64url
     * @return the normalized value
     * @throws InvalidInputException if the ciphertext is malformed
     * @throws IntegrityException if it does not decrypt for this entity and field
     */
    public String decrypt(String entity, String field, String ciphertext) {
        checkNames(entity, field);
        if (ciphertext == null || !ciphertext.startsWith(PREFIX)) {
            throw new InvalidInputException("ciphertext", "is not a deterministic ciphertext (no " + PREFIX + " prefix)");
        }
        if (ciphertext.length() > PREFIX.length() + (FieldEncryptor.MAX_PLAINTEXT_BYTES + 64) * 4 / 3) {
            throw new InvalidInputException("ciphertext", "is larger than any deterministic ciphertext");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("ciphertext", "is not unpadded Base64url after the prefix");
        }
        if (bytes.length < 2 + 16 || bytes[0] != FORMAT_V1 || bytes[1] != ALG_AES_SIV_512) {
            throw new InvalidInputException("ciphertext", "is truncated or of an unknown format or algorithm");
        }
        byte[] plain = AesSiv.decrypt(key(entity, field), associatedData(entity, field),
                Arrays.copyOfRange(bytes, 2, bytes.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static void checkNames(String entity, String field) {
        if (entity == null || !NAME.matcher(entity).matches() || field == null || !NAME.matcher(field).matches()) {
            throw new InvalidInputException("field", "entity and field must be lower-case names such as account, email");
        }
    }

    private static byte[] associatedData(String entity, String field) {
        return (entity + "\u0000" + field).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] key(String entity, String field) {
        return fieldKeys.computeIfAbsent(entity + "\u0000" + field, k -> {
            byte[] info = Arrays.copyOf(INFO, INFO.length + 1 + k.length());
            byte[] suffix = ("\u0000" + k).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(suffix, 0, info, INFO.length, suffix.length);
            return Hkdf.derive(rootKey, null, info, 64);
        });
    }

    @Override
    public String toString() {
        return "DeterministicEncryptor[AES-SIV, " + fieldKeys.size() + " field keys]";
    }
}
