package ro.clickphone.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * The README's Spark snippet (section "Scale-out: Kafka Streams and Spark"), line for line as
 * {@code ReadmeSnippetsTest} in examples checks it, run for real on the shared fixture in Parquet:
 * the Dataset API writes exactly the single-JVM path's accepted rows, and the SQL functions give
 * the same caller pseudonyms and start hours.
 */
class ReadmeScaleOutSparkTest {

    private static final int WIDTH = SingleJvm.OUTPUT_WIDTH;
    private static final int CALLER = CdrRows.OUTPUT_COLUMNS.indexOf("caller");
    private static final int START = CdrRows.OUTPUT_COLUMNS.indexOf("start");

    @Test
    void readme_datasetApiAndSqlFunctions_giveTheSingleJvmOutput(@TempDir Path dir) {
        SparkSession spark = SharedSpark.session().newSession();   // its functions and view are this test's own
        PseudonymizationSpec spec = FixtureKeys.spec();
        String lake = dir.resolve("cdrs").toString();
        String pseudonymized = dir.resolve("cdrs-pseudonymized").toString();
        SingleJvm.fixture(spark, 3, true).write().parquet(lake);

        // the README's block
        Dataset<Row> cdrs = spark.read().parquet(lake);
        Dataset<Row> out = SparkPseudonymizer.of(spec).pseudonymize(cdrs);
        out.where(col("rejected_rule").isNull()).drop("rejected_column", "rejected_rule").write().parquet(pseudonymized);
        SparkPseudonymizer.register(spark, spec);
        cdrs.createOrReplaceTempView("cdrs");
        Dataset<Row> calls = spark.sql("SELECT record_id, pseudo_phone(caller) AS caller,"
                + " generalize_time(try_cast(start AS TIMESTAMP)) AS start FROM cdrs");

        Map<String, String[]> accepted = new HashMap<>();
        for (String[] row : SingleJvm.expected()) {
            if (row[WIDTH] == null) {
                accepted.put(row[0], Arrays.copyOf(row, WIDTH));
            }
        }
        assertEquals(CdrFixture.acceptedCount(), accepted.size());
        List<Row> written = spark.read().parquet(pseudonymized).collectAsList();
        assertEquals(accepted.size(), written.size());
        for (Row row : written) {
            String[] cells = SingleJvm.cells(row);
            assertArrayEquals(accepted.get(cells[0]), cells, cells[0]);
        }
        int compared = 0;
        for (Row row : calls.collectAsList()) {
            String[] want = accepted.get(row.getString(0));
            if (want != null) {
                assertEquals(want[CALLER], row.getString(1), want[0]);
                assertEquals(Instant.parse(want[START]), ((Timestamp) row.get(2)).toInstant(), want[0]);
                compared++;
            }
        }
        assertEquals(accepted.size(), compared);
    }
}
