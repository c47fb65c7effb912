package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spark.internal.CdrColumns;
import ro.clickphone.privacy.spark.internal.GeneralizeTime;
import ro.clickphone.privacy.spark.internal.PseudoIp;
import ro.clickphone.privacy.spark.internal.PseudoPhone;
import ro.clickphone.privacy.spark.internal.PseudonymizePartitions;

/**
 * The guard: what Spark ships to the executors holds no key material. Every function the module
 * hands to Spark is serialized with Java serialization (what Spark uses for closures and UDFs) and
 * with Kryo (what it uses for data and broadcasts) before and after it ran (a function keeps its
 * unwrapped pseudonymizer in a transient field), and the task binaries Spark itself builds for a
 * Dataset API job and a SQL query are searched too.
 */
class NoKeyMaterialShippedTest {

    private final SparkSession spark = SharedSpark.session();

    @Test
    void theSearch_findsKeyMaterial_whenItIsThere() {
        byte[] keys = javaSerialized(new ArrayList<>(FixtureKeys.keyMaterial()));
        assertTrue(FixtureKeys.holdsKeyMaterial(keys));
        for (byte[] secret : FixtureKeys.keyMaterial()) {
            byte[] hex = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
            assertTrue(FixtureKeys.holdsKeyMaterial(hex));
            byte[] base64 = Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII);
            assertTrue(FixtureKeys.holdsKeyMaterial(base64));
        }
    }

    @Test
    void everyShippedFunction_beforeAndAfterUse_holdsNoKeyMaterial_inJavaOrKryoForm() throws Exception {
        PseudoPhone phone = new PseudoPhone(FixtureKeys.spec());
        PseudoIp ip = new PseudoIp(FixtureKeys.spec());
        GeneralizeTime time = new GeneralizeTime(FixtureKeys.spec());
        PseudonymizePartitions partitions = new PseudonymizePartitions(FixtureKeys.spec(),
                CdrColumns.positions(SingleJvm.inputSchema()), 0);
        PseudonymizePartitions memoPartitions = new PseudonymizePartitions(FixtureKeys.spec(),
                CdrColumns.positions(SingleJvm.inputSchema()), 256);
        List<Serializable> functions = List.of(phone, ip, time, partitions, memoPartitions);
        for (Serializable function : functions) {
            assertClean(function, "unused");
        }
        String pseudonym = phone.call("+40721234567");
        assertNotNull(pseudonym);
        String address = ip.call("192.0.2.17");
        assertNotNull(address);
        assertNotNull(time.call(Timestamp.from(Instant.parse("2026-11-29T07:23:41Z"))));
        List<Row> input = SingleJvm.fixture(spark, 1, true).collectAsList();
        for (PseudonymizePartitions function : List.of(partitions, memoPartitions)) {
            Iterator<Row> out = function.call(input.subList(0, 50).iterator());
            int n = 0;
            while (out.hasNext()) {
                out.next();
                n++;
            }
            assertEquals(50, n);
        }
        for (Serializable function : functions) {
            assertClean(function, "used");
        }
        // and what comes back works the same (the transient pseudonymizer is looked up again)
        assertEquals(pseudonym, javaCopy(phone).call("+40721234567"));
        assertEquals(address, kryoCopy(ip).call("192.0.2.17"));
        assertEquals(pseudonym, kryoCopy(phone).call("+40721234567"));
    }

    @Test
    void theTaskBinariesSparkBuilds_holdNoKeyMaterial() {
        Dataset<Row> out = SparkPseudonymizer.of(FixtureKeys.spec()).withPseudonymMemo(64)
                .pseudonymize(SingleJvm.fixture(spark, 2, true));
        assertEquals(SingleJvm.expected().size(), out.collectAsList().size());
        // what the scheduler serializes into each task: the RDD graph with its functions
        assertClean(out.queryExecution().toRdd(), "Dataset API job");
        SparkSession sql = spark.newSession();
        SparkPseudonymizer.register(sql, FixtureKeys.spec());
        SingleJvm.fixture(sql, 2, true).createOrReplaceTempView("cdrs");
        Dataset<Row> query = sql.sql("SELECT pseudo_phone(caller), pseudo_ip(device_ip),"
                + " generalize_time(try_cast(start AS TIMESTAMP)) FROM cdrs");
        assertEquals(SingleJvm.expected().size(), query.collectAsList().size());
        assertClean(query.queryExecution().toRdd(), "SQL query");
        assertClean(query.queryExecution().executedPlan(), "SQL plan");
    }

    private void assertClean(Object shipped, String when) {
        String what = shipped.getClass().getSimpleName() + " (" + when + ")";
        byte[] java = javaSerialized(shipped);
        assertFalse(FixtureKeys.holdsKeyMaterial(java), what + " in Java form");
        byte[] kryo = kryoSerialized(shipped);
        assertFalse(FixtureKeys.holdsKeyMaterial(kryo), what + " in Kryo form");
    }

    private static byte[] javaSerialized(Object object) {
        return FixtureKeys.serialize(object);
    }


    private Kryo kryo() {
        return new KryoSerializer(spark.sparkContext().getConf()).newKryo();
    }

    private byte[] kryoSerialized(Object object) {
        Output out = new Output(4096, -1);
        kryo().writeClassAndObject(out, object);
        return out.toBytes();
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaCopy(T object) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(javaSerialized(object)))) {
            return (T) in.readObject();
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T kryoCopy(T object) {
        return (T) kryo().readClassAndObject(new Input(kryoSerialized(object)));
    }
}
