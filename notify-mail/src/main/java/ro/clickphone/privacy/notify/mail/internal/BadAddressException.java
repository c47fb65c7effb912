package ro.clickphone.privacy.notify.mail.internal;

/**
 * An address of a message is not one well-formed e-mail address. The message names the role
 * ({@code to} or {@code from}), never the address.
 */
public final class BadAddressException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String role;

    /**
     * Creates the exception.
     *
     * @param role {@code to} or {@code from}
     */
    public BadAddressException(String role) {
        super("the " + role + " address is not one well-formed e-mail address");
        this.role = role;
    }

    /**
     * Which address was refused.
     *
     * @return {@code to} or {@code from}
     */
    public String role() {
        return role;
    }
}
