package ro.clickphone.privacy.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * {@code kit.consent().check(subject, purpose)} over 100 000 subjects drawn from a Zipf-like
 * distribution (s = 1), beside a raw Caffeine {@code getIfPresent} on the same keys in the same run.
 * Run with {@code -t 1} and {@code -t 2} for one and two threads.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConsentCheckBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar ConsentCheckBenchmark -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ConsentCheckBenchmark {

    /** Distinct subjects. */
    public static final int SUBJECTS = 100_000;
    private static final int DRAWS = 1 << 20;

    /**
     * {@code caffeine}: raw {@code getIfPresent} (baseline); {@code check}: the cached check;
     * {@code check-uncached}: a cache of one subject, so every check reads the in-memory store.
     */
    @Param({"caffeine", "check", "check-uncached"})
    public String impl;

    private SubjectId[] subjects;
    private int[] draws;
    private Cache<SubjectId, Object> raw;
    private ConsentLedger consent;
    private final Purpose analytics = Purpose.of("ANALYTICS");

    /** Builds the subjects, the Zipf draws, the raw cache and the kit, and warms both caches. */
    @Setup(Level.Trial)
    public void setUp() {
        subjects = new SubjectId[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++) {
            subjects[i] = SubjectId.of("acct-" + i);
        }
        draws = zipfDraws(SUBJECTS, DRAWS, 1.0, new SplittableRandom(42));
        raw = Caffeine.newBuilder().maximumSize(SUBJECTS).build();
        PrivacyKit.Builder builder = PrivacyKit.builder()
                .stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC());
        if ("check-uncached".equals(impl)) {
            builder.consent(ConsentSettings.defaults().withCacheSize(1));
        }
        PrivacyKit kit = builder.build();
        consent = kit.consent();
        for (int i = 0; i < SUBJECTS; i++) {
            raw.put(subjects[i], Boolean.TRUE);
            if (i % 2 == 0) {
                consent.grant(subjects[i], analytics,
                        ConsentProof.of(Actor.subject(subjects[i]), ConsentChannel.WEB_ACCOUNT));
            }
            consent.check(subjects[i], analytics);
        }
    }

    /** Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s, through the inverse CDF. */
    static int[] zipfDraws(int n, int count, double s, SplittableRandom random) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int at = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            out[i] = Math.min(n - 1, at >= 0 ? at : -at - 1);
        }
        return out;
    }

    /** Each thread walks the draws from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int next = (int) (Thread.currentThread().getId() * 7919) & (DRAWS - 1);
    }

    /**
     * One look-up.
     *
     * @param cursor the thread's position in the draws
     * @return the cached value or the decision, so that JMH keeps the work
     */
    @Benchmark
    public Object check(Cursor cursor) {
        SubjectId subject = subjects[draws[cursor.next]];
        cursor.next = (cursor.next + 1) & (DRAWS - 1);
        if ("caffeine".equals(impl)) {
            return raw.getIfPresent(subject);
        }
        return consent.check(subject, analytics);
    }
}
