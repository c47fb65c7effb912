package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;
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
 *
 * @since 0.1.0
 */
public record RecipientDefinition(Recipient recipient, String name, RecipientKind kind, String description,
        String country, List<DataCategory> categories) {

    /**
     * Copies the list so the definition stays immutable.
     *
     * @param recipient the recipient
     * @param name the name
     * @param kind the kind
     * @param description the description
     * @param country the country code
     * @param categories the categories it may receive
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public RecipientDefinition {
        categories = Lists.copy(categories, "recipient.categories");
    }
}
