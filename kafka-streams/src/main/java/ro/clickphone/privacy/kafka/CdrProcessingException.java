package ro.clickphone.privacy.kafka;

import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The pseudonymizing processor met a failure that is not the record's fault (a key service that is
 * down, a bug) and fails its stream task instead of dead-lettering the record, so that the record's
 * offset is not committed and the record is read again once the task runs again (under Kafka
 * Streams' default {@code processing.exception.handler}, which fails the thread). Its message names
 * where the record is (topic, partition, offset) and the failure's type, never a value of the record
 * nor the failure's own message (which may quote one); the failure is not chained for that reason.
 * Retryable when the failure was a retryable {@link PrivacyException}, so that
 * {@link CdrTopology#uncaughtExceptionHandler()} replaces the stream thread.
 *
 * @since 0.1.0
 */
public final class CdrProcessingException extends PrivacyException {

    private static final long serialVersionUID = 1L;

    /** Whether the failure was a retryable one. */
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param message where the record is and the failure's type; no personal data
     * @param retryable whether the failure may pass if the record is tried again later
     */
    public CdrProcessingException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * Whether the record may go through if tried again later.
     *
     * @return {@code true} where the failure was a retryable {@link PrivacyException}
     */
    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
