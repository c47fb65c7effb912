package ro.clickphone.privacy.spi;

/**
 * Data failed an integrity check: a ciphertext that does not decrypt under its key and context, a
 * tampered audit chain. The message is the same whatever went wrong inside a decryption, so that
 * the API is no oracle. Permanent.
 *
 * @since 0.1.0
 */
public class IntegrityException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a fixed description of the failed check; no personal data, no key material
     */
    public IntegrityException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message a fixed description of the failed check; no personal data, no key material
     * @param cause the underlying failure
     */
    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
