package ro.clickphone.privacy.crypto.cdr;

/**
 * Which way a call, SMS or fax went, seen from the ClickPhone customer.
 *
 * @since 0.1.0
 */
public enum Direction {
    /** Received by the customer. */
    INBOUND,
    /** Made or sent by the customer. */
    OUTBOUND
}
