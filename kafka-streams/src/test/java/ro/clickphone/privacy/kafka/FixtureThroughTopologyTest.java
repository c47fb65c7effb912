package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.cdr.Rejection;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * The shared fixture through the topology, from its spec, gives exactly what the single-JVM bulk
 * CSV path gives from the same keys: the same rows, in order, and the same rejections, on the
 * dead-letter topic with the same column and rule.
 */
class FixtureThroughTopologyTest {

    /** The personal columns: caller, callee, forwarded_to, sms_destination, device_ip. */
    private static final int[] PERSONAL = {3, 4, 5, 6, 9};
    /** The producer's timestamps, to the millisecond, not on an hour. */
    private static final long T0 = 1_764_000_123_456L;
    private static final long HOUR_MILLIS = 3_600_000L;

    static Stream<Arguments> formats() {
        return Stream.of(Arguments.of(CdrFormat.CSV, CdrFormat.CSV), Arguments.of(CdrFormat.JSON, CdrFormat.JSON),
                Arguments.of(CdrFormat.CSV, CdrFormat.JSON), Arguments.of(CdrFormat.JSON, CdrFormat.CSV));
    }

    @ParameterizedTest(name = "{0} in, {1} out")
    @MethodSource("formats")
    void fixture_givesTheSingleJvmOutputAndRejections(CdrFormat in, CdrFormat out) {
        SingleJvm expected = SingleJvm.fixture();
        assertTrue(expected.lines.size() >= 900, "the fixture has its good rows: " + expected.lines.size());
        assertTrue(expected.rejections.size() >= 15, "the fixture has its bad rows: " + expected.rejections.size());
        List<TestRecord<byte[], byte[]>> outputs;
        List<TestRecord<byte[], byte[]>> letters;
        try (Harness harness = new Harness(FixtureKeys.spec(), CdrStreamOptions.defaults().withFormats(in, out))) {
            for (int row = 0; row < expected.input.size(); row++) {
                String[] cells = expected.input.get(row);
                // the producer keys by the caller's number, as a real one would: it must not come out
                harness.pipe(cells[3], SingleJvm.value(in, cells, row), T0 + row);
            }
            outputs = harness.outputs();
            letters = harness.deadLetters();
        }

        assertEquals(expected.lines.size(), outputs.size(), "pseudonymized records");
        for (int i = 0; i < outputs.size(); i++) {
            TestRecord<byte[], byte[]> record = outputs.get(i);
            String value = Harness.text(record.value());
            String[] cells = SingleJvm.cells(expected.lines.get(i));
            if (out == CdrFormat.CSV) {
                assertEquals(expected.lines.get(i), value, "output line " + i + " byte for byte");
            }
            assertArrayEquals(cells, SingleJvm.outputCells(out, value), "output record " + i);
            assertEquals(cells[0], Harness.text(record.key()), "keyed by record id");
            assertEquals(Instant.parse(cells[7]).toEpochMilli(), record.timestamp(),
                    "output record " + i + " is stamped with its start cell, not the input timestamp");
            assertEquals(0, record.headers().toArray().length, "no header copied");
        }

        List<Rejection> rejections = expected.rejections;
        assertEquals(rejections.size(), letters.size(), "dead letters");
        for (int i = 0; i < letters.size(); i++) {
            Rejection rejection = rejections.get(i);
            TestRecord<byte[], byte[]> record = letters.get(i);
            DeadLetter letter = Harness.letter(record);
            long offset = rejection.row() - 1;
            assertEquals(new DeadLetter(Harness.INPUT, 0, offset, rejection.column(), rejection.reason()), letter,
                    "dead letter " + i);
            assertNull(record.key(), "a dead letter has no key");
            assertEquals((T0 + offset) / HOUR_MILLIS * HOUR_MILLIS, record.timestamp(),
                    "the input's timestamp cut to the hour");
            String[] raw = expected.input.get((int) offset);
            String text = Harness.text(record.value());
            for (int column : PERSONAL) {
                assertFalse(raw[column].length() >= 5 && text.contains(raw[column]),
                        "dead letter " + i + " holds no value of " + CdrRows.INPUT_COLUMNS.get(column));
            }
        }
        assertTrue(letters.stream().anyMatch(r -> !Harness.letter(r).column().equals("row")),
                "some rejections name a column");
        Map<String, String[]> rawById = new HashMap<>();
        expected.input.forEach(row -> rawById.put(row[0], row));
        for (TestRecord<byte[], byte[]> record : outputs) {
            String[] raw = rawById.get(Harness.text(record.key()));
            String text = Harness.text(record.value());
            for (int column : PERSONAL) {
                assertFalse(raw[column].length() >= 5 && text.contains(raw[column]),
                        "no raw " + CdrRows.INPUT_COLUMNS.get(column) + " on the output");
            }
        }
    }
}
