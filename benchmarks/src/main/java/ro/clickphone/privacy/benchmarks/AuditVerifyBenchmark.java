package ro.clickphone.privacy.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.audit.AuditVerification;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;

/**
 * Verifying a trail of 1 000 000 entries (checkpoint every 1000) from an in-memory store, beside a
 * raw SHA-256 over the same number of entry-sized byte arrays, in the same run. Entries per second
 * is {@code 1 000 000 / score}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuditVerifyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class AuditVerifyBenchmark {

    /** Entries in the trail. */
    public static final int ENTRIES = 1_000_000;

    /** {@code raw-sha256}: the baseline; {@code verify}: {@link AuditTrail#verify()}. */
    @Param({"raw-sha256", "verify"})
    public String impl;

    private AuditTrail trail;
    private byte[] entryBytes;
    private MessageDigest sha256;

    /**
     * Appends the million entries once per trial.
     *
     * @throws NoSuchAlgorithmException never: SHA-256 is in every JVM
     */
    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        AuditEvent event = AuditBenchmarkSupport.typicalEvent();
        InMemoryAuditLogStore store = new InMemoryAuditLogStore();
        trail = AuditBenchmarkSupport.trail(store, 1000);
        entryBytes = AuditBenchmarkSupport.canonicalBytes(trail.record(event));
        sha256 = MessageDigest.getInstance("SHA-256");
        if ("verify".equals(impl)) {
            for (int i = 1; i < ENTRIES; i++) {
                trail.record(event);
            }
        }
    }

    /**
     * One pass over the million entries.
     *
     * @return the result, so that JMH keeps the work
     */
    @Benchmark
    public Object verifyAll() {
        if ("raw-sha256".equals(impl)) {
            byte[] last = null;
            for (int i = 0; i < ENTRIES; i++) {
                sha256.update(entryBytes);
                last = sha256.digest();
            }
            return last;
        }
        AuditVerification result = trail.verify();
        if (!result.intact()) {
            throw new IllegalStateException("trail broken: " + result.firstBreak().orElseThrow());
        }
        return result;
    }
}
