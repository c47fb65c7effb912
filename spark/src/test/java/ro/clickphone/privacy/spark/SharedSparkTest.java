package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SharedSparkTest {

    @Test
    void session_isLocalTwoOnLoopbackWithKryoAndUtc() {
        SparkSession spark = SharedSpark.session();
        assertEquals("local[2]", spark.sparkContext().master());
        assertEquals("UTC", spark.conf().get("spark.sql.session.timeZone"));
        assertEquals("org.apache.spark.serializer.KryoSerializer", spark.sparkContext().getConf().get("spark.serializer"));
        assertEquals("127.0.0.1", spark.sparkContext().getConf().get("spark.driver.host"));
        assertFalse(spark.sparkContext().ui().isDefined());
    }

    @Test
    void trivialJob_underTheHostileLocale_formatsTimesInUtc() {
        SparkSession spark = SharedSpark.session();
        assertEquals("tr", System.getProperty("user.language"), "the test JVM runs under the hostile locale");
        List<Row> rows = spark.sql("SELECT upper('istanbul') AS city, "
                + "CAST(TIMESTAMP '2026-03-29 01:30:00' AS STRING) AS at, id AS n "
                + "FROM range(3)").collectAsList();
        assertEquals(3, rows.size());
        assertEquals("ISTANBUL", rows.get(0).getString(0));
        assertEquals("2026-03-29 01:30:00", rows.get(0).getString(1));
        long sum = spark.range(1000).repartition(2).map(
                (org.apache.spark.api.java.function.MapFunction<Long, Long>) x -> x * 2, Encoders.LONG())
                .reduce((org.apache.spark.api.java.function.ReduceFunction<Long>) Long::sum);
        assertEquals(999_000L, sum);
    }
}
