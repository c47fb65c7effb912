package ro.clickphone.privacy.crypto.cdr;

import ro.clickphone.privacy.crypto.pseudonym.PhoneOptions;
import ro.clickphone.privacy.crypto.pseudonym.TokenFormat;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What a {@link CdrProfile} does with a phone number field.
 *
 * @since 0.1.0
 */
public sealed interface NumberTechnique {

    /**
     * FF1 format-preserving pseudonyms, keeping the country code and some leading digits.
     *
     * @param keepLeadingDigits 0 to {@value PhoneOptions#MAX_KEEP}
     */
    record Ff1(int keepLeadingDigits) implements NumberTechnique {
        /**
         * Validates the count.
         *
         * @param keepLeadingDigits the digits kept
         * @throws InvalidInputException if out of range
         */
        public Ff1 {
            if (keepLeadingDigits < 0 || keepLeadingDigits > PhoneOptions.MAX_KEEP) {
                throw new InvalidInputException("keepLeadingDigits", "must be between 0 and " + PhoneOptions.MAX_KEEP);
            }
        }
    }

    /**
     * Keyed tokens of the number in E.164 (not reversible, joins within the context).
     *
     * @param format the token format
     */
    record Token(TokenFormat format) implements NumberTechnique {
        /**
         * Validates the format.
         *
         * @param format the format
         * @throws InvalidInputException if null
         */
        public Token {
            if (format == null) {
                throw new InvalidInputException("format", "must not be null");
            }
        }
    }

    /** Masked for display, {@code +40 7** *** *67}. */
    record Mask() implements NumberTechnique {
    }

    /** Left out of the output. */
    record Drop() implements NumberTechnique {
    }

    /**
     * FF1 keeping some leading digits.
     *
     * @param keepLeadingDigits 0 to 9
     * @return the technique
     * @throws InvalidInputException if out of range
     */
    static NumberTechnique ff1(int keepLeadingDigits) {
        return new Ff1(keepLeadingDigits);
    }

    /**
     * Keyed tokens in the default format.
     *
     * @return the technique
     */
    static NumberTechnique token() {
        return new Token(TokenFormat.defaults());
    }

    /**
     * Masking.
     *
     * @return the technique
     */
    static NumberTechnique mask() {
        return new Mask();
    }

    /**
     * Leaving the field out.
     *
     * @return the technique
     */
    static NumberTechnique drop() {
        return new Drop();
    }
}
