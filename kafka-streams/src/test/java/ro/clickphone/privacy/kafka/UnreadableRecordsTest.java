package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.kafka.internal.Cells;

/**
 * A record that cannot be read as one row becomes a dead letter naming {@code row} (or the JSON
 * member at fault) and the rule, holds none of the record, and the stream goes on with the next.
 */
class UnreadableRecordsTest {

    private static final String NUMBER = "+40721234567";
    private static final String GOOD_CSV = "r-1,CALL,OUTBOUND,+40721000001,+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3";
    private static final String GOOD_JSON = "{\"record_id\":\"r-1\",\"type\":\"CALL\",\"direction\":\"OUTBOUND\","
            + "\"caller\":\"+40721000001\",\"callee\":\"+40731000002\",\"start\":\"2026-03-29T00:30:00Z\","
            + "\"duration_seconds\":65}";

    static Stream<Arguments> unreadable() {
        byte[] notUtf8 = ("r-2,CALL,OUTBOUND," + NUMBER + ",+40731000002,,,2026-03-29T00:30:00Z,65,")
                .getBytes(StandardCharsets.ISO_8859_1);
        notUtf8[3] = (byte) 0xC3; // a lead byte without its continuation
        return Stream.of(
                Arguments.of(CdrFormat.CSV, null, "row", "has no value (a tombstone)"),
                Arguments.of(CdrFormat.CSV, notUtf8, "row", "is not UTF-8"),
                Arguments.of(CdrFormat.CSV, bytes("r-2,CALL,OUTBOUND," + NUMBER + ",+40731000002"), "row",
                        "must have 10 cells, in the order [record_id, type, direction, caller, callee, forwarded_to,"
                                + " sms_destination, start, duration_seconds, device_ip]"),
                Arguments.of(CdrFormat.CSV, bytes("r-2,CALL,OUTBOUND,\"" + NUMBER + ",,,,,,"), "row",
                        "is not well-formed CSV (an unclosed or stray quote)"),
                Arguments.of(CdrFormat.CSV, bytes("r-2,CALL,OUTBOUND," + NUMBER + ",,,,,,\r\nr-3,CALL,OUTBOUND,,,,,,,"), "row",
                        "is not one CSV line (it holds a line break outside quotes)"),
                Arguments.of(CdrFormat.CSV, new byte[Cells.MAX_VALUE_BYTES + 1], "row", "is longer than 65536 bytes"),
                Arguments.of(CdrFormat.JSON, bytes("[\"" + NUMBER + "\"]"), "row", "is not a JSON object"),
                Arguments.of(CdrFormat.JSON, bytes("{\"caller\":" + NUMBER + "x}"), "row", "is not well-formed JSON"),
                Arguments.of(CdrFormat.JSON, bytes("{\"caller\":\"" + NUMBER), "row", "is not well-formed JSON"),
                Arguments.of(CdrFormat.JSON, bytes("{\"sms_text\":\"call me at " + NUMBER + "\"}"), "row",
                        "has a member that is not one of [record_id, type, direction, caller, callee, forwarded_to,"
                                + " sms_destination, start, duration_seconds, device_ip]"),
                Arguments.of(CdrFormat.JSON, bytes("{\"" + NUMBER + "\":\"x\"}"), "row",
                        "has a member that is not one of [record_id, type, direction, caller, callee, forwarded_to,"
                                + " sms_destination, start, duration_seconds, device_ip]"),
                Arguments.of(CdrFormat.JSON, bytes("{\"caller\":40721234567}"), "caller", "must be a JSON string or null"),
                Arguments.of(CdrFormat.JSON, bytes("{\"caller\":\"" + NUMBER + "\",\"caller\":\"" + NUMBER + "\"}"),
                        "caller", "is given twice"),
                Arguments.of(CdrFormat.JSON, bytes("{\"duration_seconds\":[65]}"), "duration_seconds",
                        "must be a JSON string, a whole number or null"),
                Arguments.of(CdrFormat.JSON, bytes("{\"record_id\":\"r-2\"} {\"caller\":\"" + NUMBER + "\"}"), "row",
                        "is not one JSON object"));
    }

    @ParameterizedTest(name = "{0}: {2} {3}")
    @MethodSource("unreadable")
    void unreadableRecord_isADeadLetter_andTheStreamGoesOn(CdrFormat format, byte[] value, String column,
            String rule) {
        try (Harness harness = new Harness(FixtureKeys.spec(), CdrStreamOptions.defaults().withFormats(format, format))) {
            harness.input.pipeInput(Harness.bytes(NUMBER), value, 1_000L);
            harness.pipe(NUMBER, format == CdrFormat.CSV ? GOOD_CSV : GOOD_JSON, 2_000L);
            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            List<TestRecord<byte[], byte[]>> outputs = harness.outputs();
            assertEquals(1, letters.size(), "one dead letter");
            assertEquals(new DeadLetter(Harness.INPUT, 0, 0, column, rule), Harness.letter(letters.get(0)));
            assertFalse(Harness.text(letters.get(0).value()).contains(NUMBER.substring(1)), "no value echoed");
            assertEquals(1, outputs.size(), "the next record is pseudonymized");
            assertArrayEquals(Harness.bytes("r-1"), outputs.get(0).key());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedLines")
    void finalLineBreakAndQuotedCells_areAccepted(String line) {
        try (Harness harness = new Harness(FixtureKeys.spec(), CdrStreamOptions.defaults())) {
            harness.pipe(NUMBER, line, 1_000L);
            assertEquals(List.of(), harness.deadLetters());
            assertEquals(1, harness.outputs().size());
        }
    }

    static Stream<String> acceptedLines() {
        return Stream.of(GOOD_CSV + "\r\n", GOOD_CSV + "\n", GOOD_CSV.replace("r-1,", "\"r-1\",")
                .replace(",OUTBOUND,", ",\"OUTBOUND\","));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
