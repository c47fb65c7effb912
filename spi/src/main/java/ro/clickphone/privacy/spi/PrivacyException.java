package ro.clickphone.privacy.spi;

/**
 * Root of every failure the SDK reports. Unchecked: a failure is a programming or an operational
 * error, while an outcome such as a consent denial is a value, not an exception.
 *
 * <p>Messages name what went wrong and where (an argument, a JSON path, a store) and never contain
 * personal data, key material or plaintext. Subtypes say what kind of failure it is, so that
 * callers can tell a retryable store outage from a permanent integrity failure.
 *
 * @since 0.1.0
 */
public abstract class PrivacyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that contains no personal data.
     *
     * @param message what went wrong; must not contain personal data
     */
    protected PrivacyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message that contains no personal data and the failure that caused it.
     *
     * @param message what went wrong; must not contain personal data
     * @param cause the underlying failure, whose own message must not contain personal data either
     */
    protected PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the same call may succeed if tried again later (a store that was briefly unavailable).
     *
     * @return {@code true} if the failure is transient; {@code false} by default
     */
    public boolean isRetryable() {
        return false;
    }
}
