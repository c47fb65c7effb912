package ro.clickphone.privacy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sweeper's heap does not grow with the number of due records: a sweep of 1 000 000 due records,
 * served on demand by a {@link GeneratedRetentionStore} (an in-memory store of a million tags would
 * not fit, and would prove nothing about the sweeper), runs through a real kit in a child JVM whose
 * heap is capped at 128 MB, and disposes of every record exactly once. A child still running after
 * 5 minutes is killed ({@link ChildJvm}), and its output printed in the failure.
 */
class SweepMemoryTest {

    private static final int RECORDS = 1_000_000;

    /**
     * {@code cookies}: deleted, one subject each; {@code cdrs}: crypto-shredded, 100 per subject, so the
     * "key still needed" check and 10 000 key destructions and shred audit entries run too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cookies", "cdrs"})
    void aMillionDueRecords_sweepIn128MegabytesOfHeap(String kind, @TempDir Path dir) throws Exception {
        ChildJvm.Result child = ChildJvm.run(dir.resolve("sweep-" + kind + ".log"), Duration.ofMinutes(5),
                List.of("-Xmx128m"), SweepMemoryCheck.class, kind, Integer.toString(RECORDS));
        assertTrue(child.finished(), "the sweep did not finish within 5 minutes: " + child.describe());
        assertEquals(0, child.exitValue(), child.describe());
        assertTrue(child.output().contains("swept " + RECORDS + " records (" + RECORDS + " distinct, source called "
                + RECORDS + " times, report " + RECORDS + ","), child.describe());
        System.out.println("SweepMemoryTest[" + kind + "]: " + child.output().strip());
    }
}
