package ro.clickphone.privacy.spi.testkit;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Properties as seeded random cases in plain JUnit 5: a test states how many cases to run and what
 * must hold for each, and every failure names the seed that reproduces it.
 *
 * <pre>{@code
 * @Test
 * void anyValue_roundTrips() {
 *     RandomCases.run(300, random -> {
 *         byte[] value = RandomCases.bytes(random, RandomCases.size(random, 0, 300));
 *         assertArrayEquals(value, decrypt(encrypt(value)));
 *     });
 * }
 * }</pre>
 *
 * <p>The seed is fresh for every run unless the system property {@value #SEED_PROPERTY} sets it
 * ({@code ./mvnw -B verify -Dclickphone.seed=-4211356920365810174}, which Surefire hands on to the
 * test JVM). Case {@code i} draws from its own {@link SplittableRandom}, seeded from the run seed
 * and {@code i} alone, so a case sees the same values whatever the other cases drew. The first
 * failing case stops the run with an {@link AssertionError} that names the seed and the case index
 * and carries the original failure as its cause.
 *
 * <p>For tests only: {@link SplittableRandom} is predictable, which is what a reproducible test
 * needs and what main code must never use (the {@code NO_INSECURE_RANDOM} architecture rule).
 */
public final class RandomCases {

    /** The system property that fixes the seed: a decimal {@code long}. */
    public static final String SEED_PROPERTY = "clickphone.seed";

    /** What must hold for one case. */
    @FunctionalInterface
    public interface Case {

        /**
         * Draws the case's values and checks them.
         *
         * @param random this case's own source of values
         * @throws Exception if the case fails; an {@link AssertionError} fails it as well
         */
        void check(SplittableRandom random) throws Exception;
    }

    private RandomCases() {
    }

    /**
     * Runs cases from the seed that {@link #seed()} gives.
     *
     * @param cases how many cases, at least 1
     * @param check what must hold for each
     * @throws AssertionError naming the seed and the case index, if a case fails
     */
    public static void run(int cases, Case check) {
        run(seed(), cases, check);
    }

    /**
     * Runs cases from a given seed.
     *
     * @param seed the run's seed
     * @param cases how many cases, at least 1
     * @param check what must hold for each
     * @throws AssertionError naming the seed and the case index, if a case fails
     */
    public static void run(long seed, int cases, Case check) {
        if (cases < 1 || check == null) {
            throw new IllegalArgumentException("at least one case, and a check");
        }
        for (int index = 0; index < cases; index++) {
            try {
                check.check(random(seed, index));
            } catch (Exception | AssertionError e) {
                throw new AssertionError("Random case " + index + " of " + cases + " failed with seed " + seed
                        + " (rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + e, e);
            }
        }
    }

    /**
     * The source of values of one case.
     *
     * @param seed the run's seed
     * @param index the case index, from 0
     * @return a random that depends on {@code seed} and {@code index} only
     */
    public static SplittableRandom random(long seed, int index) {
        // Seeds s and s + k * gamma would give shifted copies of one stream; mixing the index
        // through a generator of its own keeps the cases' streams apart.
        return new SplittableRandom(new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L))).nextLong());
    }

    /**
     * The run seed: the {@value #SEED_PROPERTY} system property if set, otherwise a fresh one.
     *
     * @return the seed
     * @throws IllegalArgumentException if the property is set but is not a decimal {@code long}
     */
    public static long seed() {
        String configured = System.getProperty(SEED_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a decimal long, not " + configured, e);
        }
    }

    /**
     * A size in a range that hits both ends more often than a uniform draw would, since most bugs
     * live at the edges (empty input, the largest input).
     *
     * @param random the case's random
     * @param min the smallest size
     * @param max the largest size, at least {@code min}
     * @return {@code min} or {@code max} one time in ten each, otherwise uniform in between
     */
    public static int size(SplittableRandom random, int min, int max) {
        int edge = random.nextInt(10);
        if (edge == 0) {
            return min;
        }
        if (edge == 1) {
            return max;
        }
        return random.nextInt(min, max + 1);
    }

    /**
     * Random bytes.
     *
     * @param random the case's random
     * @param length how many
     * @return the bytes
     */
    public static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
