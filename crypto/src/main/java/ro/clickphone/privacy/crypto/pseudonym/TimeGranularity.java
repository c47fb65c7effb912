package ro.clickphone.privacy.crypto.pseudonym;

/**
 * How coarsely {@link Generalization#truncate(java.time.Instant, TimeGranularity, java.time.ZoneId)} cuts a time.
 *
 * @since 0.1.0
 */
public enum TimeGranularity {
    /** The start of the hour. */
    HOUR,
    /** The start of the day in the zone. */
    DAY,
    /** The start of the ISO week (Monday) in the zone. */
    WEEK
}
