package ro.clickphone.privacy.crypto;

import java.text.Normalizer;
import java.util.Locale;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How a value is normalized before it is indexed, so that equal values in different spellings find
 * each other. Explicit and locale-independent: lower-casing uses {@link Locale#ROOT}, so the Turkish
 * dotless i in a default locale cannot split one address into two.
 *
 * @since 0.1.0
 */
public enum Normalization {

    /** The value as given. */
    EXACT,
    /** Unicode NFKC, trimmed, inner white space collapsed, lower-cased in {@link Locale#ROOT}. */
    CASE_INSENSITIVE_TEXT,
    /** An e-mail address: NFKC, trimmed, lower-cased in {@link Locale#ROOT}; must contain one {@code @}. */
    EMAIL,
    /**
     * A phone number already in international form: spaces, dots, dashes and brackets dropped; must
     * then be {@code +} and 7 to 15 digits (E.164). National forms need a default region, which the
     * pseudonymization issue brings with libphonenumber.
     */
    PHONE_E164;

    /**
     * Normalizes a value.
     *
     * @param value the value
     * @return the normalized value
     * @throws InvalidInputException if the value is null or not of the form the normalization
     *     expects; the message does not repeat it
     */
    public String apply(String value) {
        if (value == null) {
            throw new InvalidInputException("value", "must not be null");
        }
        switch (this) {
            case EXACT:
                return value;
            case CASE_INSENSITIVE_TEXT:
                return Normalizer.normalize(value, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ")
                        .toLowerCase(Locale.ROOT);
            case EMAIL: {
                String email = Normalizer.normalize(value, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
                int at = email.indexOf('@');
                if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.contains(" ")) {
                    throw new InvalidInputException("value", "is not an e-mail address");
                }
                return email;
            }
            default: {
                String phone = value.strip().replaceAll("[\\s.()\\-]", "");
                if (!phone.matches("\\+[1-9][0-9]{6,14}")) {
                    throw new InvalidInputException("value", "is not a phone number in international form (+ and 7 to"
                            + " 15 digits)");
                }
                return phone;
            }
        }
    }
}
