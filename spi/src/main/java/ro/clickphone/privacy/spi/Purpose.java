package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A purpose of processing the policy declares, such as {@code MARKETING} or {@code SERVICE_PROVISION}.
 * Its legal basis and the rest of its definition live in the policy document.
 *
 * @param id upper-case identifier: a letter, then letters, digits or underscores, at most 64 characters
 *
 * @since 0.1.0
 */
public record Purpose(String id) {

    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public Purpose {
        Checks.identifier(id, "purpose", Syntax.UPPER_ID,
                "an upper-case identifier like MARKETING (A-Z, 0-9, _; at most 64)");
    }

    /**
     * Returns the purpose with this identifier.
     *
     * @param id the identifier
     * @return the purpose
     * @throws InvalidInputException if the identifier is malformed
     */
    public static Purpose of(String id) {
        return new Purpose(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
