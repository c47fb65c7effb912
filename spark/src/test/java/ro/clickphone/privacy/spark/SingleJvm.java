package ro.clickphone.privacy.spark;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * The oracle: the single-JVM bulk CSV path ({@code CdrCsv} with {@link FixtureKeys#singleJvm()})
 * over the shared fixture, and the fixture as a Spark Dataset.
 */
final class SingleJvm {

    /** The output columns' count ({@link CdrRows#OUTPUT_COLUMNS}). */
    static final int OUTPUT_WIDTH = CdrRows.OUTPUT_COLUMNS.size();
    /** CallDetailRecord's record-id rule, written down again here as an independent oracle. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private SingleJvm() {
    }

    /**
     * What the Dataset API must give for each fixture row, in the row's order: the output cells as the
     * CSV path writes them, with {@code null} where the CSV path writes an empty cell (an absent or
     * dropped field: no field is ever an empty string, so the CSV's empty cell is the API's
     * {@code NULL}), then the rejection's column and rule ({@code null} when accepted). A rejected
     * row's cells are {@code null} but for its record id when that is well-formed and not the column at
     * fault.
     */
    static List<String[]> expected() {
        return Holder.EXPECTED;
    }

    /** The fixture's input rows. */
    static List<String[]> input() {
        return Holder.INPUT;
    }

    /**
     * The fixture as a Dataset of string columns named {@link CdrRows#INPUT_COLUMNS}, in order, over
     * {@code partitions} partitions.
     *
     * @param emptyAsNull whether an absent cell is {@code NULL} (as Parquet or Spark's CSV reader
     *     give it) rather than {@code ""}
     */
    static Dataset<Row> fixture(SparkSession spark, int partitions, boolean emptyAsNull) {
        List<Row> rows = new ArrayList<>();
        for (String[] cells : input()) {
            Object[] values = new Object[cells.length];
            for (int i = 0; i < cells.length; i++) {
                values[i] = emptyAsNull && cells[i].isEmpty() ? null : cells[i];
            }
            rows.add(RowFactory.create(values));
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(rows, partitions), inputSchema());
    }

    static StructType inputSchema() {
        StructType schema = new StructType();
        for (String column : CdrRows.INPUT_COLUMNS) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema;
    }

    /** A Spark output row's cells, {@code NULL} as {@code null}: compared with {@link #expected()}, "" is not NULL. */
    static String[] cells(Row row) {
        String[] cells = new String[row.length()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = row.isNullAt(i) ? null : row.getString(i);
        }
        return cells;
    }

    /** Rows rendered for messages and sorted comparisons. */
    static String render(String[] cells) {
        return Arrays.toString(cells);
    }

    private static final class Holder {

        static final List<String[]> INPUT = CdrFixture.rows();
        static final List<String[]> EXPECTED = compute();

        private static List<String[]> compute() {
            StringWriter out = new StringWriter();
            Map<Long, Rejection> rejections = new HashMap<>();
            try (Reader in = new InputStreamReader(CdrFixture.csv(), StandardCharsets.UTF_8)) {
                CdrCsv.pseudonymize(in, out, FixtureKeys.singleJvm(), BulkOptions.defaults(),
                        r -> rejections.put(r.row(), r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Iterator<CSVRecord> written;
            try {
                written = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new StringReader(out.toString())).getRecords().iterator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String[]> expected = new ArrayList<>();
            for (int i = 0; i < INPUT.size(); i++) {
                String[] row = new String[OUTPUT_WIDTH + 2];
                Rejection rejection = rejections.get(i + 1L);
                if (rejection == null) {
                    String[] cells = written.next().values();
                    for (int c = 0; c < OUTPUT_WIDTH; c++) {
                        row[c] = cells[c].isEmpty() ? null : cells[c];
                    }
                } else {
                    String recordId = INPUT.get(i)[0];
                    if (!"record_id".equals(rejection.column()) && RECORD_ID.matcher(recordId).matches()) {
                        row[0] = recordId;
                    }
                    row[OUTPUT_WIDTH] = rejection.column();
                    row[OUTPUT_WIDTH + 1] = rejection.reason();
                }
                expected.add(row);
            }
            if (written.hasNext()) {
                throw new IllegalStateException("the CSV path wrote more rows than the fixture has good rows");
            }
            return List.copyOf(expected);
        }
    }
}
