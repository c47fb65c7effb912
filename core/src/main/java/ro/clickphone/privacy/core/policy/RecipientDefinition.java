package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;

/**
 * A recipient (or category of recipients) of personal data as the policy declares it.
 *
 * @param recipient the recipient
 * @param name a short human name
 * @param kind what kind of recipient it is
 * @param description who it is and why it receives data
 * @param country the ISO 3166-1 alpha-2 code of the country where it processes the data
 * @param categories the categories of data it may receive, and no others
 * @param condition the condition a disclosure to it needs beyond its kind ({@code "condition"} in
 *     the document; {@link RecipientCondition#NONE} when absent)
 *
 * @since 0.1.0
 */
public record RecipientDefinition(Recipient recipient, String name, RecipientKind kind, String description,
        String country, List<DataCategory> categories, RecipientCondition condition) {

    /**
     * Copies the list so the definition stays immutable.
     *
     * @param recipient the recipient
     * @param name the name
     * @param kind the kind
     * @param description the description
     * @param country the country code
     * @param categories the categories it may receive
     * @param condition the condition
     * @throws InvalidInputException if a list is null or holds null, or the
     *     condition is null
     */
    public RecipientDefinition {
        categories = Lists.copy(categories, "recipient.categories");
        if (condition == null) {
            throw new InvalidInputException("recipient.condition", "must not be null");
        }
    }

    /**
     * A recipient without a condition beyond its kind.
     *
     * @param recipient the recipient
     * @param name the name
     * @param kind the kind
     * @param description the description
     * @param country the country code
     * @param categories the categories it may receive
     * @throws InvalidInputException if a list is null or holds null
     */
    public RecipientDefinition(Recipient recipient, String name, RecipientKind kind, String description,
            String country, List<DataCategory> categories) {
        this(recipient, name, kind, description, country, categories, RecipientCondition.NONE);
    }
}
