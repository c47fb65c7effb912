package ro.clickphone.privacy.spi.consent;

/**
 * What a consent-ledger event records.
 *
 * @since 0.1.0
 */
public enum ConsentEventType {

    /** Consent given to a consent-based purpose (GDPR art. 6(1)(a), art. 7). */
    GRANT,
    /** Consent withdrawn; effective for the future only (art. 7(3)). */
    WITHDRAW,
    /** Objection to processing for a purpose (art. 21); absolute for direct marketing. */
    OBJECT,
    /** An objection lifted: by the subject, or after the controller showed compelling grounds. */
    LIFT_OBJECTION,
    /** Restriction of processing (art. 18): storage, legal claims and consented purposes only. */
    RESTRICT,
    /** A restriction lifted (art. 18(3)). */
    LIFT_RESTRICTION;

    /**
     * Whether events of this type concern one purpose, or all processing of the subject's data.
     *
     * @return {@code false} for restrictions, which cover all processing
     */
    public boolean perPurpose() {
        return this != RESTRICT && this != LIFT_RESTRICTION;
    }
}
