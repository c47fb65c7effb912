package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spi.IntegrityException;

/**
 * The attacker who may submit jobs but holds no root key edits the spec a kit made (here: hour
 * starts become week starts, in the serialized bytes a job carries); the executors refuse it.
 */
class EditedSpecTest {

    private final SparkSession spark = SharedSpark.session();

    @Test
    void editedSpec_isRefusedOnTheExecutor_byTheDatasetApi() throws Exception {
        PseudonymizationSpec edited = edited();
        SparkException e = assertThrows(SparkException.class, () -> SparkPseudonymizer.of(edited)
                .pseudonymize(SingleJvm.fixture(spark, 2, true)).collectAsList());
        Causes.find(e, IntegrityException.class);
        assertNoFixtureValues(e);
    }

    @Test
    void editedSpec_isRefusedOnTheExecutor_bySqlFunctions() throws Exception {
        SparkSession sql = spark.newSession();
        SparkPseudonymizer.register(sql, edited());
        SingleJvm.fixture(sql, 2, true).createOrReplaceTempView("cdrs");
        for (String query : new String[] {"SELECT pseudo_phone(caller) FROM cdrs", "SELECT pseudo_ip(device_ip) FROM cdrs",
            "SELECT generalize_time(try_cast(start AS TIMESTAMP)) FROM cdrs"}) {
            SparkException e = assertThrows(SparkException.class, () -> sql.sql(query).collectAsList(), query);
            Causes.find(e, IntegrityException.class);
            assertNoFixtureValues(e);
        }
    }

    /** The fixture spec, its profile's {@code start=HOUR} turned into {@code start=WEEK} in the serialized bytes. */
    static PseudonymizationSpec edited() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(FixtureKeys.spec());
        }
        String latin = bytes.toString(StandardCharsets.ISO_8859_1);
        assertEquals(latin.indexOf("start=HOUR"), latin.lastIndexOf("start=HOUR"), "one place to edit");
        byte[] edited = latin.replace("start=HOUR", "start=WEEK").getBytes(StandardCharsets.ISO_8859_1);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(edited))) {
            PseudonymizationSpec spec = (PseudonymizationSpec) in.readObject();
            assertNotEquals(FixtureKeys.spec(), spec);
            return spec;
        }
    }

    private static void assertNoFixtureValues(Throwable e) {
        String text = Causes.allMessages(e);
        for (String[] row : SingleJvm.input().subList(0, 100)) {
            assertFalse(row[3].length() >= 6 && text.contains(row[3]), "the error holds a caller");
        }
    }
}
