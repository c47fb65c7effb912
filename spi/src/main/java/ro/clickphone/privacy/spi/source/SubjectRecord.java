package ro.clickphone.privacy.spi.source;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One record a source holds about a subject, as {@link PersonalDataSource#find} reports it: its
 * reference, the category of the data it holds and whether processing of it is restricted. It holds
 * no value of the record, so it is safe to log and to keep.
 *
 * @param record the record, one of the reporting source's
 * @param category the category of the data in the record, one the source holds
 * @param restricted whether processing of the record is restricted (GDPR art. 18) at the source
 *
 * @since 0.1.0
 */
public record SubjectRecord(RecordRef record, DataCategory category, boolean restricted) {

    /**
     * Checks the components.
     *
     * @param record the record, as the type describes it
     * @param category the category, as the type describes it
     * @param restricted the restricted, as the type describes it
     * @throws InvalidInputException if the record or the category is null
     */
    public SubjectRecord {
        Checks.notNull(record, "subjectRecord.record");
        Checks.notNull(category, "subjectRecord.category");
    }
}
