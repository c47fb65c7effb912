package ro.clickphone.privacy.spi;

/**
 * An operation would break the privacy policy: storing a payment card number, processing for a
 * purpose the policy does not declare, sharing with a recipient it does not name. Permanent.
 *
 * @since 0.1.0
 */
public class PolicyViolationException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which rule of the policy the operation would break; no personal data
     */
    public PolicyViolationException(String message) {
        super(message);
    }
}
