package ro.clickphone.privacy.spi.audit;

/**
 * How an audited operation ended.
 *
 * @since 0.1.0
 */
public enum AuditOutcome {

    /** The operation was allowed and done. */
    SUCCESS,
    /** The operation was refused by a decision (access denied, consent missing). */
    DENIED,
    /** The operation failed (a store was down, input was invalid). */
    FAILED
}
