package ro.clickphone.privacy.spi.consent;

/**
 * Where a consent event came from. Withdrawal is possible through every channel granting is.
 *
 * @since 0.1.0
 */
public enum ConsentChannel {

    /** The subject's ClickPhone web account. */
    WEB_ACCOUNT,
    /** An e-mail to the DPO's address, e.g. with the subject "Retragere consimțământ procesare date". */
    EMAIL_TO_DPO,
    /** A telephone call to customer service. */
    PHONE,
    /** A signed paper form. */
    PAPER
}
