package ro.clickphone.privacy.core.consent;

import java.time.Duration;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How the kit's consent ledger caches and audits: the staleness bound on seeing another
 * instance's changes, the clock skew allowed for effective times, how many checks are audited, and
 * how many subjects are cached. Given to the kit builder's {@code consent(...)}; start from
 * {@link #defaults()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConsentSettings {

    /** Checks see another instance's changes within this bound unless configured otherwise. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);
    /** How far in the future an event's effective time may be, for clocks that disagree a little. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    /** How many subjects' events are cached unless configured otherwise. */
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    private static final ConsentSettings DEFAULTS = new ConsentSettings(DEFAULT_STALENESS, DEFAULT_CLOCK_SKEW, 0,
            DEFAULT_CACHE_SIZE);

    private final Duration staleness;
    private final Duration clockSkew;
    private final int auditEveryNthCheck;
    private final long cacheSize;

    private ConsentSettings(Duration staleness, Duration clockSkew, int auditEveryNthCheck, long cacheSize) {
        this.staleness = staleness;
        this.clockSkew = clockSkew;
        this.auditEveryNthCheck = auditEveryNthCheck;
        this.cacheSize = cacheSize;
    }

    /**
     * The defaults: staleness {@link #DEFAULT_STALENESS}, clock skew {@link #DEFAULT_CLOCK_SKEW}, no
     * check audited, {@link #DEFAULT_CACHE_SIZE} subjects cached.
     *
     * @return the default settings
     */
    public static ConsentSettings defaults() {
        return DEFAULTS;
    }

    private static Duration upToAnHour(Duration d, String name) {
        if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException(name, "must be between 0 and 1 hour");
        }
        return d;
    }

    /**
     * A copy with another staleness bound: how stale consent changes made by another instance
     * sharing the store may be seen. Changes made through this kit are seen at once.
     *
     * @param bound 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withStaleness(Duration bound) {
        return new ConsentSettings(upToAnHour(bound, "staleness"), clockSkew, auditEveryNthCheck, cacheSize);
    }

    /**
     * A copy with another clock skew: how far in the future a consent event's effective time may lie.
     *
     * @param skew 0 to 1 hour
     * @return the copy
     * @throws InvalidInputException if null or out of range
     */
    public ConsentSettings withClockSkew(Duration skew) {
        return new ConsentSettings(staleness, upToAnHour(skew, "clockSkew"), auditEveryNthCheck, cacheSize);
    }

    /**
     * A copy that audits one consent check in every {@code n}: 1 audits all, 0 none. Consent events
     * themselves are always audited.
     *
     * @param n 0 or more
     * @return the copy
     * @throws InvalidInputException if negative
     */
    public ConsentSettings withAuditEveryNthCheck(int n) {
        if (n < 0) {
            throw new InvalidInputException("auditEveryNthCheck", "must be 0 (none) or more");
        }
        return new ConsentSettings(staleness, clockSkew, n, cacheSize);
    }

    /**
     * A copy with another cache size.
     *
     * @param subjects how many subjects' events to cache, 1 to 100 000 000
     * @return the copy
     * @throws InvalidInputException if out of range
     */
    public ConsentSettings withCacheSize(long subjects) {
        if (subjects < 1 || subjects > 100_000_000) {
            throw new InvalidInputException("cacheSize", "must be between 1 and 100000000");
        }
        return new ConsentSettings(staleness, clockSkew, auditEveryNthCheck, subjects);
    }

    /**
     * The staleness bound.
     *
     * @return the bound
     */
    public Duration staleness() {
        return staleness;
    }

    /**
     * The clock skew allowed for effective times.
     *
     * @return the skew
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * One check in this many is audited; 0 for none.
     *
     * @return the rate
     */
    public int auditEveryNthCheck() {
        return auditEveryNthCheck;
    }

    /**
     * How many subjects' events are cached.
     *
     * @return the cache size
     */
    public long cacheSize() {
        return cacheSize;
    }

    @Override
    public String toString() {
        return "ConsentSettings[staleness=" + staleness + ", clockSkew=" + clockSkew + ", auditEveryNthCheck="
                + auditEveryNthCheck + ", cacheSize=" + cacheSize + "]";
    }
}
