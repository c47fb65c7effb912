package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * A writer of the key store (a DBA, a compromised replica) moves wrapped data keys between slots.
 * Wrapped keys are bound to their (subject, scope, version): a moved key fails, and never serves
 * another subject's data.
 */
class KeySlotBindingTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOGDAN = SubjectId.of("acct-2077");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final KeyScope BILLING = KeyScope.of("billing");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);
    private static final FieldContext IBAN = FieldContext.of("account", "iban", BILLING);

    @TempDir
    Path dir;

    private Pkcs12KeyEncryptionKeyProvider kek;
    private InMemorySubjectKeyStore store;

    @BeforeEach
    void setUp() {
        kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek");
        store = new InMemorySubjectKeyStore();
    }

    private FieldEncryptor freshFields() {
        return new FieldEncryptor(EnvelopeKeys.create(kek, store, Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime));
    }

    /** The store writer's move: the row of {@code from} now holds the wrapped key of {@code source}. */
    private void copyWrappedKey(StoredKey source, StoredKey target) {
        assertTrue(store.replace(target, target.withWrapped(source.wrapped())));
    }

    @Test
    void wrappedKeyCopiedIntoAnotherSubjectsSlot_failsForThatSubject() {
        FieldEncryptor fields = freshFields();
        String anas = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        String bogdans = fields.encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        copyWrappedKey(store.find(ANA, PROFILE, 1).orElseThrow(), store.find(BOGDAN, PROFILE, 1).orElseThrow());

        FieldEncryptor reader = freshFields();
        assertThrows(IntegrityException.class, () -> reader.decrypt(BOGDAN, EMAIL, bogdans));
        assertThrows(IntegrityException.class, () -> reader.decrypt(BOGDAN, EMAIL, anas));
        assertThrows(IntegrityException.class, () -> reader.encrypt(BOGDAN, EMAIL, "new@example.ro"),
                "no new value of Bogdan's may be written under Ana's key");
        assertEquals("ana@example.ro", reader.decrypt(ANA, EMAIL, anas));
    }

    @Test
    void wrappedKeyCopiedIntoAnotherScopeOrVersion_fails() {
        FieldEncryptor fields = freshFields();
        fields.encrypt(ANA, EMAIL, "ana@example.ro");
        String iban = fields.encrypt(ANA, IBAN, "RO49AAAA1B31007593840000");
        copyWrappedKey(store.find(ANA, PROFILE, 1).orElseThrow(), store.find(ANA, BILLING, 1).orElseThrow());
        assertThrows(IntegrityException.class, () -> freshFields().decrypt(ANA, IBAN, iban));

        EnvelopeKeys keys = EnvelopeKeys.create(kek, store, Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime);
        keys.rotate(ANA, PROFILE);
        copyWrappedKey(store.find(ANA, PROFILE, 1).orElseThrow(), store.find(ANA, PROFILE, 2).orElseThrow());
        assertThrows(IntegrityException.class, () -> freshFields().encrypt(ANA, EMAIL, "ana@example.ro"));
    }

    /**
     * docs/FORMAT.md "Wrapped data keys", format 2: the payload the provider wraps, computed with
     * Python's hashlib from the documented encoding.
     */
    @Test
    void goldenVector_boundPayload() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        assertEquals("02000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "bef88e9ec104e670103f304b9826e59680ce36d378fd4bcdd83cb6bb5a748a1f",
                HexFormat.of().formatHex(EnvelopeKeys.boundPayload(key, ANA, PROFILE, 1)));
        assertEquals("03000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "bef88e9ec104e670103f304b9826e59680ce36d378fd4bcdd83cb6bb5a748a1f",
                HexFormat.of().formatHex(EnvelopeKeys.boundPayload(key, ANA, PROFILE, 1, (byte) 3)), "format 3");
    }

    /**
     * What a version of the SDK before slot binding wrote: the subject's version 1 row holding its
     * own data key as a bare 32-byte payload (format 1). Returns the wrapped key.
     */
    private WrappedKey makeLegacy(SubjectId subject) {
        StoredKey row = store.find(subject, PROFILE, 1).orElseThrow();
        SecretBytes payload = kek.unwrap(row.wrapped());
        byte[] bytes = payload.revealBytes();
        WrappedKey legacy = kek.wrap(SecretBytes.copyOf(Arrays.copyOfRange(bytes, 1, 33)));
        assertTrue(store.replace(row, row.withWrapped(legacy)));
        return legacy;
    }

    /** A reader whose store holds only {@code row} as the subject's version 1: what a writer could restore after a shred. */
    private static FieldEncryptor readerOfOnly(KeyEncryptionKeyProvider kek, SubjectId subject, WrappedKey row) {
        InMemorySubjectKeyStore only = new InMemorySubjectKeyStore();
        only.putIfAbsent(new StoredKey(subject, PROFILE, 1, row, Instant.now()));
        return new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), only, Clock.systemUTC()));
    }

    @Test
    void formatOneWrapOfAnotherSubject_copiedIntoBsRow_neverEncryptsBsNewValues() {
        FieldEncryptor fields = freshFields();
        fields.encrypt(ANA, EMAIL, "ana@example.ro");
        fields.encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        WrappedKey anasLegacy = makeLegacy(ANA);
        copyWrappedKey(store.find(ANA, PROFILE, 1).orElseThrow(), store.find(BOGDAN, PROFILE, 1).orElseThrow());

        String bogdansNew = freshFields().encrypt(BOGDAN, EMAIL, "new@example.ro");

        // The writer's end game: shred(B) deletes B's rows, the writer puts Ana's wrap back into B's row.
        assertThrows(IntegrityException.class, () -> readerOfOnly(kek, BOGDAN, anasLegacy).decrypt(BOGDAN, EMAIL, bogdansNew),
                "Bogdan's new value must not be encrypted under the key found in his row (Ana's, unbound)");
        assertEquals("new@example.ro", freshFields().decrypt(BOGDAN, EMAIL, bogdansNew));
    }

    @Test
    void formatOneWrapOfAnotherSubject_launderedByRewrap_stillNeverEncryptsBsNewValues() {
        FieldEncryptor fields = freshFields();
        fields.encrypt(ANA, EMAIL, "ana@example.ro");
        fields.encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        WrappedKey anasLegacy = makeLegacy(ANA);
        copyWrappedKey(store.find(ANA, PROFILE, 1).orElseThrow(), store.find(BOGDAN, PROFILE, 1).orElseThrow());
        kek.rotate();
        RewrapReport report = EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC()).rewrap(10);
        assertEquals(new RewrapReport(2, 0, 0, 2), report, "both format 1 rows found and bound");

        String bogdansNew = freshFields().encrypt(BOGDAN, EMAIL, "new@example.ro");
        assertThrows(IntegrityException.class, () -> readerOfOnly(kek, BOGDAN, anasLegacy).decrypt(BOGDAN, EMAIL, bogdansNew),
                "a rewrapped format 1 key is for decryption only");
    }

    @Test
    void withUnboundKeysRefused_aFormatOneWrapCopiedIntoBsRow_failsDecryption() {
        FieldEncryptor fields = freshFields();
        fields.encrypt(ANA, EMAIL, "ana@example.ro");
        WrappedKey anasLegacy = makeLegacy(ANA);
        byte[] anasKey = kek.unwrap(anasLegacy).revealBytes();
        // A value of Bogdan's written under Ana's key, as an SDK before this fix wrote while the copy was in place.
        String bogdansUnderAnasKey = readerOfOnly(kek, BOGDAN,
                kek.wrap(SecretBytes.copyOf(EnvelopeKeys.boundPayload(anasKey, BOGDAN, PROFILE, 1))))
                .encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        store.putIfAbsent(new StoredKey(BOGDAN, PROFILE, 1, anasLegacy, Instant.now())); // the writer's copy
        assertEquals("bogdan@example.ro", freshFields().decrypt(BOGDAN, EMAIL, bogdansUnderAnasKey),
                "without the switch, the copied format 1 wrap still decrypts");

        FieldEncryptor strict = new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek).withUnboundKeysRefused(),
                store, Clock.systemUTC()));
        assertThrows(IntegrityException.class, () -> strict.decrypt(BOGDAN, EMAIL, bogdansUnderAnasKey));
        assertThrows(IntegrityException.class, () -> strict.encrypt(BOGDAN, EMAIL, "new@example.ro"));
    }

    @Test
    void withUnboundKeysRefused_rewrapCountsAFormatOneKeyAsFailed() {
        freshFields().encrypt(ANA, EMAIL, "ana@example.ro");
        makeLegacy(ANA);
        kek.rotate();
        KeySettings strict = KeySettings.of(kek).withUnboundKeysRefused();
        assertEquals(new RewrapReport(0, 1, 1, 0), EnvelopeKeys.create(strict, store, Clock.systemUTC()).rewrap(10));
    }

    @Test
    void searchRootKeyWrap_copiedIntoADataKeyRow_isRefused() {
        freshFields().encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        WrappedKey root = ro.clickphone.privacy.crypto.search.SearchKeys.newWrappedRootKey(1, kek);
        copyWrappedKey(new StoredKey(BOGDAN, PROFILE, 1, root, Instant.now()), store.find(BOGDAN, PROFILE, 1).orElseThrow());
        EnvelopeKeys keys = EnvelopeKeys.create(kek, store, Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime);
        assertThrows(IntegrityException.class, () -> keys.version(BOGDAN, PROFILE, 1), "a search root key is no data key");
    }

    @Test
    void rootKeyWrap_copiedIntoADataKeyRow_isRefused() {
        freshFields().encrypt(BOGDAN, EMAIL, "bogdan@example.ro");
        WrappedKey root = PseudonymKeys.newWrappedRootKey(kek);
        copyWrappedKey(new StoredKey(BOGDAN, PROFILE, 1, root, Instant.now()), store.find(BOGDAN, PROFILE, 1).orElseThrow());
        EnvelopeKeys keys = EnvelopeKeys.create(kek, store, Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime);
        assertThrows(IntegrityException.class, () -> keys.version(BOGDAN, PROFILE, 1), "a root key is no data key");
        assertThrows(IntegrityException.class, () -> keys.current(BOGDAN, PROFILE));
    }

    @Test
    void dataKeyWrap_givenAsARootKey_isRefused() {
        freshFields().encrypt(ANA, EMAIL, "ana@example.ro");
        WrappedKey dataKey = store.find(ANA, PROFILE, 1).orElseThrow().wrapped();
        assertThrows(IntegrityException.class, () -> PseudonymKeys.ofWrapped(1, kek, dataKey));
    }

    @Test
    void legacyUnboundWrap_stillDecrypts_rewrapBindsItForDecryptionOnly() {
        FieldEncryptor fields = freshFields();
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        makeLegacy(ANA);
        assertEquals("ana@example.ro", freshFields().decrypt(ANA, EMAIL, stored));

        kek.rotate();
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC());
        assertEquals(new RewrapReport(1, 0, 0, 1), keys.rewrap(10));
        byte[] payload = kek.unwrap(store.find(ANA, PROFILE, 1).orElseThrow().wrapped()).revealBytes();
        assertEquals(EnvelopeKeys.BOUND_PAYLOAD_BYTES, payload.length);
        assertEquals(3, payload[0], "format 3: bound, for decryption only");
        EnvelopeKeys strictKeys = EnvelopeKeys.create(KeySettings.of(kek).withUnboundKeysRefused(), store, Clock.systemUTC());
        FieldEncryptor strict = new FieldEncryptor(strictKeys);
        assertEquals("ana@example.ro", strict.decrypt(ANA, EMAIL, stored));
        String fresh = strict.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals(2, strictKeys.current(ANA, PROFILE).version, "a new bound version for new values");
        assertEquals("ana@example.ro", strict.decrypt(ANA, EMAIL, fresh));
    }
}
