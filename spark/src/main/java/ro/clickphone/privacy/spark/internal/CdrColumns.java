package ro.clickphone.privacy.spark.internal;

import java.util.ArrayList;
import java.util.List;
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
        List<String> names = new ArrayList<>(fields.length);
        for (StructField field : fields) {
            names.add(field.name());
        }
        int[] positions = CdrRows.positions(names, "cdrs");
        for (int known = 0; known < positions.length; known++) {
            int at = positions[known];
            if (at >= 0 && !DataTypes.StringType.equals(fields[at].dataType())) {
                throw new InvalidInputException("cdrs", "has column '" + CdrRows.INPUT_COLUMNS.get(known) + "' of type "
                        + fields[at].dataType().simpleString() + "; every column must be a string (cast it)");
            }
        }
        return positions;
    }
}
