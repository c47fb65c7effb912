package ro.clickphone.privacy.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.CharBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.cdr.CallDetailRecord;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;
import ro.clickphone.privacy.crypto.pseudonym.DurationBuckets;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.crypto.pseudonym.TimeGranularity;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A CDR file from an operator is input from outside: one stray quote, a date in year 999999999 or a
 * row that trips an unexpected exception must cost that row (or stop the run, with a reason), never
 * the process's memory or the whole run.
 */
class CdrCsvHostileInputTest {

    private static final Pseudonyms PSEUDONYMS = CdrFixtures.PSEUDONYMS;
    private static final CdrProfile PROFILE = CdrFixtures.PROFILE;
    private static final CdrPseudonymizer CDRS = CdrFixtures.CDRS;
    private static final String HEADER = "record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,"
            + "duration_seconds,device_ip\r\n";

    private static String row(int i, String start) {
        return "r-" + i + ",CALL,OUTBOUND," + String.format("+40721%06d", i) + "," + String.format("+40731%06d", i)
                + ",,," + start + "," + i + ",192.0.2." + i + "\r\n";
    }

    private static String row(int i) {
        return row(i, "2026-11-29T07:00:00Z");
    }

    /** A file of {@code size} characters made as it is read, that counts how many the parser took. */
    private static final class LongFile extends Reader {
        private final CharBuffer head;
        private final long size;
        private long served;

        LongFile(String head, long size) {
            this.head = CharBuffer.wrap(head);
            this.size = size;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (served >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - served);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = head.hasRemaining() ? head.get() : (i % 80 == 79 ? '\n' : 'x');
            }
            served += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void strayQuoteEarlyIn20MegabyteFile_stopsWithRecordSizeReason_afterReadingAboutTheLimit(int threads)
            throws IOException {
        StringBuilder head = new StringBuilder(HEADER);
        for (int i = 1; i <= 3; i++) {
            head.append(row(i));
        }
        long quoteAt = head.length() + "r-4,CALL,OUTBOUND,".length();
        head.append("r-4,CALL,OUTBOUND,\"+40721000004,+40731000004,,,2026-11-29T07:00:00Z,4,192.0.2.4\r\n");
        LongFile file = new LongFile(head.toString(), 20L * 1024 * 1024);
        BulkOptions options = BulkOptions.defaults().withThreads(threads);
        StringWriter out = new StringWriter();

        BulkReport report = CdrCsv.pseudonymize(file, out, CDRS, options);

        assertTrue(report.stopped().isPresent(), "the run must stop");
        assertTrue(report.stopped().get().contains("longer than " + options.maxRecordChars() + " characters"),
                report.stopped().get());
        assertTrue(report.stopped().get().contains("row 4"), report.stopped().get());
        assertEquals(3, report.rowsWritten());
        assertEquals(3, report.rowsRead());
        long slack = 16 * 1024;
        assertTrue(file.served <= quoteAt + options.maxRecordChars() + slack,
                "read " + file.served + " characters, the quote was at " + quoteAt);
    }

