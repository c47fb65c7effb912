package ro.clickphone.privacy.spi.rights;

/**
 * What a human reviewer decided about an automated decision (GDPR art. 22(3)).
 *
 * @since 0.1.0
 */
public enum ReviewDecision {

    /** The automated decision stands. */
    UPHELD,
    /** The automated decision is changed or reversed. */
    CHANGED
}
