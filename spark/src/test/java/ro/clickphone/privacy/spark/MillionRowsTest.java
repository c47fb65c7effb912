package ro.clickphone.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.Direction;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * A million synthetic CDRs, generated in Spark on two partitions and pseudonymized there in one pass:
 * every row accepted, every count right, and every caller and callee pseudonymized. Numbers repeat as
 * a subscriber's do (10 000 callers, 20 000 callees), so the partitions' pseudonym memo carries most
 * of the FF1 work; each row's device IP is its own.
 */
class MillionRowsTest {

    private static final long ROWS = 1_000_000;
    private static final int CALLERS = 10_000;
    /** The caller and callee of row {@code id}: generated into the input, and again from the output's record id. */
    private static final String CALLER = "concat('+40721', lpad(CAST(id % " + CALLERS + " AS STRING), 6, '0'))";
    private static final String CALLEE = "IF(id % 10 = 0, NULL, concat('0722', lpad(CAST((id * 7) % 20000 AS STRING), 6, '0')))";

    @Test
    void aMillionSyntheticCdrs_allAccepted_countsRight_numbersPseudonymized() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> cdrs = spark.range(0, ROWS, 1, 2).selectExpr(
                "concat('smoke-', id) AS record_id",
                "CASE WHEN id % 10 = 0 THEN 'SMS' WHEN id % 50 = 1 THEN 'FAX' ELSE 'CALL' END AS type",
                "IF(id % 2 = 0, 'INBOUND', 'OUTBOUND') AS direction",
                CALLER + " AS caller",
                CALLEE + " AS callee",
                "IF(id % 20 = 3, concat('+40213', lpad(CAST(id % 5000 AS STRING), 6, '0')), NULL) AS forwarded_to",
                "IF(id % 10 = 0, concat('+40723', lpad(CAST(id % 5000 AS STRING), 6, '0')), NULL) AS sms_destination",
                "date_format(timestamp_seconds(1790000000 + id % 2592000), \"yyyy-MM-dd'T'HH:mm:ss'Z'\") AS start",
                "IF(id % 10 = 0, NULL, CAST(id % 3600 AS STRING)) AS duration_seconds",
                "concat_ws('.', '10', CAST(id DIV 65536 % 256 AS STRING), CAST(id DIV 256 % 256 AS STRING),"
                        + " CAST(id % 256 AS STRING)) AS device_ip");
        Dataset<Row> out = SparkPseudonymizer.of(FixtureKeys.spec()).withPseudonymMemo(65_536).pseudonymize(cdrs)
                // the input's caller and callee (in E.164, as the output writes numbers), from the record id
                .withColumn("id", expr("CAST(substring(record_id, 7) AS BIGINT)"))
                .withColumn("in_caller", expr(CALLER))
                .withColumn("in_callee", concat(lit("+40"), substring(expr(CALLEE), 2, 9)));
        Column caller = col("caller");
        Column callee = col("callee");
        Row counts = out.agg(
                count("*"),
                sum(when(col("rejected_rule").isNull(), 1).otherwise(0)),
                countDistinct(caller),
                sum(when(col("type").equalTo("SMS"), 1).otherwise(0)),
                sum(when(col("sms_destination").isNotNull(), 1).otherwise(0)),
                sum(when(col("forwarded_to").isNotNull(), 1).otherwise(0)),
                sum(when(length(caller).equalTo(12).and(caller.startsWith("+40721")), 1).otherwise(0)),
                sum(when(col("device_ip").isNotNull().and(col("start").endsWith(":00:00Z")), 1).otherwise(0)),
                sum(when(length(callee).equalTo(12).and(callee.startsWith("+40722")), 1).otherwise(0)),
                collect_set(when(caller.equalTo(col("in_caller")), col("in_caller"))),
                collect_set(when(callee.equalTo(col("in_callee")), col("in_callee"))))
                .first();
        assertEquals(ROWS, counts.getLong(0), "rows");
        assertEquals(ROWS, counts.getLong(1), "accepted");
        assertEquals(CALLERS, counts.getLong(2), "FF1 is a bijection: as many distinct caller pseudonyms as callers");
        assertEquals(ROWS / 10, counts.getLong(3), "SMS");
        assertEquals(ROWS / 10, counts.getLong(4), "SMS destinations");
        assertEquals(ROWS / 20, counts.getLong(5), "forwarded calls");
        assertEquals(ROWS, counts.getLong(6), "callers keep their length and three leading digits");
        assertEquals(ROWS, counts.getLong(7), "device IPs kept, starts cut to the hour");
        assertEquals(ROWS - ROWS / 10, counts.getLong(8), "callees (in E.164) keep their length and three leading digits");
        // No output number equals its input, except where FF1 itself maps a number to itself: a random
        // permutation of the 10^6 values a kept prefix leaves has such fixed points, about 0.03 of the
        // 30 000 numbers here in a run (the root key is drawn per JVM). Each one found must be one of the
        // single-JVM cipher's; an identity would give all 10 000 callers here.
        CdrPseudonymizer oracle = FixtureKeys.singleJvm();
        List<String> sameCallers = counts.getList(9);
        List<String> sameCallees = counts.getList(10);
        assertTrue(sameCallers.size() + sameCallees.size() <= 3, "numbers left as they were: "
                + sameCallers.size() + " callers, " + sameCallees.size() + " callees");
        for (String number : sameCallers) {
            assertEquals(number, oracle.caller(number).orElseThrow(), "a caller left as it was by Spark alone");
        }
        for (String number : sameCallees) {
            CallDetailRecord call = CallDetailRecord.call("fixed", Direction.INBOUND, "+40721000000", number,
                    Instant.parse("2026-11-29T07:23:41Z"), Duration.ZERO);
            assertEquals(number, oracle.pseudonymize(call).callee().orElseThrow(), "a callee left as it was by Spark alone");
        }
    }
}
