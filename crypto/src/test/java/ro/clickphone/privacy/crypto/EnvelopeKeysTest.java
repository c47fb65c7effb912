package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

class EnvelopeKeysTest {

    private static final SubjectId ANA = SubjectId.of("ana");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final KeyScope FISCAL = KeyScope.of("fiscal");
    private static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Pkcs12KeyEncryptionKeyProvider kek;
    private InMemorySubjectKeyStore store;
    private final AtomicLong ticker = new AtomicLong();

    @BeforeEach
    void setUp() {
        kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek");
        store = new InMemorySubjectKeyStore();
    }

    private EnvelopeKeys keys() {
        return EnvelopeKeys.create(kek, store, Clock.systemUTC(), 1000, Duration.ofMinutes(10), BOUND, ticker::get);
    }

    private static byte[] material(EnvelopeKeys.DataKey key) {
        return key.key.getEncoded();
    }

    @Test
    void firstUse_generatesAKeyStoredOnlyWrapped_andReusesIt() {
        EnvelopeKeys keys = keys();
        EnvelopeKeys.DataKey first = keys.current(ANA, PROFILE);
        assertEquals(1, first.version);
        assertEquals(32, material(first).length);
        StoredKey stored = store.find(ANA, PROFILE, 1).orElseThrow();
        assertFalse(new String(stored.wrapped().bytes(), StandardCharsets.ISO_8859_1)
                .contains(new String(material(first), StandardCharsets.ISO_8859_1)));
        assertArrayEquals(material(first), material(keys.current(ANA, PROFILE)));
        assertArrayEquals(material(first), material(keys.version(ANA, PROFILE, 1)));
        assertArrayEquals(material(first), material(keys().version(ANA, PROFILE, 1)), "another instance unwraps it");
        assertFalse(Arrays.equals(material(first), material(keys.current(ANA, FISCAL))), "a key per scope");
        assertFalse(Arrays.equals(material(first), material(keys.current(SubjectId.of("bogdan"), PROFILE))));
    }

