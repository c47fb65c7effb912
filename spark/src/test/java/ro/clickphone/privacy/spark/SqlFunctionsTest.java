package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spark.internal.Seams;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

class SqlFunctionsTest {

    private static final int CALLER = CdrRows.OUTPUT_COLUMNS.indexOf("caller");
    private static final int CALLEE = CdrRows.OUTPUT_COLUMNS.indexOf("callee");
    private static final int FORWARDED = CdrRows.OUTPUT_COLUMNS.indexOf("forwarded_to");
    private static final int START = CdrRows.OUTPUT_COLUMNS.indexOf("start");
    private static final int DEVICE_IP = CdrRows.OUTPUT_COLUMNS.indexOf("device_ip");

    /** A session of its own (the same SparkContext): its functions are not the other tests' business. */
    private static SparkSession spark;

    @BeforeAll
    static void register() {
        spark = SharedSpark.session().newSession();
        SparkPseudonymizer.register(spark, FixtureKeys.spec());
        SingleJvm.fixture(spark, 3, true).createOrReplaceTempView("cdrs");
    }

    @Test
    void functions_inSql_giveTheSingleJvmPseudonymsOfTheAcceptedRows() {
        List<Row> rows = spark.sql("SELECT pseudo_phone(caller), pseudo_phone(callee), pseudo_phone(forwarded_to),"
                + " pseudo_ip(device_ip), generalize_time(try_cast(start AS TIMESTAMP)) FROM cdrs").collectAsList();
        List<String[]> expected = SingleJvm.expected();
        int compared = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] want = expected.get(i);
            if (want[SingleJvm.OUTPUT_WIDTH] != null) {
                continue;
            }
            Row row = rows.get(i);
            String at = "data row " + (i + 1);
            assertEquals(want[CALLER], row.getString(0), at);
            assertEquals(want[CALLEE], row.getString(1), at);
            assertEquals(want[FORWARDED], row.getString(2), at);
            assertEquals(want[DEVICE_IP], row.getString(3), at);
            assertEquals(Instant.parse(want[START]), ((Timestamp) row.get(4)).toInstant(), at);
            compared++;
        }
        assertTrue(compared > 900, "compared " + compared);
    }

    @Test
    void rejectedValues_areNull_likeTryFunctions_andNullStaysNull() {
        Row row = spark.sql("SELECT pseudo_phone('+40 999 12'), pseudo_phone('not a number'), pseudo_phone(''),"
                + " pseudo_ip('300.1.2.3'), pseudo_ip('::g'), pseudo_phone(NULL), pseudo_ip(NULL),"
                + " generalize_time(NULL)").first();
        for (int i = 0; i < row.length(); i++) {
            assertTrue(row.isNullAt(i), "column " + i + " is " + row.get(i));
        }
        // the fixture's rows whose caller or device IP a rule rejects: NULL there too
        long badCallers = spark.sql("SELECT count(*) FROM cdrs WHERE caller IS NOT NULL AND pseudo_phone(caller) IS NULL")
                .first().getLong(0);
        long badIps = spark.sql("SELECT count(*) FROM cdrs WHERE device_ip IS NOT NULL AND pseudo_ip(device_ip) IS NULL")
                .first().getLong(0);
        assertEquals(rejectedWith("caller"), badCallers);
        assertEquals(rejectedWith("device_ip"), badIps);
        assertTrue(badCallers > 0 && badIps > 0, "the fixture breaks both rules");
    }

    /** The fixture rows rejected for a value in the column (not for its absence). */
    private static long rejectedWith(String column) {
        int at = CdrRows.INPUT_COLUMNS.indexOf(column);
        long n = 0;
        for (int i = 0; i < SingleJvm.input().size(); i++) {
            if (column.equals(SingleJvm.expected().get(i)[SingleJvm.OUTPUT_WIDTH]) && !SingleJvm.input().get(i)[at].isEmpty()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void generalizeTime_cutsInTheProfilesZone_whateverTheSessionAndJvmZones() {
        assertEquals("Pacific/Chatham", java.util.TimeZone.getDefault().getID(), "the hostile zone");
        // 2026-03-29 00:59:59Z is 02:59:59 in Bucharest, an hour before the DST change: cut to the hour
        Row utc = spark.sql("SELECT generalize_time(TIMESTAMP '2026-03-29 00:59:59')").first();
        assertEquals(Instant.parse("2026-03-29T00:00:00Z"), ((Timestamp) utc.get(0)).toInstant());
        spark.conf().set("spark.sql.session.timeZone", "Asia/Kolkata");
        try {
            Row kolkata = spark.sql("SELECT generalize_time(TIMESTAMP '2026-03-29 06:29:59')").first();
            assertEquals(Instant.parse("2026-03-29T00:00:00Z"), ((Timestamp) kolkata.get(0)).toInstant());
        } finally {
            spark.conf().set("spark.sql.session.timeZone", "UTC");
        }
    }

    @Test
    void generalizeTime_withJava8Api_takesAndGivesInstants() {
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        try {
            Row row = spark.sql("SELECT generalize_time(TIMESTAMP '2026-11-29 07:23:41')").first();
            assertEquals(Instant.parse("2026-11-29T07:00:00Z"), row.get(0));
        } finally {
            spark.conf().set("spark.sql.datetime.java8API.enabled", "false");
        }
    }

    @Test
    void generalizeTime_ofAString_failsTheQuery_sayingToCast() {
        SparkException e = assertThrows(SparkException.class,
                () -> spark.sql("SELECT generalize_time(start) FROM cdrs").collectAsList());
        InvalidInputException cause = Causes.find(e, InvalidInputException.class);
        assertEquals("generalize_time", cause.argument());
        assertTrue(cause.rule().contains("CAST(start AS TIMESTAMP)"), cause.rule());
        assertFalse(Causes.allMessages(e).contains("2026-03-"), "no start time in the error");
    }

    @Test
    void numberColumns_failTheQuery_sayingToFormatTheNumberWithItsPlus() {
        // an MSISDN stored as BIGINT: no ClassCastException, a rule that says what to do
        String[] queries = {"SELECT pseudo_phone(try_cast(substring(caller, 2) AS BIGINT)) FROM cdrs WHERE caller LIKE '+%'",
            "SELECT pseudo_phone(try_cast(substring(caller, 2) AS DECIMAL(20, 0))) FROM cdrs WHERE caller LIKE '+%'"};
        for (String query : queries) {
            Exception e = assertThrows(Exception.class, () -> spark.sql(query).collectAsList(), query);
            InvalidInputException cause = Causes.find(e, InvalidInputException.class);
            assertEquals(SparkPseudonymizer.PSEUDO_PHONE, cause.argument());
            assertTrue(cause.rule().startsWith("takes a STRING, not ") && cause.rule().contains("concat('+', CAST(x AS STRING))"),
                    cause.rule());
            assertAbsent(e, ClassCastException.class);
            assertNoFixtureNumber(e);
        }
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT pseudo_ip(length(device_ip)) FROM cdrs").collectAsList());
        InvalidInputException cause = Causes.find(e, InvalidInputException.class);
        assertEquals(SparkPseudonymizer.PSEUDO_IP, cause.argument());
        assertTrue(cause.rule().startsWith("takes a STRING, not Integer"), cause.rule());
        assertAbsent(e, ClassCastException.class);
    }

    @Test
    void aFaultOfATechnique_failsTheQuery_namingTheFunctionAndType_neverNull_neverTheValue() {
        SparkSession faulty = spark.newSession();
        faulty.udf().register(SparkPseudonymizer.PSEUDO_PHONE, Seams.faultyPseudoPhone(FixtureKeys.spec()),
                DataTypes.StringType);
        SingleJvm.fixture(faulty, 2, true).createOrReplaceTempView("cdrs");
        SparkException e = assertThrows(SparkException.class,
                () -> faulty.sql("SELECT pseudo_phone(caller) FROM cdrs").collectAsList());
        ConfigurationException cause = Causes.find(e, ConfigurationException.class);
        assertTrue(cause.getMessage().startsWith("pseudo_phone: a value could not be processed (IllegalStateException)"),
                cause.getMessage());
        assertNull(cause.getCause(), "the fault is not chained: its message quotes the value");
        assertAbsent(e, IllegalStateException.class);
        assertNoFixtureNumber(e);
    }

    @Test
    void rejected_turnsOnlyARuleIntoNull() {
        CdrPseudonymizer pseudonymizer = FixtureKeys.singleJvm();
        assertNull(Seams.asNull("pseudo_phone", pseudonymizer, p -> p.caller("not a number").orElseThrow()));
        IntegrityException integrity = new IntegrityException("edited");
        assertSame(integrity, assertThrows(IntegrityException.class, () -> Seams.asNull("pseudo_ip", pseudonymizer, p -> {
            throw integrity;
        })));
        ConfigurationException fault = assertThrows(ConfigurationException.class,
                () -> Seams.asNull("pseudo_ip", pseudonymizer, p -> {
                    throw new IllegalArgumentException("bad address 192.0.2.77");
                }));
        assertEquals("pseudo_ip: a value could not be processed (IllegalArgumentException); a fault of the technique,"
                + " not a rule rejecting the value (its message is withheld, as it may quote the value)", fault.getMessage());
        assertNull(fault.getCause());
        assertEquals("+40", Seams.asNull("pseudo_phone", pseudonymizer, p -> "+40"));
    }

    private static void assertAbsent(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(type.isInstance(t), "a " + type.getSimpleName() + " in the cause chain");
        }
    }

    /** No fixture caller, with or without its '+', in any message or stack trace of the chain. */
    private static void assertNoFixtureNumber(Throwable thrown) {
        String text = Causes.allMessages(thrown);
        for (String[] row : SingleJvm.input()) {
            String caller = row[CdrRows.INPUT_COLUMNS.indexOf("caller")];
            if (caller.length() >= 8) {
                assertFalse(text.contains(caller.substring(1)), "the error holds a fixture caller");
            }
        }
    }

    @Test
    void registration_checksItsArguments() {
        assertEquals("session", assertThrows(InvalidInputException.class,
                () -> SparkPseudonymizer.register(null, FixtureKeys.spec())).argument());
        assertEquals("spec", assertThrows(InvalidInputException.class,
                () -> SparkPseudonymizer.register(spark, null)).argument());
    }
}
