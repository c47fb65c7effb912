package ro.clickphone.privacy.spi.rights;

/**
 * Why a request was refused, or answered only in part (GDPR art. 12(4), 12(5), 12(6), 15(4), 17(3)).
 *
 * @since 0.1.0
 */
public enum RefusalReason {

    /** Data that a legal obligation requires to keep (art. 17(3)(b), (e)): fiscal records, traffic data, a hold. */
    LEGAL_RETENTION,
    /** The request is manifestly unfounded or excessive, in particular repetitive (art. 12(5)). */
    MANIFESTLY_UNFOUNDED_OR_EXCESSIVE,
    /** The requester's identity could not be verified (art. 12(6), 11(2)). */
    IDENTITY_NOT_VERIFIED,
    /** Answering would adversely affect the rights and freedoms of others (art. 15(4), 20(4)). */
    RIGHTS_OF_OTHERS,
    /** A source holding the subject's data cannot carry out this right; it is named in the outcome. */
    SOURCE_CANNOT_COMPLY
}
