package ro.clickphone.privacy.spark.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.spark.SparkPseudonymizer;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The columns of the Dataset API: which input column feeds which of {@link CdrRows#INPUT_COLUMNS},
 * with the header rules of the CSV path (required columns, no unknown column, nothing that looks
 * like SMS content), and the output schema.
 */
public final class CdrColumns {

    /** The output columns: {@link CdrRows#OUTPUT_COLUMNS}, then the rejection's column and rule. */
    public static final List<String> OUTPUT_NAMES;
    /** The output schema: {@link #OUTPUT_NAMES}, nullable strings. */
    public static final StructType OUTPUT_SCHEMA;

    static {
        List<String> names = new ArrayList<>(CdrRows.OUTPUT_COLUMNS);
        names.add(SparkPseudonymizer.REJECTED_COLUMN);
        names.add(SparkPseudonymizer.REJECTED_RULE);
        OUTPUT_NAMES = List.copyOf(names);
        StructType schema = new StructType();
        for (String name : OUTPUT_NAMES) {
            schema = schema.add(name, DataTypes.StringType, true);
        }
        OUTPUT_SCHEMA = schema;
    }

    private static final Set<String> REQUIRED = Set.of("record_id", "type", "direction", "caller", "start");
    /** The names the CSV path refuses as SMS content. */
    private static final Set<String> SMS_CONTENT = Set.of("sms_text", "sms_body", "sms_content", "sms_message", "text",
            "body", "content", "message", "message_text", "message_body", "msg", "msg_text");
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[a-z][a-z_]{0,31}");

    private CdrColumns() {
    }

    /**
     * Where each of {@link CdrRows#INPUT_COLUMNS} is in a Dataset's schema.
     *
     * @param schema the input Dataset's schema
     * @return per input column, its position in the schema, or -1 when the Dataset lacks it
     * @throws InvalidInputException if the schema is not acceptable
     */
    public static int[] positions(StructType schema) {
        StructField[] fields = schema.fields();
        int[] positions = new int[CdrRows.INPUT_COLUMNS.size()];
        Arrays.fill(positions, -1);
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name().strip().toLowerCase(Locale.ROOT);
            String shown = PRINTABLE_NAME.matcher(name).matches() ? "'" + name + "'" : "number " + (i + 1);
            if (SMS_CONTENT.contains(name)) {
                throw new InvalidInputException("cdrs", "has column " + shown + ", which looks like SMS content:"
                        + " the policy never stores or processes the text of SMS, only the numbers they were sent to;"
                        + " drop the column before pseudonymizing");
            }
            int known = CdrRows.INPUT_COLUMNS.indexOf(name);
            if (known < 0) {
                throw new InvalidInputException("cdrs", "has unknown column " + shown + "; known columns are "
                        + CdrRows.INPUT_COLUMNS);
            }
            if (positions[known] >= 0) {
                throw new InvalidInputException("cdrs", "names column " + shown + " twice");
            }
            if (!DataTypes.StringType.equals(fields[i].dataType())) {
                throw new InvalidInputException("cdrs", "has column " + shown + " of type "
                        + fields[i].dataType().simpleString() + "; every column must be a string (cast it)");
            }
            positions[known] = i;
        }
        for (String required : REQUIRED) {
            if (positions[CdrRows.INPUT_COLUMNS.indexOf(required)] < 0) {
                throw new InvalidInputException("cdrs", "lacks required column '" + required + "'");
            }
        }
        return positions;
    }
}
