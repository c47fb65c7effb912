package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * Someone holding the PIN plants key objects under a KEK's labels, and instances over one token
 * learn of each other's rotations and retirements (review of part {@code hsm}, M1 and M2: these
 * tests began as the reviewer's demonstrations and now assert the defences). Runs on the token named
 * by {@code CLICKPHONE_PRIVACY_IT_PKCS11}; the test JVM exports the JDK's PKCS#11 binding, so the
 * provider checks key attributes ("strict mode") unless a test turns it off.
 */
class Pkcs11KeyEncryptionKeyProviderPlantTest {

    private static final byte[] KNOWN = new byte[32];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN[i] = (byte) (0x11 * i);
        }
    }

    private final List<String> created = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    @AfterEach
    void deleteKeks() throws Exception {
        for (String kekId : created) {
            SoftHsm.delete(kekId);
        }
    }

    private String kekId() {
        String kekId = SoftHsm.newKekId();
        created.add(kekId);
        return kekId;
    }

    /** A program holding the PIN that imports keys as sensitive and unextractable. */
    private static KeyStore planter() {
        return SoftHsm.otherStore(SoftHsm.otherProvider("attributes(import, CKO_SECRET_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"));
    }

    private static void plantKnown(String label) throws Exception {
        planter().setEntry(label, new KeyStore.SecretKeyEntry(new SecretKeySpec(KNOWN, "AES")), null);
    }

    /** Whether the attacker, knowing the planted value, opens a wrapped key offline. */
    private static boolean opensWithTheKnownValue(WrappedKey wrapped) {
        try {
            KeyWrap.unwrap(new SecretKeySpec(KNOWN, "AES"), wrapped);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Pkcs11KeyEncryptionKeyProvider openWithoutAttributeCheck(String kekId, Duration versionCheck) {
        return Pkcs11KeyEncryptionKeyProvider.connect(SoftHsm.token(), kekId, versionCheck, false, Duration.ZERO);
    }

    private SecretBytes dataKey() {
        return SecretBytes.random(32, random);
    }

    @Test
    void theTestJvm_checksKeyAttributes() {
        assertTrue(Pkcs11KeyEncryptionKeyProvider.checksKeyAttributes(), "surefire's argLine exports the binding");
    }

    @Test
    void aKnownValueKey_plantedSensitiveUnextractable_asNextVersion_isRefused_andNeverWrapsADataKey()
            throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider running = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        Pkcs11KeyEncryptionKeyProvider checking = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId,
                Duration.ZERO);
        plantKnown(kekId + ".v2.0123456789abcdef");

        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId), "a restarted instance refuses it");
        assertTrue(refused.getMessage().contains("not generated on the token"), refused.getMessage());
        // an instance that looks for new versions at its next wrap refuses to wrap at all
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> checking.wrap(dataKey()));
        assertFalse(e.isRetryable());
        // one corrupted wrapped key makes the running instance re-read the token: it does not adopt v2
        assertThrows(KeyUnavailableException.class, () -> running.unwrap(new WrappedKey(kekId, 1,
                Base64.getEncoder().encodeToString(new byte[48]))));
        WrappedKey wrapped = running.wrap(dataKey());
        assertEquals(1, wrapped.kekVersion());
        assertFalse(opensWithTheKnownValue(wrapped));
    }

    @Test
    void aKnownValueKey_plantedUnderTheCurrentVersion_sortingFirst_neverWrapsADataKey() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider running = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        plantKnown(kekId + ".v1.0000000000000000");

        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId));
        // the instance that generated v1 wraps under its own object, whatever else the label holds
        WrappedKey wrapped = running.wrap(dataKey());
        assertFalse(opensWithTheKnownValue(wrapped));
        // also without the attribute check: its own object; and a restarted instance cannot tell the two apart
        Pkcs11KeyEncryptionKeyProvider unchecked = openWithoutAttributeCheck(kekId, Duration.ZERO);
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> unchecked.wrap(dataKey()));
        assertFalse(e.isRetryable());
    }

    @Test
    void aSensitiveButExtractableKey_plantedAsNextVersion_isRefused_evenWithoutTheAttributeCheck() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        KeyStore store = SoftHsm.otherStore(SoftHsm.otherProvider("attributes(import, CKO_SECRET_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = true\n}\n"));
        // its value stays unreadable to the JDK, but C_WrapKey takes it out for whoever holds the PIN
        store.setEntry(kekId + ".v2.0123456789abcdef", new KeyStore.SecretKeyEntry(new SecretKeySpec(KNOWN, "AES")),
                null);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> openWithoutAttributeCheck(kekId, Duration.ZERO));
        assertTrue(e.getMessage().contains("sensitive and unextractable"), e.getMessage());
    }

    @Test
    void withoutTheAttributeCheck_aPlantedNextVersion_isAdopted_asTheJavadocWarns() throws Exception {
        // the documented residual of the default mode: this test shows that the warning is true
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        plantKnown(kekId + ".v2.0123456789abcdef");
        WrappedKey wrapped = openWithoutAttributeCheck(kekId, Pkcs11KeyEncryptionKeyProvider.DEFAULT_VERSION_CHECK)
                .wrap(dataKey());
        assertEquals(2, wrapped.kekVersion());
        assertTrue(opensWithTheKnownValue(wrapped));
    }

    @Test
    void anotherInstancesRotation_isLearnedAtTheVersionCheck() {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        Pkcs11KeyEncryptionKeyProvider a = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId, Duration.ZERO);
        Pkcs11KeyEncryptionKeyProvider b = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        assertEquals(1, a.wrap(dataKey()).kekVersion());
        assertEquals(2, b.rotate());
        SecretBytes key = dataKey();
        WrappedKey wrapped = a.wrap(key);
        assertEquals(2, wrapped.kekVersion(), "the version check found B's rotation");
        assertTrue(b.unwrap(wrapped).sameAs(key));
    }

    @Test
    void aWrapUnderAVersionRetiredElsewhere_isMadeAgainUnderTheNewest_notFailed() {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider a = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        Pkcs11KeyEncryptionKeyProvider b = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        assertEquals(2, b.rotate());
        // A's version check is not due yet (one minute): it still wraps under v1, which is why the
        // documented rotate -> wait -> rewrap -> retire order matters
        assertEquals(1, a.wrap(dataKey()).kekVersion());
        b.retire(1);
        SecretBytes key = dataKey();
        WrappedKey wrapped = a.wrap(key);
        assertEquals(2, wrapped.kekVersion(), "the failed wrap under the retired v1 was made again under v2");
        assertTrue(b.unwrap(wrapped).sameAs(key));
        assertEquals(2, a.currentVersion());
    }

    @Test
    void aVersionAboveNineDigits_isNeverCreated() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        // a genuine token-generated key at the highest version (as rotate() makes it)
        Provider other = SoftHsm.otherProvider("attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
        KeyGenerator generator = KeyGenerator.getInstance("AES", other);
        generator.init(256);
        SoftHsm.otherStore(other).setEntry(kekId + ".v999999999.0123456789abcdef",
                new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        Pkcs11KeyEncryptionKeyProvider reopened = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        assertEquals(Pkcs11KeyEncryptionKeyProvider.MAX_VERSION, reopened.currentVersion());
        assertThrows(ConfigurationException.class, reopened::rotate, "v1000000000 would be invisible to others");
        assertEquals(List.of(), SoftHsm.labels(SoftHsm.otherStore(other), kekId, 1_000_000_000));
    }

    @Test
    void corruptedWrappedKeys_reReadTheTokenAtMostOnceAGap() {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.connect(SoftHsm.token(), kekId,
                Pkcs11KeyEncryptionKeyProvider.DEFAULT_VERSION_CHECK, true, Duration.ofHours(1));
        WrappedKey bogus = new WrappedKey(kekId, 1, Base64.getEncoder().encodeToString(new byte[48]));
        assertThrows(IntegrityException.class, () -> kek.unwrap(bogus));
        // a version another instance adds now is not found by the next failures: no re-read within the gap
        Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId).rotate();
        for (int i = 0; i < 3; i++) {
            assertThrows(IntegrityException.class, () -> kek.unwrap(bogus));
            assertThrows(KeyUnavailableException.class, () -> kek.unwrap(new WrappedKey(kekId, 2, bogus.ciphertext())));
        }
        assertEquals(1, kek.currentVersion(), "no re-read happened");
    }
}
