package ro.clickphone.privacy.crypto.cdr;

/**
 * What a telephony log record is about.
 *
 * @since 0.1.0
 */
public enum CdrType {
    /** A voice call. */
    CALL,
    /** An SMS: the record holds the numbers, never the text. */
    SMS,
    /** A fax. */
    FAX
}
