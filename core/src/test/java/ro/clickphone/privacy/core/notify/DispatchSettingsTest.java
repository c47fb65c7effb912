package ro.clickphone.privacy.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.OutboxStore;

class DispatchSettingsTest {

    private static final DispatchSettings D = DispatchSettings.defaults();

    @Test
    void defaults_areTheDocumentedOnes() {
        assertEquals(new DispatchSettings(8, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofMinutes(2), 50, Duration.ofSeconds(1), Duration.ofSeconds(10)), D);
    }

    @Test
    void withers_changeOneSettingEach() {
        assertEquals(3, D.withMaxAttempts(3).maxAttempts());
        DispatchSettings backoff = D.withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertEquals(Duration.ofSeconds(1), backoff.initialBackoff());
        assertEquals(Duration.ofMinutes(5), backoff.maxBackoff());
        assertEquals(Duration.ofMillis(100), D.withAttemptTimeout(Duration.ofMillis(100)).attemptTimeout());
        assertEquals(Duration.ofMinutes(10), D.withLease(Duration.ofMinutes(10)).lease());
        assertEquals(7, D.withBatchSize(7).batchSize());
        assertEquals(Duration.ofMillis(5), D.withPollInterval(Duration.ofMillis(5)).pollInterval());
        assertEquals(Duration.ZERO, D.withShutdownGrace(Duration.ZERO).shutdownGrace());
        assertEquals(D, D.withMaxAttempts(3).withMaxAttempts(8), "a copy, the original unchanged");
    }

    private static Arguments bad(String setting, UnaryOperator<DispatchSettings> change) {
        return Arguments.of(setting, change);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                bad("maxAttempts", s -> s.withMaxAttempts(0)),
                bad("maxAttempts", s -> s.withMaxAttempts(101)),
                bad("initialBackoff", s -> s.withBackoff(Duration.ZERO, Duration.ofHours(1))),
                bad("initialBackoff", s -> s.withBackoff(Duration.ofHours(2), Duration.ofHours(1))),
                bad("initialBackoff", s -> s.withBackoff(null, Duration.ofHours(1))),
                bad("maxBackoff", s -> s.withBackoff(Duration.ofSeconds(1), Duration.ofDays(8))),
                bad("maxBackoff", s -> s.withBackoff(Duration.ofSeconds(1), null)),
                bad("attemptTimeout", s -> s.withAttemptTimeout(Duration.ofNanos(999_999))),
                bad("attemptTimeout", s -> s.withAttemptTimeout(Duration.ofMillis(-1))),
                bad("attemptTimeout", s -> s.withAttemptTimeout(null)),
                bad("lease", s -> s.withAttemptTimeout(Duration.ofMinutes(2))),
                bad("lease", s -> s.withLease(Duration.ofSeconds(59))),
                bad("lease", s -> s.withLease(Duration.ofDays(2))),
                bad("batchSize", s -> s.withBatchSize(0)),
                bad("batchSize", s -> s.withBatchSize(OutboxStore.MAX_BATCH + 1)),
                bad("pollInterval", s -> s.withPollInterval(Duration.ZERO)),
                bad("pollInterval", s -> s.withPollInterval(Duration.ofHours(2))),
                bad("shutdownGrace", s -> s.withShutdownGrace(Duration.ofSeconds(-1))),
                bad("shutdownGrace", s -> s.withShutdownGrace(Duration.ofHours(2))),
                bad("shutdownGrace", s -> s.withShutdownGrace(null)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("outOfRange")
    void outOfRange_isRefused_namingTheSetting(String setting, UnaryOperator<DispatchSettings> change) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> change.apply(D));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void edges_areAccepted() {
        DispatchSettings s = D.withLease(Duration.ofDays(1)).withAttemptTimeout(Duration.ofHours(1))
                .withBackoff(Duration.ofMillis(1), Duration.ofDays(7)).withMaxAttempts(100)
                .withBatchSize(OutboxStore.MAX_BATCH).withPollInterval(Duration.ofMillis(1))
                .withShutdownGrace(Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), s.attemptTimeout());
        assertEquals(Duration.ofMinutes(1), D.withLease(Duration.ofMinutes(1)).lease(), "exactly twice the time-out");
    }

    @Test
    void report_countsAddUp_andNegativeCountsAreRefused() {
        DispatchReport a = new DispatchReport(1, 2, 3, 4, 5);
        assertEquals(new DispatchReport(2, 4, 6, 8, 10), a.plus(a));
        assertEquals(11, a.attempts());
        assertThrows(InvalidInputException.class, () -> new DispatchReport(0, 0, 0, -1, 0));
        assertThrows(InvalidInputException.class, () -> a.plus(null));
    }
}
