package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How e-mail addresses are pseudonymized.
 *
 * @param keepDomain whether the domain stays (so mail can be counted by provider) or is tokenized
 * @param format the format of the local part's (and the domain's) token
 *
 * @since 0.1.0
 */
public record EmailOptions(boolean keepDomain, TokenFormat format) {

    /**
     * Validates the options.
     *
     * @param keepDomain whether the domain stays
     * @param format the token format
     * @throws InvalidInputException if the format is null
     */
    public EmailOptions {
        if (format == null) {
            throw new InvalidInputException("format", "must not be null");
        }
    }

    /**
     * Domain kept, base32 tokens of 26 characters.
     *
     * @return the options
     */
    public static EmailOptions keepingDomain() {
        return new EmailOptions(true, TokenFormat.defaults());
    }

    /**
     * Domain tokenized too, base32 tokens of 26 characters.
     *
     * @return the options
     */
    public static EmailOptions tokenizingDomain() {
        return new EmailOptions(false, TokenFormat.defaults());
    }
}
