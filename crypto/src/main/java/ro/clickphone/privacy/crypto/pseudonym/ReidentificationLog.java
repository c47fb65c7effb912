package ro.clickphone.privacy.crypto.pseudonym;

/**
 * Where re-identifications are recorded when no authorisation is wanted
 * ({@link PseudonymAuthorizer#unrestricted(ReidentificationLog)}); the kit authorises through its
 * access control and records in its audit trail instead.
 *
 * <p><b>Contract:</b> {@link #record(Reidentification)} returns only once the record is durable;
 * if it throws, the re-identification fails and the value is not returned. Must be thread-safe.
 * Never logs personal data (the event holds none).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReidentificationLog {

    /**
     * Records a re-identification before it happens.
     *
     * @param event what is re-identified, by whom and why
     */
    void record(Reidentification event);
}
