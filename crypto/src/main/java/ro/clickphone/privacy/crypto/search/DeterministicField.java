package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.internal.Base64Url;
import ro.clickphone.privacy.crypto.internal.CardNumbers;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * Deterministic encryption bound to one field, from {@link DeterministicEncryptor#field}: entity,
 * field and normalization are fixed, and the field's AES-SIV key is derived once.
 *
 * <pre>{@code
 * DeterministicField email = kit.deterministic().field("account", "notification_email", Normalization.EMAIL);
 * String stored = email.encrypt("Ana@Example.ro");
 * String value = email.decrypt(stored);   // "ana@example.ro"
 * }</pre>
 *
 * <p>The normalization applies to what is encrypted; it is not part of the key or the associated
 * data, so a value written under one normalization decrypts under a binding with another (the
 * entity and field are what a ciphertext is bound to). Equality look-ups still need the writer's
 * normalization, which is why it is fixed here.
 *
 * <p><b>Warning:</b> deterministic, hence reveals equality, as {@link DeterministicEncryptor} says.
 *
 * <p>The encryptor's {@link FieldGuard} is asked again at every call, so a field bound before the
 * policy changed is refused once the policy in force no longer lets it be written (or read).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DeterministicField {

    private static final byte FORMAT_V1 = 1;
    private static final byte ALG_AES_SIV_512 = 1;
    private static final String PREFIX = DeterministicEncryptor.PREFIX;

    private final String entity;
    private final String field;
    private final Normalization normalization;
    private final AesSiv siv;
    private final byte[] associatedData;
    private final FieldGuard guard;

    DeterministicField(String entity, String field, Normalization normalization, byte[] key, byte[] associatedData,
            FieldGuard guard) {
        this.guard = guard;
        this.entity = entity;
        this.field = field;
        this.normalization = normalization;
        this.siv = new AesSiv(key);
        this.associatedData = associatedData;
    }

    /**
     * Encrypts a value deterministically.
     *
     * @param value the value
     * @return {@value DeterministicEncryptor#PREFIX} and unpadded Base64url
     * @throws InvalidInputException if the value is null, too long or does not fit the normalization;
     *     messages never repeat the value
     * @throws PolicyViolationException if the value is a payment card number (13 to 19 digits passing
     *     the Luhn check): card data never reaches ClickPhone, and no deterministic field is declared for
     *     it; or if the encryptor's guard refuses writing the field now (the kit's: the policy in force
     *     lists it as never stored, or no category declares it)
     */
    public String encrypt(String value) {
        guard.check(entity, field);
        byte[] plain = normalization.apply(value).getBytes(StandardCharsets.UTF_8);
        if (plain.length > FieldEncryptor.MAX_PLAINTEXT_BYTES) {
            throw new InvalidInputException("value", "must be at most " + FieldEncryptor.MAX_PLAINTEXT_BYTES + " bytes");
        }
        if (CardNumbers.looksLikeCardNumber(plain)) {
            throw new PolicyViolationException("Deterministic field " + entity + "." + field + " refuses payment card"
                    + " numbers: card data never reaches ClickPhone (PayU handles it)");
        }
        byte[] sealed = siv.encrypt(associatedData, plain);
        byte[] out = new byte[2 + sealed.length];
        out[0] = FORMAT_V1;
        out[1] = ALG_AES_SIV_512;
        System.arraycopy(sealed, 0, out, 2, sealed.length);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * Decrypts a value of this field.
     *
     * @param ciphertext {@value DeterministicEncryptor#PREFIX} and unpadded Base64url
     * @return the normalized value
     * @throws InvalidInputException if the ciphertext is malformed
     * @throws IntegrityException if it does not decrypt for this entity and field
     * @throws PolicyViolationException if the encryptor's guard refuses reading the field now (the
     *     kit's: no policy version in force up to now let it be stored)
     */
    public String decrypt(String ciphertext) {
        guard.checkRead(entity, field);
        if (ciphertext == null || !ciphertext.startsWith(PREFIX)) {
            throw new InvalidInputException("ciphertext", "is not a deterministic ciphertext (no " + PREFIX + " prefix)");
        }
        if (ciphertext.length() > PREFIX.length() + (FieldEncryptor.MAX_PLAINTEXT_BYTES + 64) * 4 / 3) {
            throw new InvalidInputException("ciphertext", "is larger than any deterministic ciphertext");
        }
        byte[] bytes;
        try {
            bytes = Base64Url.decodeStrict(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("ciphertext", "is not unpadded Base64url after the prefix");
        }
        if (bytes.length < 2 + 16 || bytes[0] != FORMAT_V1 || bytes[1] != ALG_AES_SIV_512) {
            throw new InvalidInputException("ciphertext", "is truncated or of an unknown format or algorithm");
        }
        byte[] plain = siv.decrypt(associatedData, Arrays.copyOfRange(bytes, 2, bytes.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    /**
     * The entity (table) name.
     *
     * @return the entity
     */
    public String entity() {
        return entity;
    }

    /**
     * The field (column) name.
     *
     * @return the field
     */
    public String field() {
        return field;
    }

    /**
     * How values are normalized before encryption.
     *
     * @return the normalization
     */
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public String toString() {
        return "DeterministicField[" + entity + "." + field + ", " + normalization + ", AES-SIV]";
    }
}
