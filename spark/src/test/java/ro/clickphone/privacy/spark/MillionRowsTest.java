package ro.clickphone.privacy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * A million synthetic CDRs, generated in Spark on two partitions and pseudonymized there in one pass:
 * every row accepted, every count right. Numbers repeat as a subscriber's do (10 000 callers), so
 * the partitions' pseudonym memo carries most of the FF1 work; each row's device IP is its own.
 */
class MillionRowsTest {

    private static final long ROWS = 1_000_000;
    private static final int CALLERS = 10_000;

    @Test
    void aMillionSyntheticCdrs_allAccepted_countsRight() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> cdrs = spark.range(0, ROWS, 1, 2).selectExpr(
                "concat('smoke-', id) AS record_id",
                "CASE WHEN id % 10 = 0 THEN 'SMS' WHEN id % 50 = 1 THEN 'FAX' ELSE 'CALL' END AS type",
                "IF(id % 2 = 0, 'INBOUND', 'OUTBOUND') AS direction",
                "concat('+40721', lpad(CAST(id % " + CALLERS + " AS STRING), 6, '0')) AS caller",
                "IF(id % 10 = 0, NULL, concat('0722', lpad(CAST((id * 7) % 20000 AS STRING), 6, '0'))) AS callee",
                "IF(id % 20 = 3, concat('+40213', lpad(CAST(id % 5000 AS STRING), 6, '0')), NULL) AS forwarded_to",
                "IF(id % 10 = 0, concat('+40723', lpad(CAST(id % 5000 AS STRING), 6, '0')), NULL) AS sms_destination",
                "date_format(timestamp_seconds(1790000000 + id % 2592000), \"yyyy-MM-dd'T'HH:mm:ss'Z'\") AS start",
                "IF(id % 10 = 0, NULL, CAST(id % 3600 AS STRING)) AS duration_seconds",
                "concat_ws('.', '10', CAST(id DIV 65536 % 256 AS STRING), CAST(id DIV 256 % 256 AS STRING),"
                        + " CAST(id % 256 AS STRING)) AS device_ip");
        Dataset<Row> out = SparkPseudonymizer.of(FixtureKeys.spec()).withPseudonymMemo(65_536).pseudonymize(cdrs);
        Row counts = out.agg(
                count("*"),
                sum(when(col("rejected_rule").isNull(), 1).otherwise(0)),
                countDistinct(col("caller")),
                sum(when(col("type").equalTo("SMS"), 1).otherwise(0)),
                sum(when(col("sms_destination").isNotNull(), 1).otherwise(0)),
                sum(when(col("forwarded_to").isNotNull(), 1).otherwise(0)),
                sum(when(length(col("caller")).equalTo(12).and(col("caller").startsWith("+40721")), 1).otherwise(0)),
                sum(when(col("device_ip").isNotNull().and(col("start").endsWith(":00:00Z")), 1).otherwise(0)))
                .first();
        assertEquals(ROWS, counts.getLong(0), "rows");
        assertEquals(ROWS, counts.getLong(1), "accepted");
        assertEquals(CALLERS, counts.getLong(2), "FF1 is a bijection: as many distinct caller pseudonyms as callers");
        assertEquals(ROWS / 10, counts.getLong(3), "SMS");
        assertEquals(ROWS / 10, counts.getLong(4), "SMS destinations");
        assertEquals(ROWS / 20, counts.getLong(5), "forwarded calls");
        assertEquals(ROWS, counts.getLong(6), "callers keep their length and three leading digits");
        assertEquals(ROWS, counts.getLong(7), "device IPs kept, starts cut to the hour");
    }
}
