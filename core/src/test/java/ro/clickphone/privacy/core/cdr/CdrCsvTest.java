package ro.clickphone.privacy.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The CSV bulk mode of the CDR pseudonymizer: order, rejections, stop and resume, refused headers. */
class CdrCsvTest {

    private static final Pseudonyms PSEUDONYMS = CdrFixtures.PSEUDONYMS;
    private static final CdrProfile PROFILE = CdrFixtures.PROFILE;
    private static final CdrPseudonymizer CDRS = CdrFixtures.CDRS;

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
                BulkOptions.defaults().withSkipRows(stopped.rowsRead()));
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
        assertEquals("start", report.rejections().get(1).column());
        assertEquals("direction", report.rejections().get(2).column());
        assertEquals(3, report.rowsWritten());
        assertTrue(report.stopped().orElseThrow().contains("not well-formed CSV"), report.stopped().orElseThrow());
    }

    @Test
    void bulk_rejection_namesTheCsvColumn_asTheHeaderDoes() throws Exception {
        List<String> rows = List.of("r-1,CALL,OUTBOUND,+40721234567,+40731111222,,,2026-11-29T07:00:00Z,1,999.0.2.1",
                "r-2,CALL,OUTBOUND,+40721234567,+40731111222,+4021,,2026-11-29T07:00:00Z,1,",
                "r-3,CALL,OUTBOUND,+40721234567,+40731111222,,,2026-11-29T07:00:00Z,-5,",
                "bad id!,CALL,OUTBOUND,+40721234567,+40731111222,,,2026-11-29T07:00:00Z,1,");
        BulkReport report = CdrCsv.pseudonymize(new StringReader(csv(HEADER, rows)), new StringWriter(), CDRS,
                BulkOptions.defaults());
        List<String> columns = report.rejections().stream().map(Rejection::column).toList();
        assertEquals(List.of("device_ip", "forwarded_to", "duration_seconds", "record_id"), columns);
        for (String column : columns) {
            assertTrue(HEADER.contains(column), column);
        }
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
