package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;

/**
 * A place where the operator processes personal data (its servers).
 *
 * @param id upper-case identifier, e.g. {@code NXDATA2}
 * @param description what runs there
 * @param address the address
 * @param country the ISO 3166-1 alpha-2 country code
 * @param categories the categories of data processed there
 *
 * @since 0.1.0
 */
public record ProcessingLocation(String id, String description, String address, String country,
        List<DataCategory> categories) {

    /**
     * Copies the list so the location stays immutable.
     *
     * @param id the id
     * @param description the description
     * @param address the address
     * @param country the country code
     * @param categories the categories processed there
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public ProcessingLocation {
        categories = Lists.copy(categories, "processingLocation.categories");
    }
}
