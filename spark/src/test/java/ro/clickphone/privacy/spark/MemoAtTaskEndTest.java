package ro.clickphone.privacy.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.fixture.FixtureKeys;
import ro.clickphone.privacy.spark.internal.CdrColumns;
import ro.clickphone.privacy.spark.internal.PseudonymizePartitions;
import ro.clickphone.privacy.spark.internal.Seams;

/**
 * A partition's pseudonym memo holds clear numbers: it is emptied when the task ends, whether the
 * partition was read to its end or the task stopped early (a {@code limit}, a failure, a kill). The
 * partition function tells this test of every job it opens, through a seam that Spark ships with it
 * (a static method: the copy deserialized on the executor reports to the same queue).
 */
class MemoAtTaskEndTest {

    private static final Queue<CdrJob> OPENED = new ConcurrentLinkedQueue<>();

    private final SparkSession spark = SharedSpark.session();

    @BeforeEach
    void forget() {
        OPENED.clear();
    }

    private static void opened(CdrJob job) {
        OPENED.add(job);
    }

    private static PseudonymizePartitions observed(int memo) {
        return Seams.observed(FixtureKeys.spec(), CdrColumns.positions(SingleJvm.inputSchema()), memo,
                MemoAtTaskEndTest::opened);
    }

    @Test
    void aTaskStoppedEarly_byALimit_emptiesItsMemo_whenTheTaskEnds() {
        Dataset<Row> out = SingleJvm.fixture(spark, 2, true)
                .mapPartitions(observed(64), Encoders.row(SparkPseudonymizer.outputSchema()));
        // the limit reads 3 rows of a partition of about 500: its iterator never reaches the end
        assertEquals(3, out.limit(3).collectAsList().size());
        assertFalse(OPENED.isEmpty(), "a job was opened");
        for (CdrJob job : OPENED) {
            assertEquals(0, job.memoSize(), job.toString());
            assertTrue(job.toString().endsWith(", closed]"), job.toString());
        }
    }

    @Test
    void aPartitionReadToItsEnd_emptiesItsMemo_evenOutsideATask() {
        List<Row> input = SingleJvm.fixture(spark, 1, true).collectAsList();
        // called directly: no TaskContext, so no completion listener; the end of the iterator closes the job
        Iterator<Row> out = observed(64).call(input.subList(0, 100).iterator());
        for (int i = 0; i < 50; i++) {
            out.next();
        }
        CdrJob job = OPENED.peek();
        assertTrue(job.memoSize() > 0, "the memo is in use half-way");
        while (out.hasNext()) {
            out.next();
        }
        assertEquals(1, OPENED.size());
        assertEquals(0, job.memoSize());
        assertTrue(job.toString().endsWith(", closed]"), job.toString());
    }

    @Test
    void withoutAMemo_noJobIsOpened() {
        Iterator<Row> out = observed(0).call(SingleJvm.fixture(spark, 1, true).collectAsList().iterator());
        assertTrue(out.hasNext());
        assertNull(OPENED.peek());
    }
}
