package ro.clickphone.privacy.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.kafka.CdrProcessingException;
import ro.clickphone.privacy.kafka.CdrStreamOptions;
import ro.clickphone.privacy.kafka.CdrTopology;
import ro.clickphone.privacy.kafka.DeadLetter;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;

/**
 * Only a record at fault becomes a dead letter (its offset is then committed and the record is
 * gone from the stream's output for good): a rule it breaks, or a refusal that is not retryable,
 * as CdrCsv rejects a row. A retryable failure or a bug fails the task with an exception that says
 * where the record is and what type failed, and holds no value and not the failure's message.
 */
class OnlyDataErrorsAreDeadLettersTest {

    private static final String NUMBER = "+40721000001";
    private static final String ROW = "r-1,CALL,OUTBOUND," + NUMBER + ",+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3";

    @Test
    void ruleBroken_orRefusedForGood_isADeadLetter() {
        assertEquals(new DeadLetter("cdrs", 3, 17, "caller", "is not a valid phone number"),
                deadLetter(in -> {
                    throw new InvalidInputException("caller", "is not a valid phone number");
                }));
        assertEquals(new DeadLetter("cdrs", 3, 17, "row", "IntegrityException"), deadLetter(in -> {
            throw new IntegrityException("checksum of " + NUMBER + " failed");
        }));
        assertEquals(new DeadLetter("cdrs", 3, 17, "row", "KeyUnavailableException"), deadLetter(in -> {
            throw new KeyUnavailableException("key of " + NUMBER + " is gone for good", false, null);
        }));
    }

    @Test
    void retryableFailure_failsTheTask_namingWhereAndWhat_withoutAValue() {
        CdrProcessingException e = failure(in -> {
            throw new KeyUnavailableException("KMS down while pseudonymizing " + NUMBER, true, null);
        });
        assertTrue(e.isRetryable());
        assertEquals("The CDR pseudonymizer of task 0_3 could not process the record of cdrs-3 at offset 17:"
                + " KeyUnavailableException (retryable); the record is neither written nor dead-lettered, and the"
                + " task fails", e.getMessage());
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, CdrTopology.uncaughtExceptionHandler().handle(e));
    }

    @Test
    void otherFailure_failsTheTask_withoutAValue() {
        CdrProcessingException e = failure(in -> {
            throw new IllegalStateException("bug near " + NUMBER);
        });
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("cdrs-3 at offset 17: could not be processed (IllegalStateException);"), e.getMessage());
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, CdrTopology.uncaughtExceptionHandler().handle(e));
        // an anonymous class is named by its nearest named superclass
        assertTrue(failure(in -> {
            throw new RuntimeException("x") { };
        }).getMessage().contains(": could not be processed (RuntimeException);"));
    }

    private static DeadLetter deadLetter(UnaryOperator<String[]> rows) {
        MockProcessorContext<byte[], byte[]> context = context();
        PseudonymizingProcessor processor = processor(context, rows);
        processor.process(new Record<>(null, ROW.getBytes(StandardCharsets.UTF_8), 1_000L));
        List<MockProcessorContext.CapturedForward<? extends byte[], ? extends byte[]>> letters =
                context.forwarded("dead");
        assertEquals(1, letters.size());
        assertEquals(List.of(), context.forwarded("out"));
        processor.close();
        return DeadLetters.decode(letters.get(0).record().value());
    }

    private static CdrProcessingException failure(UnaryOperator<String[]> rows) {
        MockProcessorContext<byte[], byte[]> context = context();
        PseudonymizingProcessor processor = processor(context, rows);
        CdrProcessingException e = assertThrows(CdrProcessingException.class,
                () -> processor.process(new Record<>(null, ROW.getBytes(StandardCharsets.UTF_8), 1_000L)));
        assertEquals(List.of(), context.forwarded(), "nothing forwarded: the offset is not committed past it");
        assertNull(e.getCause(), "the failure, whose message may quote a value, is not chained");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(NUMBER), "no value in the stack trace");
        assertFalse(trace.toString().contains("10.1.2.3"), "no value in the stack trace");
        processor.close();
        return e;
    }

    private static PseudonymizingProcessor processor(MockProcessorContext<byte[], byte[]> context,
            UnaryOperator<String[]> rows) {
        PseudonymizingProcessor processor = new PseudonymizingProcessor(FixtureKeys.spec(),
                CdrStreamOptions.defaults(), "out", "dead");
        processor.init(context);
        processor.pseudonymizeRowsWith(rows);
        context.setRecordMetadata("cdrs", 3, 17);
        return processor;
    }

    private static MockProcessorContext<byte[], byte[]> context() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "data-errors");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        return new MockProcessorContext<>(config, new TaskId(0, 3), null);
    }
}
