package ro.clickphone.privacy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.PseudonymizationSpec;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PrivacyException;

/**
 * The key service is down when a task starts: the task fails with the retryable cause, the handler
 * replaces the thread instead of shutting the client down, and the next task opens the key.
 */
class KeyServiceOutageTest {

    private static final String GOOD = "r-1,CALL,OUTBOUND,+40721000001,+40731000002,,,2026-03-29T00:30:00Z,65,10.1.2.3";

    @Test
    void outageAtTaskStart_replacesTheThread_andTheNextTaskRuns() {
        PseudonymizationSpec spec = FixtureKeys.spec().withKekFactory(FlakyKekFactory.class.getName());
        StreamsUncaughtExceptionHandler handler = CdrTopology.uncaughtExceptionHandler();

        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> new Harness(spec, CdrStreamOptions.defaults()).close());
        assertEquals(1, FlakyKekFactory.calls());
        PrivacyException cause = privacyCause(failed);
        assertTrue(cause instanceof KeyUnavailableException && cause.isRetryable(), "the retryable cause: " + cause);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(failed));

        try (Harness harness = new Harness(spec, CdrStreamOptions.defaults())) {
            assertEquals(2, FlakyKekFactory.calls(), "the failure was not remembered: the key is opened again");
            harness.pipe(null, GOOD, 1_000L);
            assertEquals(List.of("r-1"), harness.outputs().stream().map(r -> Harness.text(r.key())).toList());
        }
    }

    @Test
    void otherFailures_shutTheClientDown() {
        StreamsUncaughtExceptionHandler handler = CdrTopology.uncaughtExceptionHandler();
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, handler.handle(new StreamsException("init",
                new IntegrityException("The pseudonymization spec does not match its seal"))));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, handler.handle(new StreamsException("init",
                new KeyUnavailableException("No provider for the KEK", false, null))));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, handler.handle(new NullPointerException()));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(new StreamsException("task",
                new StreamsException(new CdrProcessingException("cdrs-0 at offset 1: KeyUnavailableException", true)))));
    }

    private static PrivacyException privacyCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof PrivacyException privacy) {
                return privacy;
            }
        }
        throw new AssertionError("no PrivacyException in the chain", thrown);
    }
}
