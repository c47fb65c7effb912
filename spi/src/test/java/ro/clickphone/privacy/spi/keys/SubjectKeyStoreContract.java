package ro.clickphone.privacy.spi.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link SubjectKeyStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return a fresh, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class JdbcSubjectKeyStoreTest extends SubjectKeyStoreContract {
 *     @Override
 *     protected SubjectKeyStore newStore() {
 *         return JdbcSubjectKeyStore.create(testDatabase.freshSchema());
 *     }
 * }
 * }</pre>
 */
public abstract class SubjectKeyStoreContract {

    /** For subclasses. */
    protected SubjectKeyStoreContract() {
    }

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final KeyScope PROFILE = KeyScope.of("profile");

    private SubjectKeyStore store;

    /**
     * Creates a new, empty store for one test.
     *
     * @return the store under test
     */
    protected abstract SubjectKeyStore newStore();

    /**
     * Another store over the same storage as the one {@link #newStore()} returned last, as a second
     * application instance, or the same application after a restart, would open it. The default is
     * that store itself (a store in memory has no other); a durable store returns one with its own
     * connections, so that the reservation tests prove counts add up across instances and survive.
     *
     * @return a store over the same storage
     */
    protected SubjectKeyStore anotherInstance() {
        return store;
    }

    /**
     * Whether the store answers empty for a key version it does not hold (the strict reading of
     * {@link SubjectKeyStore#reserveUses}). A store whose keys may commit with a caller's transaction
     * and whose reservations never join it returns {@code false}: it cannot tell a version not stored
     * from one the caller's transaction is storing. Destroyed slots and retired versions are refused
     * either way.
     *
     * @return {@code true} unless overridden
     */
    protected boolean reservesOnlyStoredVersions() {
        return true;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static StoredKey key(SubjectId subject, KeyScope scope, int version, int kekVersion, int filler) {
        byte[] wrapped = new byte[60];
        wrapped[0] = (byte) filler;
        return new StoredKey(subject, scope, version,
                new WrappedKey("kek", kekVersion, Base64.getEncoder().encodeToString(wrapped)),
                Instant.ofEpochSecond(1_767_225_600L));
    }

    @Test
    void putIfAbsent_firstWriterWins() {
        StoredKey first = key(ANA, PROFILE, 1, 1, 1);
        StoredKey second = key(ANA, PROFILE, 1, 1, 2);
        assertEquals(Optional.of(first), store.putIfAbsent(first));
        assertEquals(Optional.of(first), store.putIfAbsent(second));
        assertEquals(Optional.of(first), store.find(ANA, PROFILE, 1));
    }

    /**
     * Instances that meet a subject for the first time at once each generate a key and race to
     * store it. Exactly one key may win, and every racer must be handed that key (not its own), or
     * data encrypted under a losing key is unreadable once the race is over.
     */
    @Test
    void concurrentFirstWriters_ofOneSubjectScope_allGetTheOneStoredKey() throws Exception {
        int racers = 4;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < rounds; round++) {
                SubjectId subject = SubjectId.of("race-" + round);
                CyclicBarrier start = new CyclicBarrier(racers);
                List<StoredKey> candidates = new ArrayList<>();
                List<Future<Optional<StoredKey>>> results = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    StoredKey candidate = key(subject, PROFILE, 1, 1, racer + 1);
                    candidates.add(candidate);
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store.putIfAbsent(candidate);
                    }));
                }
                List<StoredKey> handedOut = new ArrayList<>();
                for (Future<Optional<StoredKey>> result : results) {
                    handedOut.add(result.get(10, TimeUnit.SECONDS).orElse(null));
                }
                StoredKey stored = store.find(subject, PROFILE, 1).orElse(null);
                String where = "round " + round;
                assertTrue(candidates.contains(stored), where + ": the stored key is one of the candidates");
                List<Integer> handedTheirOwn = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    if (candidates.get(racer).equals(handedOut.get(racer))) {
                        handedTheirOwn.add(racer);
                    }
                }
                assertEquals(1, handedTheirOwn.size(),
                        where + ": exactly one racer may be handed its own key, not " + handedTheirOwn);
                assertEquals(Collections.nCopies(racers, stored), handedOut,
                        where + ": every racer is handed the key that is stored");
                assertEquals(Optional.of(stored), store.latest(subject, PROFILE), where);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void latest_isTheHighestVersion() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        store.putIfAbsent(key(ANA, PROFILE, 2, 1, 2));
        assertEquals(2, store.latest(ANA, PROFILE).orElseThrow().version());
        assertTrue(store.latest(ANA, KeyScope.of("traffic")).isEmpty());
        assertTrue(store.find(ANA, PROFILE, 3).isEmpty());
    }

    @Test
    void destroy_removesEveryVersionAndBlocksNewKeys() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        store.putIfAbsent(key(ANA, PROFILE, 2, 1, 2));
        store.putIfAbsent(key(ANA, KeyScope.of("fiscal"), 1, 1, 3));
        assertEquals(2, store.destroy(ANA, PROFILE));
        assertTrue(store.isDestroyed(ANA, PROFILE));
        assertTrue(store.find(ANA, PROFILE, 1).isEmpty());
        assertTrue(store.latest(ANA, PROFILE).isEmpty());
        assertTrue(store.putIfAbsent(key(ANA, PROFILE, 3, 1, 4)).isEmpty());
        assertEquals(0, store.destroy(ANA, PROFILE));
        assertFalse(store.isDestroyed(ANA, KeyScope.of("fiscal")));
        assertTrue(store.find(ANA, KeyScope.of("fiscal"), 1).isPresent());
    }

    @Test
    void retire_deletesVersionsUpToTheFloor_leavesNoTombstone_andRefusesVersionsAtOrBelowIt() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        store.putIfAbsent(key(ANA, PROFILE, 2, 1, 2));
        store.putIfAbsent(key(ANA, PROFILE, 3, 1, 3));
        assertEquals(0, store.retiredThrough(ANA, PROFILE));
        assertEquals(2, store.retire(ANA, PROFILE, 2));
        assertEquals(2, store.retiredThrough(ANA, PROFILE));
        assertTrue(store.find(ANA, PROFILE, 1).isEmpty());
        assertTrue(store.find(ANA, PROFILE, 2).isEmpty());
        assertEquals(3, store.latest(ANA, PROFILE).orElseThrow().version());
        assertFalse(store.isDestroyed(ANA, PROFILE), "a retirement is no tombstone");
        assertTrue(store.putIfAbsent(key(ANA, PROFILE, 2, 1, 9)).isEmpty(), "a retired version is never stored again");
        assertEquals(1, store.retire(ANA, PROFILE, 3));
        assertEquals(0, store.retire(ANA, PROFILE, 1), "idempotent; the floor never goes down");
        assertEquals(3, store.retiredThrough(ANA, PROFILE));
        assertTrue(store.latest(ANA, PROFILE).isEmpty());
        StoredKey next = key(ANA, PROFILE, 4, 1, 4);
        assertEquals(Optional.of(next), store.putIfAbsent(next), "a new version above the floor is stored");
        assertThrows(InvalidInputException.class, () -> store.retire(ANA, PROFILE, 0));
        assertThrows(InvalidInputException.class, () -> store.retire(null, PROFILE, 1));
    }

    @Test
    void replace_isACompareAndSet() {
        StoredKey old = key(ANA, PROFILE, 1, 1, 1);
        store.putIfAbsent(old);
        StoredKey rewrapped = key(ANA, PROFILE, 1, 2, 9);
        assertTrue(store.replace(old, rewrapped));
        assertFalse(store.replace(old, key(ANA, PROFILE, 1, 3, 7)));
        assertEquals(Optional.of(rewrapped), store.find(ANA, PROFILE, 1));
    }

    @Test
    void wrappedBelow_listsKeysUnderOlderKekVersions() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        store.putIfAbsent(key(SubjectId.of("bogdan"), PROFILE, 1, 2, 2));
        List<StoredKey> old = store.wrappedBelow("kek", 2, 10);
        assertEquals(1, old.size());
        assertEquals(ANA, old.get(0).subject());
        assertTrue(store.wrappedBelow("other", 5, 10).isEmpty());
        assertEquals(1, store.wrappedBelow("kek", 3, 1).size());
    }

    @Test
    void reserveUses_addsUpPerKeyVersion_andReturnsTheTotal() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        store.putIfAbsent(key(ANA, PROFILE, 2, 1, 2));
        assertEquals(OptionalLong.of(5), store.reserveUses(ANA, PROFILE, 1, 5));
        assertEquals(OptionalLong.of(8), store.reserveUses(ANA, PROFILE, 1, 3));
        assertEquals(OptionalLong.of(1), store.reserveUses(ANA, PROFILE, 2, 1), "a count per version");
        assertEquals(OptionalLong.of(8 + SubjectKeyStore.MAX_RESERVATION),
                store.reserveUses(ANA, PROFILE, 1, SubjectKeyStore.MAX_RESERVATION), "beyond 32 bits");
        if (reservesOnlyStoredVersions()) {
            assertEquals(OptionalLong.empty(), store.reserveUses(ANA, PROFILE, 3, 1), "no such version");
            assertEquals(OptionalLong.empty(), store.reserveUses(SubjectId.of("bogdan"), PROFILE, 1, 1),
                    "no such subject");
            assertEquals(OptionalLong.empty(), store.reserveUses(ANA, KeyScope.of("traffic"), 1, 1), "no such scope");
        }
        assertEquals(OptionalLong.of(9 + SubjectKeyStore.MAX_RESERVATION), store.reserveUses(ANA, PROFILE, 1, 1),
                "other versions', subjects' and scopes' reservations are apart");
    }

    @Test
    void reserveUses_goesWithTheKey_retiredOrDestroyedIsEmpty_rewrapKeepsIt() {
        StoredKey first = key(ANA, PROFILE, 1, 1, 1);
        store.putIfAbsent(first);
        store.putIfAbsent(key(ANA, PROFILE, 2, 1, 2));
        store.reserveUses(ANA, PROFILE, 1, 10);
        assertTrue(store.replace(first, key(ANA, PROFILE, 1, 2, 9)));
        assertEquals(OptionalLong.of(11), store.reserveUses(ANA, PROFILE, 1, 1), "a rewrap keeps the count");
        store.retire(ANA, PROFILE, 1);
        assertEquals(OptionalLong.empty(), store.reserveUses(ANA, PROFILE, 1, 1), "a retired version");
        assertEquals(OptionalLong.of(4), store.reserveUses(ANA, PROFILE, 2, 4));
        store.destroy(ANA, PROFILE);
        assertEquals(OptionalLong.empty(), store.reserveUses(ANA, PROFILE, 2, 1), "a destroyed slot");
        assertEquals(OptionalLong.empty(), store.reserveUses(ANA, PROFILE, 3, 1), "a destroyed slot, any version");
    }

    @Test
    void reserveUses_ofANewKey_startsAtZero_andSurvivesAnotherInstance() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        assertEquals(OptionalLong.of(7), store.reserveUses(ANA, PROFILE, 1, 7));
        SubjectKeyStore reopened = anotherInstance();
        assertEquals(OptionalLong.of(8), reopened.reserveUses(ANA, PROFILE, 1, 1),
                "another instance (or this one after a restart) goes on from the total");
        assertEquals(OptionalLong.of(9), store.reserveUses(ANA, PROFILE, 1, 1));
    }

    /**
     * Threads of two store instances reserve at once: every range handed out is the caller's alone,
     * and together they cover the total without a gap, so no use is ever handed out twice. Seeded
     * (system property {@code clickphone.seed}); the seed is in every failure message.
     */
    @Test
    void concurrentReservations_fromTwoInstances_neverOverlap() throws Exception {
        long seed = Long.getLong("clickphone.seed", System.nanoTime());
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        SubjectKeyStore[] instances = {store, anotherInstance()};
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<long[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SubjectKeyStore instance = instances[t % 2];
                Random random = new Random(seed + t);
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<long[]> ranges = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long count = 1 + random.nextInt(1 << 20);
                        long total = instance.reserveUses(ANA, PROFILE, 1, count).orElseThrow();
                        ranges.add(new long[] {total - count, total});
                    }
                    return ranges;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<List<long[]>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            all.sort((a, b) -> Long.compare(a[0], b[0]));
            long expectedStart = 0;
            for (long[] range : all) {
                assertEquals(expectedStart, range[0], "seed " + seed + ": ranges are disjoint and leave no gap");
                expectedStart = range[1];
            }
            assertEquals(threads * perThread, all.size());
            assertEquals(OptionalLong.of(expectedStart + 1), store.reserveUses(ANA, PROFILE, 1, 1), "seed " + seed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reserveUses_badArguments_areRejected() {
        store.putIfAbsent(key(ANA, PROFILE, 1, 1, 1));
        assertThrows(InvalidInputException.class, () -> store.reserveUses(null, PROFILE, 1, 1));
        assertThrows(InvalidInputException.class, () -> store.reserveUses(ANA, null, 1, 1));
        assertThrows(InvalidInputException.class, () -> store.reserveUses(ANA, PROFILE, 0, 1));
        assertThrows(InvalidInputException.class, () -> store.reserveUses(ANA, PROFILE, 1, 0));
        assertThrows(InvalidInputException.class,
                () -> store.reserveUses(ANA, PROFILE, 1, SubjectKeyStore.MAX_RESERVATION + 1));
        assertEquals(OptionalLong.of(1), store.reserveUses(ANA, PROFILE, 1, 1), "a refused call reserved nothing");
    }

    @Test
    void badArguments_areRejected() {
        assertThrows(InvalidInputException.class, () -> store.putIfAbsent(null));
        assertThrows(InvalidInputException.class, () -> store.find(null, PROFILE, 1));
        assertThrows(InvalidInputException.class, () -> store.destroy(ANA, null));
        assertThrows(InvalidInputException.class, () -> store.wrappedBelow("kek", 2, 0));
    }
}
