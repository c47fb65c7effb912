package ro.clickphone.privacy.crypto.cdr;

/** Which way a call, SMS or fax went, seen from the ClickPhone customer. */
public enum Direction {
    /** Received by the customer. */
    INBOUND,
    /** Made or sent by the customer. */
    OUTBOUND
}
