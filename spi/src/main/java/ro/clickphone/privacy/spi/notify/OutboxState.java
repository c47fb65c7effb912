package ro.clickphone.privacy.spi.notify;

/**
 * Where an outbox message stands. Only {@link #PENDING} changes; the others are final.
 *
 * @since 0.1.0
 */
public enum OutboxState {
    /** Accepted, not yet delivered: waiting for its next attempt, or claimed by a dispatcher. */
    PENDING,
    /** A channel accepted it; its receipt is recorded. Never sent again. */
    DELIVERED,
    /** Every attempt failed, or one failed permanently: a dead letter, kept for an operator. */
    DEAD,
    /** Never sent: the consent gate refused it; the decision's reason is recorded. */
    SUPPRESSED
}
