package ro.clickphone.privacy.benchmarks;

import java.util.Set;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * Run by {@link SweepMemoryTest} in a child JVM with a small heap: sweeps {@code count} due records
 * of a {@link GeneratedRetentionStore} ({@code cookies} or {@code cdrs}) through a real kit and a
 * no-op source, and exits 0 only if every record was disposed of exactly once, the report says so,
 * and the live heap (measured after a full collection at every tenth of the sweep, from inside the
 * source) grew by less than {@value #MAX_GROWTH_MB} MB between the first tenth and the end: a sweeper
 * keeping as little as 16 bytes per record would exceed it. An {@link OutOfMemoryError} ends the JVM
 * with a non-zero status.
 */
public final class SweepMemoryCheck {

    static final int MAX_GROWTH_MB = 16;

    private SweepMemoryCheck() {
    }

    /** The no-op source, measuring the live heap every {@code every} calls. */
    static final class Measuring implements PersonalDataSource {
        final RetentionBenchmarkSupport.NoOpSource source;
        final long every;
        long first = -1;
        long last;
        long max;

        Measuring(RetentionBenchmarkSupport.NoOpSource source, long every) {
            this.source = source;
            this.every = every;
        }

        @Override
        public String name() {
            return source.name();
        }

        @Override
        public Set<DataCategory> categories() {
            return source.categories();
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            source.dispose(record, action);
            if (source.calls % every == 0) {
                System.gc();
                last = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                max = Math.max(max, last);
                if (first < 0) {
                    first = last;
                }
            }
        }
    }

    /**
     * @param args the kind ({@code cookies} or {@code cdrs}) and the number of due records
     */
    public static void main(String[] args) {
        boolean cdrs = args[0].equals("cdrs");
        int count = Integer.parseInt(args[1]);
        GeneratedRetentionStore store = cdrs ? RetentionBenchmarkSupport.cdrs(count)
                : RetentionBenchmarkSupport.cookies(count);
        Measuring source = new Measuring(cdrs
                ? new RetentionBenchmarkSupport.NoOpSource("cdr", RetentionBenchmarkSupport.TRAFFIC)
                : new RetentionBenchmarkSupport.NoOpSource("web", RetentionBenchmarkSupport.COOKIES),
                Math.max(1, count / 10));
        long start = System.nanoTime();
        SweepReport report = RetentionBenchmarkSupport.kit(store, source).retention().sweep(SweepOptions.defaults());
        long millis = (System.nanoTime() - start) / 1_000_000;
        DisposalAction action = cdrs ? DisposalAction.CRYPTO_SHRED : DisposalAction.DELETE;
        DataCategory category = cdrs ? RetentionBenchmarkSupport.TRAFFIC : RetentionBenchmarkSupport.COOKIES;
        int expectedKeys = cdrs ? count / RetentionBenchmarkSupport.RECORDS_PER_SUBJECT : 0;
        long growth = source.last - source.first;
        boolean right = store.disposedCount(action) == count && store.distinctDisposed() == count
                && source.source.calls == count && report.total() == count && report.failed() == 0
                && report.count(category, action) == count && report.keysShredded() == expectedKeys;
        boolean flat = growth < MAX_GROWTH_MB * 1024L * 1024L;
        System.out.println("swept " + store.disposedCount(action) + " records (" + store.distinctDisposed()
                + " distinct, source called " + source.source.calls + " times, report " + report.total() + ", "
                + report.keysShredded() + " keys shredded, " + report.failed() + " failed) in " + millis
                + " ms; live heap " + kb(source.first) + " KB at the first tenth, " + kb(source.last)
                + " KB at the end (grew " + kb(growth) + " KB), at most " + kb(source.max) + " KB, of "
                + kb(Runtime.getRuntime().maxMemory()) + " KB");
        if (!flat) {
            System.out.println("the live heap grew by " + MAX_GROWTH_MB + " MB or more with the records swept");
        }
        System.exit(right && flat ? 0 : 1);
    }

    private static long kb(long bytes) {
        return bytes / 1024;
    }
}
