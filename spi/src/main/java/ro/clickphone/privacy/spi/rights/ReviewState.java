package ro.clickphone.privacy.spi.rights;

/**
 * Where a human review of an automated decision stands.
 *
 * @since 0.1.0
 */
public enum ReviewState {

    /** Waiting for a reviewer. */
    OPEN,
    /** Assigned to a reviewer. */
    ASSIGNED,
    /** Decided; the decision is recorded. */
    DECIDED
}
