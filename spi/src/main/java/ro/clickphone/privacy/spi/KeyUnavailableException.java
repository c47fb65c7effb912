package ro.clickphone.privacy.spi;

/**
 * A key needed for an operation cannot be had: the key-encryption-key provider does not know it or
 * cannot be reached. Whether it is retryable depends on the cause, as {@link #isRetryable()} tells.
 *
 * @since 0.1.0
 */
public class KeyUnavailableException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /** Whether the failure is transient. */
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param message which key (by name and version, never its bytes) and why
     * @param retryable whether the same call may succeed later
     * @param cause the underlying failure, or {@code null}
     */
    public KeyUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
