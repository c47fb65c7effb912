package ro.clickphone.privacy.jpa.internal.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.RotationPolicy;
import ro.clickphone.privacy.crypto.kek.PassphraseKeyEncryptionKeyProvider;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.SubjectKeyStore;
import ro.clickphone.privacy.spi.keys.SubjectKeyStoreContract;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * The subject key store on each database: the spi contract, and what only a database shows — two
 * application instances (two entity manager factories) racing for a subject's first key or against a
 * shred, the raw rows (only wrapped keys; a shredded key's bytes gone), a database writer moving wrapped
 * keys between subjects, and the caller's transaction.
 */
abstract class JpaSubjectKeyStoreTest extends SubjectKeyStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final SubjectId BOGDAN = SubjectId.of("acct-2077");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);

    private final TestDatabase db;

    JpaSubjectKeyStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected SubjectKeyStore newStore() {
        return new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> null));
    }

    @Override
    protected SubjectKeyStore anotherInstance() {
        return secondInstance();
    }

    /** Reservations commit on their own, and cannot see a key the caller's open transaction is storing. */
    @Override
    protected boolean reservesOnlyStoredVersions() {
        return false;
    }

    /** A second application instance: its own entity manager factory on the same schema. */
    private JpaSubjectKeyStore secondInstance() {
        return new JpaSubjectKeyStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
    }

    private static StoredKey stored(SubjectId subject, int version, int filler) {
        byte[] wrapped = new byte[60];
        Arrays.fill(wrapped, (byte) filler);
        return new StoredKey(subject, PROFILE, version,
                new WrappedKey("kek", 1, Base64.getEncoder().encodeToString(wrapped)), Instant.ofEpochSecond(1_767_225_600L, 123_456_789));
    }

    private int rows(String sql, Object... args) {
        return (int) RawRows.number(db, sql, args);
    }

    private List<byte[]> rawCells(String table) {
        return RawRows.cells(db, table);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return RawRows.contains(haystack, needle);
    }

    private static FieldEncryptor fields(KeyEncryptionKeyProvider kek, SubjectKeyStore store) {
        return new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC()));
    }

    @Test
    void twoInstances_racingForTheFirstKey_allGetTheOneStoredKey() throws Exception {
        List<SubjectKeyStore> instances = List.of(newStore(), secondInstance());
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<String> subjects = new ArrayList<>();
        try (SqlExceptionLog log = SqlExceptionLog.capture()) {
            for (int round = 0; round < 40; round++) {
                SubjectId subject = SubjectId.of("two-instances-" + round);
                subjects.add(subject.value());
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Optional<StoredKey>>> results = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    SubjectKeyStore store = instances.get(racer % 2);
                    StoredKey candidate = stored(subject, 1, racer + 1);
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.putIfAbsent(candidate);
                    }));
                }
                List<StoredKey> handedOut = new ArrayList<>();
                for (Future<Optional<StoredKey>> result : results) {
                    handedOut.add(result.get(60, TimeUnit.SECONDS).orElseThrow());
                }
                StoredKey stored = instances.get(1).find(subject, PROFILE, 1).orElseThrow();
                assertEquals(Collections.nCopies(racers, stored), handedOut, "round " + round);
                assertEquals(1, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", subject.value()));
            }
            log.assertNoConstraintViolationNorSubject(subjects);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstances_aShredRacingAFirstKey_leavesTheSlotDestroyedForBoth() throws Exception {
        SubjectKeyStore one = newStore();
        SubjectKeyStore two = secondInstance();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 30; round++) {
                SubjectId subject = SubjectId.of("shred-race-" + round);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Optional<StoredKey>> put = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return one.putIfAbsent(stored(subject, 1, 7));
                });
                Future<Integer> shred = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return two.destroy(subject, PROFILE);
                });
                Optional<StoredKey> putResult = put.get(60, TimeUnit.SECONDS);
                int destroyed = shred.get(60, TimeUnit.SECONDS);
                assertEquals(putResult.isPresent() ? 1 : 0, destroyed,
                        "round " + round + ": a key stored before the shred is the one it deletes");
                for (SubjectKeyStore store : List.of(one, two)) {
                    assertTrue(store.isDestroyed(subject, PROFILE));
                    assertEquals(Optional.empty(), store.latest(subject, PROFILE));
                    assertEquals(Optional.empty(), store.putIfAbsent(stored(subject, 1, 9)), "no key after a shred");
                    assertEquals(Optional.empty(), store.putIfAbsent(stored(subject, 2, 9)), "no version after a shred");
                }
                assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", subject.value()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstances_aRetirementRacingANewVersion_neverLeaveAVersionAtOrBelowTheFloor() throws Exception {
        SubjectKeyStore one = newStore();
        SubjectKeyStore two = secondInstance();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                SubjectId subject = SubjectId.of("retire-race-" + round);
                one.putIfAbsent(stored(subject, 1, 1));
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Optional<StoredKey>> put = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return one.putIfAbsent(stored(subject, 2, 2));
                });
                Future<Integer> retire = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return two.retire(subject, PROFILE, 2);
                });
                Optional<StoredKey> putResult = put.get(60, TimeUnit.SECONDS);
                assertEquals(putResult.isPresent() ? 2 : 1, retire.get(60, TimeUnit.SECONDS), "round " + round);
                for (SubjectKeyStore store : List.of(one, two)) {
                    assertEquals(2, store.retiredThrough(subject, PROFILE));
                    assertFalse(store.isDestroyed(subject, PROFILE), "a retirement is no tombstone");
                    assertEquals(Optional.empty(), store.latest(subject, PROFILE));
                }
                assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", subject.value()));
                assertTrue(two.putIfAbsent(stored(subject, 3, 3)).isPresent(), "above the floor, a new version");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstances_concurrentRewrapsOfOneKey_exactlyOneWins() throws Exception {
        SubjectKeyStore one = newStore();
        SubjectKeyStore two = secondInstance();
        StoredKey original = stored(ANA, 1, 1);
        one.putIfAbsent(original);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return one.replace(original, original.withWrapped(new WrappedKey("kek", 2, "AAAA")));
            });
            Future<Boolean> b = pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return two.replace(original, original.withWrapped(new WrappedKey("kek", 2, "BBBB")));
            });
            assertTrue(a.get(60, TimeUnit.SECONDS) ^ b.get(60, TimeUnit.SECONDS), "a compare-and-set: one of two");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rawRows_holdTheWrappedKeyOnly_neverTheDataKey() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        SubjectKeyStore store = newStore();
        String sealed = fields(kek, store).encrypt(ANA, EMAIL, "ana.popescu@example.ro");
        StoredKey key = store.latest(ANA, PROFILE).orElseThrow();
        byte[] payload = kek.unwrap(key.wrapped()).revealBytes();
        byte[] dataKey = Arrays.copyOfRange(payload, 1, 33);

        List<byte[]> cells = rawCells("cpp_subject_key");
        assertTrue(cells.stream().anyMatch(cell -> Arrays.equals(cell,
                key.wrapped().ciphertext().getBytes(StandardCharsets.US_ASCII))), "the wrapped key, verbatim");
        for (byte[] form : List.of(dataKey, HexFormat.of().formatHex(dataKey).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encode(dataKey), Base64.getUrlEncoder().withoutPadding().encode(dataKey))) {
            for (String table : List.of("cpp_subject_key", "cpp_subject_key_slot")) {
                assertTrue(rawCells(table).stream().noneMatch(cell -> contains(cell, form)),
                        "no form of the unwrapped data key in " + table);
            }
        }
        assertEquals("ana.popescu@example.ro", fields(kek, secondInstance()).decrypt(ANA, EMAIL, sealed),
                "a second instance reads it through its own factory");
    }

    @Test
    void shred_deletesTheWrappedBytesFromTheTable_andBothInstancesRefuseTheKey() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        SubjectKeyStore one = newStore();
        SubjectKeyStore two = secondInstance();
        FieldEncryptor fieldsOne = fields(kek, one);
        String sealed = fieldsOne.encrypt(ANA, EMAIL, "ana.popescu@example.ro");
        fieldsOne.encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        byte[] wrapped = one.latest(ANA, PROFILE).orElseThrow().wrapped().ciphertext().getBytes(StandardCharsets.US_ASCII);

        assertEquals(1, two.destroy(ANA, PROFILE));

        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", ANA.value()));
        assertEquals(1, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", BOGDAN.value()));
        for (String table : List.of("cpp_subject_key", "cpp_subject_key_slot")) {
            assertTrue(rawCells(table).stream().noneMatch(cell -> contains(cell, wrapped)),
                    "the shredded key's wrapped bytes are gone from " + table);
        }
        assertEquals(1, rows("SELECT COUNT(*) FROM cpp_subject_key_slot WHERE subject_id = ? AND slot_state = 'DESTROYED'",
                ANA.value()), "the tombstone");
        assertThrows(KeyDestroyedException.class, () -> fields(kek, one).decrypt(ANA, EMAIL, sealed));
        assertThrows(KeyDestroyedException.class, () -> fields(kek, two).encrypt(ANA, EMAIL, "new@example.ro"),
                "no new key is made for a shredded scope");
        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", ANA.value()));
    }

    /**
     * A database writer without the KEK copies Ana's wrapped key into Bogdan's row: EnvelopeKeys binds each
     * wrapped key to its (subject, scope, version), so the moved key fails for Bogdan and never serves him.
     */
    @Test
    void aWrappedKeyMovedIntoAnotherSubjectsRow_byADatabaseWriter_failsIntegrity() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        FieldEncryptor writer = fields(kek, newStore());
        String anas = writer.encrypt(ANA, EMAIL, "ana.popescu@example.ro");
        String bogdans = writer.encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE cpp_subject_key SET wrapped_key = (SELECT k.wrapped_key"
                    + " FROM (SELECT wrapped_key FROM cpp_subject_key WHERE subject_id = ?) k) WHERE subject_id = ?")) {
                s.setString(1, ANA.value());
                s.setString(2, BOGDAN.value());
                assertEquals(1, s.executeUpdate());
            }
        });
        FieldEncryptor reader = fields(kek, secondInstance());
        assertThrows(IntegrityException.class, () -> reader.decrypt(BOGDAN, EMAIL, bogdans));
        assertThrows(IntegrityException.class, () -> reader.decrypt(BOGDAN, EMAIL, anas));
        assertThrows(IntegrityException.class, () -> reader.encrypt(BOGDAN, EMAIL, "new@example.ro"));
        assertEquals("ana.popescu@example.ro", reader.decrypt(ANA, EMAIL, anas));
    }

    @Test
    void anEditedRow_surfacesAsTheSpiValuesException() {
        SubjectKeyStore store = newStore();
        store.putIfAbsent(stored(ANA, 1, 1));
        db.jdbc(c -> c.createStatement().executeUpdate("UPDATE cpp_subject_key SET wrapped_key = 'not base64!'"));
        assertThrows(InvalidInputException.class, () -> store.find(ANA, PROFILE, 1));
    }

    @Test
    void createdAt_isKeptToTheNanosecond_underAHostileZone() {
        SubjectKeyStore store = newStore();
        StoredKey key = stored(ANA, 1, 1);
        store.putIfAbsent(key);
        assertEquals(key.createdAt(), secondInstance().find(ANA, PROFILE, 1).orElseThrow().createdAt());
        assertEquals(1, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE created_at = ?",
                1_767_225_600L * 1_000_000_000L + 123_456_789L));
    }

    @Test
    void inTheCallersTransaction_aKeyCommitsAndRollsBackWithIt() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            SubjectKeyStore joined = new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            assertTrue(joined.putIfAbsent(stored(ANA, 1, 1)).isPresent());
            caller.getTransaction().rollback();
            assertEquals(Optional.empty(), newStore().find(ANA, PROFILE, 1));

            caller.getTransaction().begin();
            StoredKey key = stored(ANA, 1, 2);
            assertEquals(Optional.of(key), joined.putIfAbsent(key));
            caller.getTransaction().commit();
            assertEquals(Optional.of(key), secondInstance().find(ANA, PROFILE, 1));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /**
     * A reservation commits on its own: the caller's rollback gives no use back (another instance would be
     * handed it again), and the caller's uncommitted key (a subject's first, which locks a new slot row, or a
     * new version, which locks the existing slot) neither blocks it nor is needed by it.
     */
    @Test
    void reserveUses_inTheCallersTransaction_commitsOnItsOwn_andWaitsForNoUncommittedKey() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            SubjectKeyStore joined = new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            assertTrue(joined.putIfAbsent(stored(ANA, 1, 1)).isPresent(), "a first key: a new slot row, uncommitted");
            assertEquals(OptionalLong.of(5), joined.reserveUses(ANA, PROFILE, 1, 5));
            caller.getTransaction().rollback();
            assertEquals(OptionalLong.of(6), secondInstance().reserveUses(ANA, PROFILE, 1, 1),
                    "the caller's rollback gave no use back");

            caller.getTransaction().begin();
            assertTrue(joined.putIfAbsent(stored(ANA, 1, 2)).isPresent());
            caller.getTransaction().commit();
            caller.getTransaction().begin();
            assertTrue(joined.putIfAbsent(stored(ANA, 2, 3)).isPresent(), "a new version: the slot row locked");
            assertEquals(OptionalLong.of(7), joined.reserveUses(ANA, PROFILE, 1, 1));
            assertEquals(OptionalLong.of(4), joined.reserveUses(ANA, PROFILE, 2, 4));
            caller.getTransaction().commit();
            assertEquals(OptionalLong.of(5), secondInstance().reserveUses(ANA, PROFILE, 2, 1));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /** The key version in a binary field ciphertext's header (docs/FORMAT.md): after the scope's name. */
    private static int keyVersion(byte[] ciphertext) {
        return ByteBuffer.wrap(ciphertext, 3 + ciphertext[2], 4).getInt();
    }

    private static FieldEncryptor limited(KeyEncryptionKeyProvider kek, SubjectKeyStore store, long limit, long block) {
        return new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek)
                .withRotation(RotationPolicy.none().withMaxMessages(limit)).withReservationBlock(block), store,
                Clock.systemUTC()));
    }

    /**
     * Two application instances (two entity manager factories) encrypting for one subject add up in the
     * database: together no version seals more than its limit, and they move on to one new version.
     */
    @Test
    void twoInstancesOverTheDatabase_addUpTheirUses_andConvergeOnOneNewVersion() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        FieldEncryptor a = limited(kek, newStore(), 50, 8);
        FieldEncryptor b = limited(kek, secondInstance(), 50, 8);
        Map<Integer, Integer> perVersion = new java.util.TreeMap<>();
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            byte[] c = (i % 2 == 0 ? a : b).encrypt(ANA, EMAIL, ("value " + i).getBytes(StandardCharsets.UTF_8));
            sealed.add(c);
            perVersion.merge(keyVersion(c), 1, Integer::sum);
        }
        assertEquals(Map.of(1, 50, 2, 50, 3, 20), perVersion, "exactly the limit per version, from both instances");
        assertEquals(3, newStore().latest(ANA, PROFILE).orElseThrow().version());
        for (int i = 0; i < 120; i++) {
            assertArrayEquals(("value " + i).getBytes(StandardCharsets.UTF_8),
                    (i % 3 == 0 ? a : b).decrypt(ANA, EMAIL, sealed.get(i)), "every version still decrypts");
        }
        assertTrue(rows("SELECT uses_reserved FROM cpp_subject_key_use WHERE subject_id = ? AND key_version = 1",
                ANA.value()) >= 50);
    }

    /**
     * The first encryptions of a subject inside a business transaction store its keys in that transaction;
     * their reservations commit on their own and wait for none of it, also across automatic rotations.
     */
    @Test
    void encryptionsInsideTheCallersTransaction_rotateWithoutWaitingForIt() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        EntityManager caller = db.emf().createEntityManager();
        try {
            FieldEncryptor fields = limited(kek, new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> caller)), 5, 2);
            caller.getTransaction().begin();
            List<Integer> versions = new ArrayList<>();
            List<byte[]> sealed = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] c = fields.encrypt(BOGDAN, EMAIL, new byte[] {(byte) i});
                sealed.add(c);
                versions.add(keyVersion(c));
            }
            caller.getTransaction().commit();
            assertEquals(List.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3), versions);
            FieldEncryptor reader = fields(kek, secondInstance());
            for (int i = 0; i < 12; i++) {
                assertArrayEquals(new byte[] {(byte) i}, reader.decrypt(BOGDAN, EMAIL, sealed.get(i)));
            }
            assertEquals(6, rows("SELECT uses_reserved FROM cpp_subject_key_use WHERE subject_id = ? AND key_version = 1",
                    BOGDAN.value()), "blocks of 2: 2, 4, 6 (one use of the last beyond the limit, never made)");
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /** The counts are rows of their own, deleted with the keys they count, and hold no key material. */
    @Test
    void reservedUses_areDeletedWithTheirKeys() {
        SubjectKeyStore store = newStore();
        store.putIfAbsent(stored(ANA, 1, 1));
        store.putIfAbsent(stored(ANA, 2, 2));
        store.putIfAbsent(stored(BOGDAN, 1, 3));
        store.reserveUses(ANA, PROFILE, 1, 3);
        store.reserveUses(ANA, PROFILE, 2, 3);
        store.reserveUses(BOGDAN, PROFILE, 1, 3);
        assertEquals(3, rows("SELECT COUNT(*) FROM cpp_subject_key_use"));
        store.retire(ANA, PROFILE, 1);
        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key_use WHERE subject_id = ? AND key_version = 1",
                ANA.value()));
        assertEquals(2, rows("SELECT COUNT(*) FROM cpp_subject_key_use"));
        store.destroy(ANA, PROFILE);
        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key_use WHERE subject_id = ?", ANA.value()));
        assertEquals(3, rows("SELECT uses_reserved FROM cpp_subject_key_use WHERE subject_id = ?", BOGDAN.value()));
        assertEquals(OptionalLong.empty(), store.reserveUses(ANA, PROFILE, 3, 1), "nothing for a destroyed slot");
        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key_use WHERE subject_id = ?", ANA.value()));
    }

    /**
     * The caller's entity manager outlives its transactions: a slot it saw in one transaction must not be
     * served from its cache in the next after another instance shredded it.
     */
    @Test
    void aCallersLongLivedEntityManager_seesAnotherInstancesShred() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            SubjectKeyStore joined = new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            joined.putIfAbsent(stored(ANA, 1, 1));
            caller.getTransaction().commit();

            assertEquals(1, secondInstance().destroy(ANA, PROFILE));

            caller.getTransaction().begin();
            assertTrue(joined.isDestroyed(ANA, PROFILE));
            assertEquals(Optional.empty(), joined.find(ANA, PROFILE, 1));
            assertEquals(Optional.empty(), joined.putIfAbsent(stored(ANA, 2, 3)));
            caller.getTransaction().commit();
            assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key"));
            assertFalse(joined.toString().contains(ANA.value()));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /**
     * Review finding: on MariaDB a locking read of the missing key row took an InnoDB gap lock, and two
     * first keys of DIFFERENT subjects deadlocked on their inserts. Every call must succeed, nothing about a
     * constraint violation or a subject may be logged.
     */
    @Test
    void twoInstances_firstKeysOfManyDistinctSubjectsAtOnce_allSucceed_andLogNothingAboutThem() throws Exception {
        List<SubjectKeyStore> instances = List.of(newStore(), secondInstance());
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<String> subjects = new ArrayList<>();
        try (SqlExceptionLog log = SqlExceptionLog.capture()) {
            for (int round = 0; round < 25; round++) {
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Optional<StoredKey>>> results = new ArrayList<>();
                List<StoredKey> candidates = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    SubjectId subject = SubjectId.of(String.format("distinct-%03d-%02d", round, racer));
                    subjects.add(subject.value());
                    SubjectKeyStore store = instances.get(racer % 2);
                    StoredKey candidate = stored(subject, 1, racer + 1);
                    candidates.add(candidate);
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.putIfAbsent(candidate);
                    }));
                }
                for (int racer = 0; racer < racers; racer++) {
                    assertEquals(Optional.of(candidates.get(racer)), results.get(racer).get(120, TimeUnit.SECONDS),
                            "round " + round + ", racer " + racer);
                }
            }
            assertEquals(25 * racers, rows("SELECT COUNT(*) FROM cpp_subject_key"));
            log.assertNoConstraintViolationNorSubject(subjects);
        } finally {
            pool.shutdownNow();
        }
    }

    private void reinsertByHand(StoredKey key) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO cpp_subject_key (subject_id, key_scope, key_version,"
                    + " kek_id, kek_version, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, key.subject().value());
                s.setString(2, key.scope().name());
                s.setInt(3, key.version());
                s.setString(4, key.wrapped().kekId());
                s.setInt(5, key.wrapped().kekVersion());
                s.setString(6, key.wrapped().ciphertext());
                s.setLong(7, 1_767_225_600L * 1_000_000_000L + 123_456_789L);
                assertEquals(1, s.executeUpdate());
            }
        });
    }

    /** A partial restore (or a writer) puts a shredded key's row back: the tombstone keeps it dead. */
    @Test
    void aKeyRowPutBackAfterADestroy_isNeverServed() {
        SubjectKeyStore store = newStore();
        StoredKey key = stored(ANA, 1, 5);
        store.putIfAbsent(key);
        assertEquals(1, store.destroy(ANA, PROFILE));
        reinsertByHand(key);

        for (SubjectKeyStore instance : List.of(store, secondInstance())) {
            assertTrue(instance.isDestroyed(ANA, PROFILE));
            assertEquals(Optional.empty(), instance.find(ANA, PROFILE, 1));
            assertEquals(Optional.empty(), instance.latest(ANA, PROFILE));
            assertEquals(List.of(), instance.wrappedBelow("kek", 9, 10));
            assertFalse(instance.replace(key, key.withWrapped(new WrappedKey("kek", 2, "AAAA"))));
            assertEquals(Optional.empty(), instance.putIfAbsent(stored(ANA, 2, 6)));
        }
    }

    /** A row below the retirement floor put back by hand stays retired. */
    @Test
    void aKeyRowPutBackBelowTheRetirementFloor_isNeverServed() {
        SubjectKeyStore store = newStore();
        StoredKey v1 = stored(ANA, 1, 5);
        StoredKey v2 = stored(ANA, 2, 6);
        store.putIfAbsent(v1);
        store.putIfAbsent(v2);
        assertEquals(1, store.retire(ANA, PROFILE, 1));
        reinsertByHand(v1);

        for (SubjectKeyStore instance : List.of(store, secondInstance())) {
            assertEquals(Optional.empty(), instance.find(ANA, PROFILE, 1));
            assertEquals(Optional.of(v2), instance.find(ANA, PROFILE, 2));
            assertEquals(Optional.of(v2), instance.latest(ANA, PROFILE));
            assertEquals(List.of(v2), instance.wrappedBelow("kek", 9, 10));
            assertFalse(instance.replace(v1, v1.withWrapped(new WrappedKey("kek", 2, "AAAA"))));
        }
        store.retire(ANA, PROFILE, 2);
        assertEquals(Optional.empty(), store.latest(ANA, PROFILE));
        assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key"), "a retirement deletes the re-inserted row too");
    }

    /**
     * Review finding: the slot row was created in a transaction of the store's own, so it stayed (with the
     * subject id) after the caller rolled back, and each call held a second connection.
     */
    @Test
    void inTheCallersTransaction_aRollbackLeavesNoSlotRow() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            SubjectKeyStore joined = new JpaSubjectKeyStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            assertTrue(joined.putIfAbsent(stored(ANA, 1, 1)).isPresent());
            assertEquals(0, joined.destroy(BOGDAN, PROFILE));
            assertEquals(0, joined.retire(SubjectId.of("never-committed"), PROFILE, 3));
            assertEquals(Optional.empty(), secondInstance().find(ANA, PROFILE, 1), "nothing committed yet");
            caller.getTransaction().rollback();
            assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key_slot"), "no slot row of any of the three");
            assertEquals(0, rows("SELECT COUNT(*) FROM cpp_subject_key"));
            assertFalse(newStore().isDestroyed(BOGDAN, PROFILE));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /** Rewraps racing on two instances, round after round: the stored key is always the winner's. */
    @Test
    void twoInstances_concurrentRewrapsInManyRounds_storeTheWinnersKey() throws Exception {
        List<SubjectKeyStore> instances = List.of(newStore(), secondInstance());
        StoredKey current = stored(ANA, 1, 1);
        instances.get(0).putIfAbsent(current);
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 15; round++) {
                CyclicBarrier start = new CyclicBarrier(racers);
                List<StoredKey> replacements = new ArrayList<>();
                List<Future<Boolean>> results = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    StoredKey expected = current;
                    StoredKey replacement = current.withWrapped(new WrappedKey("kek", round + 2,
                            Base64.getEncoder().encodeToString(new byte[] {(byte) round, (byte) racer, 7})));
                    replacements.add(replacement);
                    SubjectKeyStore store = instances.get(racer % 2);
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.replace(expected, replacement);
                    }));
                }
                List<StoredKey> winners = new ArrayList<>();
                for (int racer = 0; racer < racers; racer++) {
                    if (results.get(racer).get(60, TimeUnit.SECONDS)) {
                        winners.add(replacements.get(racer));
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": one winner");
                current = winners.get(0);
                assertEquals(Optional.of(current), instances.get(1).find(ANA, PROFILE, 1), "round " + round);
                assertEquals(Optional.of(current), instances.get(0).latest(ANA, PROFILE), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A database writer swaps the wrapped keys of two versions of one subject: both fail integrity. */
    @Test
    void wrappedKeysSwappedBetweenVersionsOfOneSubject_byADatabaseWriter_failIntegrity() {
        KeyEncryptionKeyProvider kek = PassphraseKeyEncryptionKeyProvider.create("correct horse".toCharArray(), "kek");
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), newStore(), Clock.systemUTC());
        FieldEncryptor writer = new FieldEncryptor(keys);
        String first = writer.encrypt(ANA, EMAIL, "ana.popescu@example.ro");
        keys.rotate(ANA, PROFILE);
        String second = writer.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals(2, rows("SELECT COUNT(*) FROM cpp_subject_key WHERE subject_id = ?", ANA.value()));
        db.jdbc(c -> {
            String v1;
            String v2;
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT key_version, wrapped_key FROM cpp_subject_key ORDER BY key_version")) {
                assertTrue(rs.next());
                v1 = rs.getString(2);
                assertTrue(rs.next());
                v2 = rs.getString(2);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE cpp_subject_key SET wrapped_key = ? WHERE key_version = ?")) {
                s.setString(1, v2);
                s.setInt(2, 1);
                assertEquals(1, s.executeUpdate());
                s.setString(1, v1);
                s.setInt(2, 2);
                assertEquals(1, s.executeUpdate());
            }
        });
        FieldEncryptor reader = fields(kek, secondInstance());
        assertThrows(IntegrityException.class, () -> reader.decrypt(ANA, EMAIL, first));
        assertThrows(IntegrityException.class, () -> reader.decrypt(ANA, EMAIL, second));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaSubjectKeyStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaSubjectKeyStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaSubjectKeyStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
