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
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;

/**
 * Audit append throughput beside a raw {@link MessageDigest} SHA-256 of the same bytes (the
 * canonical encoding of a typical entry), in the same run. The append goes to a store that keeps
 * only the head, so what is measured is the SDK's work (pseudonymizing the subject, encoding,
 * hashing, validating, chaining, signing a checkpoint every 1000 entries), not a database.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuditAppendBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditAppendBenchmark {

    /**
     * {@code raw-sha256}: the baseline; {@code append}: {@link AuditTrail#record(AuditEvent)} of
     * entries about one subject (its pseudonym cached); {@code append-distinct-subjects}: entries
     * about 100 000 subjects in turn, ten times the pseudonym cache, so nearly every append computes
     * an HMAC.
     */
    @Param({"raw-sha256", "append", "append-distinct-subjects"})
    public String impl;

    private static final int SUBJECTS = 100_000;
    private AuditEvent[] distinct;
    private int next;

    private AuditTrail trail;
    private AuditEvent event;
    private byte[] entryBytes;
    private MessageDigest sha256;

    /**
     * Builds the trail, the event, and the bytes the baseline hashes.
     *
     * @throws NoSuchAlgorithmException never: SHA-256 is in every JVM
     */
    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        event = AuditBenchmarkSupport.typicalEvent();
        trail = AuditBenchmarkSupport.trail(new AuditBenchmarkSupport.HeadOnlyStore(), 1000);
        AuditTrail sample = AuditBenchmarkSupport.trail(new InMemoryAuditLogStore(), 1000);
        entryBytes = AuditBenchmarkSupport.canonicalBytes(sample.record(event));
        sha256 = MessageDigest.getInstance("SHA-256");
        distinct = new AuditEvent[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++) {
            distinct[i] = event.withSubject(ro.clickphone.privacy.spi.SubjectId.of("acct-" + i));
        }
    }

    /**
     * One entry.
     *
     * @return the hash or the record, so that JMH keeps the work
     */
    @Benchmark
    public Object appendOne() {
        if ("raw-sha256".equals(impl)) {
            return sha256.digest(entryBytes);
        }
        if ("append".equals(impl)) {
            return trail.record(event);
        }
        next = next + 1 == SUBJECTS ? 0 : next + 1;
        return trail.record(distinct[next]);
    }
}
