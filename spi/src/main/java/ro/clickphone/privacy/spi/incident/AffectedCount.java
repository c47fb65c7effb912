package ro.clickphone.privacy.spi.incident;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How many data subjects, or personal data records, an incident concerns: an exact count, or an
 * estimate when the exact number is not known yet (GDPR art. 33(3)(a) asks for the "approximate
 * number").
 *
 * @param value the number, 0 to {@value #MAX}
 * @param estimated whether the number is an estimate
 *
 * @since 0.1.0
 */
public record AffectedCount(long value, boolean estimated) {

    /** The largest count accepted. */
    public static final long MAX = 1_000_000_000_000_000L;

    /**
     * Validates the components.
     *
     * @param value the number, as the type describes it
     * @param estimated whether it is an estimate
     * @throws InvalidInputException if the number is negative or above {@value #MAX}
     */
    public AffectedCount {
        if (value < 0 || value > MAX) {
            throw new InvalidInputException("affectedCount", "must be between 0 and " + MAX);
        }
    }

    /**
     * An exact count.
     *
     * @param value the number
     * @return the count
     * @throws InvalidInputException if the number is out of range
     */
    public static AffectedCount exactly(long value) {
        return new AffectedCount(value, false);
    }

    /**
     * An estimate.
     *
     * @param value the estimated number
     * @return the count
     * @throws InvalidInputException if the number is out of range
     */
    public static AffectedCount estimate(long value) {
        return new AffectedCount(value, true);
    }

    /**
     * The number, with {@code ~} before an estimate.
     *
     * @return e.g. {@code 120} or {@code ~120}
     */
    @Override
    public String toString() {
        return (estimated ? "~" : "") + value;
    }
}
