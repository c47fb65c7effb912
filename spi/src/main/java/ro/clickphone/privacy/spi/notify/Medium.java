package ro.clickphone.privacy.spi.notify;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A medium a message travels on: {@link #EMAIL}, {@link #SMS}, {@link #WEBHOOK}, or another a
 * channel declares (an upper-case id). The policy's notification types name the media they go out on.
 *
 * @param id upper-case identifier: a letter, then letters, digits or underscores, at most 64 characters
 *
 * @since 0.1.0
 */
public record Medium(String id) {

    /** E-mail. */
    public static final Medium EMAIL = new Medium("EMAIL");
    /** Text message to a phone number. */
    public static final Medium SMS = new Medium("SMS");
    /** An HTTP call to an address the subject (or their account) registered. */
    public static final Medium WEBHOOK = new Medium("WEBHOOK");

    /**
     * Validates the id.
     *
     * @param id the id, as the type describes it
     * @throws ro.clickphone.privacy.spi.InvalidInputException if it is null or malformed
     */
    public Medium {
        Checks.identifier(id, "medium", Syntax.UPPER_ID, "an upper-case identifier like EMAIL (A-Z, 0-9, _; at most 64)");
    }

    /**
     * The medium with this id.
     *
     * @param id the id
     * @return the medium
     * @throws ro.clickphone.privacy.spi.InvalidInputException if the id is malformed
     */
    public static Medium of(String id) {
        return new Medium(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
