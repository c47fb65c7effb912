package ro.clickphone.privacy.benchmarks;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * {@code kit.notifications().send(MISSED_CALL, subject, payload)} into the in-memory outbox — the
 * consent gate, minimization, rendering in Romanian, sealing under the subject's key, the outbox
 * write and its audit entry — beside the consent check alone ({@code kit.consent().check(subject,
 * SERVICE_NOTIFICATIONS)}, the gate's first step), in the same run. 1000 subjects in turn; a fresh
 * kit and outbox every iteration (the first message of each subject also makes its key).
 * Throughput in messages (or checks) per second.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NotificationSendBenchmark -wi 4 -i 5 -f 2 -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class NotificationSendBenchmark {

    private static final Purpose SERVICE_NOTIFICATIONS = Purpose.of("SERVICE_NOTIFICATIONS");

    /** {@code check}: the consent check alone (baseline); {@code send}: the whole send. */
    @Param({"check", "send"})
    public String impl;

    private final SubjectId[] subjects = NotificationBenchmarkSupport.subjects(1000);
    private KeySettings keys;
    private PrivacyKit kit;
    private int next;

    /** One key-encryption key for the trial (opening a PKCS#12 file is not what is measured). */
    @Setup(Level.Trial)
    public void keys() {
        keys = NotificationBenchmarkSupport.keys();
    }

    /** A fresh kit on fresh in-memory stores, so that the outbox does not grow across iterations. */
    @Setup(Level.Iteration)
    public void freshKit() {
        kit = NotificationBenchmarkSupport.kit(InMemoryStores.create(), keys);
    }

    /** Stops the kit. */
    @TearDown(Level.Iteration)
    public void close() {
        kit.close();
    }

    /**
     * One check, or one send.
     *
     * @return the decision or the result, so that JMH keeps the work
     */
    @Benchmark
    public Object sendOne() {
        SubjectId subject = subjects[next++ % subjects.length];
        if ("check".equals(impl)) {
            return kit.consent().check(subject, SERVICE_NOTIFICATIONS);
        }
        return kit.notifications().send(NotificationBenchmarkSupport.MISSED_CALL, subject,
                NotificationBenchmarkSupport.PAYLOAD);
    }
}
