package ro.clickphone.privacy.core.notify;

import java.time.Duration;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * How the notification dispatcher delivers from the outbox: how often it tries a message and how
 * long it waits between tries, how long one try may take, how long its claims hold, how many
 * messages it claims at a time, how often it looks for new ones, and how long it lets a try finish
 * when the kit closes. Start from {@link #defaults()} and change what differs with the
 * {@code with...} methods.
 *
 * <h2>Retries</h2>
 * A failed try that may succeed later (a server down, a time-out) is tried again after a random
 * wait between a millisecond and {@code min(maxBackoff, initialBackoff * 2^(n-1))} after try
 * {@code n} ("full jitter": dispatchers that failed together do not come back together). After
 * {@code maxAttempts} tries, or at once after a permanent failure, the message becomes a dead
 * letter for an operator.
 *
 * <h2>Time-outs and leases</h2>
 * A try that outlasts {@code attemptTimeout} is abandoned and counts as a transient failure
 * ({@code timeout}); the channel's idempotency per key covers a try that was in fact accepted. The
 * dispatcher claims messages under a lease of {@code lease}, which must be at least twice the
 * attempt time-out; it starts no try that its lease might not cover, and a crashed dispatcher's
 * messages are taken over by another once its lease expires.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts how many tries a message gets before it becomes a dead letter, 1 to 100
 * @param initialBackoff the wait bound after the first failed try, 1 millisecond to {@code maxBackoff}
 * @param maxBackoff the largest wait bound, {@code initialBackoff} to 7 days
 * @param attemptTimeout how long one try may take, 1 millisecond to 1 hour
 * @param lease how long a claim on a message holds, twice {@code attemptTimeout} to 1 day
 * @param batchSize how many messages of a channel are claimed at a time, 1 to {@value OutboxStore#MAX_BATCH}
 * @param pollInterval how often an idle worker looks for due messages, 1 millisecond to 1 hour
 * @param shutdownGrace how long closing waits for tries in flight before it abandons them and
 *     returns their messages to the outbox, 0 to 1 hour
 *
 * @since 0.1.0
 */
public record DispatchSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
        Duration attemptTimeout, Duration lease, int batchSize, Duration pollInterval, Duration shutdownGrace) {

    /** The most tries a message may be given. */
    public static final int MAX_ATTEMPTS = 100;
    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final Duration HOUR = Duration.ofHours(1);

    /**
     * Validates the components.
     *
     * @param maxAttempts the tries, as the type describes it
     * @param initialBackoff the first wait bound, as the type describes it
     * @param maxBackoff the largest wait bound, as the type describes it
     * @param attemptTimeout the time-out of one try, as the type describes it
     * @param lease the lease, as the type describes it
     * @param batchSize the batch size, as the type describes it
     * @param pollInterval the poll interval, as the type describes it
     * @param shutdownGrace the shutdown grace, as the type describes it
     * @throws InvalidInputException if a component is null or out of range; the message names it
     */
    public DispatchSettings {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new InvalidInputException("maxAttempts", "must be between 1 and " + MAX_ATTEMPTS);
        }
        within(maxBackoff, "maxBackoff", MILLISECOND, Duration.ofDays(7), "1 millisecond and 7 days");
        within(initialBackoff, "initialBackoff", MILLISECOND, maxBackoff, "1 millisecond and maxBackoff");
        within(attemptTimeout, "attemptTimeout", MILLISECOND, HOUR, "1 millisecond and 1 hour");
        within(lease, "lease", attemptTimeout.multipliedBy(2), Duration.ofDays(1),
                "twice attemptTimeout and 1 day (change the lease before a longer attempt time-out)");
        if (batchSize < 1 || batchSize > OutboxStore.MAX_BATCH) {
            throw new InvalidInputException("batchSize", "must be between 1 and " + OutboxStore.MAX_BATCH);
        }
        within(pollInterval, "pollInterval", MILLISECOND, HOUR, "1 millisecond and 1 hour");
        within(shutdownGrace, "shutdownGrace", Duration.ZERO, HOUR, "0 and 1 hour");
    }

    private static void within(Duration value, String name, Duration min, Duration max, String range) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidInputException(name, "must be between " + range);
        }
    }

    /**
     * The defaults, and why:
     * <ul>
     *   <li><b>8 tries</b>, waits bounded by <b>30 seconds</b> doubling to at most <b>1 hour</b>:
     *       the seven waits are bounded by about 64 minutes in all (32 on average with full
     *       jitter), so an outage of a few minutes costs no message, while one that cannot be
     *       delivered is a dead letter within about an hour, in time for an operator to act before
     *       the policy's 24-hour deadline for breach notices to customers.</li>
     *   <li><b>30 seconds</b> per try: far above a healthy SMTP transaction or web hook call, well
     *       below the minutes a hung connection would otherwise hold the channel's worker.</li>
     *   <li>A <b>2-minute</b> lease: four tries' time-outs, so a live dispatcher never loses a claim
     *       to a slow try, and a crashed one's messages wait at most two minutes for another.</li>
     *   <li>Batches of <b>50</b>: a claim costs one store round trip, and 50 tries fit in the lease
     *       when the channel is healthy (the dispatcher claims again when the lease runs short).</li>
     *   <li>A poll every <b>second</b>: the kit wakes its workers when a message is written, so the
     *       poll only finds retries that fell due and other instances' messages; a second keeps that
     *       delay short for one store query per channel per second.</li>
     *   <li>A shutdown grace of <b>10 seconds</b>: a healthy try finishes in far less; a hung one is
     *       abandoned and its message returned to the outbox, so closing the kit never hangs.</li>
     * </ul>
     *
     * @return the defaults
     */
    public static DispatchSettings defaults() {
        return new DispatchSettings(8, Duration.ofSeconds(30), HOUR, Duration.ofSeconds(30), Duration.ofMinutes(2),
                50, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /**
     * These settings with another number of tries.
     *
     * @param attempts 1 to {@value #MAX_ATTEMPTS}
     * @return the changed copy
     * @throws InvalidInputException if out of range
     */
    public DispatchSettings withMaxAttempts(int attempts) {
        return new DispatchSettings(attempts, initialBackoff, maxBackoff, attemptTimeout, lease, batchSize,
                pollInterval, shutdownGrace);
    }

    /**
     * These settings with other wait bounds between tries.
     *
     * @param initial the bound after the first failed try, 1 millisecond to {@code max}
     * @param max the largest bound, {@code initial} to 7 days
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public DispatchSettings withBackoff(Duration initial, Duration max) {
        return new DispatchSettings(maxAttempts, initial, max, attemptTimeout, lease, batchSize, pollInterval,
                shutdownGrace);
    }

    /**
     * These settings with another time-out per try.
     *
     * @param timeout 1 millisecond to 1 hour, at most half the lease
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public DispatchSettings withAttemptTimeout(Duration timeout) {
        return new DispatchSettings(maxAttempts, initialBackoff, maxBackoff, timeout, lease, batchSize, pollInterval,
                shutdownGrace);
    }

    /**
     * These settings with another lease.
     *
     * @param duration twice the attempt time-out to 1 day
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public DispatchSettings withLease(Duration duration) {
        return new DispatchSettings(maxAttempts, initialBackoff, maxBackoff, attemptTimeout, duration, batchSize,
                pollInterval, shutdownGrace);
    }

    /**
     * These settings with another batch size.
     *
     * @param size 1 to {@value OutboxStore#MAX_BATCH}
     * @return the changed copy
     * @throws InvalidInputException if out of range
     */
    public DispatchSettings withBatchSize(int size) {
        return new DispatchSettings(maxAttempts, initialBackoff, maxBackoff, attemptTimeout, lease, size,
                pollInterval, shutdownGrace);
    }

    /**
     * These settings with another poll interval.
     *
     * @param interval 1 millisecond to 1 hour
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public DispatchSettings withPollInterval(Duration interval) {
        return new DispatchSettings(maxAttempts, initialBackoff, maxBackoff, attemptTimeout, lease, batchSize,
                interval, shutdownGrace);
    }

    /**
     * These settings with another shutdown grace.
     *
     * @param grace 0 to 1 hour
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public DispatchSettings withShutdownGrace(Duration grace) {
        return new DispatchSettings(maxAttempts, initialBackoff, maxBackoff, attemptTimeout, lease, batchSize,
                pollInterval, grace);
    }
}
