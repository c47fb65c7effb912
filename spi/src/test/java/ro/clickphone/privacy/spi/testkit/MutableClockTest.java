package ro.clickphone.privacy.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    private static final Instant T0 = Instant.parse("2026-12-31T21:59:00Z");

    @Test
    void readsWhatTheTestSets_untilMoved() {
        MutableClock clock = MutableClock.of(T0);
        assertEquals(T0, clock.instant());
        assertEquals(T0.toEpochMilli(), clock.millis());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Instant.parse("2026-12-31T22:00:00Z"), clock.instant());
        clock.advance(Duration.ofSeconds(-30));
        assertEquals(Instant.parse("2026-12-31T21:59:30Z"), clock.instant());
        clock.set(T0.minus(Duration.ofDays(365)));
        assertEquals(Instant.parse("2025-12-31T21:59:00Z"), clock.instant());
    }

    @Test
    void isUtc_andIgnoresAnotherZone() {
        MutableClock clock = MutableClock.of(T0);
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneId.of("Europe/Bucharest")));
    }

    @Test
    void nulls_areRefused() {
        assertThrows(NullPointerException.class, () -> MutableClock.of(null));
        MutableClock clock = MutableClock.of(T0);
        assertThrows(NullPointerException.class, () -> clock.set(null));
        assertThrows(NullPointerException.class, () -> clock.advance(null));
        assertEquals(T0, clock.instant());
    }
}
