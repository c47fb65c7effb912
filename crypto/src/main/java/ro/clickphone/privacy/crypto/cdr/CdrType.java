package ro.clickphone.privacy.crypto.cdr;

/** What a telephony log record is about. */
public enum CdrType {
    /** A voice call. */
    CALL,
    /** An SMS: the record holds the numbers, never the text. */
    SMS,
    /** A fax. */
    FAX
}
