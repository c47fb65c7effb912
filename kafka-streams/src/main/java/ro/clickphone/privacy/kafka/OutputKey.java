package ro.clickphone.privacy.kafka;

/**
 * The key of the records the pseudonymizer writes. The input key is not copied by default: the
 * producer of a CDR topic often keys it by the subscriber's phone number (so that a subscriber's
 * records stay in order on one partition), and a raw number in the key of the pseudonymized topic
 * would undo the pseudonymization.
 *
 * @since 0.1.0
 */
public enum OutputKey {

    /**
     * The record id (the platform's own id of the CDR, in UTF-8), which the CDR model requires to
     * carry no personal data. Spreads records over partitions. The default. A rejected record's
     * dead letter has no key (its record id may be what was wrong with it).
     */
    RECORD_ID,

    /**
     * The caller's pseudonym (or token, or mask, as the profile says; in UTF-8), so that the records
     * of one calling number stay together and in order on one output partition, as they would with
     * the raw number as key, for a consumer that counts or joins per caller. No key where the profile
     * drops the caller. Dead letters have no key.
     */
    CALLER_PSEUDONYM,

    /** No key: the producer's partitioner spreads the records. Dead letters have no key either. */
    NONE,

    /**
     * The input record's key, unchanged, on pseudonymized records and dead letters alike. Choose
     * it only when the input key is known to hold no personal data (an opaque switch or batch id):
     * the pseudonymizer never reads the key and cannot tell.
     */
    INPUT_KEY
}
