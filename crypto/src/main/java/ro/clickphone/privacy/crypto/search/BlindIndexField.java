package ro.clickphone.privacy.crypto.search;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ro.clickphone.privacy.crypto.internal.CardNumbers;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;

/**
 * A blind index bound to one field, from {@link BlindIndex#field}: entity, field, normalization and
 * length are fixed, so every value of the field is indexed the same way by writers and readers.
 *
 * <pre>{@code
 * BlindIndexField email = kit.blindIndex().field("account", "notification_email", Normalization.EMAIL, 64);
 * String index = email.compute("Ana.Pop@Example.ro");   // 16 hex digits
 * }</pre>
 *
 * <p><b>Warning:</b> reveals equality, as {@link BlindIndex} says.
 *
 * <p>The index's {@link FieldGuard} is asked again at every {@link #compute}, so a field bound before
 * the policy changed is refused once the policy in force no longer lets it be stored.
 *
 * <p>Thread-safe: each thread keeps its own MAC, keyed once.
 *
 * @since 0.1.0
 */
public final class BlindIndexField {

    private final String entity;
    private final String field;
    private final Normalization normalization;
    private final int bits;
    private final ThreadLocal<Mac> mac;
    private final FieldGuard guard;

    BlindIndexField(String entity, String field, Normalization normalization, int bits, SecretKeySpec key,
            FieldGuard guard) {
        this.guard = guard;
        this.entity = entity;
        this.field = field;
        this.normalization = normalization;
        this.bits = bits;
        this.mac = ThreadLocal.withInitial(() -> keyed(key));
    }

    private static Mac keyed(SecretKeySpec key) {
        return Jce.mac("HmacSHA256", key);
    }

    /**
     * The index of a value.
     *
     * @param value the value
     * @return {@code bits / 4} lower-case hex digits
     * @throws InvalidInputException if the value is null or does not fit the normalization; messages
     *     never repeat the value
     * @throws PolicyViolationException if the value is a payment card number (13 to 19 digits passing
     *     the Luhn check): an index of card numbers is card data, which never reaches ClickPhone, and
     *     the card-number space is small enough to search through with the key; or if the index's
     *     guard refuses the field now (the kit's: the policy in force lists it as never stored, or no
     *     category declares it), though it was bound under an earlier policy version
     */
    public String compute(String value) {
        guard.check(entity, field);
        byte[] normalized = normalization.apply(value).getBytes(StandardCharsets.UTF_8);
        if (CardNumbers.looksLikeCardNumber(normalized)) {
            throw new PolicyViolationException("Blind index " + entity + "." + field + " refuses payment card numbers:"
                    + " card data never reaches ClickPhone (PayU handles it)");
        }
        byte[] tag = mac.get().doFinal(normalized);
        return HexFormat.of().formatHex(tag, 0, bits / 8) + (bits % 8 == 0 ? ""
                : HexFormat.of().toHexDigits(tag[bits / 8]).substring(0, 1));
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
     * How values are normalized.
     *
     * @return the normalization
     */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * How many bits of the MAC are kept.
     *
     * @return the bits
     */
    public int bits() {
        return bits;
    }

    @Override
    public String toString() {
        return "BlindIndexField[" + entity + "." + field + ", " + normalization + ", " + bits + " bits]";
    }
}
