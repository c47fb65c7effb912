package ro.clickphone.privacy.core.policy;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;

/**
 * A kind of notification the operator sends, with the purpose that justifies it, the address it is
 * sent from and the least data it carries.
 *
 * @param type the notification type
 * @param description what the notification says
 * @param purpose the purpose it serves
 * @param legalBasis the legal basis, which is always that of the purpose
 * @param suppressible whether the subject can stop it (the purpose is consent-based or open to an
 *     absolute objection); security alerts are not
 * @param categories the categories of data its payload may carry, all of them categories of the purpose
 * @param channels the media it goes out on, e.g. {@code EMAIL}
 * @param sender the address it is sent from, one of the policy's
 *     {@linkplain Policy#notificationSenders() notification senders}; empty only in a document that
 *     declares none (such a type cannot be sent)
 * @param payload the fields its payload may carry, in the document's order: the minimum its message needs
 * @param attachments the categories of the attachments it may carry (voicemail audio, a fax document),
 *     all of them among {@code categories}; empty when it carries none
 *
 * @since 0.1.0
 */
public record NotificationTypeDefinition(NotificationType type, String description, Purpose purpose,
        LegalBasis legalBasis, boolean suppressible, List<DataCategory> categories, List<String> channels,
        Optional<String> sender, List<PayloadField> payload, List<DataCategory> attachments) {

    /**
     * Copies the lists so the definition stays immutable.
     *
     * @param type the type
     * @param description the description
     * @param purpose the purpose
     * @param legalBasis the legal basis
     * @param suppressible whether the subject can stop it
     * @param categories the payload categories
     * @param channels the media
     * @param sender the sender address, or empty
     * @param payload the payload fields
     * @param attachments the attachment categories
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a list or the sender is null, or a
     *     list holds null
     */
    public NotificationTypeDefinition {
        categories = Lists.copy(categories, "notificationType.categories");
        channels = Lists.copy(channels, "notificationType.channels");
        if (sender == null) {
            throw new ro.clickphone.privacy.spi.InvalidInputException("notificationType.sender",
                    "must not be null; use Optional.empty()");
        }
        payload = Lists.copy(payload, "notificationType.payload");
        attachments = Lists.copy(attachments, "notificationType.attachments");
    }

    /**
     * The payload field of a name.
     *
     * @param name the field's name
     * @return the field, or empty if the type declares none of that name
     */
    public Optional<PayloadField> payloadField(String name) {
        for (PayloadField field : payload) {
            if (field.name().equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
