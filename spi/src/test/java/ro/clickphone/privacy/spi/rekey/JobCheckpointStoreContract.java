package ro.clickphone.privacy.spi.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.testkit.Race;

/**
 * The contract every {@link JobCheckpointStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar), return a fresh, empty store from {@link #newStore()} and, for a
 * store shared by several instances, a second instance over the same storage from {@link #sameStorage()}:
 *
 * <pre>{@code
 * class JdbcJobCheckpointStoreTest extends JobCheckpointStoreContract {
 *     @Override
 *     protected JobCheckpointStore newStore() {
 *         return JdbcJobCheckpointStore.create(testDatabase.freshSchema());
 *     }
 * }
 * }</pre>
 */
public abstract class JobCheckpointStoreContract {

    /** For subclasses. */
    protected JobCheckpointStoreContract() {
    }

    private JobCheckpointStore store;

    /**
     * Creates a new, empty store for one test.
     *
     * @return the store under test
     */
    protected abstract JobCheckpointStore newStore();

    /**
     * Another instance over the storage of the last {@link #newStore()} (another application instance, or
     * the same database after a restart). By default the store itself, for stores that live in memory.
     *
     * @return the second instance
     */
    protected JobCheckpointStore sameStorage() {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static JobCheckpoint checkpoint(String job, long sequence, String position, long scanned) {
        return new JobCheckpoint(job, sequence, position, false, scanned, scanned / 2, scanned - scanned / 2, 1, 0);
    }

    @Test
    void find_withNothingSaved_isEmpty() {
        assertEquals(Optional.empty(), store.find("reindex:customer.email_index"));
    }

    @Test
    void save_first_thenFindReturnsEveryField() {
        JobCheckpoint first = new JobCheckpoint("reindex:customer.email_index", 1, "4711", false, 500, 300, 190, 7, 3);
        assertTrue(store.save(first));
        assertEquals(Optional.of(first), store.find("reindex:customer.email_index"));
        assertEquals(Optional.of(first), sameStorage().find("reindex:customer.email_index"));
    }

    @Test
    void save_followingSequence_replaces_andFinishedIsKept() {
        assertTrue(store.save(checkpoint("job-a", 1, "100", 100)));
        JobCheckpoint second = new JobCheckpoint("job-a", 2, "200", true, 200, 150, 40, 2, 8);
        assertTrue(store.save(second));
        assertEquals(Optional.of(second), sameStorage().find("job-a"));
    }

    @Test
    void save_notFollowingTheStoredSequence_isRefused_andKeepsTheStoredOne() {
        JobCheckpoint first = checkpoint("job-a", 1, "100", 100);
        assertFalse(store.save(checkpoint("job-a", 2, "200", 200)), "sequence 2 without a stored 1");
        assertTrue(store.save(first));
        assertFalse(store.save(checkpoint("job-a", 1, "150", 150)), "a second sequence 1: another run saved first");
        assertFalse(store.save(checkpoint("job-a", 3, "300", 300)), "a gap");
        assertEquals(Optional.of(first), store.find("job-a"));
    }

    @Test
    void save_sequenceZero_isRefused() {
        assertThrows(InvalidInputException.class, () -> store.save(JobCheckpoint.start("job-a")));
        assertThrows(InvalidInputException.class, () -> store.save(null));
    }

    @Test
    void jobs_areKeptApart() {
        assertTrue(store.save(checkpoint("job-a", 1, "100", 100)));
        assertTrue(store.save(checkpoint("job-b", 1, "7", 7)));
        assertTrue(store.save(checkpoint("job-b", 2, "9", 9)));
        assertEquals("100", store.find("job-a").orElseThrow().position());
        assertEquals("9", store.find("job-b").orElseThrow().position());
    }

    @Test
    void delete_forgetsOnlyThatJob_andTheNextPassStartsAtSequenceOne() {
        assertTrue(store.save(checkpoint("job-a", 1, "100", 100)));
        assertTrue(store.save(checkpoint("job-b", 1, "7", 7)));
        assertTrue(store.delete("job-a"));
        assertFalse(store.delete("job-a"));
        assertEquals(Optional.empty(), sameStorage().find("job-a"));
        assertTrue(store.find("job-b").isPresent());
        assertTrue(store.save(checkpoint("job-a", 1, "", 0)), "a new pass after the reset");
    }

    @Test
    void startPosition_isKept() {
        JobCheckpoint empty = new JobCheckpoint("job-a", 1, RekeySource.START, true, 0, 0, 0, 0, 0);
        assertTrue(store.save(empty));
        assertEquals(Optional.of(empty), store.find("job-a"));
    }

    @Test
    void badJobIds_areRefused() {
        assertThrows(InvalidInputException.class, () -> store.find(null));
        assertThrows(InvalidInputException.class, () -> store.find(""));
        assertThrows(InvalidInputException.class, () -> store.find("ana@example.ro"));
        assertThrows(InvalidInputException.class, () -> store.delete("job a"));
    }

    /**
     * Two instances of one job that finished the same batch both save its checkpoint, through two store
     * instances: exactly one is stored, the other is told so (and stops).
     */
    @Test
    void concurrentSaves_ofOneSequence_exactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String job = "race-" + round;
            assertTrue(store.save(checkpoint(job, 1, "10", 10)));
            JobCheckpointStore other = sameStorage();
            List<Boolean> results = Race.race(2, i -> () -> (i == 0 ? store : other)
                    .save(checkpoint(job, 2, i == 0 ? "20" : "30", 20 + i)));
            assertEquals(1, results.stream().filter(b -> b).count(), "round " + round + ": " + results);
            String winner = results.get(0) ? "20" : "30";
            assertEquals(winner, store.find(job).orElseThrow().position());
        }
    }

    @Test
    void checkpoint_toString_showsNoPosition() {
        JobCheckpoint c = new JobCheckpoint("job-a", 1, "0721234567", false, 1, 1, 0, 0, 0);
        assertFalse(c.toString().contains("0721234567"), c.toString());
    }
}
