package ro.clickphone.privacy.spi.rights;

/**
 * What happened to one category of a subject's data at one source.
 *
 * @since 0.1.0
 */
public enum OutcomeKind {

    /** Exported for an access or portability request. */
    EXPORTED,
    /** Left out of a portability export: neither provided by the subject nor observed under consent or contract. */
    NOT_PORTABLE,
    /** Corrected. */
    RECTIFIED,
    /** Erased. */
    ERASED,
    /** Kept, with processing restricted, on a legal ground until a date (erasure under an obligation). */
    KEPT_RESTRICTED,
    /** Restricted at the subject's request (art. 18). */
    RESTRICTED,
    /** The source holds nothing of the subject in the category. */
    NONE
}
