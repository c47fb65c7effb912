package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;

/**
 * Personal data (phone numbers, IP addresses) never reaches an exception's message, its causes or
 * a {@code toString()}: the parsers' own messages, which quote what they could not read, are
 * dropped.
 */
class NoPersonalDataTest {

    private static final String NUMBER = "40721234567";
    private static final String IP = "192.168.77.31";

    static Stream<Arguments> badValues() {
        String line = "r-1,CALL,OUTBOUND,+" + NUMBER + ",+40731000002,,,2026-03-29T00:30:00Z,65," + IP;
        return Stream.of(
                Arguments.of(CdrSerdes.records(CdrFormat.CSV).deserializer(), "\"" + line),
                Arguments.of(CdrSerdes.records(CdrFormat.CSV).deserializer(), line + ",extra"),
                Arguments.of(CdrSerdes.records(CdrFormat.CSV).deserializer(), line.replace("CALL", "C" + NUMBER)),
                Arguments.of(CdrSerdes.records(CdrFormat.CSV).deserializer(), line.replace("65", NUMBER + "x")),
                Arguments.of(CdrSerdes.records(CdrFormat.CSV).deserializer(), line.replace("2026-03-29T00:30:00Z", IP)),
                Arguments.of(CdrSerdes.records(CdrFormat.JSON).deserializer(), "{\"caller\":+" + NUMBER + "}"),
                Arguments.of(CdrSerdes.records(CdrFormat.JSON).deserializer(), "{\"caller\":" + NUMBER + "}"),
                Arguments.of(CdrSerdes.records(CdrFormat.JSON).deserializer(), "{\"" + NUMBER + "\":\"" + IP + "\"}"),
                Arguments.of(CdrSerdes.records(CdrFormat.JSON).deserializer(), "{\"caller\":\"" + NUMBER + "\" " + IP),
                Arguments.of(CdrSerdes.records(CdrFormat.JSON).deserializer(), NUMBER + IP),
                Arguments.of(CdrSerdes.pseudonymized(CdrFormat.CSV).deserializer(),
                        "r-1,CALL,OUTBOUND,+" + NUMBER + ",,,," + IP + ",,"),
                Arguments.of(CdrSerdes.pseudonymized(CdrFormat.JSON).deserializer(),
                        "{\"record_id\":\"r\",\"type\":\"" + NUMBER + "\"}"),
                Arguments.of(CdrSerdes.deadLetters().deserializer(), "{\"topic\":\"" + NUMBER + IP));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void exceptions_repeatNoValue(Deserializer<?> deserializer, String value) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> deserializer.deserialize("t", value.getBytes(StandardCharsets.UTF_8)));
        assertClean("the exception", stackTrace(e));
    }

    @Test
    void toStrings_holdNoPersonalDataAndNoKeyMaterial() {
        CdrProcessorSupplier supplier = CdrProcessorSupplier.of(FixtureKeys.spec(),
                CdrStreamOptions.defaults().withPseudonymMemo(16), "out", "dead");
        Processor<byte[], byte[], byte[], byte[]> processor = supplier.get();
        MockProcessorContext<byte[], byte[]> context = KeyMaterialGuardTest.context();
        processor.init(context);
        context.setRecordMetadata("cdrs", 0, 0);
        processor.process(new Record<>(("+" + NUMBER).getBytes(StandardCharsets.UTF_8), ("r-1,CALL,OUTBOUND,+" + NUMBER
                + ",+40731000002,,,2026-03-29T00:30:00Z,65," + IP).getBytes(StandardCharsets.UTF_8), 0L));
        for (Object shown : List.of(supplier, processor, supplier.options(), CdrSerdes.records(CdrFormat.JSON),
                new DeadLetter("cdrs", 0, 0, "caller", "is not a valid phone number"), new TaskId(0, 0))) {
            assertClean(shown.getClass().getSimpleName(), shown.toString());
            for (byte[] key : FixtureKeys.keyMaterial()) {
                assertFalse(shown.toString().toLowerCase(java.util.Locale.ROOT).contains(HexFormat.of().formatHex(key)),
                        shown.getClass().getSimpleName() + " shows key material");
            }
        }
        processor.close();
    }

    private static void assertClean(String what, String text) {
        assertFalse(text.contains(NUMBER), what + " repeats the number: " + text);
        assertFalse(text.contains(IP), what + " repeats the IP address: " + text);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
