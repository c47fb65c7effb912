package ro.clickphone.privacy.core.incident;

import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Whether the versions of an incident in the store are the versions the register recorded: each
 * report and update put a SHA-256 digest of the version it stored into the signed, hash-chained
 * audit trail; a version rewritten in the store afterwards no longer matches its digest.
 *
 * @param incidentId the incident
 * @param versions how many versions the store holds
 * @param altered the versions whose stored form differs from the digest audited when they were
 *     recorded, in order
 * @param unaudited the versions for which the trail holds no digest (recorded before digests were
 *     audited, or added to the store around the register), in order
 *
 * @since 0.1.0
 */
public record HistoryVerification(String incidentId, int versions, List<Integer> altered, List<Integer> unaudited) {

    /**
     * Validates the components and copies the lists.
     *
     * @param incidentId the incident, as the type describes it
     * @param versions the count, as the type describes it
     * @param altered the altered versions, as the type describes it
     * @param unaudited the unaudited versions, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or the count is negative
     */
    public HistoryVerification {
        Check.notNull(incidentId, "verification.incidentId");
        if (versions < 0) {
            throw new InvalidInputException("verification.versions", "must not be negative");
        }
        altered = Check.list(altered, "verification.altered");
        unaudited = Check.list(unaudited, "verification.unaudited");
    }

    /**
     * Whether every stored version matches the digest audited for it.
     *
     * @return {@code true} if none is altered or unaudited
     */
    public boolean intact() {
        return altered.isEmpty() && unaudited.isEmpty();
    }
}
