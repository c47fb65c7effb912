package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * The per-thread key tables ({@link ThreadKeys}) play by the key cache's rules: a key a thread
 * holds hot is never used after {@code shred}, {@code retireVersions} or {@code rotate} returned,
 * nor after the staleness bound when another instance shredded; the table stays within its bound;
 * nonces do not repeat. Each attacker here is a thread that keeps encrypting with a key it used a
 * moment ago.
 */
class ThreadKeysTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Pkcs12KeyEncryptionKeyProvider kek;
    private InMemorySubjectKeyStore store;
    private final AtomicLong ticker = new AtomicLong();
    private ExecutorService worker;

    @BeforeEach
    void setUp() {
        kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek");
        store = new InMemorySubjectKeyStore();
        worker = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        worker.shutdownNow();
    }

    private EnvelopeKeys keys(int threadCache) {
        return EnvelopeKeys.create(KeySettings.of(kek).withStaleness(BOUND).withThreadCacheSize(threadCache), store,
                Clock.systemUTC(), ticker::get);
    }

    private <T> T onWorker(Callable<T> call) throws Exception {
        try {
            return worker.submit(call).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The worker's table, as it is (not emptied by an epoch check): for the assertions that it is hot. */
    private static int hotEntries(EnvelopeKeys keys) {
        return keys.threadsForTest().get().size();
    }

    @Test
    void hotKeyOnAnotherThread_afterShredReturned_failsAtOnce() throws Exception {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, stored)));
        assertTrue(onWorker(() -> hotEntries(keys)) >= 1, "the worker holds the key hot");

        assertEquals(1, keys.shred(ANA, PROFILE));

        assertTrue(onWorker(() -> hotEntries(keys)) >= 1, "still in the worker's table: only the epoch stops it");
        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.encrypt(ANA, EMAIL, "x@example.ro")));
        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.decrypt(ANA, EMAIL, stored)));
        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.encrypt(ANA, EMAIL,
                "x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void hotKeyOnAnotherThread_afterRetireVersionsReturned_theRetiredVersionFails_andNewWritesTakeANewOne()
            throws Exception {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String old = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, old)));

        assertEquals(1, keys.retireVersions(ANA, PROFILE));

        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.decrypt(ANA, EMAIL, old)));
        String fresh = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals(2, CiphertextHeaderProbe.keyVersion(fresh), "a new version above the retired one");
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, fresh)));
    }

    @Test
    void hotKeyOnAnotherThread_afterRotateReturned_newWritesUseTheNewVersion() throws Exception {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String v1 = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals(2, keys.rotate(ANA, PROFILE));
        String v2 = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals(1, CiphertextHeaderProbe.keyVersion(v1));
        assertEquals(2, CiphertextHeaderProbe.keyVersion(v2));
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, v1)));
    }

    @Test
    void shredByAnotherInstance_aHotKeyIsNotServedPastTheStalenessBound() throws Exception {
        EnvelopeKeys here = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        EnvelopeKeys elsewhere = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(here);
        String stored = onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, stored)));

        elsewhere.shred(ANA, PROFILE);
        ticker.addAndGet(BOUND.toNanos() - 1);
        // Within the bound, as documented: the other instance's shred is not seen yet.
        assertEquals("ana@example.ro", onWorker(() -> fields.decrypt(ANA, EMAIL, stored)));
        onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertTrue(onWorker(() -> hotEntries(here)) >= 1);

        ticker.addAndGet(1);
        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.decrypt(ANA, EMAIL, stored)));
        assertThrows(KeyDestroyedException.class, () -> onWorker(() -> fields.encrypt(ANA, EMAIL, "ana@example.ro")));
    }

    /**
     * Two threads encrypt and decrypt one subject's values in a loop while the main thread shreds
     * the subject: no call that began after the shred returned may succeed.
     */
    @Test
    void shredWhileTwoThreadsUseTheKeyHot_noCallStartedAfterTheShredReturnedSucceeds() throws Exception {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        AtomicBoolean shredReturned = new AtomicBoolean();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger refusedAfter = new AtomicInteger();
        CountDownLatch hot = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                boolean decrypting = w == 1;
                loops.add(pool.submit(() -> {
                    int after = 0;
                    boolean counted = false;
                    while (after < 2_000) {
                        boolean startedAfter = shredReturned.get();
                        try {
                            if (decrypting) {
                                fields.decrypt(ANA, EMAIL, stored);
                            } else {
                                fields.encrypt(ANA, EMAIL, "ana@example.ro");
                            }
                            if (startedAfter) {
                                violations.incrementAndGet();
                            }
                        } catch (KeyDestroyedException e) {
                            if (startedAfter) {
                                refusedAfter.incrementAndGet();
                            }
                        }
                        if (!counted) {
                            counted = true;
                            hot.countDown();
                        }
                        if (startedAfter) {
                            after++;
                        }
                    }
                    return null;
                }));
            }
            assertTrue(hot.await(30, TimeUnit.SECONDS));
            keys.shred(ANA, PROFILE);
            shredReturned.set(true);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, violations.get(), "calls that began after shred returned and still succeeded");
        assertEquals(4_000, refusedAfter.get());
    }

    @Test
    void theTableStaysWithinItsBound_andZeroTurnsItOff() {
        EnvelopeKeys keys = keys(8);
        FieldEncryptor fields = new FieldEncryptor(keys);
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stored.add(fields.encrypt(SubjectId.of("acct-" + i), EMAIL, "v" + i));
            assertTrue(keys.thread().size() <= 8, "entries: " + keys.thread().size());
        }
        assertEquals(8, keys.thread().size());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                assertEquals("v" + i, fields.decrypt(SubjectId.of("acct-" + i), EMAIL, stored.get(i)));
                assertTrue(keys.thread().size() <= 8);
            }
        }

        EnvelopeKeys off = keys(0);
        FieldEncryptor plain = new FieldEncryptor(off);
        for (int i = 0; i < 50; i++) {
            assertEquals("v" + i, plain.decrypt(SubjectId.of("acct-" + i), EMAIL, stored.get(i)));
            plain.encrypt(SubjectId.of("acct-" + i), EMAIL, "w");
        }
        assertEquals(0, off.thread().size());
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class,
                () -> KeySettings.of(kek).withThreadCacheSize(-1));
        assertThrows(ro.clickphone.privacy.spi.InvalidInputException.class,
                () -> KeySettings.of(kek).withThreadCacheSize(KeySettings.MAX_THREAD_CACHE_SIZE + 1));
    }

    @Test
    void aTableEntryThatOutlivedTheStalenessBound_isReloaded_notServed() {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor fields = new FieldEncryptor(keys);
        fields.encrypt(ANA, EMAIL, "ana@example.ro");
        EnvelopeKeys.DataKey before = keys.currentEntry(keys.thread(), ANA, PROFILE).key;
        ticker.addAndGet(BOUND.toNanos());
        EnvelopeKeys.DataKey after = keys.currentEntry(keys.thread(), ANA, PROFILE).key;
        assertFalse(before == after, "a key loaded a staleness bound ago is loaded again");
        assertEquals(before.version, after.version);
    }

    /** 1 000 000 nonces from two threads' DRBG blocks: none repeats (compared on their first 8 bytes). */
    @Test
    void nonces_fromTwoThreads_doNotRepeat() throws Exception {
        EnvelopeKeys keys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        int each = 500_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long[] all = new long[2 * each];
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                parts.add(pool.submit(() -> {
                    ThreadKeys t = keys.thread();
                    byte[] nonce = new byte[FieldEncryptor.NONCE_BYTES];
                    long[] firsts = new long[each];
                    for (int i = 0; i < each; i++) {
                        t.nonce(nonce, 0);
                        long v = 0;
                        for (int b = 0; b < 8; b++) {
                            v = v << 8 | (nonce[b] & 0xff);
                        }
                        firsts[i] = v;
                    }
                    return firsts;
                }));
            }
            System.arraycopy(parts.get(0).get(60, TimeUnit.SECONDS), 0, all, 0, each);
            System.arraycopy(parts.get(1).get(60, TimeUnit.SECONDS), 0, all, each, each);
        } finally {
            pool.shutdownNow();
        }
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i] != all[i - 1], "a nonce repeated");
        }
    }

    @Test
    void valuesWrittenThroughTheTable_matchTheGoldenPath_andReadWithItOff() {
        EnvelopeKeys hotKeys = keys(KeySettings.DEFAULT_THREAD_CACHE_SIZE);
        FieldEncryptor hot = new FieldEncryptor(hotKeys);
        FieldEncryptor cold = new FieldEncryptor(keys(0));
        FieldContext row = EMAIL.withRecordId("row-7");
        for (FieldContext context : List.of(EMAIL, row, EMAIL.withAlgorithm(FieldAlgorithm.AES_256_GCM_SIV))) {
            String a = hot.encrypt(ANA, context, "ana@example.ro");
            byte[] b = hot.encrypt(ANA, context, "ana".getBytes(StandardCharsets.UTF_8));
            assertEquals("ana@example.ro", cold.decrypt(ANA, context, a));
            assertArrayEquals("ana".getBytes(StandardCharsets.UTF_8), cold.decrypt(ANA, context, b));
            String c = cold.encrypt(ANA, context, "bogdan@example.ro");
            assertEquals("bogdan@example.ro", hot.decrypt(ANA, context, c));
        }
        // A format 1 value still reads under a context bound to a record, through the same table entry.
        String v1 = hot.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals("ana@example.ro", hot.decrypt(ANA, row, v1));
    }

    /** Reads the key version from a string form's header. */
    private static final class CiphertextHeaderProbe {
        static int keyVersion(String stored) {
            byte[] b = java.util.Base64.getUrlDecoder().decode(stored.substring(FieldEncryptor.PREFIX.length()));
            int v = 3 + b[2];
            return (b[v] & 0xff) << 24 | (b[v + 1] & 0xff) << 16 | (b[v + 2] & 0xff) << 8 | b[v + 3] & 0xff;
        }
    }
}
