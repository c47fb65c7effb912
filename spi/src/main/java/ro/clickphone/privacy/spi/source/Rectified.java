package ro.clickphone.privacy.spi.source;

import java.util.Optional;

import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One record a source corrected ({@link PersonalDataSource#rectify}), with the value the field held
 * before, so that the kit can audit a hash of it (never the value) beside the hash of the new one.
 *
 * <p>The previous value is personal data: the kit hashes it at once and keeps it nowhere;
 * {@link #toString()} prints the record only.
 *
 * @param record the record corrected
 * @param previous the value the field held before, or empty when it had none
 *
 * @since 0.1.0
 */
public record Rectified(RecordRef record, Optional<String> previous) {

    /**
     * Checks the components.
     *
     * @param record the record, as the type describes it
     * @param previous the previous, as the type describes it
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a component is null
     */
    public Rectified {
        Checks.notNull(record, "rectified.record");
        Checks.notNull(previous, "rectified.previous");
    }

    @Override
    public String toString() {
        return "Rectified[" + record + "]";
    }
}
