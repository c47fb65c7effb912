package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.SparkFirehoseListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.JsonProtocol;
import org.apache.spark.util.JsonProtocolOptions;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * What Spark's event log would hold: every listener event of a good Dataset API job, of failed jobs
 * (an edited spec through the Dataset API and a SQL function, a BIGINT given to {@code pseudo_phone})
 * and of a SQL query, written as the event log writes them ({@code JsonProtocol}). A failed task's
 * event carries its exception's message and stack trace: none may hold key material or a fixture value.
 */
class EventLogTest {

    private final SparkSession spark = SharedSpark.session();

    @Test
    void eventsOfGoodAndFailedJobs_holdNoKeyMaterial_andNoFixtureValue() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        JsonProtocolOptions options = new JsonProtocolOptions(spark.sparkContext().getConf());
        SparkFirehoseListener listener = new SparkFirehoseListener() {
            @Override
            public void onEvent(SparkListenerEvent event) {
                events.add(JsonProtocol.sparkEventToJsonString(event, options));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            SparkPseudonymizer.of(FixtureKeys.spec()).withPseudonymMemo(64)
                    .pseudonymize(SingleJvm.fixture(spark, 2, true)).collectAsList();
            PseudonymizationSpec edited = EditedSpecTest.edited();
            assertThrows(Exception.class, () -> SparkPseudonymizer.of(edited)
                    .pseudonymize(SingleJvm.fixture(spark, 2, true)).collectAsList());
            SparkSession sql = spark.newSession();
            SparkPseudonymizer.register(sql, FixtureKeys.spec());
            SingleJvm.fixture(sql, 2, true).createOrReplaceTempView("cdrs");
            sql.sql("SELECT pseudo_phone(caller), pseudo_ip(device_ip), generalize_time(try_cast(start AS TIMESTAMP))"
                    + " FROM cdrs").collectAsList();
            assertThrows(Exception.class, () -> sql.sql("SELECT pseudo_phone(try_cast(substring(caller, 2) AS BIGINT))"
                    + " FROM cdrs WHERE caller LIKE '+%'").collectAsList());
            SparkSession editedSql = spark.newSession();
            SparkPseudonymizer.register(editedSql, edited);
            SingleJvm.fixture(editedSql, 2, true).createOrReplaceTempView("cdrs");
            assertThrows(Exception.class, () -> editedSql.sql("SELECT pseudo_ip(device_ip) FROM cdrs").collectAsList());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        String log = String.join("\n", events);
        // not vacuous: the failed tasks' events are there, with their exceptions
        assertTrue(log.contains("IntegrityException") && log.contains("takes a STRING, not Long"),
                "the failed tasks' reasons are in the events");
        assertFalse(FixtureKeys.holdsKeyMaterial(log.getBytes(StandardCharsets.UTF_8)), "key material in the events");
        int caller = CdrRows.INPUT_COLUMNS.indexOf("caller");
        int deviceIp = CdrRows.INPUT_COLUMNS.indexOf("device_ip");
        for (String[] row : SingleJvm.input()) {
            for (String value : List.of(row[caller].length() >= 8 ? row[caller].substring(1) : "",
                    row[deviceIp].length() >= 9 ? row[deviceIp] : "")) {
                assertFalse(!value.isEmpty() && log.contains(value), "a fixture value in the events, row " + row[0]);
            }
        }
    }
}
