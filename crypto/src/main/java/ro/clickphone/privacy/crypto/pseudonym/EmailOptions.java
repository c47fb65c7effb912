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
     * The defaults: domain kept, base32 tokens of 26 characters.
     *
     * @return the options
     */
    public static EmailOptions defaults() {
        return new EmailOptions(true, TokenFormat.defaults());
    }

    /**
     * These options, keeping the domain or tokenizing it too.
     *
     * @param keep {@code true} to keep the domain, {@code false} to tokenize it
     * @return new options
     */
    public EmailOptions withKeepDomain(boolean keep) {
        return new EmailOptions(keep, format);
    }

    /**
     * These options, with another token format.
     *
     * @param tokenFormat the format of the local-part token
     * @return new options
     * @throws InvalidInputException if null
     */
    public EmailOptions withFormat(TokenFormat tokenFormat) {
        return new EmailOptions(keepDomain, tokenFormat);
    }
}
