package ro.clickphone.privacy.core.notify;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What one dispatch pass over the outbox did, in counts. Holds no message ids and no personal data.
 *
 * @param delivered tries a channel accepted, recorded as delivered
 * @param retried failed tries recorded for another try later
 * @param dead failed tries that made their message a dead letter (a permanent failure, or the last try)
 * @param released messages claimed and returned to the outbox untried (the dispatcher closing, its
 *     lease running short, a channel jammed by abandoned tries); they wait for the next pass
 * @param unrecorded tries whose outcome could not be recorded (the lease was lost to another
 *     dispatcher, the outbox or the audit trail failed); their messages are tried again once the
 *     lease expires, and the channel's idempotency per key keeps a delivered one from arriving twice
 *
 * @since 0.1.0
 */
public record DispatchReport(int delivered, int retried, int dead, int released, int unrecorded) {

    /**
     * Validates the counts.
     *
     * @param delivered the deliveries
     * @param retried the retries
     * @param dead the dead letters
     * @param released the releases
     * @param unrecorded the tries not recorded
     * @throws InvalidInputException if a count is negative
     */
    public DispatchReport {
        if (delivered < 0 || retried < 0 || dead < 0 || released < 0 || unrecorded < 0) {
            throw new InvalidInputException("dispatchReport", "counts must not be negative");
        }
    }

    /**
     * How many tries the pass made: delivered, retried, dead and unrecorded together.
     *
     * @return the tries
     */
    public int attempts() {
        return delivered + retried + dead + unrecorded;
    }

    /**
     * This report and another added up.
     *
     * @param other the other report
     * @return the sums
     * @throws InvalidInputException if {@code other} is null
     */
    public DispatchReport plus(DispatchReport other) {
        if (other == null) {
            throw new InvalidInputException("other", "must not be null");
        }
        return new DispatchReport(delivered + other.delivered, retried + other.retried, dead + other.dead,
                released + other.released, unrecorded + other.unrecorded);
    }
}
