package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;

class CdrPseudonymizerTest {

    private static final Pseudonyms PSEUDONYMS = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
            e -> { });
    private static final CdrProfile PROFILE = CdrProfile.builder("analytics")
            .numbers(NumberTechnique.ff1(3))
            .deviceIp(IpTechnique.cryptoPan())
            .startTime(TimeGranularity.HOUR)
            .durations(DurationBuckets.callDurations())
            .build();
    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(PSEUDONYMS, PROFILE);
    private static final Instant START = Instant.parse("2026-11-29T07:23:41Z");

    @Test
    void record_isPseudonymizedFieldByField() {
        CallDetailRecord call = CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "0731 111 222",
                START, Duration.ofSeconds(192)).withForwardedTo("+40212345678").withDeviceIp("192.0.2.17");
        PseudonymizedCdr out = CDRS.pseudonymize(call);
        assertEquals("c-1", out.recordId());
        assertTrue(out.caller().orElseThrow().matches("\\+40721\\d{6}"));
        assertTrue(out.callee().orElseThrow().matches("\\+40731\\d{6}"));
        assertTrue(out.forwardedTo().orElseThrow().matches("\\+40212\\d{6}"));
        assertEquals(Optional.empty(), out.smsDestination());
        assertEquals(Optional.of(Instant.parse("2026-11-29T07:00:00Z")), out.start());
        assertEquals(Optional.of("PT1M-PT5M"), out.duration());
        assertNotEquals("192.0.2.17", out.deviceIp().orElseThrow());
        assertEquals(out.caller(), CDRS.pseudonymize(CallDetailRecord.call("c-2", Direction.INBOUND, "+40 721 234 567",
                "+40731111222", START, Duration.ZERO)).caller());
        assertFalse(out.toString().contains("+40"), out.toString());
        assertFalse(call.toString().contains("721"), call.toString());
    }

    @Test
    void whatTheProfileDoesNotName_isDropped() {
        CdrPseudonymizer callerOnly = CdrPseudonymizer.create(PSEUDONYMS,
                CdrProfile.builder("analytics").caller(NumberTechnique.token()).build());
        PseudonymizedCdr out = callerOnly.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND,
                "+40721234567", "+40731111222", START, Duration.ofSeconds(5)).withDeviceIp("192.0.2.17"));
        assertTrue(out.caller().orElseThrow().startsWith("v1."));
        assertEquals(Optional.empty(), out.callee());
        assertEquals(Optional.empty(), out.deviceIp());
        assertEquals(Optional.empty(), out.start());
        assertEquals(Optional.empty(), out.duration());
    }

    @Test
    void maskingAndTruncation_techniques() {
        CdrPseudonymizer display = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("support")
                .numbers(NumberTechnique.mask()).deviceIp(IpTechnique.truncate()).exactStartTime().exactDurations()
                .build());
        PseudonymizedCdr out = display.pseudonymize(CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567",
                "0731 111 222", START, Duration.ofSeconds(75)).withDeviceIp("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        assertEquals(Optional.of("+40 7** *** *67"), out.caller());
        assertEquals(Optional.of("+40 7** *** *22"), out.callee());
        assertEquals(Optional.of("2001:db8:85a3::"), out.deviceIp());
        assertEquals(Optional.of(START), out.start());
        assertEquals(Optional.of("75"), out.duration());
        CdrPseudonymizer masked = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("support")
                .caller(NumberTechnique.drop()).deviceIp(IpTechnique.mask()).build());
        assertEquals(Optional.of("192.0.x.x"), masked.pseudonymize(CallDetailRecord.call("c-2", Direction.INBOUND,
                "+40721234567", "+40731111222", START, Duration.ZERO).withDeviceIp("192.0.2.17")).deviceIp());
    }

    @Test
    void smsRecords_carryNumbersOnly() {
        CallDetailRecord sms = CallDetailRecord.sms("s-1", Direction.OUTBOUND, "+40721234567", "+40731111222", START);
        PseudonymizedCdr out = CDRS.pseudonymize(sms);
        assertTrue(out.smsDestination().orElseThrow().matches("\\+40731\\d{6}"));
        assertThrows(InvalidInputException.class, () -> new CallDetailRecord("s-2", CdrType.SMS, Direction.OUTBOUND,
                "+40721234567", Optional.of("+40731111222"), Optional.empty(), Optional.empty(), START, Duration.ZERO,
                Optional.empty()));
        assertThrows(InvalidInputException.class, () -> CallDetailRecord.sms("s-3", Direction.OUTBOUND, "+40721234567",
                null, START));
    }

    @Test
    void invalidField_isNamed_notEchoed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CDRS.pseudonymize(
                CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40 731 11", START, Duration.ZERO)));
        assertEquals("callee", e.argument());
        assertFalse(e.getMessage().contains("731"), e.getMessage());
        InvalidInputException ip = assertThrows(InvalidInputException.class, () -> CDRS.pseudonymize(
                CallDetailRecord.call("c-1", Direction.OUTBOUND, "+40721234567", "+40731111222", START, Duration.ZERO)
                        .withDeviceIp("sip.example.ro")));
        assertEquals("deviceIp", ip.argument());
    }

    @Test
    void profile_refusesSmallDomainsAndRepeats() {
        assertThrows(ConfigurationException.class, () -> CdrPseudonymizer.create(PSEUDONYMS,
                CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(5)).build()));
        assertThrows(ConfigurationException.class,
                () -> CdrProfile.builder("analytics").caller(NumberTechnique.mask()).caller(NumberTechnique.drop()));
        assertThrows(InvalidInputException.class, () -> CdrProfile.builder("Analytics"));
    }

    // --- bulk CSV ---

    private static String csv(String header, List<String> rows) {
        return header + "\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    private static List<String> rows(int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String callee = i % 10 == 0 ? "+40 731 12" : String.format("+40731%06d", i);
            rows.add("r-" + i + ",CALL,OUTBOUND," + String.format("+40721%06d", i * 7) + "," + callee
                    + ",,,2026-11-29T07:" + String.format("%02d", i % 60) + ":00Z," + (i % 400) + ",192.0.2." + (i % 250));
        }
        return rows;
    }

    private static final String HEADER = "record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,"
            + "duration_seconds,device_ip";

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    @Test
    void bulk_writesGoodRows_inOrder_andReportsBadOnes_onAnyThreadCount() throws Exception {
        String input = csv(HEADER, rows(1000));
        StringWriter single = new StringWriter();
        BulkReport one = CdrCsv.pseudonymize(new StringReader(input), single, CDRS,
                new BulkOptions(1, 7, false, 1000, 0));
        StringWriter parallel = new StringWriter();
        BulkReport two = CdrCsv.pseudonymize(new StringReader(input), parallel, CDRS,
                new BulkOptions(2, 7, false, 5, 0));
        assertEquals(single.toString(), parallel.toString());
        assertEquals(1000, one.rowsRead());
        assertEquals(900, one.rowsWritten());
        assertEquals(100, one.rowsRejected());
        assertEquals(new Rejection(10, "callee", "is not a valid phone number for its country"), one.rejections().get(0));
        assertEquals(5, two.rejections().size());
        assertEquals(Optional.empty(), one.stopped());
        List<CSVRecord> out = parse(single.toString());
        assertEquals(CdrCsv.OUTPUT_HEADER, out.get(0).getParser().getHeaderNames());
        assertEquals("r-1", out.get(0).get("record_id"));
        assertEquals("r-11", out.get(9).get("record_id"));
        assertTrue(out.get(0).get("caller").matches("\\+40721\\d{6}"));
        assertEquals("PT0S-PT30S", out.get(0).get("duration"));
        assertFalse(single.toString().contains("+40721000007"));
        for (Rejection r : one.rejections()) {
            assertFalse(r.reason().contains("731"), r.reason());
        }
    }

    @Test
    void bulk_stopsWhenAsked_andResumes() throws Exception {
        String input = csv(HEADER, rows(25));
        StringWriter first = new StringWriter();
        BulkReport stopped = CdrCsv.pseudonymize(new StringReader(input), first, CDRS,
                new BulkOptions(2, 4, true, 10, 0));
        assertEquals(10, stopped.rowsRead());
        assertEquals(9, stopped.rowsWritten());
        assertTrue(stopped.stopped().orElseThrow().contains("row 10"));
        StringWriter rest = new StringWriter();
        BulkReport resumed = CdrCsv.pseudonymize(new StringReader(input), rest, CDRS,
                BulkOptions.defaults().skippingRows(stopped.rowsRead()));
        assertEquals(25, resumed.rowsRead());
        assertEquals(14, resumed.rowsWritten());
        assertEquals(1, resumed.rowsRejected());
        assertEquals(20, resumed.rejections().get(0).row());
    }

    @Test
    void bulk_malformedRowsAndCsv() throws Exception {
        List<String> rows = new ArrayList<>(rows(3));
        rows.add(1, "r-x,CALL,OUTBOUND,+40721234567");
        rows.add("r-y,CALL,OUTBOUND,+40721234567,+40731111222,,,not-a-time,1,");
        rows.add("r-z,CALL,SIDEWAYS,+40721234567,+40731111222,,,2026-11-29T07:00:00Z,1,");
        rows.add("r-q,CALL,OUTBOUND,\"+40721234567,+40731111222");
        StringWriter out = new StringWriter();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(csv(HEADER, rows)), out, CDRS, BulkOptions.defaults());
        assertEquals(new Rejection(2, "row", "has another number of cells than the header"), report.rejections().get(0));
        assertEquals("start", report.rejections().get(1).field());
        assertEquals("direction", report.rejections().get(2).field());
        assertEquals(3, report.rowsWritten());
        assertTrue(report.stopped().orElseThrow().contains("not well-formed CSV"), report.stopped().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sms_text", "Body", "message", "content"})
    void bulk_smsContentColumn_refusesTheFile(String column) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CdrCsv.pseudonymize(
                new StringReader(HEADER + "," + column + "\r\n"), new StringWriter(), CDRS, BulkOptions.defaults()));
        assertTrue(e.getMessage().contains("SMS content"), e.getMessage());
    }

    @Test
    void bulk_badHeaders_areRefused_withoutEchoingData() {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> CdrCsv.pseudonymize(
                new StringReader("record_id,type,direction,caller\r\n"), new StringWriter(), CDRS, BulkOptions.defaults()));
        assertTrue(missing.getMessage().contains("'start'"), missing.getMessage());
        InvalidInputException noHeader = assertThrows(InvalidInputException.class, () -> CdrCsv.pseudonymize(
                new StringReader("r-1,CALL,OUTBOUND,+40721234567,+40731111222,,,2026-11-29T07:00:00Z,1,\r\n"),
                new StringWriter(), CDRS, BulkOptions.defaults()));
        assertFalse(noHeader.getMessage().contains("+40721234567"), noHeader.getMessage());
        assertTrue(noHeader.getMessage().contains("header row missing"), noHeader.getMessage());
        for (String header : List.of("caller,caller\r\n", "record_id,type,direction,caller,start,start\r\n",
                "+40721234567,+40721234567\r\n", "\"unclosed\r\n", "\r\n", "")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> CdrCsv.pseudonymize(
                    new StringReader(header), new StringWriter(), CDRS, BulkOptions.defaults()));
            assertFalse(e.getMessage().contains("40721234567"), e.getMessage());
        }
    }
}
