package ro.clickphone.privacy.spi.rights;

/**
 * How a request arrived. The policy names two: an e-mail to the DPO and the customer's ClickPhone
 * account.
 *
 * @since 0.1.0
 */
public enum RequestChannel {

    /** An e-mail to the data protection officer. */
    DPO_EMAIL,
    /** The customer's authenticated account at www.clickphone.ro. */
    CUSTOMER_ACCOUNT,
    /** A letter. */
    POST,
    /** Any other channel (in person, by telephone). */
    OTHER
}
