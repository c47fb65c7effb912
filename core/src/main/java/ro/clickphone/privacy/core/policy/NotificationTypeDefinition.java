package ro.clickphone.privacy.core.policy;

import java.util.List;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;

/**
 * A kind of notification the operator sends, with the purpose that justifies it.
 *
 * @param type the notification type
 * @param description what the notification says
 * @param purpose the purpose it serves
 * @param legalBasis the legal basis, which is always that of the purpose
 * @param suppressible whether the subject can stop it (the purpose is consent-based or open to an
 *     absolute objection); security alerts are not
 * @param categories the categories of data its payload may carry, all of them categories of the purpose
 * @param channels the channels it goes out on, e.g. {@code EMAIL}
 *
 * @since 0.1.0
 */
public record NotificationTypeDefinition(NotificationType type, String description, Purpose purpose,
        LegalBasis legalBasis, boolean suppressible, List<DataCategory> categories, List<String> channels) {

    /**
     * Copies the lists so the definition stays immutable.
     *
     * @param type the type
     * @param description the description
     * @param purpose the purpose
     * @param legalBasis the legal basis
     * @param suppressible whether the subject can stop it
     * @param categories the payload categories
     * @param channels the channels
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list is null or holds null
     */
    public NotificationTypeDefinition {
        categories = Lists.copy(categories, "notificationType.categories");
        channels = Lists.copy(channels, "notificationType.channels");
    }
}
