package ro.clickphone.privacy.crypto.pseudonym;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Duration buckets for generalized exports: a call of 3 min 12 s becomes {@code PT1M-PT5M}. Buckets
 * are half-open, {@code [lower, upper)}, written as ISO-8601 durations; the last is {@code <lower>+}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DurationBuckets {

    private final Duration[] bounds;
    private final String[] labels;

    private DurationBuckets(Duration[] bounds) {
        this.bounds = bounds;
        this.labels = new String[bounds.length + 1];
        labels[0] = Duration.ZERO + "-" + bounds[0];
        for (int i = 1; i < bounds.length; i++) {
            labels[i] = bounds[i - 1] + "-" + bounds[i];
        }
        labels[bounds.length] = bounds[bounds.length - 1] + "+";
    }

    /**
     * Buckets with the given upper bounds.
     *
     * @param upperBounds positive, strictly increasing, 1 to 64 of them
     * @return the buckets
     * @throws InvalidInputException if a bound is null, not positive or not increasing
     */
    public static DurationBuckets of(Duration... upperBounds) {
        if (upperBounds == null || upperBounds.length == 0 || upperBounds.length > 64) {
            throw new InvalidInputException("upperBounds", "must hold 1 to 64 durations");
        }
        Duration[] copy = upperBounds.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null || copy[i].isNegative() || copy[i].isZero()
                    || (i > 0 && copy[i].compareTo(copy[i - 1]) <= 0)) {
                throw new InvalidInputException("upperBounds", "must be positive and strictly increasing");
            }
        }
        return new DurationBuckets(copy);
    }

    /**
     * Buckets for call durations: under 30 s, 1 min, 5 min, 15 min, 1 h, and longer.
     *
     * @return the buckets
     */
    public static DurationBuckets callDurations() {
        return of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofHours(1));
    }

    /**
     * The bucket of a duration.
     *
     * @param duration zero or more
     * @return its label, such as {@code PT1M-PT5M}
     * @throws InvalidInputException if the duration is null or negative
     */
    public String bucket(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new InvalidInputException("duration", "must be zero or more");
        }
        int low = 0;
        int high = bounds.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (duration.compareTo(bounds[mid]) < 0) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return labels[low];
    }

    /**
     * The upper bounds the buckets were made with, in order (the last bucket has none).
     *
     * @return the bounds
     */
    public List<Duration> upperBounds() {
        return List.of(bounds);
    }

    /**
     * Every label, in order.
     *
     * @return the labels
     */
    public List<String> labels() {
        return List.of(labels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DurationBuckets b && Arrays.equals(bounds, b.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "DurationBuckets" + Arrays.toString(labels);
    }
}
