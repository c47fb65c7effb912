package ro.clickphone.privacy.core.retention;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;

/**
 * A record a sweep could not dispose of, and why. The record stays due, and a later sweep tries
 * again (after the lease of this one expires).
 *
 * @param record the record (its {@code toString} prints only a fingerprint of the id)
 * @param category its governing category
 * @param reason a code: {@code NO_SOURCE}, {@code LEASE_EXPIRED}, or the simple name of the
 *     exception the source, the key store or the retention store threw
 *
 * @since 0.1.0
 */
public record SweepFailure(RecordRef record, DataCategory category, String reason) {

    /**
     * Validates the components.
     *
     * @param record the record
     * @param category the category
     * @param reason the reason
     * @throws InvalidInputException if a component is null
     */
    public SweepFailure {
        if (record == null || category == null || reason == null) {
            throw new InvalidInputException("sweepFailure", "record, category and reason must not be null");
        }
    }
}
