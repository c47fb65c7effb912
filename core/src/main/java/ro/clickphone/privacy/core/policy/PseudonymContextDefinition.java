package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;

/**
 * A pseudonymization context as the policy declares it: which categories of data are pseudonymized
 * in it, for which purpose, and for which reasons its pseudonyms may be reversed. The kit's
 * pseudonymization service refuses both directions in a context the policy does not declare.
 *
 * @param context the context name, lower case (such as {@code fraud}), as given to
 *     {@code kit.pseudonyms().phone(context)}
 * @param description what is pseudonymized in it and why
 * @param categories the categories of the values pseudonymized in it; the purpose and the purpose of
 *     every reason process all of them
 * @param purpose the purpose the forward direction serves
 * @param reasons the codes of the {@link ReidentificationReasonDefinition reasons} its pseudonyms may
 *     be reversed for; empty when they may not be reversed at all
 *
 * @since 0.1.0
 */
public record PseudonymContextDefinition(String context, String description, List<DataCategory> categories,
        Purpose purpose, List<String> reasons) {

    /**
     * Copies the lists so the definition stays immutable.
     *
     * @param context the context
     * @param description the description
     * @param categories the categories
     * @param purpose the purpose
     * @param reasons the reason codes
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public PseudonymContextDefinition {
        categories = Lists.copy(categories, "pseudonymContext.categories");
        reasons = Lists.copy(reasons, "pseudonymContext.reasons");
    }
}
