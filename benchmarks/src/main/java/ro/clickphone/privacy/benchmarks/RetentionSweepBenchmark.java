package ro.clickphone.privacy.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * {@code kit.retention().sweep(SweepOptions.defaults())} over 1 000 000 due tags served on demand by
 * a {@link GeneratedRetentionStore}, with a source that disposes of nothing, beside a raw loop over the
 * same store in the same run: claim the same batches of 500 with the same lease, call the source, mark
 * each record disposed of (the conditional mark, with a proof under the record's own reference). The
 * difference is the sweeper's own work (the plan per record, the re-checks of the lease, the tag and
 * the holds before the source and before the mark, the keyed reference of the proof, the counts, the
 * report and its audit entry; for CDRs also the "key still needed" check, the key retirement and its
 * audit entry). Single shot per sweep; records/s = 1 000 000 / seconds.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RetentionSweepBenchmark -wi 2 -i 3 -f 2 -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 2, jvmArgsAppend = {"-Xmx512m", "-Xms512m"})
public class RetentionSweepBenchmark {

    /** Due tags per sweep. */
    public static final int RECORDS = 1_000_000;

    /**
     * {@code raw-cookies}, {@code raw-cdrs}: the raw loop (baseline) over cookies and over CDRs;
     * {@code sweep-cookies}: the sweep deleting session cookies (no key scope, one subject each);
     * {@code sweep-cdrs}: the sweep crypto-shredding CDRs (100 per subject; 10 000 keys retired and audited).
     */
    @Param({"raw-cookies", "sweep-cookies", "raw-cdrs", "sweep-cdrs"})
    public String impl;

    private GeneratedRetentionStore store;
    private RetentionBenchmarkSupport.NoOpSource source;
    private RetentionSchedule retention;
    private final SweepOptions options = SweepOptions.defaults();

    /** Builds the store, the source and the kit. */
    @Setup(Level.Trial)
    public void setUp() {
        boolean cdrs = impl.endsWith("cdrs");
        store = cdrs ? RetentionBenchmarkSupport.cdrs(RECORDS) : RetentionBenchmarkSupport.cookies(RECORDS);
        source = cdrs ? new RetentionBenchmarkSupport.NoOpSource("cdr", RetentionBenchmarkSupport.TRAFFIC)
                : new RetentionBenchmarkSupport.NoOpSource("web", RetentionBenchmarkSupport.COOKIES);
        retention = RetentionBenchmarkSupport.kit(store, source).retention();
    }

    /** Makes every record due again. */
    @Setup(Level.Invocation)
    public void reset() {
        store.reset();
        source.calls = 0;
    }

    /** Checks that the shot disposed of every record once. */
    @TearDown(Level.Invocation)
    public void check() {
        if (store.disposedCount() != RECORDS || store.distinctDisposed() != RECORDS || source.calls != RECORDS) {
            throw new IllegalStateException("disposed " + store.disposedCount() + " (" + store.distinctDisposed()
                    + " distinct), source called " + source.calls + " times, of " + RECORDS);
        }
    }

    /**
     * One sweep over the million records.
     *
     * @return the report, or the number of records of the raw loop
     */
    @Benchmark
    public Object sweep() {
        if (impl.startsWith("sweep")) {
            SweepReport report = retention.sweep(options);
            return report;
        }
        return raw(store, source, options.batchSize(), options.lease());
    }

    /** The raw loop: claim batches, call the source, mark. */
    static int raw(GeneratedRetentionStore store, RetentionBenchmarkSupport.NoOpSource source, int batchSize,
            Duration leaseFor) {
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Bucharest")));
        DisposalAction action = DisposalAction.DELETE;
        int done = 0;
        while (true) {
            Instant now = clock.instant();
            Lease lease = new Lease("raw", now, now.plus(leaseFor));
            List<RetentionTag> batch = store.claimDue(today, lease, batchSize);
            if (batch.isEmpty()) {
                return done;
            }
            for (RetentionTag tag : batch) {
                source.dispose(tag.record(), action);
                // The proof under the record's own reference: no keyed reference, no re-check.
                if (store.markDisposed(tag, lease, tag.proof(tag.record(), now, action))) {
                    done++;
                }
            }
        }
    }
}
