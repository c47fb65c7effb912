package ro.clickphone.privacy.spi.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One record of a subject's data as a source {@linkplain PersonalDataSource#export exports} it for
 * an access or portability request: the record, its category, where its data came from and its
 * fields in clear (a source decrypts what it stores encrypted, for the export only).
 *
 * <p>Field values are JSON scalars: {@link String}, {@link Boolean}, {@link Integer}, {@link Long},
 * {@link BigInteger}, {@link BigDecimal}, {@link Instant} and {@link LocalDate} (written in ISO-8601),
 * or null for a field that has no value. Field names follow {@link Names#RULE}-like syntax
 * (lower-case letters, digits and {@code _}, or camelCase letters), at most 64 characters; the
 * order given is the order written.
 *
 * <p>The fields are personal data: {@link #toString()} prints the record reference, the category
 * and the field names only.
 *
 * @param record the record, one of the exporting source's
 * @param category the category of the data in it, one the source holds
 * @param provenance where the data came from
 * @param origin for data not collected from the subject ({@link Provenance#THIRD_PARTY}), who it came
 *     from (GDPR art. 15(1)(g)), e.g. "your Custom PBX administrator"; empty otherwise
 * @param fields the fields, by name, in the order they are written
 *
 * @since 0.1.0
 */
public record ExportedRecord(RecordRef record, DataCategory category, Provenance provenance,
        Optional<String> origin, Map<String, Object> fields) {

    /** The longest field name. */
    public static final int MAX_FIELD_NAME = 64;

    /**
     * Checks and copies the components.
     *
     * @param record the record, as the type describes it
     * @param category the category, as the type describes it
     * @param provenance the provenance, as the type describes it
     * @param origin the origin, as the type describes it
     * @param fields the fields, as the type describes it
     * @throws InvalidInputException if a component is null, a field name is malformed, or a value is
     *     not one of the JSON scalar types listed above
     */
    public ExportedRecord {
        Checks.notNull(record, "exportedRecord.record");
        Checks.notNull(category, "exportedRecord.category");
        Checks.notNull(provenance, "exportedRecord.provenance");
        Checks.notNull(origin, "exportedRecord.origin");
        origin.ifPresent(o -> Checks.text(o, "exportedRecord.origin", 256));
        Checks.notNull(fields, "exportedRecord.fields");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String name = field.getKey();
            if (name == null || !validFieldName(name)) {
                throw new InvalidInputException("exportedRecord.fields",
                        "field names must be letters, digits and _, a letter first, at most " + MAX_FIELD_NAME);
            }
            Object value = field.getValue();
            if (value != null && !(value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal
                    || value instanceof Instant || value instanceof LocalDate)) {
                throw new InvalidInputException("exportedRecord.fields",
                        "field " + name + " holds a " + value.getClass().getSimpleName() + ", not a JSON scalar");
            }
            copy.put(name, value);
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * A record of data the subject provided, with no origin.
     *
     * @param record the record
     * @param category its category
     * @param fields its fields
     * @return the exported record
     */
    public static ExportedRecord provided(RecordRef record, DataCategory category, Map<String, Object> fields) {
        return new ExportedRecord(record, category, Provenance.PROVIDED, Optional.empty(), fields);
    }

    /**
     * A record of data observed from the subject's use of the service, with no origin.
     *
     * @param record the record
     * @param category its category
     * @param fields its fields
     * @return the exported record
     */
    public static ExportedRecord observed(RecordRef record, DataCategory category, Map<String, Object> fields) {
        return new ExportedRecord(record, category, Provenance.OBSERVED, Optional.empty(), fields);
    }

    private static boolean validFieldName(String name) {
        if (name.isEmpty() || name.length() > MAX_FIELD_NAME || !Character.isLetter(name.charAt(0))
                || name.charAt(0) > 'z') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ExportedRecord[" + record + ", " + category.id() + ", " + provenance + ", fields="
                + fields.keySet() + "]";
    }
}
