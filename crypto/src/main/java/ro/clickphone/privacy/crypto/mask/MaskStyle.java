package ro.clickphone.privacy.crypto.mask;

/**
 * How a value is masked for display and logs.
 *
 * @since 0.1.0
 */
public enum MaskStyle {
    /** A phone number: country code, first and last two digits, {@code +40 7** *** *67}. */
    PHONE,
    /** An e-mail address: first character and domain, {@code i***@example.ro}. */
    EMAIL,
    /** An IP address: the network half, {@code 192.168.x.x} or {@code 2001:db8:85a3:x:x:x:x:x}. */
    IP,
    /** Free text such as a name: first character, {@code I***}. */
    TEXT,
    /** Nothing shown: {@code ***}. */
    FULL
}
