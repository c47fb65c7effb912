package ro.clickphone.privacy.spi.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;

/**
 * The contract every {@link AuditLogStore} keeps. Plugin authors extend this class in their own
 * tests (from the {@code clickphone-privacy-spi} test jar) and return a fresh, empty store from
 * {@link #newStore()}.
 */
public abstract class AuditLogStoreContract {

    /** For subclasses. */
    protected AuditLogStoreContract() {
    }

    private AuditLogStore store;

    /**
     * Creates a new, empty store for one test.
     *
     * @return the store under test
     */
    protected abstract AuditLogStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A record with valid fields; the store does not check hashes, the verifier does. */
    protected static AuditRecord record(long sequence) {
        String hash = String.format("%064x", sequence);
        String previous = sequence == 1 ? AuditRecord.GENESIS_HASH : String.format("%064x", sequence - 1);
        Map<String, String> details = new TreeMap<>(Map.of("reason", "OWN_DATA"));
        return new AuditRecord(sequence, Instant.ofEpochSecond(1_767_225_600L + sequence), ActorKind.STAFF,
                "emp-0815", "access.check", Optional.of("BILLING"), List.of("FINANCIAL", "TRAFFIC"),
                Optional.of("s-0123456789abcdef0123456789abcdef"), AuditOutcome.SUCCESS, new TreeMap<>(details),
                previous, hash);
    }

    protected static AuditCheckpoint checkpoint(long sequence) {
        return new AuditCheckpoint(sequence, String.format("%064x", sequence), Instant.ofEpochSecond(1_767_225_600L),
                "key-1", "HmacSHA256", "c2lnbmF0dXJl", 2, 10, String.format("%064x", sequence - 1));
    }

    @Test
    void emptyStore_hasNothing() {
        assertTrue(store.last().isEmpty());
        assertTrue(store.read(1, 10).isEmpty());
        assertTrue(store.latestCheckpoint().isEmpty());
        assertTrue(store.readCheckpoints(1, 10).isEmpty());
    }

    @Test
    void append_thenRead_returnsTheSameRecordsInOrder() {
        for (long s = 1; s <= 25; s++) {
            store.append(record(s));
        }
        List<AuditRecord> all = store.read(1, 100);
        assertEquals(25, all.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(record(i + 1), all.get(i));
        }
        assertEquals(record(25), store.last().orElseThrow());
    }

    @Test
    void read_returnsTheRequestedRange() {
        for (long s = 1; s <= 10; s++) {
            store.append(record(s));
        }
        List<AuditRecord> page = store.read(4, 3);
        assertEquals(List.of(record(4), record(5), record(6)), page);
        assertEquals(List.of(record(10)), store.read(10, 5));
        assertTrue(store.read(11, 5).isEmpty());
    }

    @Test
    void append_withGapOrRepeat_isAConflictAndStoresNothing() {
        store.append(record(1));
        assertThrows(SequenceConflictException.class, () -> store.append(record(3)));
        assertThrows(SequenceConflictException.class, () -> store.append(record(1)));
        assertEquals(1, store.read(1, 10).size());
        store.append(record(2));
        assertEquals(record(2), store.last().orElseThrow());
    }

    @Test
    void append_firstRecordMustBeSequenceOne() {
        assertThrows(SequenceConflictException.class, () -> store.append(record(2)));
        assertTrue(store.last().isEmpty());
    }

    @Test
    void concurrentAppends_racingForTheSameSequence_exactlyOneWinsEach() throws Exception {
        int threads = 4;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                int done = 0;
                while (done < perThread) {
                    long next = store.last().map(r -> r.sequence() + 1).orElse(1L);
                    try {
                        store.append(record(next));
                        done++;
                    } catch (SequenceConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<AuditRecord> all = store.read(1, threads * perThread + 10);
        assertEquals(threads * perThread, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).sequence());
        }
    }

    @Test
    void checkpoints_areKeptInOrderAndMustAdvance() {
        store.appendCheckpoint(checkpoint(10));
        store.appendCheckpoint(checkpoint(20));
        assertThrows(SequenceConflictException.class, () -> store.appendCheckpoint(checkpoint(20)));
        assertThrows(SequenceConflictException.class, () -> store.appendCheckpoint(checkpoint(15)));
        assertEquals(checkpoint(20), store.latestCheckpoint().orElseThrow());
        assertEquals(List.of(checkpoint(10), checkpoint(20)), store.readCheckpoints(1, 10));
        assertEquals(List.of(checkpoint(20)), store.readCheckpoints(11, 10));
        assertEquals(List.of(checkpoint(10)), store.readCheckpoints(1, 1));
    }

    @Test
    void versionOneCheckpoints_roundTripWithEveryField() {
        // Trails written before checkpoint format 2 keep verifying only if a store gives back what it got.
        AuditCheckpoint v1 = new AuditCheckpoint(5, String.format("%064x", 5), Instant.ofEpochSecond(1_767_225_600L),
                "key-0", "HmacSHA256", "c2lnbmF0dXJl", 1, 0, AuditRecord.GENESIS_HASH);
        store.appendCheckpoint(v1);
        store.appendCheckpoint(checkpoint(10));
        assertEquals(List.of(v1, checkpoint(10)), store.readCheckpoints(1, 10));
    }

    @Test
    void badArguments_areRejected() {
        assertThrows(InvalidInputException.class, () -> store.append(null));
        assertThrows(InvalidInputException.class, () -> store.appendCheckpoint(null));
        assertThrows(InvalidInputException.class, () -> store.read(0, 10));
        assertThrows(InvalidInputException.class, () -> store.read(1, 0));
        assertThrows(InvalidInputException.class, () -> store.readCheckpoints(0, 10));
    }

    @Test
    void readResults_areNotLiveViewsOfTheStore() {
        store.append(record(1));
        List<AuditRecord> page = store.read(1, 10);
        store.append(record(2));
        assertEquals(1, page.size());
        assertFalse(Collections.unmodifiableList(page).isEmpty());
    }
}
