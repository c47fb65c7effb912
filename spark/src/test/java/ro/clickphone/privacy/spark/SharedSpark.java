package ro.clickphone.privacy.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: {@code local[2]} on loopback, Kryo on, UTC session zone, no
 * UI, few shuffle partitions. Started by the first test that asks and stopped by Spark's own
 * shutdown hook when the JVM ends; tests never stop it (a second session start costs seconds).
 */
final class SharedSpark {

    private SharedSpark() {
    }

    /**
     * The session, started on first use.
     *
     * @return the shared session
     */
    static SparkSession session() {
        return Holder.SESSION;
    }

    private static final class Holder {

        static final SparkSession SESSION = SparkSession.builder()
                .appName("clickphone-privacy-spark-tests")
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }
}
