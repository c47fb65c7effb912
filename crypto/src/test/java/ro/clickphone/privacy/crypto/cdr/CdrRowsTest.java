package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;

/** Cells to records and back, each rule with its column, and no value in any rejection. */
class CdrRowsTest {

    private static final Pseudonyms PSEUDONYMS = Pseudonyms.create(
            PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])), PseudonymAuthorizer.unrestricted(e -> { }));
    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(PSEUDONYMS, CdrFixture.profile());
    private static final CdrPseudonymizer EXACT = CdrPseudonymizer.create(PSEUDONYMS,
            CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3)).deviceIp(IpTechnique.cryptoPan())
                    .exactStartTime().exactDurations().build());

    /** A good call: record_id, type, direction, caller, callee, forwarded_to, sms_destination, start, duration, IP. */
    private static String[] call() {
        return new String[] {"cdr-1", "CALL", "INBOUND", "+40721234567", "0731 111 222", "+40212345678", "",
            "2026-03-29T01:27:04.654Z", "192", "2a02:2f0c:1:2::5"};
    }

    private static String[] sms() {
        return new String[] {"sms-1", "SMS", "OUTBOUND", "0744000321", "", "", "+40731000456",
            "2026-03-29T00:59:59Z", "", "86.120.7.9"};
    }

    private static String[] with(String[] cells, int column, String value) {
        String[] changed = cells.clone();
        changed[column] = value;
        return changed;
    }

    @Test
    void columns_areTheCsvHeaders_inOrder() {
        assertEquals(List.of("record_id", "type", "direction", "caller", "callee", "forwarded_to", "sms_destination",
                "start", "duration_seconds", "device_ip"), CdrRows.INPUT_COLUMNS);
        assertEquals(List.of("record_id", "type", "direction", "caller", "callee", "forwarded_to", "sms_destination",
                "start", "duration", "device_ip"), CdrRows.OUTPUT_COLUMNS);
    }

    @Test
    void parse_goodCall_givesEveryField() {
        CallDetailRecord record = CdrRows.parse(call());
        assertEquals("cdr-1", record.recordId());
        assertEquals(CdrType.CALL, record.type());
        assertEquals(Direction.INBOUND, record.direction());
        assertEquals("+40721234567", record.caller());
        assertEquals(Optional.of("0731 111 222"), record.callee());
        assertEquals(Optional.of("+40212345678"), record.forwardedTo());
        assertEquals(Optional.empty(), record.smsDestination());
        assertEquals(Instant.parse("2026-03-29T01:27:04.654Z"), record.start());
        assertEquals(Duration.ofSeconds(192), record.duration());
        assertEquals(Optional.of("2a02:2f0c:1:2::5"), record.deviceIp());
    }

    @Test
    void parse_nullOrEmptyCells_areAbsent_andNoDurationIsZero() {
        String[] cells = sms();
        cells[5] = null;
        cells[8] = null;
        cells[9] = "";
        CallDetailRecord record = CdrRows.parse(cells);
        assertEquals(Optional.empty(), record.callee());
        assertEquals(Optional.empty(), record.forwardedTo());
        assertEquals(Optional.of("+40731000456"), record.smsDestination());
        assertEquals(Duration.ZERO, record.duration());
        assertEquals(Optional.empty(), record.deviceIp());
    }

    @Test
    void parse_typeAndDirection_ignoreCaseAndBlanks_whateverTheDefaultLocale() {
        // under tr_TR a default-locale upper case of "sms" or "inbound" would be "SMS" and "İNBOUND"
        CallDetailRecord record = CdrRows.parse(with(with(sms(), 1, " sms "), 2, "inbound"));
        assertEquals(CdrType.SMS, record.type());
        assertEquals(Direction.INBOUND, record.direction());
        assertEquals(Direction.OUTBOUND, CdrRows.parse(with(call(), 2, "Outbound\t")).direction());
    }

    static Stream<Arguments> brokenRules() {
        String secret = "+40799123456";
        return Stream.of(
                Arguments.of("type missing", with(call(), 1, ""), "type", "must be given"),
                Arguments.of("type unknown", with(call(), 1, secret), "type", "must be one of [CALL, SMS, FAX]"),
                Arguments.of("direction missing", with(call(), 2, null), "direction", "must be given"),
                Arguments.of("direction unknown", with(call(), 2, secret), "direction",
                        "must be one of [INBOUND, OUTBOUND]"),
                Arguments.of("start missing", with(call(), 7, ""), "start", "must be given"),
                Arguments.of("start not ISO", with(call(), 7, "2026-03-29 01:00:00 " + secret), "start",
                        "must be an ISO-8601 instant such as 2026-11-29T07:00:00Z"),
                Arguments.of("start before 1970", with(call(), 7, "1969-12-31T23:59:59Z"), "start",
                        "must be between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z"),
                Arguments.of("start at 2100", with(call(), 7, "2100-01-01T00:00:00Z"), "start",
                        "must be between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z"),
                Arguments.of("duration not a number", with(call(), 8, secret + "s"), "duration_seconds",
                        "must be whole seconds"),
                Arguments.of("duration negative", with(call(), 8, "-5"), "duration_seconds",
                        "must be between 0 and 10000000"),
                Arguments.of("duration too long", with(call(), 8, "10000001"), "duration_seconds",
                        "must be between 0 and 10000000"),
                Arguments.of("record id", with(call(), 0, "id " + secret), "record_id",
                        "must be 1 to 64 letters, digits, '.', '_', ':' or '-'"),
                Arguments.of("caller missing", with(call(), 3, ""), "caller", "must be given"),
                Arguments.of("caller too long", with(call(), 3, secret.repeat(6)), "caller",
                        "is longer than 64 characters"),
                Arguments.of("device IP too long", with(call(), 9, secret.repeat(6)), "device_ip",
                        "is longer than 64 characters"),
                Arguments.of("SMS with callee", with(sms(), 4, secret), "callee",
                        "must be empty for an SMS; give smsDestination"),
                Arguments.of("call without callee", with(call(), 4, ""), "callee", "must be given for a call or fax"),
                Arguments.of("call with SMS destination", with(call(), 6, secret), "sms_destination",
                        "is only for SMS records"),
                Arguments.of("SMS without destination", with(sms(), 6, ""), "sms_destination",
                        "must be given for an SMS"),
                Arguments.of("too few cells", new String[] {"cdr-1", "CALL", secret}, "row",
                        "must have 10 cells, in the order " + CdrRows.INPUT_COLUMNS),
                Arguments.of("no cells", null, "row", "must have 10 cells, in the order " + CdrRows.INPUT_COLUMNS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void parse_brokenRule_namesTheColumn_notTheValue(String name, String[] cells, String column, String rule) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CdrRows.parse(cells));
        assertEquals(column, e.argument());
        assertEquals(rule, e.rule());
        assertFalse(e.getMessage().contains("799123456"), e.getMessage());
        assertEquals(new CdrRejection(column, rule), CdrRows.rejection(e));
        // the same through the whole row, with or without a job
        assertEquals(e.getMessage(), assertThrows(InvalidInputException.class,
                () -> CdrRows.pseudonymize(CDRS, cells)).getMessage());
        try (CdrJob job = CDRS.job(16)) {
            assertEquals(e.getMessage(), assertThrows(InvalidInputException.class,
                    () -> CdrRows.pseudonymize(job, cells)).getMessage());
        }
    }

    @Test
    void parse_rowBreakingSeveralRules_isBlamedOnTheFirst_inTheCsvBulkModesOrder() {
        // type and direction presence, start, duration, type and direction values, then the record
        String[] cells = with(with(with(call(), 0, "bad id"), 8, "x"), 1, "VIDEO");
        assertEquals("duration_seconds", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(cells)).argument());
        assertEquals("start", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(with(cells, 7, "1900-01-01T00:00:00Z"))).argument());
        assertEquals("type", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(with(with(call(), 0, "bad id"), 1, "VIDEO"))).argument());
    }

    @Test
    void parse_withARange_acceptsItsOwn_andRefusesBadBounds() {
        Instant from = Instant.parse("1950-01-01T00:00:00Z");
        Instant to = Instant.parse("2000-01-01T00:00:00Z");
        assertEquals(Instant.parse("1960-06-01T00:00:00Z"),
                CdrRows.parse(with(call(), 7, "1960-06-01T00:00:00Z"), from, to).start());
        InvalidInputException outside = assertThrows(InvalidInputException.class, () -> CdrRows.parse(call(), from, to));
        assertEquals("start", outside.argument());
        assertEquals("must be between 1950-01-01T00:00:00Z and 2000-01-01T00:00:00Z", outside.rule());
        assertEquals("startRange", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(call(), to, from)).argument());
        assertEquals("startRange", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(call(), null, to)).argument());
        assertEquals("startRange", assertThrows(InvalidInputException.class,
                () -> CdrRows.parse(call(), from, null)).argument());
    }

    static Stream<Arguments> pseudonymizerRules() {
        return Stream.of(
                Arguments.of("caller", with(call(), 3, "+4079912")),
                Arguments.of("callee", with(call(), 4, "0799123")),
                Arguments.of("forwarded_to", with(call(), 5, "+999799123456")),
                Arguments.of("sms_destination", with(sms(), 6, "07991234x6")),
                Arguments.of("device_ip", with(call(), 9, "79.91.234.560")),
                Arguments.of("device_ip", with(call(), 9, "2a02:799::1::5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pseudonymizerRules")
    void pseudonymize_valueThePseudonymizerRefuses_namesTheColumn_notTheValue(String column, String[] cells) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CdrRows.pseudonymize(CDRS, cells));
        assertEquals(column, e.argument());
        assertFalse(e.getMessage().contains("799"), e.getMessage());
        CdrRejection rejection = CdrRows.rejection(e);
        assertEquals(column, rejection.column());
        assertEquals(e.rule(), rejection.rule());
        assertFalse(rejection.toString().contains("799"), rejection.toString());
        try (CdrJob job = CDRS.job(16)) {
            assertEquals(e.getMessage(), assertThrows(InvalidInputException.class,
                    () -> CdrRows.pseudonymize(job, cells)).getMessage());
        }
    }

    @Test
    void cells_areTheOutputColumns_withEmptyForDroppedFields() {
        String[] out = CdrRows.pseudonymize(CDRS, call());
        assertEquals(CdrRows.OUTPUT_COLUMNS.size(), out.length);
        assertEquals("cdr-1", out[0]);
        assertEquals("CALL", out[1]);
        assertEquals("INBOUND", out[2]);
        assertTrue(out[3].matches("\\+40721\\d{6}"), "caller keeps its country code and 3 digits");
        assertTrue(out[4].matches("\\+40731\\d{6}"), "callee in national form comes out in E.164");
        assertTrue(out[5].matches("\\+40212\\d{6}"));
        assertEquals("", out[6]);
        // 01:27 UTC on the night Bucharest went to summer time: cut to the hour in Bucharest
        assertEquals("2026-03-29T01:00:00Z", out[7]);
        assertEquals("PT1M-PT5M", out[8]);
        assertNotEquals("2a02:2f0c:1:2::5", out[9]);
        assertTrue(out[9].contains(":"));

        CdrPseudonymizer callerOnly = CdrPseudonymizer.create(PSEUDONYMS,
                CdrProfile.builder("analytics").caller(NumberTechnique.ff1(3)).build());
        String[] dropped = CdrRows.pseudonymize(callerOnly, call());
        assertArrayEquals(new String[] {"cdr-1", "CALL", "INBOUND", out[3], "", "", "", "", "", ""}, dropped);
    }

    @Test
    void cells_exactStart_isWrittenAsInstantToStringDoes() {
        String[] out = CdrRows.pseudonymize(EXACT, call());
        assertEquals("2026-03-29T01:27:04.654Z", out[7]);
        assertEquals("192", out[8]);
        assertEquals("0", CdrRows.pseudonymize(EXACT, sms())[8]);
        for (String start : List.of("2026-03-29T01:27:04Z", "2026-03-29T01:27:04.100Z", "2026-03-29T01:27:04.000001Z",
                "2026-03-29T01:27:04.000000001Z", "1970-01-01T00:00:00Z")) {
            assertEquals(Instant.parse(start).toString(), CdrRows.pseudonymize(EXACT, with(call(), 7, start))[7]);
        }
    }

    @Test
    void pseudonymize_isParseThenPseudonymizerThenCells_andAJobGivesTheSame() {
        String[] cells = call();
        String[] direct = CdrRows.pseudonymize(CDRS, cells);
        assertArrayEquals(CdrRows.cells(CDRS.pseudonymize(CdrRows.parse(cells))), direct);
        assertArrayEquals(call(), cells, "the input cells are not changed");
        try (CdrJob job = CDRS.job(16)) {
            assertArrayEquals(direct, CdrRows.pseudonymize(job, cells));
            assertArrayEquals(direct, CdrRows.pseudonymize(job, cells));
            assertTrue(job.memoSize() > 0);
        }
    }

    @Test
    void pseudonymize_closedJob_throwsAsTheJobDoes_andIsARowRejection() {
        CdrJob job = CDRS.job(0);
        job.close();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CdrRows.pseudonymize(job, call()));
        assertEquals(new CdrRejection("row", "ConfigurationException"), CdrRows.rejection(e));
    }

    @Test
    void rejection_namesComponentsAsColumns_andOtherArgumentsAsRow() {
        assertEquals("device_ip", CdrRows.rejection(new InvalidInputException("deviceIp", "r")).column());
        assertEquals("forwarded_to", CdrRows.rejection(new InvalidInputException("forwardedTo", "r")).column());
        assertEquals("sms_destination", CdrRows.rejection(new InvalidInputException("smsDestination", "r")).column());
        assertEquals("record_id", CdrRows.rejection(new InvalidInputException("recordId", "r")).column());
        assertEquals("duration_seconds", CdrRows.rejection(new InvalidInputException("duration", "r")).column());
        assertEquals("caller", CdrRows.rejection(new InvalidInputException("caller", "r")).column());
        assertEquals("device_ip", CdrRows.rejection(new InvalidInputException("device_ip", "r")).column());
        assertEquals("row", CdrRows.rejection(new InvalidInputException("record", "r")).column());
        assertEquals("row", CdrRows.rejection(new InvalidInputException("memoEntries", "r")).column());
        assertEquals("row", CdrRows.rejection(new InvalidInputException(null, "r")).column());
    }

    @Test
    void rejection_ofOtherExceptions_givesTheTypeOnly_neverTheMessage() {
        String secret = "+40721234567 from 86.120.7.9";
        CdrRejection integrity = CdrRows.rejection(new IntegrityException(secret));
        assertEquals(new CdrRejection("row", "IntegrityException"), integrity);
        CdrRejection other = CdrRows.rejection(new IllegalStateException(secret));
        assertEquals(new CdrRejection("row", "could not be processed (IllegalStateException)"), other);
        // anonymous classes have no simple name: the nearest named superclass's stands in
        assertEquals(new CdrRejection("row", "could not be processed (IllegalArgumentException)"),
                CdrRows.rejection(new IllegalArgumentException(secret) { }));
        assertEquals(new CdrRejection("row", "PrivacyException"), CdrRows.rejection(new PrivacyException(secret) { }));
        assertEquals(new CdrRejection("row", "IntegrityException"),
                CdrRows.rejection(new IntegrityException(secret) { }));
        assertEquals("exception", assertThrows(InvalidInputException.class, () -> CdrRows.rejection(null)).argument());
    }

    @Test
    void rejection_requiresAColumnAndARule() {
        assertThrows(InvalidInputException.class, () -> new CdrRejection(null, "rule"));
        assertThrows(InvalidInputException.class, () -> new CdrRejection("caller", " "));
    }

    @Test
    void nullArguments_areRefusedByName() {
        assertEquals("pseudonymizer", assertThrows(InvalidInputException.class,
                () -> CdrRows.pseudonymize((CdrPseudonymizer) null, call())).argument());
        assertEquals("job", assertThrows(InvalidInputException.class,
                () -> CdrRows.pseudonymize((CdrJob) null, call())).argument());
        assertEquals("record", assertThrows(InvalidInputException.class, () -> CdrRows.cells(null)).argument());
    }
}
