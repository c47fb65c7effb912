package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A category of personal data the policy declares, such as {@code TRAFFIC} (call detail records) or
 * {@code FINANCIAL} (invoices). The set of categories is data, defined by the policy document, not
 * an enum: another operator can ship its own.
 *
 * @param id upper-case identifier: a letter, then letters, digits or underscores, at most 64 characters
 *
 * @since 0.1.0
 */
public record DataCategory(String id) {


    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public DataCategory {
        Checks.identifier(id, "dataCategory", Syntax.UPPER_ID,
                "an upper-case identifier like TRAFFIC (A-Z, 0-9, _; at most 64)");
    }

    /**
     * Returns the category with this identifier.
     *
     * @param id the identifier
     * @return the category
     * @throws InvalidInputException if the identifier is malformed
     */
    public static DataCategory of(String id) {
        return new DataCategory(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
