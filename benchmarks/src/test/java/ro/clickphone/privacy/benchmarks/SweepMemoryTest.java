package ro.clickphone.privacy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sweeper's heap does not grow with the number of due records: a sweep of 1 000 000 due records,
 * served on demand by a {@link GeneratedRetentionStore} (an in-memory store of a million tags would
 * not fit, and would prove nothing about the sweeper), runs through a real kit in a child JVM whose
 * heap is capped at 128 MB, and disposes of every record exactly once.
 */
class SweepMemoryTest {

    private static final int RECORDS = 1_000_000;

    /**
     * {@code cookies}: deleted, one subject each; {@code cdrs}: crypto-shredded, 100 per subject, so the
     * "key still needed" check and 10 000 key destructions and shred audit entries run too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cookies", "cdrs"})
    void aMillionDueRecords_sweepIn128MegabytesOfHeap(String kind) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), SweepMemoryCheck.class.getName(), kind,
                Integer.toString(RECORDS)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the sweep did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("swept " + RECORDS + " records (" + RECORDS + " distinct, source called " + RECORDS
                + " times, report " + RECORDS + ","), output);
        System.out.println("SweepMemoryTest[" + kind + "]: " + output.strip());
    }
}
