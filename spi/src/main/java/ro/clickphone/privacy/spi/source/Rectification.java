package ro.clickphone.privacy.spi.source;

import java.util.Optional;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A correction a subject asked for (GDPR art. 16): one field of a category's data set to a new
 * value, in one record or in every record of the subject at the source that holds the field.
 *
 * <p>The value is personal data: {@link #toString()} names the category, the field and the record
 * only.
 *
 * @param category the category of the data corrected
 * @param field the field's name as the source's export names it (e.g. {@code email})
 * @param value the corrected value, in clear; the source encrypts what it stores encrypted and
 *     recomputes its blind indexes
 * @param record the one record to correct, or empty for every record of the subject holding the field
 *
 * @since 0.1.0
 */
public record Rectification(DataCategory category, String field, String value, Optional<RecordRef> record) {

    /** A field name as {@link ExportedRecord} has them. */
    private static final Syntax FIELD = Syntax.of("A-Za-z", "A-Za-z0-9_", 1, ExportedRecord.MAX_FIELD_NAME);

    /** The longest value. */
    public static final int MAX_VALUE = 4096;

    /**
     * Checks the components.
     *
     * @param category the category, as the type describes it
     * @param field the field, as the type describes it
     * @param value the value, as the type describes it
     * @param record the record, as the type describes it
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a component is null, the field is
     *     not a field name as {@link ExportedRecord} allows them, or the value is longer than
     *     {@link #MAX_VALUE} or holds control
     *     characters
     */
    public Rectification {
        Checks.notNull(category, "rectification.category");
        Checks.identifier(field, "rectification.field", FIELD, "letters, digits and _, a letter first, at most "
                + ExportedRecord.MAX_FIELD_NAME);
        Checks.text(value, "rectification.value", MAX_VALUE);
        Checks.notNull(record, "rectification.record");
    }

    /**
     * A correction of a field in every record of the subject that holds it.
     *
     * @param category the category
     * @param field the field
     * @param value the corrected value
     * @return the rectification
     */
    public static Rectification of(DataCategory category, String field, String value) {
        return new Rectification(category, field, value, Optional.empty());
    }

    @Override
    public String toString() {
        return "Rectification[" + category.id() + "." + field + record.map(r -> " in " + r).orElse("") + "]";
    }
}
