package ro.clickphone.privacy.crypto.pseudonym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * Pseudonym root keys kept wrapped by the data keys' KEK: bound to their own purpose, and carried
 * through a KEK rotation and retirement by {@link PseudonymKeys#rewrap}.
 */
class RootKeyWrapTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", KeyScope.of("profile"));

    @TempDir
    Path dir;

    @Test
    void rotateRewrapDataKeysRewrapRootKeysRetire_leavesThePseudonymKeysOpenable() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        WrappedKey bound = PseudonymKeys.newWrappedRootKey(kek);
        SecretBytes legacyRoot = SecretBytes.random(32, new SecureRandom());
        WrappedKey legacy = kek.wrap(legacyRoot); // a root wrap made before root keys were bound
        PseudonymKeys before = PseudonymKeys.ofWrapped(1, kek, bound).withWrappedVersion(2, kek, legacy);
        InMemorySubjectKeyStore store = new InMemorySubjectKeyStore();
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC());
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");

        kek.rotate();
        assertTrue(keys.rewrap(10).done());
        WrappedKey boundNow = PseudonymKeys.rewrap(kek, bound);
        WrappedKey legacyNow = PseudonymKeys.rewrap(kek, legacy);
        assertEquals(2, boundNow.kekVersion());
        assertEquals(2, legacyNow.kekVersion());
        keys.retireKekVersion(1);

        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        assertThrows(KeyUnavailableException.class, () -> PseudonymKeys.ofWrapped(1, reopened, bound),
                "the old wrap is gone with its KEK version");
        PseudonymKeys after = PseudonymKeys.ofWrapped(1, reopened, boundNow).withWrappedVersion(2, reopened, legacyNow);
        for (int version = 1; version <= 2; version++) {
            assertArrayEquals(before.derive("phone-ff1", "analytics", version, 32),
                    after.derive("phone-ff1", "analytics", version, 32), "the same root key, version " + version);
        }
        assertEquals("ana@example.ro", new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(reopened),
                store, Clock.systemUTC())).decrypt(ANA, EMAIL, stored));
    }

    @Test
    void rewrap_ofADataKeyWrap_isRefused() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        InMemorySubjectKeyStore keyStore = new InMemorySubjectKeyStore();
        new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), keyStore, Clock.systemUTC()))
                .encrypt(ANA, EMAIL, "ana@example.ro");
        WrappedKey dataKey = keyStore.find(ANA, EMAIL.scope(), 1).orElseThrow().wrapped();
        assertThrows(IntegrityException.class, () -> PseudonymKeys.rewrap(kek, dataKey));
    }

    /** docs/FORMAT.md "Wrapped pseudonym root keys", computed with Python's hashlib from the documented encoding. */
    @Test
    void goldenVector_boundRootPayload() {
        byte[] root = new byte[32];
        for (int i = 0; i < root.length; i++) {
            root[i] = (byte) i;
        }
        assertEquals("10000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "22438d5a0cf7dd4deb9f9877fd6dcee3ae1b9ecf1952e081d0213115b76b9c31",
                HexFormat.of().formatHex(PseudonymKeys.boundPayload(root)));
    }
}