    @Test
    void recordSizeLimit_isAnOptionWithABoundedRange() throws IOException {
        BulkOptions small = BulkOptions.defaults().withMaxRecordChars(16 * 1024);
        String longCell = "x".repeat(40 * 1024);
        String input = HEADER + row(1) + "r-2,CALL,OUTBOUND," + longCell + ",,,,2026-11-29T07:00:00Z,1,\r\n" + row(3);
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), CDRS, small);
        assertEquals(1, report.rowsWritten());
        assertTrue(report.stopped().orElseThrow().contains("longer than 16384 characters"), report.stopped().get());
        BulkReport roomy = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), CDRS,
                BulkOptions.defaults().withMaxRecordChars(64 * 1024));
        assertFalse(roomy.stopped().isPresent(), roomy.stopped().toString());
        assertThrows(InvalidInputException.class, () -> BulkOptions.defaults().withMaxRecordChars(1024));
        assertThrows(InvalidInputException.class, () -> BulkOptions.defaults().withMaxRecordChars(Integer.MAX_VALUE));
    }

    @Test
    void headerLongerThanTheLimit_isRefusedAsInvalidInput() {
        LongFile file = new LongFile("record_id,\"type", 1024 * 1024);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CdrCsv.pseudonymize(file,
                new StringWriter(), CDRS, BulkOptions.defaults()));
        assertEquals("header", e.argument());
        assertTrue(file.served < 200 * 1024, "read " + file.served);
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void rowWithStartInYear999999999_isRejected_andTheRowsAfterItAreProcessed(int threads) throws IOException {
        String input = HEADER + row(1) + row(2, "+999999999-01-01T00:00:00Z") + row(3) + row(4, "-999999999-01-01T00:00:00Z")
                + row(5, "1900-01-01T00:00:00Z") + row(6);
        List<Rejection> sunk = new ArrayList<>();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), CDRS,
                BulkOptions.defaults().withThreads(threads).withBatchSize(1), sunk::add);
        assertFalse(report.stopped().isPresent(), report.stopped().toString());
        assertEquals(6, report.rowsRead());
        assertEquals(3, report.rowsWritten());
        assertEquals(List.of(2L, 4L, 5L), sunk.stream().map(Rejection::row).toList());
        for (Rejection rejection : sunk) {
            assertEquals("start", rejection.column());
            assertTrue(rejection.reason().contains("between"), rejection.reason());
        }
    }

    @Test
    void extremeStartPastAWideRange_failsInThePseudonymizer_andOnlyThatRowIsRejected() throws IOException {
        CdrPseudonymizer byDay = CdrPseudonymizer.create(PSEUDONYMS, CdrProfile.builder("analytics")
                .numbers(NumberTechnique.ff1(3)).deviceIp(IpTechnique.cryptoPan()).startTime(TimeGranularity.DAY)
                .durations(DurationBuckets.callDurations()).build());
        String input = HEADER + row(1) + row(2, "+999999999-12-31T23:00:00Z") + row(3);
        List<Rejection> sunk = new ArrayList<>();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), byDay,
                BulkOptions.defaults().withStartRange(Instant.MIN, Instant.MAX), sunk::add);
        assertFalse(report.stopped().isPresent());
        assertEquals(2, report.rowsWritten());
        assertEquals(List.of(2L), sunk.stream().map(Rejection::row).toList());
    }

    @Test
    void startRange_isAnOption() throws IOException {
        String input = HEADER + row(1, "1960-01-01T00:00:00Z") + row(2, "2026-11-29T07:00:00Z");
        BulkOptions options = BulkOptions.defaults().withStartRange(Instant.parse("1950-01-01T00:00:00Z"),
                Instant.parse("2000-01-01T00:00:00Z"));
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), CDRS, options);
        assertEquals(1, report.rowsWritten());
        assertEquals(2, report.rejections().get(0).row());
        assertThrows(InvalidInputException.class, () -> BulkOptions.defaults().withStartRange(null, Instant.EPOCH));
        assertThrows(InvalidInputException.class,
                () -> BulkOptions.defaults().withStartRange(Instant.EPOCH, Instant.EPOCH));
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void rowWhoseProcessingThrowsAnUnexpectedException_becomesARejection(int threads) throws IOException {
        String secret = "+40721000002";
        CdrPseudonymizer throwing = mock(CdrPseudonymizer.class);
        when(throwing.pseudonymize(any())).thenAnswer(call -> {
            CallDetailRecord record = call.getArgument(0);
            if (record.recordId().equals("r-2")) {
                throw new IllegalStateException("boom on " + secret);
            }
            if (record.recordId().equals("r-4")) {
                throw new ArithmeticException("long overflow");
            }
            return CDRS.pseudonymize(record);
        });
        String input = HEADER + row(1) + row(2) + row(3) + row(4) + row(5);
        List<Rejection> sunk = new ArrayList<>();
        BulkReport report = CdrCsv.pseudonymize(new StringReader(input), new StringWriter(), throwing,
                BulkOptions.defaults().withThreads(threads).withBatchSize(2), sunk::add);
        assertFalse(report.stopped().isPresent());
        assertEquals(5, report.rowsRead());
        assertEquals(3, report.rowsWritten());
        assertEquals(List.of(2L, 4L), sunk.stream().map(Rejection::row).toList());
        assertEquals("row", sunk.get(0).column());
        assertFalse(sunk.toString().contains(secret), sunk.toString());
        assertFalse(sunk.toString().contains("boom"), sunk.toString());
    }
}
