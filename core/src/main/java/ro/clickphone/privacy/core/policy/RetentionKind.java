package ro.clickphone.privacy.core.policy;

/**
 * The forms a retention rule takes.
 *
 * @since 0.1.0
 */
public enum RetentionKind {

    /**
     * Kept for a period counted from the end of the financial year of the document's date: the
     * ten years of MFP Order 2634/2015 for financial-accounting documents.
     */
    FROM_FINANCIAL_YEAR_END,
    /** Kept for a period after an event, such as the end of the contract (ANCOM rules). */
    AFTER_EVENT,
    /** Kept until the subject withdraws consent. */
    UNTIL_CONSENT_WITHDRAWN,
    /** Kept until the end of the session (session cookies). */
    END_OF_SESSION;

    /**
     * Whether rules of this kind count a period.
     *
     * @return {@code true} for {@link #FROM_FINANCIAL_YEAR_END} and {@link #AFTER_EVENT}
     */
    public boolean hasPeriod() {
        return this == FROM_FINANCIAL_YEAR_END || this == AFTER_EVENT;
    }
}
