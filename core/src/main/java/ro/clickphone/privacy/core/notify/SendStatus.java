package ro.clickphone.privacy.core.notify;

/**
 * What {@link Notifications#send} did with a message.
 *
 * @since 0.1.0
 */
public enum SendStatus {
    /** Written to the outbox (or enlisted in the caller's transaction) for delivery. */
    QUEUED,
    /**
     * Refused by the consent gate and recorded in the outbox as suppressed, with the decision's reason;
     * never delivered.
     */
    SUPPRESSED,
    /** The outbox already holds a message with this idempotency key: nothing was written. */
    DUPLICATE
}
