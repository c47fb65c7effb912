package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;

/**
 * A decision based solely on automated processing, including profiling, that the policy declares
 * (GDPR art. 22(1) and (4); art. 13(2)(f), 14(2)(g) and 15(1)(h)): what an access export tells the
 * subject about it. A policy that declares none says so in its own words
 * ({@link ExportStatements#noAutomatedDecisions()}).
 *
 * @param id an upper-case identifier
 * @param name a short name
 * @param description what is decided
 * @param logic meaningful information about the logic involved
 * @param significance the significance and the envisaged consequences for the subject
 * @param profiling whether it involves profiling (art. 4(4))
 * @param categories the categories of data it uses, declared ones
 *
 * @since 0.1.0
 */
public record AutomatedDecisionDefinition(String id, String name, String description, String logic,
        String significance, boolean profiling, List<DataCategory> categories) {

    /**
     * Copies the category list so the definition stays immutable.
     *
     * @param id the id
     * @param name the name
     * @param description what is decided
     * @param logic the logic involved
     * @param significance the significance and consequences
     * @param profiling whether it involves profiling
     * @param categories the categories used
     * @throws ro.clickphone.privacy.spi.InvalidInputException if the list is null or holds null
     */
    public AutomatedDecisionDefinition {
        categories = Lists.copy(categories, "automatedDecision.categories");
    }
}
