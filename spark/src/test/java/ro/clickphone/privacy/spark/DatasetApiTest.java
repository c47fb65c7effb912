package ro.clickphone.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spi.InvalidInputException;

class DatasetApiTest {

    private final SparkSession spark = SharedSpark.session();

    @ParameterizedTest(name = "pseudonym memo {0}")
    @ValueSource(ints = {0, 64})
    void fixture_givesTheSingleJvmOutput_rowByRow(int memo) {
        SparkPseudonymizer cdrs = SparkPseudonymizer.of(FixtureKeys.spec());
        if (memo > 0) {
            cdrs = cdrs.withPseudonymMemo(memo);
        }
        Dataset<Row> out = cdrs.pseudonymize(SingleJvm.fixture(spark, 4, false));
        assertEquals(SparkPseudonymizer.outputSchema(), out.schema());
        List<Row> rows = out.collectAsList();
        List<String[]> expected = SingleJvm.expected();
        assertEquals(expected.size(), rows.size());
        int rejected = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(expected.get(i), SingleJvm.cells(rows.get(i)), "data row " + (i + 1));
            rejected += rows.get(i).isNullAt(SingleJvm.OUTPUT_WIDTH + 1) ? 0 : 1;
        }
        assertEquals(CdrFixture.rejectedCount(), rejected);
    }

    @Test
    void rejectedRows_nameTheFixturesColumn_andNeverRepeatAValue() {
        List<Row> rows = SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(SingleJvm.fixture(spark, 2, true))
                .collectAsList();
        Map<Long, String> rejectedColumns = CdrFixture.rejectedColumns();
        List<Long> rejectedRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String column = row.getString(SingleJvm.OUTPUT_WIDTH);
            if (column == null) {
                assertTrue(row.isNullAt(SingleJvm.OUTPUT_WIDTH + 1));
                continue;
            }
            rejectedRows.add(i + 1L);
            assertEquals(rejectedColumns.get(i + 1L), column, "data row " + (i + 1));
            for (int c = 1; c < SingleJvm.OUTPUT_WIDTH; c++) {
                assertTrue(row.isNullAt(c), "a rejected row's output cells are NULL");
            }
            String rule = row.getString(SingleJvm.OUTPUT_WIDTH + 1);
            String[] input = SingleJvm.input().get(i);
            for (int c = 3; c < input.length; c++) {
                // the personal cells: numbers, start, duration, device IP
                if (input[c].length() >= 3 && c != CdrRows.INPUT_COLUMNS.indexOf("duration_seconds")) {
                    assertFalse(rule.contains(input[c]), "row " + (i + 1) + "'s rule repeats its " + c + "th cell");
                }
            }
        }
        assertEquals(List.copyOf(rejectedColumns.keySet()), rejectedRows);
    }

    @Test
    void columns_inAnyOrder_andOptionalOnesMissing_areAccepted() {
        Dataset<Row> fixture = SingleJvm.fixture(spark, 2, true);
        Dataset<Row> reordered = fixture.select(col("device_ip"), col("start"), col("caller"), col("callee"),
                col("forwarded_to"), col("sms_destination"), col("duration_seconds"), col("direction"), col("type"),
                col("record_id"));
        List<Row> rows = SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(reordered).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(SingleJvm.expected().get(i), SingleJvm.cells(rows.get(i)), "data row " + (i + 1));
        }
        // without the device IP: no row gives one, and the other cells of the good rows stay the same
        List<Row> noIp = SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(fixture.drop("device_ip"))
                .collectAsList();
        int compared = 0;
        for (int i = 0; i < noIp.size(); i++) {
            String[] expected = SingleJvm.expected().get(i);
            assertTrue(noIp.get(i).isNullAt(CdrRows.OUTPUT_COLUMNS.indexOf("device_ip")));
            if (expected[SingleJvm.OUTPUT_WIDTH] == null) {
                String[] got = SingleJvm.cells(noIp.get(i));
                for (int c = 0; c < SingleJvm.OUTPUT_WIDTH - 1; c++) {
                    assertEquals(expected[c], got[c], "data row " + (i + 1) + ", column " + c);
                }
                compared++;
            }
        }
        assertEquals(CdrFixture.acceptedCount(), compared);
    }

    @Test
    void parquet_roundTrip_inAndOut(@TempDir Path dir) {
        String in = dir.resolve("cdrs").toString();
        String out = dir.resolve("pseudonymized").toString();
        SingleJvm.fixture(spark, 3, true).write().parquet(in);
        SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(spark.read().parquet(in)).write().parquet(out);
        Dataset<Row> back = spark.read().parquet(out);
        assertEquals(SparkPseudonymizer.outputSchema(), back.schema());
        // Parquet files are read back in another order than written: compare sorted
        List<String> got = new ArrayList<>();
        for (Row row : back.collectAsList()) {
            got.add(SingleJvm.render(SingleJvm.cells(row)));
        }
        List<String> expected = new ArrayList<>();
        for (String[] row : SingleJvm.expected()) {
            expected.add(SingleJvm.render(row));
        }
        got.sort(null);
        expected.sort(null);
        assertEquals(expected, got);
    }

    @Test
    void smsContentColumn_refusesTheDataset() {
        Dataset<Row> withText = SingleJvm.fixture(spark, 1, true).withColumn("sms_text", col("caller"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(withText));
        assertEquals("cdrs", e.argument());
        assertTrue(e.rule().contains("'sms_text'") && e.rule().contains("SMS content"), e.rule());
    }

    @Test
    void unacceptableSchemas_areRefusedOnTheDriver_namingTheColumn() {
        Dataset<Row> fixture = SingleJvm.fixture(spark, 1, true);
        SparkPseudonymizer cdrs = SparkPseudonymizer.of(FixtureKeys.spec());
        assertRefused(cdrs, fixture.drop("caller"), "lacks required column 'caller'");
        assertRefused(cdrs, fixture.withColumn("imsi", col("caller")), "unknown column 'imsi'");
        assertRefused(cdrs, fixture.withColumn("Caller ", col("callee")), "names column 'caller' twice");
        assertRefused(cdrs, fixture.withColumn("duration_seconds", col("duration_seconds").cast(DataTypes.LongType)),
                "column 'duration_seconds' of type bigint");
        assertRefused(cdrs, fixture.withColumn("Über", col("caller")), "unknown column number 11");
        assertThrows(InvalidInputException.class, () -> cdrs.pseudonymize(null));
    }

    private static void assertRefused(SparkPseudonymizer cdrs, Dataset<Row> input, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> cdrs.pseudonymize(input));
        assertTrue(e.rule().contains(expected), e.rule());
    }

    @Test
    void outputSchema_isACopy_thatTheCallerCannotChangeForLaterJobs() {
        StructType schema = SparkPseudonymizer.outputSchema();
        schema.fields()[0] = new StructField("caller_in_clear", DataTypes.StringType, true, Metadata.empty());
        assertEquals("record_id", SparkPseudonymizer.outputSchema().fields()[0].name());
        Dataset<Row> out = SparkPseudonymizer.of(FixtureKeys.spec()).pseudonymize(SingleJvm.fixture(spark, 1, true));
        assertEquals(SparkPseudonymizer.outputColumns(), List.of(out.schema().fieldNames()));
    }

    @Test
    void arguments_areChecked() {
        assertEquals("spec", assertThrows(InvalidInputException.class, () -> SparkPseudonymizer.of(null)).argument());
        SparkPseudonymizer cdrs = SparkPseudonymizer.of(FixtureKeys.spec());
        for (int bad : new int[] {-1, 1, SparkPseudonymizer.MAX_PSEUDONYM_MEMO + 1}) {
            assertEquals("pseudonymMemo", assertThrows(InvalidInputException.class,
                    () -> cdrs.withPseudonymMemo(bad)).argument());
        }
        assertEquals(cdrs.toString(), cdrs.withPseudonymMemo(0).toString());
        assertTrue(cdrs.withPseudonymMemo(2).toString().endsWith(", memo 2]"), cdrs.withPseudonymMemo(2).toString());
        assertEquals(SparkPseudonymizer.outputColumns().size(), SparkPseudonymizer.outputSchema().size());
        assertEquals(List.of(SparkPseudonymizer.REJECTED_COLUMN, SparkPseudonymizer.REJECTED_RULE),
                SparkPseudonymizer.outputColumns().subList(SingleJvm.OUTPUT_WIDTH, SingleJvm.OUTPUT_WIDTH + 2));
    }
}
