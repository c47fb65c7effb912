package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * Data keys that know their limits: every encryption is counted against the rotation policy of its
 * scope, in memory against blocks reserved from the subject key store, and the next encryption after
 * the limit goes under a new version. The attacker here is whoever can make the SDK encrypt a lot (a
 * flood of writes, many threads, several instances, instances that die, a store that fails): no key
 * version may ever encrypt more values than its limit.
 */
class KeyUsageLimitTest {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final KeyScope FISCAL = KeyScope.of("fiscal");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);
    private static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Pkcs12KeyEncryptionKeyProvider kek;
    private InMemorySubjectKeyStore store;
    private final AtomicLong ticker = new AtomicLong();
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-01-05T09:00:00Z"));

    @BeforeEach
    void setUp() {
        kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        store = new InMemorySubjectKeyStore();
    }

    private KeySettings settings(RotationPolicy policy, long block) {
        return KeySettings.of(kek).withStaleness(BOUND).withRotation(PROFILE, policy).withReservationBlock(block);
    }

    private EnvelopeKeys keys(RotationPolicy policy, long block) {
        return keys(settings(policy, block), store);
    }

    private EnvelopeKeys keys(KeySettings settings, SubjectKeyStore over) {
        return EnvelopeKeys.create(settings, over, clock, ticker::get);
    }

    /** One encryption's worth of key: the version it would seal under, counted as an encryption does. */
    private static int encryptOnce(EnvelopeKeys keys) {
        return keys.currentEntry(keys.thread(), ANA, PROFILE).key.version;
    }

    private static int versionOf(byte[] ciphertext) {
        return CiphertextHeader.parse(ciphertext, 0, f -> true, a -> true).keyVersion();
    }

    private long reservedSoFar(int version) {
        // a reservation of 1 more reads the total; the test then never uses it
        return store.reserveUses(ANA, PROFILE, version, 1).orElseThrow() - 1;
    }

    @Test
    void messageLimitReached_nextEncryptionGoesUnderANewVersion_oldValuesStillDecrypt() {
        FieldEncryptor fields = new FieldEncryptor(keys(RotationPolicy.none().withMaxMessages(10), 4));
        List<byte[]> sealed = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            byte[] c = fields.encrypt(ANA, EMAIL, ("value " + i).getBytes(StandardCharsets.UTF_8));
            sealed.add(c);
            versions.add(versionOf(c));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(1 + i / 10);
        }
        assertEquals(expected, versions, "ten values per version, then the next version, at once");
        for (int i = 0; i < 25; i++) {
            assertArrayEquals(("value " + i).getBytes(StandardCharsets.UTF_8), fields.decrypt(ANA, EMAIL, sealed.get(i)));
        }
        assertEquals(3, store.latest(ANA, PROFILE).orElseThrow().version());
        assertTrue(reservedSoFar(1) >= 10, "the store counted every use of version 1");
    }

    /**
     * A flood of encryptions from many threads: each takes parts of the instance's reservation and
     * counts down in its own table; no version seals more than its limit, and the versions follow
     * one another without a gap.
     */
    @Test
    void floodFromManyThreads_neverEncryptsMoreThanTheLimitUnderOneVersion() throws Exception {
        EnvelopeKeys keys = keys(RotationPolicy.none().withMaxMessages(1000), 64);
        Map<Integer, Integer> perVersion = run(List.of(keys, keys, keys, keys, keys, keys, keys, keys), 700);
        assertLimitKept(perVersion, 1000, 8 * 700);
    }

    /**
     * Two instances over one store add up: their reservations come from one count per version, so
     * together they seal no more than the limit under a version, and when it is reached they
     * converge on one new version (the store keeps the first one made).
     */
    @Test
    void twoInstancesOverOneStore_addUp_andConvergeOnOneNewVersion() throws Exception {
        EnvelopeKeys a = keys(RotationPolicy.none().withMaxMessages(1000), 64);
        EnvelopeKeys b = keys(RotationPolicy.none().withMaxMessages(1000), 64);
        Map<Integer, Integer> perVersion = run(List.of(a, b, a, b), 900);
        assertLimitKept(perVersion, 1000, 4 * 900);
        int highest = ((TreeMap<Integer, Integer>) perVersion).lastKey();
        assertEquals(highest, store.latest(ANA, PROFILE).orElseThrow().version(),
                "no version was made that nobody encrypts under: both instances moved to the same one");

        // one after the other, exactly: a's reservation is a's alone
        InMemorySubjectKeyStore fresh = new InMemorySubjectKeyStore();
        EnvelopeKeys c = keys(settings(RotationPolicy.none().withMaxMessages(100), 8), fresh);
        EnvelopeKeys d = keys(settings(RotationPolicy.none().withMaxMessages(100), 8), fresh);
        int underV1 = 0;
        for (int i = 0; i < 150; i++) {
            if (encryptOnce(i % 2 == 0 ? c : d) == 1) {
                underV1++;
            }
        }
        assertEquals(100, underV1, "together exactly the limit under version 1, each from its own reservations");
        assertEquals(2, encryptOnce(c));
        assertEquals(encryptOnce(c), encryptOnce(d), "both on one version");
    }

    /**
     * An instance that stops (a crash: it is simply dropped) loses at most what it reserved; the
     * store never hands those uses out again, so the next instance starts after them.
     */
    @Test
    void droppedInstance_losesAtMostItsBlock_andItsUsesAreNeverHandedOutAgain() {
        EnvelopeKeys first = keys(RotationPolicy.none().withMaxMessages(1000), 256);
        for (int i = 0; i < 10; i++) {
            assertEquals(1, encryptOnce(first));
        }
        assertEquals(256, reservedSoFar(1), "the first instance reserved one block and made 10 uses of it");
        first = null;
        EnvelopeKeys second = keys(RotationPolicy.none().withMaxMessages(1000), 256);
        int underV1 = 0;
        while (encryptOnce(second) == 1) {
            underV1++;
        }
        assertEquals(1000 - 256 - 1, underV1,
                "the second instance starts after the first's block (and the one use this test read)");
    }

    @Test
    void ageLimit_withATestClock_newValuesGoUnderANewVersionWithinTheStalenessBound() {
        RotationPolicy thirtyDays = RotationPolicy.none().withMaxAge(Duration.ofDays(30));
        EnvelopeKeys keys = keys(thirtyDays, 64);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String old = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        ticker.addAndGet(BOUND.toNanos());
        assertEquals(1, encryptOnce(keys), "29 days, 23:59:59 old: still the key for new values");
        clock.advance(Duration.ofSeconds(1));
        ticker.addAndGet(BOUND.toNanos());
        assertEquals(2, encryptOnce(keys), "30 days old: the next encryption goes under a new version");
        assertEquals("ana@example.ro", fields.decrypt(ANA, EMAIL, old), "the old version still decrypts");
        EnvelopeKeys other = keys(thirtyDays, 64);
        assertEquals(2, encryptOnce(other), "another instance converges on the same version");
        assertEquals(2, store.latest(ANA, PROFILE).orElseThrow().version());
        clock.advance(Duration.ofDays(29));
        ticker.addAndGet(BOUND.toNanos());
        assertEquals(2, encryptOnce(keys), "the new version's age counts from its own creation");
    }

    /**
     * The store is down when a block runs out: the encryption fails with the store's retryable
     * exception, none is made beyond what was reserved, and encryption goes on once the store is
     * back. A reservation the store counted but whose answer was lost is lost, never used twice.
     */
    @Test
    void storeDownDuringReservation_isARetryableStoreException_andNoEncryptionGoesBeyondTheReserved() {
        SubjectKeyStore failing = spy(new InMemorySubjectKeyStore());
        EnvelopeKeys keys = keys(settings(RotationPolicy.none().withMaxMessages(10), 4), failing);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, encryptOnce(keys));
        }
        doThrow(new StoreException("The test store is down", true, null))
                .when(failing).reserveUses(any(), any(), anyInt(), anyLong());
        StoreException down = assertThrows(StoreException.class, () -> encryptOnce(keys));
        assertTrue(down.isRetryable());
        assertFalse(down.getMessage().contains(ANA.value()));
        assertThrows(StoreException.class, () -> encryptOnce(keys), "still down: still no encryption");

        // the store counts, but the answer is lost on the way back
        doAnswer(call -> {
            call.callRealMethod();
            throw new StoreException("The test store's answer was lost", true, null);
        }).when(failing).reserveUses(any(), any(), anyInt(), anyLong());
        assertThrows(StoreException.class, () -> encryptOnce(keys));

        doCallRealMethod().when(failing).reserveUses(any(), any(), anyInt(), anyLong());
        int underV1 = 4;
        int version;
        while ((version = encryptOnce(keys)) == 1) {
            underV1++;
        }
        assertEquals(2, version);
        assertEquals(10 - 4, underV1, "4 before the failure, then 8..10: the lost block (4..8) is never used");
        assertEquals(OptionalLong.of(13), failing.reserveUses(ANA, PROFILE, 1, 1),
                "the store counted 4, the lost 4, and 4 of which 2 were usable");
    }

    /**
     * A version retired by another instance (retention) while this one holds uses of it: this one
     * finds it gone at its next reservation and moves on to the version above the floor.
     */
    @Test
    void versionRetiredElsewhere_isLeftAtTheNextReservation() {
        EnvelopeKeys keys = keys(RotationPolicy.defaults(), 4);
        assertEquals(1, encryptOnce(keys));
        keys(RotationPolicy.defaults(), 4).retireVersions(ANA, PROFILE);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, encryptOnce(keys), "within its staleness bound and its reservation (see retireVersions)");
        }
        assertEquals(2, encryptOnce(keys), "the next reservation finds version 1 gone");
    }

    @Test
    void policyNone_countsNothing_andNeverCallsTheStoreToReserve() {
        SubjectKeyStore spied = spy(new InMemorySubjectKeyStore());
        EnvelopeKeys keys = keys(KeySettings.of(kek).withRotation(RotationPolicy.none()), spied);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(1, encryptOnce(keys));
        }
        verify(spied, never()).reserveUses(any(), any(), anyInt(), anyLong());
    }

    @Test
    void eachScopeHasItsOwnPolicy() {
        EnvelopeKeys keys = keys(KeySettings.of(kek).withRotation(RotationPolicy.none().withMaxMessages(3))
                .withRotation(FISCAL, RotationPolicy.none()), store);
        int fiscal = 0;
        for (int i = 0; i < 10; i++) {
            fiscal = keys.currentEntry(keys.thread(), ANA, FISCAL).key.version;
        }
        assertEquals(1, fiscal, "fiscal: not counted");
        for (int i = 0; i < 9; i++) {
            encryptOnce(keys);
        }
        assertEquals(4, encryptOnce(keys), "profile: the default of every other scope, 3 per version");
    }

    @Test
    void withoutAThreadTable_everyEncryptionIsCountedExactly() {
        EnvelopeKeys keys = keys(settings(RotationPolicy.none().withMaxMessages(5), 2).withThreadCacheSize(0), store);
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            versions.add(encryptOnce(keys));
        }
        assertEquals(List.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3), versions);
    }

    /** A stream is one use of the data key: its segments are sealed under a key derived with a random salt. */
    @Test
    void eachStreamCountsAsOneMessage() throws IOException {
        StreamEncryptor streams = new StreamEncryptor(keys(RotationPolicy.none().withMaxMessages(2), 1));
        FieldContext voicemail = FieldContext.of("voicemail", "audio", PROFILE);
        List<byte[]> sealed = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = streams.encrypt(ANA, voicemail, sink)) {
                out.write(new byte[StreamEncryptor.SEGMENT_BYTES * 2 + 7]);
            }
            byte[] c = sink.toByteArray();
            sealed.add(c);
            versions.add(CiphertextHeader.parse(c, 0, a -> true).keyVersion());
        }
        assertEquals(List.of(1, 1, 2), versions, "two streams, of three segments each, per version");
        for (byte[] c : sealed) {
            try (InputStream in = streams.decrypt(ANA, voicemail, new ByteArrayInputStream(c))) {
                assertEquals(StreamEncryptor.SEGMENT_BYTES * 2 + 7, in.readAllBytes().length);
            }
        }
    }

    @Test
    void rotationPolicy_defaultsAndLimits() {
        RotationPolicy defaults = RotationPolicy.defaults();
        assertEquals(OptionalLong.of(1L << 32), defaults.maxMessages(), "NIST SP 800-38D §8.3");
        assertEquals(Duration.ofDays(365), defaults.maxAge().orElseThrow());
        assertTrue(RotationPolicy.none().maxAge().isEmpty());
        assertTrue(RotationPolicy.none().maxMessages().isEmpty());
        assertEquals(RotationPolicy.of(Duration.ofDays(7), 5), RotationPolicy.none().withMaxAge(Duration.ofDays(7))
                .withMaxMessages(5));
        assertThrows(InvalidInputException.class, () -> RotationPolicy.of(Duration.ofDays(1), 0));
        assertThrows(InvalidInputException.class, () -> RotationPolicy.of(Duration.ofDays(1), (1L << 32) + 1),
                "random 96-bit nonces allow no more");
        assertThrows(InvalidInputException.class, () -> RotationPolicy.of(Duration.ofMillis(999), 1));
        assertThrows(InvalidInputException.class, () -> RotationPolicy.of(Duration.ofDays(36_526), 1));
        assertThrows(InvalidInputException.class, () -> RotationPolicy.of(null, 1));
        assertEquals("RotationPolicy[none]", RotationPolicy.none().toString());
        assertEquals("RotationPolicy[maxAge=PT8760H, maxMessages=4294967296]", defaults.toString());
    }

    @Test
    void keySettings_rotationPerScope_defaultForEveryOther_andTheReservationBlock() {
        KeySettings settings = KeySettings.of(kek);
        assertEquals(RotationPolicy.defaults(), settings.rotation(PROFILE));
        assertEquals(KeySettings.DEFAULT_RESERVATION_BLOCK, settings.reservationBlock());
        assertEquals(1L << 20, settings.reservationBlock());
        KeySettings changed = settings.withRotation(FISCAL, RotationPolicy.none())
                .withRotation(RotationPolicy.none().withMaxMessages(7)).withReservationBlock(99).withCacheSize(5);
        assertEquals(RotationPolicy.none(), changed.rotation(FISCAL));
        assertEquals(RotationPolicy.none().withMaxMessages(7), changed.rotation(PROFILE));
        assertEquals(99, changed.reservationBlock(), "kept through other changes");
        assertThrows(InvalidInputException.class, () -> settings.withReservationBlock(0));
        assertThrows(InvalidInputException.class, () -> settings.withReservationBlock((1L << 32) + 1));
        assertThrows(InvalidInputException.class, () -> settings.withRotation(null));
        assertThrows(InvalidInputException.class, () -> settings.withRotation(null, RotationPolicy.none()));
        assertThrows(InvalidInputException.class, () -> settings.rotation(null));
        assertTrue(changed.toString().contains("fiscal=RotationPolicy[none]"), changed.toString());
    }

    @Test
    void toStrings_nameNoSubject() {
        EnvelopeKeys keys = keys(RotationPolicy.none().withMaxMessages(10), 4);
        ThreadKeys.Entry entry = keys.currentEntry(keys.thread(), ANA, PROFILE);
        assertFalse(entry.budget.toString().contains(ANA.value()), entry.budget.toString());
        assertFalse(keys.toString().contains(ANA.value()));
        assertFalse(entry.toString().contains(ANA.value()));
    }

    /** Runs {@code perThread} encryptions on each instance's thread at once; counts the encryptions per version. */
    private Map<Integer, Integer> run(List<EnvelopeKeys> instances, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances.size());
        try {
            CyclicBarrier start = new CyclicBarrier(instances.size());
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (EnvelopeKeys keys : instances) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<Integer> versions = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        versions.add(encryptOnce(keys));
                    }
                    return versions;
                }));
            }
            Map<Integer, Integer> perVersion = new TreeMap<>();
            for (Future<List<Integer>> result : results) {
                for (int version : result.get(60, TimeUnit.SECONDS)) {
                    perVersion.merge(version, 1, Integer::sum);
                }
            }
            return perVersion;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertLimitKept(Map<Integer, Integer> perVersion, int limit, int total) {
        assertEquals(total, perVersion.values().stream().mapToInt(Integer::intValue).sum());
        int expected = 1;
        for (Map.Entry<Integer, Integer> e : perVersion.entrySet()) {
            assertEquals(expected++, e.getKey(), "versions follow one another: " + perVersion);
            assertTrue(e.getValue() <= limit, "version " + e.getKey() + " sealed " + e.getValue() + " > " + limit);
            assertTrue(reservedSoFar(e.getKey()) >= e.getValue(), "the store counted every use");
        }
    }
}
