package ro.clickphone.privacy.core.notify;

import java.util.Optional;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.notify.Medium;

/**
 * The outcome of {@link Notifications#send}: the message's id (its idempotency key), what became of
 * it, and the consent decision's reason it rests on. Prints no subject or content.
 *
 * @param id the message's id, for {@link Notifications#status(String)}
 * @param type the notification type
 * @param status queued, suppressed, or a duplicate of a message already in the outbox
 * @param channel the channel it goes (or would have gone) through
 * @param medium the medium
 * @param reason the consent decision's reason: why it was queued ({@code LAWFUL_BASIS},
 *     {@code CONSENT_GIVEN}, ...; for a notice that always goes, also a denying reason such as
 *     {@code OBJECTED} or {@code TAMPERED}) or suppressed ({@code OBJECTED}, {@code NO_CONSENT}, ...);
 *     empty for a duplicate, about which nothing was decided
 *
 * @since 0.1.0
 */
public record SendResult(String id, NotificationType type, SendStatus status, String channel, Medium medium,
        Optional<ConsentReason> reason) {

    /**
     * Validates the components.
     *
     * @param id the id
     * @param type the type
     * @param status the status
     * @param channel the channel
     * @param medium the medium
     * @param reason the reason
     * @throws InvalidInputException if a component is null
     */
    public SendResult {
        if (id == null || type == null || status == null || channel == null || medium == null || reason == null) {
            throw new InvalidInputException("sendResult", "no component may be null");
        }
    }

    /**
     * Whether the message is in the outbox for delivery.
     *
     * @return {@code true} if queued
     */
    public boolean queued() {
        return status == SendStatus.QUEUED;
    }
}
