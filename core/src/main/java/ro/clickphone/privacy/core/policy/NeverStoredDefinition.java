package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;

/**
 * Data the policy promises never to store, such as the content of SMS messages or payment card
 * data. None of its fields may appear in any {@link CategoryDefinition}; the kit refuses its field
 * ids at run time (field contexts, field encryption, blind indexes, deterministic fields), and the
 * encryption layer refuses values that look like card numbers (Luhn-valid).
 *
 * @param id upper-case identifier, e.g. {@code PAYMENT_CARD_DATA}
 * @param description what the data is and why it is not stored
 * @param fields the field names that must never be stored
 * @param handledBy the recipient that handles the data instead of the operator (PayU for card data), if any
 * @param kind what kind of data it is, if the SDK has a rule for that kind ({@link NeverStoredKind#PAYMENT_CARD})
 *
 * @since 0.1.0
 */
public record NeverStoredDefinition(String id, String description, List<String> fields, Optional<Recipient> handledBy,
        Optional<NeverStoredKind> kind) {

    /**
     * Copies the field list so the definition stays immutable.
     *
     * @param id the id
     * @param description the description
     * @param fields the fields
     * @param handledBy the handling recipient, if any
     * @param kind the kind, if any
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null, or an
     *     optional is null
     */
    public NeverStoredDefinition {
        fields = Lists.copy(fields, "neverStored.fields");
        if (handledBy == null) {
            throw new InvalidInputException("neverStored.handledBy", "must not be null; empty when none");
        }
        if (kind == null) {
            throw new InvalidInputException("neverStored.kind", "must not be null; empty when none");
        }
    }

    /**
     * A definition without a kind.
     *
     * @param id the id
     * @param description the description
     * @param fields the fields
     * @param handledBy the handling recipient, if any
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public NeverStoredDefinition(String id, String description, List<String> fields, Optional<Recipient> handledBy) {
        this(id, description, fields, handledBy, Optional.empty());
    }
}
