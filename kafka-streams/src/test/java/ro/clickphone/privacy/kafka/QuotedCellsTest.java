package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.cdr.BulkOptions;
import ro.clickphone.privacy.core.cdr.CdrCsv;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * Rows that need quoting, or are odd, through CdrCsv and through the topology (one CSV line a
 * record): the same output lines byte for byte, and the same rejections, row by row; the one
 * documented difference is the rule for a row with another number of cells.
 */
class QuotedCellsTest {

    private static final String TAIL = ",2026-03-29T00:30:00Z,65,10.1.2.3";
    private static final String CALL = ",CALL,OUTBOUND,+40721000001,+40731000002,,";
    private static final List<String> ROWS = List.of(
            "\"q-1\",CALL,OUTBOUND,\"+40721000001\",+40731000002,,,2026-03-29T00:30:00Z,\"65\",\"10.1.2.3\"",
            "\"q-2,a\"" + CALL + TAIL,
            "\"q-3\r\nb\"" + CALL + TAIL,
            "\"q-4 \"\"x\"\"\"" + CALL + TAIL,
            "q-5,CALL,OUTBOUND,\"+40721,000001\",+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3",
            "q-6,CALL,OUTBOUND,\"+40721\r\n000001\",+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3",
            "q-7,CALL,OUTBOUND,+40721000001,\"\",,,2026-03-29T00:30:00Z,65,10.1.2.3",
            "q-8 " + CALL + TAIL,
            " q-9" + CALL + TAIL,
            "#q-10" + CALL + TAIL,
            "q-11,CALL,OUTBOUND,+407a\"b21000001,+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3",
            CALL.substring(1) + TAIL,
            "" + CALL + TAIL,
            "q-14,CALL,OUTBOUND,+40721000001,+40731000002,,,\"2026-03-29T00:30:00Z\",65,\"10.1.2.3\r\n\"",
            "q-15" + CALL + ",2026-03-29T00:30:00Z,65",
            "q-16,CALL,OUTBOUND,\"+40 (721) 000-001\",\"+40 731 000 002\",,,2026-03-29T00:30:00Z,65,10.1.2.3",
            "q-17,CALL,OUTBOUND,+40721000001 ,+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3",
            "q-18,CALL,OUTBOUND,\" +40721000001\",+40731000002,\"\",\"\",2026-03-29T00:30:00Z,\"\",\"\"",
            "\"q-19\",SMS,OUTBOUND,+40721000001,,,\"+40731000002\",2026-03-29T00:30:00Z,,\"10.1.2.3\"");

    @Test
    void quotedAndOddRows_giveWhatCdrCsvGives_rowByRow() throws IOException {
        String header = String.join(",", CdrRows.INPUT_COLUMNS);
        StringWriter written = new StringWriter();
        List<Rejection> rejections = new ArrayList<>();
        CdrCsv.pseudonymize(new StringReader(header + "\r\n" + String.join("\r\n", ROWS) + "\r\n"), written,
                FixtureKeys.singleJvm(), BulkOptions.defaults(), rejections::add);
        List<String> lines = lines(written.toString());

        List<TestRecord<byte[], byte[]>> outputs;
        List<TestRecord<byte[], byte[]>> letters;
        try (Harness harness = new Harness(FixtureKeys.spec(), CdrStreamOptions.defaults())) {
            for (String row : ROWS) {
                harness.pipe(null, row, 0L);
            }
            outputs = harness.outputs();
            letters = harness.deadLetters();
        }

        assertEquals(ROWS.size(), lines.size() + rejections.size(), "every row written or rejected by CdrCsv");
        assertTrue(lines.size() >= 4 && rejections.size() >= 10, lines.size() + " written, " + rejections);
        assertEquals(lines, outputs.stream().map(r -> Harness.text(r.value())).toList(), "output lines");
        assertEquals(rejections.size(), letters.size(), "dead letters");
        for (int i = 0; i < letters.size(); i++) {
            Rejection rejection = rejections.get(i);
            DeadLetter letter = Harness.letter(letters.get(i));
            assertEquals(rejection.row() - 1, letter.offset(), "dead letter " + i + " is CdrCsv's row");
            assertEquals(rejection.column(), letter.column(), "dead letter " + i);
            if (rejection.reason().equals("has another number of cells than the header")) {
                // the one rule that differs, as DeadLetter documents: a topic has no header
                assertEquals("must have 10 cells, in the order " + CdrRows.INPUT_COLUMNS, letter.rule());
            } else {
                assertEquals(rejection.reason(), letter.rule(), "dead letter " + i);
            }
        }
        assertTrue(rejections.stream().anyMatch(r -> r.reason().contains("number of cells")), "a short row");
        assertTrue(rejections.stream().anyMatch(r -> r.column().equals("caller")), "a caller at fault");
    }

    /** CdrCsv's data lines, exactly as written (a quoted cell may hold a line break), without their CRLF. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            List<CSVRecord> records = parser.getRecords();
            for (int i = 1; i < records.size(); i++) {
                int from = (int) records.get(i).getCharacterPosition();
                int to = i + 1 < records.size() ? (int) records.get(i + 1).getCharacterPosition() : text.length();
                lines.add(text.substring(from, to - 2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
