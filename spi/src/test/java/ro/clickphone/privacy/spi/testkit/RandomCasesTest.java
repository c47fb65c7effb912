package ro.clickphone.privacy.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RandomCasesTest {

    private static List<Long> draws(long seed, int cases) {
        List<Long> values = new ArrayList<>();
        RandomCases.run(seed, cases, random -> values.add(random.nextLong()));
        return values;
    }

    @Test
    void sameSeed_drawsTheSameValues() {
        assertEquals(draws(-4_211_356_920_365_810_174L, 50), draws(-4_211_356_920_365_810_174L, 50));
    }

    @Test
    void otherSeedOrOtherCase_drawsOtherValues() {
        List<Long> values = draws(7, 50);
        assertNotEquals(values, draws(8, 50));
        assertEquals(50, new HashSet<>(values).size(), "every case has a stream of its own");
    }

    @Test
    void oneCase_drawsTheSameValues_whateverTheOtherCasesDrew() {
        List<Long> fifth = new ArrayList<>();
        AtomicInteger index = new AtomicInteger();
        RandomCases.run(99, 10, random -> {
            int greed = index.getAndIncrement() == 4 ? 0 : 1000;
            for (int i = 0; i < greed; i++) {
                random.nextLong();
            }
            if (greed == 0) {
                fifth.add(random.nextLong());
            }
        });
        assertEquals(List.of(RandomCases.random(99, 4).nextLong()), fifth);
    }

    @Test
    void failingCase_namesTheSeedAndTheIndex_andStopsTheRun() {
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException cause = new IllegalStateException("value out of range");
        AssertionError failure = assertThrows(AssertionError.class, () -> RandomCases.run(42, 10, random -> {
            if (ran.incrementAndGet() == 4) {
                throw cause;
            }
        }));
        assertTrue(failure.getMessage().startsWith("Random case 3 of 10 failed with seed 42 (rerun with"
                + " -Dclickphone.seed=42): "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("value out of range"), failure.getMessage());
        assertSame(cause, failure.getCause());
        assertEquals(4, ran.get());
    }

    @Test
    void failedAssertion_isWrappedWithTheSeed() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> RandomCases.run(-5, 3, random -> assertEquals(1, 2)));
        assertTrue(failure.getMessage().contains("seed -5"), failure.getMessage());
        assertTrue(failure.getCause() instanceof AssertionError);
    }

    @Test
    void seedProperty_fixesTheSeed_andAMalformedOneIsRefused() {
        String before = System.getProperty(RandomCases.SEED_PROPERTY);
        try {
            System.setProperty(RandomCases.SEED_PROPERTY, "-4211356920365810174");
            assertEquals(-4_211_356_920_365_810_174L, RandomCases.seed());
            System.setProperty(RandomCases.SEED_PROPERTY, "0xBAD");
            assertThrows(IllegalArgumentException.class, RandomCases::seed);
            System.clearProperty(RandomCases.SEED_PROPERTY);
            assertNotEquals(RandomCases.seed(), RandomCases.seed(), "a fresh seed per run");
        } finally {
            if (before == null) {
                System.clearProperty(RandomCases.SEED_PROPERTY);
            } else {
                System.setProperty(RandomCases.SEED_PROPERTY, before);
            }
        }
    }

    @Test
    void size_staysInItsRange_andHitsBothEnds() {
        Set<Integer> seen = new HashSet<>();
        RandomCases.run(1, 500, random -> {
            int size = RandomCases.size(random, 3, 40);
            assertTrue(size >= 3 && size <= 40, () -> "size " + size);
            seen.add(size);
        });
        assertTrue(seen.contains(3) && seen.contains(40), seen::toString);
        assertTrue(seen.size() > 30, seen::toString);
    }

    @Test
    void noCases_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> RandomCases.run(1, 0, random -> { }));
    }
}
