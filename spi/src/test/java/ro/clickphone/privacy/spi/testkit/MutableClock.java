package ro.clickphone.privacy.spi.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock a test moves by hand: it reads the instant last set, in UTC, until the test sets or
 * advances it. For tests that cross a deadline, a policy version's first instant or a cache's
 * expiry without sleeping.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.of(Instant.parse("2026-12-31T21:59:00Z"));
 * PrivacyKit kit = PrivacyKit.builder().clock(clock)...build();
 * clock.advance(Duration.ofMinutes(1));             // 00:00 in Bucharest: the next version is in force
 * clock.set(Instant.parse("2027-03-01T10:00:00Z"));
 * }</pre>
 *
 * <p>Its zone is always UTC: {@link #withZone} returns this same clock, so code under test that
 * asks for another zone still reads the instant the test set (business dates are computed from the
 * instant in the policy's zone, never from the clock's). The instant is volatile, so a test may move
 * the clock while another thread reads it; moving it is not atomic with respect to other moves.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    private MutableClock(Instant now) {
        this.now = now;
    }

    /**
     * A clock reading {@code now} until it is moved.
     *
     * @param now the instant it reads
     * @return the clock
     * @throws NullPointerException if {@code now} is null
     */
    public static MutableClock of(Instant now) {
        return new MutableClock(Objects.requireNonNull(now, "now"));
    }

    /**
     * Sets the instant the clock reads, earlier or later than before.
     *
     * @param instant the new instant
     * @throws NullPointerException if {@code instant} is null
     */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /**
     * Moves the clock by a duration (backwards if it is negative).
     *
     * @param duration how far to move it
     * @throws NullPointerException if {@code duration} is null
     */
    public void advance(Duration duration) {
        now = now.plus(Objects.requireNonNull(duration, "duration"));
    }

    /**
     * The instant last set.
     *
     * @return the instant
     */
    @Override
    public Instant instant() {
        return now;
    }

    /**
     * UTC, always.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This same clock: the zone does not change what the clock reads.
     *
     * @param zone ignored
     * @return this clock
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "MutableClock[" + now + "]";
    }
}
