package ro.clickphone.privacy.spi;

/**
 * A storage plugin failed: a database is down, a write conflicted, a row could not be read. The
 * store says whether the failure is transient; nothing the caller asked for was acknowledged.
 *
 * @since 0.1.0
 */
public class StoreException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /** Whether the failure is transient. */
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param message which store and which operation failed; no personal data
     * @param retryable whether the same call may succeed later
     * @param cause the underlying failure, or {@code null}
     */
    public StoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
