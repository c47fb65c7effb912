package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;

/**
 * A category of personal data as the policy declares it.
 *
 * @param category the category
 * @param name a short human name
 * @param description what the data is and where it comes from
 * @param fields the data fields the category holds, as lower-case names (e.g. {@code caller_number});
 *     a field the policy declares never stored (SMS content, card numbers) is never one of them
 * @param keyScope the scope of the per-subject key that encrypts the category's fields, if they are
 *     encrypted with per-subject keys (cookies live in the browser and have none)
 * @param retentionRuleId the id of the {@link RetentionRule} that says how long the data is kept
 * @param special whether it is a special category of personal data (GDPR art. 9(1): health,
 *     biometric, political opinions …); any disclosure of it needs the subject's explicit consent
 *     ({@code "special": true} in the document; false when absent)
 * @param withheldFromExport the fields, among {@code fields}, that an access or portability export
 *     never contains (secrets such as password hashes or SIP credentials: handing them out, even to
 *     the subject, gives whoever reads the file the account); empty when absent from the document
 *
 * @since 0.1.0
 */
public record CategoryDefinition(DataCategory category, String name, String description, List<String> fields,
        Optional<KeyScope> keyScope, String retentionRuleId, boolean special, List<String> withheldFromExport) {

    /**
     * Copies the field list so the definition stays immutable.
     *
     * @param category the category
     * @param name the name
     * @param description the description
     * @param fields the fields
     * @param keyScope the key scope, if any
     * @param retentionRuleId the retention rule id
     * @param special whether it is a special category
     * @param withheldFromExport the fields never exported
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public CategoryDefinition {
        fields = Lists.copy(fields, "category.fields");
        withheldFromExport = Lists.copy(withheldFromExport, "category.withheldFromExport");
    }

    /**
     * A category none of whose fields is withheld from exports.
     *
     * @param category the category
     * @param name the name
     * @param description the description
     * @param fields the fields
     * @param keyScope the key scope, if any
     * @param retentionRuleId the retention rule id
     * @param special whether it is a special category
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public CategoryDefinition(DataCategory category, String name, String description, List<String> fields,
            Optional<KeyScope> keyScope, String retentionRuleId, boolean special) {
        this(category, name, description, fields, keyScope, retentionRuleId, special, List.of());
    }

    /**
     * A category that is not special.
     *
     * @param category the category
     * @param name the name
     * @param description the description
     * @param fields the fields
     * @param keyScope the key scope, if any
     * @param retentionRuleId the retention rule id
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public CategoryDefinition(DataCategory category, String name, String description, List<String> fields,
            Optional<KeyScope> keyScope, String retentionRuleId) {
        this(category, name, description, fields, keyScope, retentionRuleId, false);
    }
}