    @Test
    void concurrentFirstUse_byManyThreadsAndTwoInstances_yieldsOneKey() throws Exception {
        EnvelopeKeys a = keys();
        EnvelopeKeys b = keys();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            EnvelopeKeys keys = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                start.await();
                return material(keys.current(ANA, PROFILE));
            }));
        }
        start.countDown();
        Set<String> distinct = new HashSet<>();
        for (Future<byte[]> f : results) {
            distinct.add(HexFormat.of().formatHex(f.get(30, TimeUnit.SECONDS)));
        }
        pool.shutdown();
        assertEquals(1, distinct.size());
        assertEquals(1, store.latest(ANA, PROFILE).orElseThrow().version());
    }

    @Test
    void shred_destroysEveryVersionHereAtOnce() {
        EnvelopeKeys keys = keys();
        keys.current(ANA, PROFILE);
        keys.rotate(ANA, PROFILE);
        keys.current(ANA, FISCAL);
        assertEquals(2, keys.shred(ANA, PROFILE));
        assertThrows(KeyDestroyedException.class, () -> keys.current(ANA, PROFILE));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 1));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 2));
        assertThrows(KeyDestroyedException.class, () -> keys.rotate(ANA, PROFILE));
        assertEquals(1, keys.current(ANA, FISCAL).version, "the fiscal scope, under legal retention, stays");
        assertEquals(0, keys.shred(ANA, PROFILE), "idempotent");
    }

    @Test
    void retireVersions_destroysTheVersionsMadeSoFar_butTheSlotTakesANewVersion() {
        EnvelopeKeys keys = keys();
        keys.current(ANA, PROFILE);
        keys.rotate(ANA, PROFILE);
        byte[] v2 = material(keys.current(ANA, PROFILE));
        keys.current(ANA, FISCAL);
        assertEquals(2, keys.retireVersions(ANA, PROFILE));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 1));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 2));
        EnvelopeKeys.DataKey next = keys.current(ANA, PROFILE);
        assertEquals(3, next.version, "new writes go on above the retired versions");
        assertFalse(Arrays.equals(v2, material(next)));
        assertArrayEquals(material(next), material(keys.version(ANA, PROFILE, 3)));
        assertFalse(store.isDestroyed(ANA, PROFILE), "no tombstone: erasure alone leaves one");
        assertEquals(1, keys.current(ANA, FISCAL).version, "another scope is untouched");
        EnvelopeKeys other = keys();
        assertThrows(KeyDestroyedException.class, () -> other.version(ANA, PROFILE, 2), "another instance: destroyed");
        assertEquals(3, other.current(ANA, PROFILE).version);
        assertEquals(4, keys.rotate(ANA, PROFILE));
        keys.shred(ANA, PROFILE);
        assertThrows(KeyDestroyedException.class, () -> keys.retireVersions(ANA, PROFILE), "after erasure, nothing");
        assertThrows(KeyDestroyedException.class, () -> keys.current(ANA, PROFILE));
    }

    @Test
    void retireVersions_throughAVersion_keepsTheVersionsMadeAfterIt() {
        EnvelopeKeys keys = keys();
        keys.current(ANA, PROFILE);
        keys.rotate(ANA, PROFILE);
        byte[] v2 = material(keys.current(ANA, PROFILE));
        assertEquals(1, keys.retireVersions(ANA, PROFILE, 1), "only the version seen when the caller planned");
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 1));
        assertArrayEquals(v2, material(keys.version(ANA, PROFILE, 2)), "the version made since stays readable");
        assertEquals(2, keys.current(ANA, PROFILE).version);
        assertEquals(0, keys.retireVersions(ANA, PROFILE, 1), "idempotent");
        assertEquals(0, keys.retireVersions(ANA, PROFILE, 0), "a bound of 0 retires nothing");
        assertEquals(2, keys.current(ANA, PROFILE).version);
        assertThrows(InvalidInputException.class, () -> keys.retireVersions(ANA, PROFILE, -1));
        assertEquals(1, keys.retireVersions(ANA, PROFILE, 2));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 2));
    }

    @Test
    void retireVersions_ofAnUnusedSlot_isANoOp_andIdempotent() {
        EnvelopeKeys keys = keys();
        assertEquals(0, keys.retireVersions(ANA, PROFILE));
        keys.current(ANA, PROFILE);
        assertEquals(1, keys.retireVersions(ANA, PROFILE));
        assertEquals(0, keys.retireVersions(ANA, PROFILE), "idempotent");
        assertEquals(2, keys.current(ANA, PROFILE).version);
    }

    @Test
    void shredByAnotherInstance_isSeenWithinTheStalenessBound() {
        EnvelopeKeys a = keys();
        EnvelopeKeys b = keys();
        b.version(ANA, PROFILE, a.current(ANA, PROFILE).version);
        a.shred(ANA, PROFILE);
        ticker.addAndGet(BOUND.toNanos() - 1);
        b.version(ANA, PROFILE, 1);
        ticker.addAndGet(1);
        assertThrows(KeyDestroyedException.class, () -> b.version(ANA, PROFILE, 1));
        assertThrows(KeyDestroyedException.class, () -> b.current(ANA, PROFILE));
    }

    @Test
    void rotate_newWritesUseTheNewVersion_oldVersionsStillDecrypt() {
        EnvelopeKeys keys = keys();
        byte[] v1 = material(keys.current(ANA, PROFILE));
        assertEquals(2, keys.rotate(ANA, PROFILE));
        EnvelopeKeys.DataKey current = keys.current(ANA, PROFILE);
        assertEquals(2, current.version);
        assertFalse(Arrays.equals(v1, material(current)));
        assertArrayEquals(v1, material(keys.version(ANA, PROFILE, 1)));
        assertThrows(KeyUnavailableException.class, () -> keys.version(ANA, PROFILE, 7));
    }

    @Test
    void rewrap_movesStoredKeysToTheNewKekVersionWithoutChangingThem() {
        EnvelopeKeys keys = keys();
        byte[] ana = material(keys.current(ANA, PROFILE));
        byte[] bogdan = material(keys.current(SubjectId.of("bogdan"), PROFILE));
        assertEquals(2, kek.rotate());
        assertEquals(new RewrapReport(1, 0, 1, 0), keys.rewrap(1));
        assertEquals(new RewrapReport(1, 0, 0, 0), keys.rewrap(10));
        assertTrue(keys.rewrap(10).done());
        assertEquals(2, store.find(ANA, PROFILE, 1).orElseThrow().wrapped().kekVersion());
        EnvelopeKeys fresh = keys();
        assertArrayEquals(ana, material(fresh.version(ANA, PROFILE, 1)));
        assertArrayEquals(bogdan, material(fresh.version(SubjectId.of("bogdan"), PROFILE, 1)));
    }

    @Test
    void rewrap_withAPoisonKey_reportsItFailedAndRemaining_andRewrapsTheOthers() {
        EnvelopeKeys keys = keys();
        for (String id : List.of("ana", "bogdan", "carmen")) {
            keys.current(SubjectId.of(id), PROFILE);
        }
        StoredKey poison = store.find(SubjectId.of("bogdan"), PROFILE, 1).orElseThrow();
        byte[] damaged = poison.wrapped().bytes();
        damaged[20] ^= 1;
        assertTrue(store.replace(poison, poison.withWrapped(new WrappedKey(poison.wrapped().kekId(),
                poison.wrapped().kekVersion(), Base64.getEncoder().encodeToString(damaged)))));
        kek.rotate();

        assertEquals(new RewrapReport(2, 1, 1, 0), keys.rewrap(10));
        RewrapReport again = keys.rewrap(10);
        assertEquals(new RewrapReport(0, 1, 1, 0), again);
        assertFalse(again.done(), "nothing rewrapped is not the same as done");
    }

    @Test
    void rewrap_thatLosesACompareAndSetRace_reportsTheKeyAsRemaining() {
        InMemorySubjectKeyStore racing = spy(new InMemorySubjectKeyStore());
        EnvelopeKeys keys = EnvelopeKeys.create(kek, racing, Clock.systemUTC(), 100, Duration.ofMinutes(1), BOUND,
                ticker::get);
        keys.current(ANA, PROFILE);
        keys.current(SubjectId.of("bogdan"), PROFILE);
        kek.rotate();
        doReturn(false).doCallRealMethod().when(racing).replace(any(), any());

        assertEquals(new RewrapReport(1, 0, 1, 0), keys.rewrap(10));
        assertEquals(new RewrapReport(1, 0, 0, 0), keys.rewrap(10));
    }

    @Test
    void retireKekVersion_refusedWhileAKeyIsWrappedUnderIt_thenMakesOldWrapsUseless() {
        EnvelopeKeys keys = keys();
        keys.current(ANA, PROFILE);
        StoredKey backup = store.find(ANA, PROFILE, 1).orElseThrow();
        kek.rotate();
        assertThrows(ConfigurationException.class, () -> keys.retireKekVersion(1));
        assertThrows(InvalidInputException.class, () -> keys.retireKekVersion(2));
        assertTrue(keys.rewrap(10).done());

        keys.retireKekVersion(1);
        assertThrows(KeyUnavailableException.class, () -> kek.unwrap(backup.wrapped()),
                "a backup copy of the row wrapped under the retired version is useless");
        assertEquals(1, keys().version(ANA, PROFILE, 1).version, "the rewrapped key still works");
    }

    /**
     * Review finding L2: a key lost with a retired KEK version (or a row naming a version the
     * provider never had) is an operations fault, not tampering: it must not look like one.
     */
    @Test
    void decrypt_underARetiredOrUnknownKekVersion_failsAsKeyUnavailable_notAsTampering() {
        FieldContext email = FieldContext.of("account", "email", PROFILE);
        String stored = new FieldEncryptor(keys()).encrypt(ANA, email, "ana@example.ro");
        kek.rotate();
        kek.retire(1); // the provider alone, skipping EnvelopeKeys' check: the key under v1 is lost
        KeyUnavailableException retired = assertThrows(KeyUnavailableException.class,
                () -> new FieldEncryptor(keys()).decrypt(ANA, email, stored));
        assertFalse(retired.isRetryable());

        StoredKey row = store.find(ANA, PROFILE, 1).orElseThrow();
        WrappedKey w = row.wrapped();
        assertTrue(store.replace(row, row.withWrapped(new WrappedKey(w.kekId(), 9, w.ciphertext()))));
        assertThrows(KeyUnavailableException.class, () -> new FieldEncryptor(keys()).decrypt(ANA, email, stored));
        assertThrows(ro.clickphone.privacy.spi.IntegrityException.class,
                () -> new FieldEncryptor(keys()).decrypt(SubjectId.of("bogdan"), email, stored),
                "no data key version for this subject is still the one answer for a value that is not theirs");
    }

    @Test
    void storeFailure_surfacesAndCachesNothing() {
        InMemorySubjectKeyStore failing = spy(new InMemorySubjectKeyStore());
        EnvelopeKeys keys = EnvelopeKeys.create(kek, failing, Clock.systemUTC(), 100, Duration.ofMinutes(1), BOUND,
                ticker::get);
        doThrow(new StoreException("key store: connection refused", true, null)).doCallRealMethod()
                .when(failing).putIfAbsent(any());
        assertThrows(StoreException.class, () -> keys.current(ANA, PROFILE));
        assertEquals(1, keys.current(ANA, PROFILE).version);
    }

    @Test
    void badSettingsAndArguments_areRejected() {
        assertThrows(InvalidInputException.class, () -> EnvelopeKeys.create(null, store, Clock.systemUTC()));
        assertThrows(InvalidInputException.class, () -> EnvelopeKeys.create(kek, store, Clock.systemUTC(), 0,
                Duration.ofMinutes(1), BOUND, ticker::get));
        assertThrows(InvalidInputException.class, () -> EnvelopeKeys.create(kek, store, Clock.systemUTC(), 10,
                Duration.ZERO, BOUND, ticker::get));
        assertThrows(InvalidInputException.class, () -> EnvelopeKeys.create(kek, store, Clock.systemUTC(), 10,
                Duration.ofMinutes(1), Duration.ofHours(2), ticker::get));
        EnvelopeKeys keys = keys();
        assertThrows(InvalidInputException.class, () -> keys.current(null, PROFILE));
        assertThrows(InvalidInputException.class, () -> keys.version(ANA, PROFILE, 0));
        assertThrows(InvalidInputException.class, () -> keys.rewrap(0));
        assertFalse(keys.toString().contains("ana"));
        assertNotEquals("", keys.toString());
    }
}
