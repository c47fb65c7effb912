package ro.clickphone.privacy.spi;

/**
 * An append to an ordered log (the audit trail) lost a race: another writer appended the sequence
 * number first. Retryable: the writer reads the new head and tries again.
 *
 * @since 0.1.0
 */
public class SequenceConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which log and which sequence number; no personal data
     */
    public SequenceConflictException(String message) {
        super(message, true, null);
    }
}
