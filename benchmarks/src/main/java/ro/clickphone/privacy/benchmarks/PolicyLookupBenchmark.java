package ro.clickphone.privacy.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.spi.Purpose;

/**
 * The purpose look-up a consent check makes on its hot path ({@link Policy#purpose(Purpose)}),
 * beside a plain {@link HashMap} holding the same definitions: the raw baseline.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PolicyLookupBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyLookupBenchmark {

    /** {@code hashmap}: the raw baseline; {@code policy}: the SDK's look-up. */
    @Param({"hashmap", "policy"})
    public String impl;

    private Policy policy;
    private Map<Purpose, PurposeDefinition> baseline;
    private Purpose[] purposes;
    private int next;

    /** Loads the ClickPhone policy and copies its purposes into the baseline map. */
    @Setup(Level.Trial)
    public void setUp() {
        policy = Policy.clickPhoneDefault();
        List<PurposeDefinition> definitions = policy.purposes();
        baseline = new HashMap<>();
        definitions.forEach(d -> baseline.put(d.purpose(), d));
        // Fresh Purpose instances, as a caller would build them, not the map's own keys.
        purposes = definitions.stream().map(d -> Purpose.of(d.purpose().id())).toArray(Purpose[]::new);
    }

    /**
     * Looks up the next purpose, cycling through all of them.
     *
     * @return the definition, so that JMH keeps the work
     */
    @Benchmark
    public PurposeDefinition lookup() {
        Purpose purpose = purposes[next];
        next = next + 1 == purposes.length ? 0 : next + 1;
        return "policy".equals(impl) ? policy.purpose(purpose) : baseline.get(purpose);
    }
}
