package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.StoredKey;
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
    }

    @Test
    void legacyUnboundWrap_stillUnwraps_andRewrapBindsIt() {
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        store.putIfAbsent(new StoredKey(ANA, PROFILE, 1, kek.wrap(dek), Instant.now()));
        FieldEncryptor fields = freshFields();
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals(32, kek.unwrap(store.find(ANA, PROFILE, 1).orElseThrow().wrapped()).length(), "format v1");

        kek.rotate();
        EnvelopeKeys keys = EnvelopeKeys.create(kek, store, Clock.systemUTC(), 100, Duration.ofMinutes(1),
                Duration.ofSeconds(1), System::nanoTime);
        assertEquals(1, keys.rewrap(10).rewrapped());
        assertEquals(EnvelopeKeys.BOUND_PAYLOAD_BYTES,
                kek.unwrap(store.find(ANA, PROFILE, 1).orElseThrow().wrapped()).length(), "format v2");
        assertEquals("ana@example.ro", freshFields().decrypt(ANA, EMAIL, stored));
    }
}
