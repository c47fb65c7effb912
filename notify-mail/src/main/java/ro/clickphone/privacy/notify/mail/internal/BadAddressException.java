package ro.clickphone.privacy.notify.mail.internal;

/**
 * An address of a message cannot be used: it is not one well-formed e-mail address, or its local
 * part is not ASCII (which would need SMTPUTF8, not supported here). The message names the role
 * ({@code to} or {@code from}), never the address.
 */
public final class BadAddressException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String role;
    private final boolean unsupported;

    /**
     * A malformed address.
     *
     * @param role {@code to} or {@code from}
     */
    public BadAddressException(String role) {
        this(role, false);
    }

    /**
     * A malformed or an unsupported address.
     *
     * @param role {@code to} or {@code from}
     * @param unsupported {@code true} if well-formed but not ASCII in its local part
     */
    public BadAddressException(String role, boolean unsupported) {
        super("the " + role + " address is " + (unsupported ? "not ASCII in its local part" : "not one well-formed e-mail address"));
        this.role = role;
        this.unsupported = unsupported;
    }

    /**
     * Which address was refused.
     *
     * @return {@code to} or {@code from}
     */
    public String role() {
        return role;
    }

    /**
     * The permanent failure's code: {@code address-invalid} or {@code address-unsupported} for the
     * recipient, {@code sender-invalid} for the sender.
     *
     * @return the code
     */
    public String code() {
        if (!"to".equals(role)) {
            return "sender-invalid";
        }
        return unsupported ? "address-unsupported" : "address-invalid";
    }
}
