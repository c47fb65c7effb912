package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.Recipient;

/**
 * Data the policy promises never to store, such as the content of SMS messages or payment card
 * data. None of its fields may appear in any {@link CategoryDefinition}; the encryption layer
 * refuses values that look like them (a Luhn-valid card number, for instance).
 *
 * @param id upper-case identifier, e.g. {@code PAYMENT_CARD_DATA}
 * @param description what the data is and why it is not stored
 * @param fields the field names that must never be stored
 * @param handledBy the recipient that handles the data instead of the operator (PayU for card data), if any
 *
 * @since 0.1.0
 */
public record NeverStoredDefinition(String id, String description, List<String> fields, Optional<Recipient> handledBy) {

    /**
     * Copies the field list so the definition stays immutable.
     *
     * @param id the id
     * @param description the description
     * @param fields the fields
     * @param handledBy the handling recipient, if any
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public NeverStoredDefinition {
        fields = Lists.copy(fields, "neverStored.fields");
    }
}
