package ro.clickphone.privacy.spi;

/**
 * The data key of a (subject, key scope) was destroyed on purpose (crypto-shredding): everything
 * encrypted under it is gone for good. Permanent; a normal outcome after an erasure, so callers can
 * tell it apart from corruption.
 *
 * @since 0.1.0
 */
public class KeyDestroyedException extends KeyUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which key scope was shredded; the subject appears only as its fingerprint
     */
    public KeyDestroyedException(String message) {
        super(message, false, null);
    }
}
