package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.notify.internal.DispatchFixture.SUBJECT;
import static ro.clickphone.privacy.core.notify.internal.DispatchFixture.TYPE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/**
 * The wait before a retry: its bound doubles from the initial back-off up to the largest, and the
 * wait itself is drawn from the whole range below the bound ("full jitter") by the given generator.
 */
class DispatcherBackoffTest {

    private final DispatchFixture f = new DispatchFixture();
    private final CountingChannel failing = new CountingChannel("mail",
            (m, call) -> DeliveryFailure.transientFailure("smtp-421"));

    @AfterEach
    void close() {
        f.close();
    }

    /** Writes a message that has had {@code tries} failed tries already and is due now. */
    private void writeAfter(String id, int tries) {
        Instant now = f.clock.instant();
        OutboxMessage m = OutboxMessage.pending(id, TYPE, SUBJECT, "mail", Medium.EMAIL, now, "sealed", List.of());
        for (int i = 0; i < tries; i++) {
            m = m.retrying("smtp-421", now);
        }
        f.outbox.append(m);
    }

    /** The wait the dispatcher chose for a message it just retried. */
    private Duration waitOf(String id) {
        return Duration.between(f.clock.instant(), f.message(id).nextAttemptAt());
    }

    @Test
    void bound_doublesFromTheInitialBackoff_upToTheLargest_withoutOverflow() {
        DispatchSettings defaults = DispatchSettings.defaults();
        List<Duration> bounds = new ArrayList<>();
        for (int attempt = 1; attempt <= 9; attempt++) {
            bounds.add(Dispatcher.backoffBound(defaults, attempt));
        }
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1),
                Duration.ofHours(1)), bounds);
        DispatchSettings wide = defaults.withBackoff(Duration.ofDays(7), Duration.ofDays(7));
        assertEquals(Duration.ofDays(7), Dispatcher.backoffBound(wide, DispatchSettings.MAX_ATTEMPTS));
        DispatchSettings tiny = defaults.withBackoff(Duration.ofMillis(1), Duration.ofDays(7));
        for (int attempt = 31; attempt <= DispatchSettings.MAX_ATTEMPTS; attempt++) {
            // 2^30 ms is more than 7 days; past 2^62 a plain shift would turn negative or wrap around
            assertEquals(Duration.ofDays(7), Dispatcher.backoffBound(tiny, attempt), "try " + attempt);
        }
    }

    @Test
    void waits_followTheBound_atTheTopOfTheGenerator_andAreAMillisecondAtItsBottom() {
        RandomGenerator top = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        };
        RandomGenerator bottom = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };
        DispatchSettings settings = DispatchFixture.settings();
        Dispatcher high = f.dispatcher(settings, DispatchFixture.opener(), f.outbox, top, failing);
        for (int tries = 0; tries < 8; tries++) {
            writeAfter("n-top-" + tries, tries);
        }
        high.runOnce();
        List<Duration> waits = new ArrayList<>();
        for (int tries = 0; tries < 7; tries++) {
            waits.add(waitOf("n-top-" + tries));
        }
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32)), waits);

        Dispatcher low = f.dispatcher(settings, DispatchFixture.opener(), f.outbox, bottom, failing);
        writeAfter("n-bottom", 5);
        low.runOnce();
        assertEquals(Duration.ofMillis(1), waitOf("n-bottom"));
    }

    @Test
    void waits_stayWithinTheirBound_forAnySettingsAndTry() {
        RandomCases.run(40, random -> {
            long initialMillis = 1 + random.nextLong(60_000);
            long maxMillis = initialMillis + random.nextLong(10_000_000);
            DispatchSettings settings = DispatchFixture.settings().withBackoff(Duration.ofMillis(initialMillis),
                    Duration.ofMillis(maxMillis)).withMaxAttempts(DispatchSettings.MAX_ATTEMPTS);
            Dispatcher d = f.dispatcher(settings, DispatchFixture.opener(), f.outbox,
                    new SplittableRandom(random.nextLong()), failing);
            String id = "n-case-" + random.nextLong(Long.MAX_VALUE);
            int tries = random.nextInt(DispatchSettings.MAX_ATTEMPTS - 1);
            writeAfter(id, tries);
            d.runOnce();
            Duration wait = waitOf(id);
            Duration bound = Dispatcher.backoffBound(settings, tries + 1);
            assertTrue(bound.compareTo(Duration.ofMillis(Math.min(maxMillis, initialMillis))) >= 0, "bound " + bound);
            assertTrue(bound.compareTo(Duration.ofMillis(maxMillis)) <= 0, "bound " + bound);
            assertTrue(!wait.isNegative() && wait.compareTo(Duration.ofMillis(1)) >= 0 && wait.compareTo(bound) <= 0,
                    "wait " + wait + " outside [1 ms, " + bound + "] after try " + (tries + 1));
            d.close();
        });
    }

    @Test
    void waits_spreadOverTheWholeRange_fullJitter() {
        DispatchSettings settings = DispatchFixture.settings().withBackoff(Duration.ofSeconds(1000),
                Duration.ofHours(1));
        Dispatcher d = f.dispatcher(settings, DispatchFixture.opener(), f.outbox, new SplittableRandom(7), failing);
        for (int i = 0; i < 200; i++) {
            writeAfter("n-" + i, 0);
        }
        d.runOnce();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long wait = waitOf("n-" + i).toMillis();
            min = Math.min(min, wait);
            max = Math.max(max, wait);
            assertTrue(wait >= 1 && wait <= 1_000_000, "wait " + wait);
        }
        assertTrue(min < 250_000, "the shortest of 200 waits, " + min + " ms, is not in the lowest quarter");
        assertTrue(max > 750_000, "the longest of 200 waits, " + max + " ms, is not in the highest quarter");
    }
}
