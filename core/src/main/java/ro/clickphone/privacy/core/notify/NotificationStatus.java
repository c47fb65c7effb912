package ro.clickphone.privacy.core.notify;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;

/**
 * Where a message stands, as an operator sees it: never its subject, address or text.
 *
 * @param id the message's id
 * @param type the notification type
 * @param channel the channel that delivers it
 * @param medium the medium
 * @param state pending, delivered, dead or suppressed
 * @param attempts how many delivery attempts have ended
 * @param createdAt when it was accepted
 * @param nextAttemptAt when it may be tried next (pending messages)
 * @param reason the suppression's reason, or the last failure's code
 * @param receipt the channel's receipt, once delivered
 * @param finishedAt when it reached a final state
 *
 * @since 0.1.0
 */
public record NotificationStatus(String id, NotificationType type, String channel, Medium medium, OutboxState state,
        int attempts, Instant createdAt, Instant nextAttemptAt, Optional<String> reason,
        Optional<DeliveryReceipt> receipt, Optional<Instant> finishedAt) {

    /**
     * Validates the components.
     *
     * @param id the id
     * @param type the type
     * @param channel the channel
     * @param medium the medium
     * @param state the state
     * @param attempts the attempts
     * @param createdAt the creation time
     * @param nextAttemptAt the next attempt's time
     * @param reason the reason or failure code
     * @param receipt the receipt
     * @param finishedAt the final time
     * @throws InvalidInputException if a component is null
     */
    public NotificationStatus {
        if (id == null || type == null || channel == null || medium == null || state == null || createdAt == null
                || nextAttemptAt == null || reason == null || receipt == null || finishedAt == null) {
            throw new InvalidInputException("notificationStatus", "no component may be null");
        }
    }

    /**
     * The status of an outbox message.
     *
     * @param message the message
     * @return its status
     * @throws InvalidInputException if {@code message} is null
     */
    public static NotificationStatus of(OutboxMessage message) {
        if (message == null) {
            throw new InvalidInputException("message", "must not be null");
        }
        return new NotificationStatus(message.id(), message.type(), message.channel(), message.medium(),
                message.state(), message.attempts(), message.createdAt(), message.nextAttemptAt(), message.reason(),
                message.receipt(), message.finishedAt());
    }
}
