package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A recipient (or category of recipients) of personal data the policy names, such as
 * {@code COURIER} or {@code PBX_ADMINISTRATOR}.
 *
 * @param id upper-case identifier: a letter, then letters, digits or underscores, at most 64 characters
 *
 * @since 0.1.0
 */
public record Recipient(String id) {

    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public Recipient {
        Checks.identifier(id, "recipient", Syntax.UPPER_ID,
                "an upper-case identifier like COURIER (A-Z, 0-9, _; at most 64)");
    }

    /**
     * Returns the recipient with this identifier.
     *
     * @param id the identifier
     * @return the recipient
     * @throws InvalidInputException if the identifier is malformed
     */
    public static Recipient of(String id) {
        return new Recipient(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
