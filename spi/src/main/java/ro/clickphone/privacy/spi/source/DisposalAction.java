package ro.clickphone.privacy.spi.source;

/**
 * How a record is disposed of when its retention ends.
 *
 * @since 0.1.0
 */
public enum DisposalAction {

    /** The record is deleted from the source. */
    DELETE,
    /**
     * The record is kept with everything that identifies a person removed or generalized, so that it
     * is no longer personal data (statistics, aggregates).
     */
    ANONYMIZE,
    /**
     * The record is deleted and the subject's data key of its key scope is destroyed, so that every
     * copy of its ciphertext (backups, residual copies on servers) becomes unreadable. The source
     * deletes what it holds; the kit destroys the key, and only when no record that must still be
     * kept uses that (subject, key scope).
     */
    CRYPTO_SHRED
}
