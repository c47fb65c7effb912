package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;

/**
 * A source of personal data not collected from the subject that the policy declares (GDPR
 * art. 14(2)(f) and 15(1)(g)): what an access export tells the subject about where such data comes
 * from. A policy that declares none says so in its own words ({@link ExportStatements#noDataSources()}).
 *
 * @param id an upper-case identifier
 * @param name who or what the data comes from
 * @param description what is received and why
 * @param publiclyAccessible whether it is a publicly accessible source (art. 14(2)(f))
 * @param categories the categories of data received from it, declared ones
 *
 * @since 0.1.0
 */
public record DataSourceDefinition(String id, String name, String description, boolean publiclyAccessible,
        List<DataCategory> categories) {

    /**
     * Copies the category list so the definition stays immutable.
     *
     * @param id the id
     * @param name the name
     * @param description what is received
     * @param publiclyAccessible whether the source is publicly accessible
     * @param categories the categories received
     * @throws ro.clickphone.privacy.spi.InvalidInputException if the list is null or holds null
     */
    public DataSourceDefinition {
        categories = Lists.copy(categories, "dataSource.categories");
    }
}
