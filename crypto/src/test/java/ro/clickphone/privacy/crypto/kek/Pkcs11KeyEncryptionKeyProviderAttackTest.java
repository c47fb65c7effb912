package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.AuthProvider;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

/**
 * Plays the attacker against the PKCS#11 KEK provider on the token named by
 * {@code CLICKPHONE_PRIVACY_IT_PKCS11} ({@link SoftHsm}): a second program on the same token, holding
 * the PIN, tries to read or export the KEK, plant a readable key, swap wrapped keys between KEKs and
 * versions; the token logs the provider out or loses a version underneath it.
 */
class Pkcs11KeyEncryptionKeyProviderAttackTest {

    private static final byte[] KNOWN_VALUE = new byte[32];

    static {
        for (int i = 0; i < KNOWN_VALUE.length; i++) {
            KNOWN_VALUE[i] = (byte) (0xA0 + i);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final List<String> created = new ArrayList<>();

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

    private static void logout(Provider provider) throws Exception {
        ((AuthProvider) provider).logout();
    }

    private SecretBytes dataKey() {
        return SecretBytes.random(32, random);
    }

    /**
     * Exports a secret key from the token the way PKCS#11 allows it: {@code C_WrapKey} under an RSA
     * key pair generated on the token, then decrypts the wrapped form with the private key.
     */
    private static byte[] exportThroughRsaWrap(Provider provider, Key secret) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
        generator.initialize(1024);
        KeyPair pair = generator.generateKeyPair();
        Cipher wrap = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        wrap.init(Cipher.WRAP_MODE, pair.getPublic());
        byte[] wrapped = wrap.wrap(secret);
        Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        decrypt.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        return decrypt.doFinal(wrapped);
    }

    @Test
    void theKek_cannotBeReadOrExported_byAProgramHoldingThePin() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        kek.rotate();
        Provider other = SoftHsm.otherProvider("");
        KeyStore store = SoftHsm.otherStore(other);
        for (int version : new int[] {1, 2}) {
            Key key = store.getKey(SoftHsm.label(store, kekId, version), null);
            assertNotNull(key, "the KEK is on the token, as a private object of the logged-in user");
            // the JDK reports the object's CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE in its description
            assertTrue(key.toString().contains("token object, sensitive, unextractable"), key.toString());
            assertNull(key.getEncoded(), "CKA_VALUE cannot be read");
            SecretKeyFactory factory = SecretKeyFactory.getInstance("AES", other);
            assertThrows(Exception.class, () -> factory.getKeySpec((SecretKey) key, SecretKeySpec.class));
            Exception exported = assertThrows(Exception.class, () -> exportThroughRsaWrap(other, key));
            assertTrue(String.valueOf(exported.getCause()).contains("CKR_KEY_UNEXTRACTABLE"),
                    "the token refused C_WrapKey: " + exported);
            Cipher software = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            assertThrows(Exception.class, () -> software.init(Cipher.ENCRYPT_MODE, key),
                    "no software cipher can take the key");
        }
        // a copy of the object (C_CopyObject, as the key store does) keeps the token's protection
        store.setEntry(kekId + ".copy", new KeyStore.SecretKeyEntry(
                (SecretKey) store.getKey(SoftHsm.label(store, kekId, 1), null)), null);
        Key copy = store.getKey(kekId + ".copy", null);
        assertNull(copy.getEncoded());
        assertThrows(Exception.class, () -> exportThroughRsaWrap(other, copy));
    }

    @Test
    void theExportAttack_works_onAKeyThatAllowsIt() throws Exception {
        // the control for the test above: the same attack reads a planted extractable key's value
        String kekId = kekId();
        Provider other = SoftHsm.otherProvider("attributes(import, CKO_SECRET_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = true\n}\n");
        KeyStore store = SoftHsm.otherStore(other);
        store.setEntry(kekId + ".v1", new KeyStore.SecretKeyEntry(new SecretKeySpec(KNOWN_VALUE, "AES")), null);
        Key planted = store.getKey(kekId + ".v1", null);
        assertNull(planted.getEncoded(), "sensitive: the JDK cannot read it directly");
        assertArrayEquals(KNOWN_VALUE, exportThroughRsaWrap(other, planted), "but the token wraps it out");
    }

    @Test
    void theTokensWrapFormat_isThePkcs12ProvidersByteForByte() throws Exception {
        // a known key on the token (imported, which a KEK never is) and the same key in software
        String kekId = kekId();
        Provider other = SoftHsm.otherProvider("");
        KeyStore store = SoftHsm.otherStore(other);
        store.setEntry(kekId + ".format", new KeyStore.SecretKeyEntry(new SecretKeySpec(KNOWN_VALUE, "AES")), null);
        Key onToken = store.getKey(kekId + ".format", null);
        SecretKey inSoftware = new SecretKeySpec(KNOWN_VALUE, "AES");
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] payload = dataKey().revealBytes();

        WrappedKey byToken = KeyWrap.seal(Cipher.getInstance("AES/GCM/NoPadding", other), onToken, "k", 3, nonce,
                payload);
        WrappedKey bySoftware = KeyWrap.seal(Cipher.getInstance("AES/GCM/NoPadding", "SunJCE"), inSoftware, "k", 3,
                nonce, payload);
        assertEquals(bySoftware, byToken);
        assertArrayEquals(payload, KeyWrap.unwrap(inSoftware, byToken).revealBytes());
        assertArrayEquals(payload, KeyWrap.open(Cipher.getInstance("AES/GCM/NoPadding", other), onToken, bySoftware)
                .revealBytes());
    }

    @Test
    void aReadableKey_plantedUnderAVersionLabel_isRefused() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        KeyStore store = SoftHsm.otherStore(SoftHsm.otherProvider("attributes(import, CKO_SECRET_KEY, *) = {\n"
                + "  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n}\n"));
        // someone who knows the value plants it as the next version, hoping new data keys get wrapped under it
        store.setEntry(kekId + ".v2.0123456789abcdef", new KeyStore.SecretKeyEntry(new SecretKeySpec(KNOWN_VALUE, "AES")),
                null);

        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId));
        assertThrows(ConfigurationException.class, kek::rotate, "rotating reads the token and refuses too");
        assertEquals(1, kek.currentVersion(), "nothing is wrapped under the planted key");
        assertEquals(1, kek.wrap(dataKey()).kekVersion());
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                () -> kek.unwrap(new WrappedKey(kekId, 2, Base64.getEncoder().encodeToString(new byte[48]))));
        assertFalse(e.isRetryable());
    }

    @Test
    void aWrapUnderAnotherKekOnTheSameToken_presentedAsThisKeks_failsItsIntegrityCheck() {
        Pkcs11KeyEncryptionKeyProvider ours = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId());
        Pkcs11KeyEncryptionKeyProvider theirs = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId());
        WrappedKey underTheirs = theirs.wrap(dataKey());
        assertThrows(IntegrityException.class, () -> ours.unwrap(
                new WrappedKey(ours.kekId(), 1, underTheirs.ciphertext())));
    }

    @Test
    void aWrapUnderVersionN_doesNotUnwrapUnderVersionNPlusOne_norTheOtherWay() {
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId());
        WrappedKey underV1 = kek.wrap(dataKey());
        kek.rotate();
        WrappedKey underV2 = kek.wrap(dataKey());
        assertThrows(IntegrityException.class, () -> kek.unwrap(new WrappedKey(kek.kekId(), 2, underV1.ciphertext())));
        assertThrows(IntegrityException.class, () -> kek.unwrap(new WrappedKey(kek.kekId(), 1, underV2.ciphertext())));
    }

    @Test
    void aRetiredVersion_isGoneFromTheToken_forEveryInstance_forGood() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider first = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        SecretBytes key = dataKey();
        WrappedKey underV1 = first.wrap(key);
        Pkcs11KeyEncryptionKeyProvider second = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        assertTrue(second.unwrap(underV1).sameAs(key), "the second instance holds version 1");

        first.rotate();
        first.retire(1);

        KeyStore store = SoftHsm.otherStore(SoftHsm.otherProvider(""));
        assertEquals(List.of(), SoftHsm.labels(store, kekId, 1), "the object is deleted from the token");
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class, () -> second.unwrap(underV1));
        assertFalse(e.isRetryable(), "the second instance's old handle does not make it look like a passing failure");
        assertThrows(KeyUnavailableException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId)
                .unwrap(underV1));
        assertEquals(3, second.rotate(), "a retired version number is never used again");
    }

    @Test
    void twoProcessesAddingTheSameVersion_keepBothObjects_andEveryWrapUnwrapsEverywhere() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider first = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        assertEquals(2, first.rotate());
        // another process rotated at the same moment: its own version 2, generated on the token as rotate() does
        Provider other = SoftHsm.otherProvider("attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
        KeyStore store = SoftHsm.otherStore(other);
        KeyGenerator generator = KeyGenerator.getInstance("AES", other);
        generator.init(256);
        String racing = kekId + ".v2.ffffffffffffffff";
        store.setEntry(racing, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        SecretBytes key = dataKey();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        WrappedKey underRacing = KeyWrap.seal(Cipher.getInstance("AES/GCM/NoPadding", other),
                store.getKey(racing, null), kekId, 2, nonce, key.revealBytes());
        WrappedKey underFirsts = first.wrap(key);

        assertTrue(first.unwrap(underRacing).sameAs(key), "the first instance finds the racing object");
        Pkcs11KeyEncryptionKeyProvider reopened = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        assertTrue(reopened.unwrap(underRacing).sameAs(key));
        assertTrue(reopened.unwrap(underFirsts).sameAs(key));
        assertTrue(first.unwrap(reopened.wrap(key)).sameAs(key));
        byte[] changed = underRacing.bytes();
        changed[changed.length - 1] ^= 1;
        assertThrows(IntegrityException.class, () -> reopened.unwrap(
                new WrappedKey(kekId, 2, Base64.getEncoder().encodeToString(changed))), "no object verifies it");

        assertEquals(3, reopened.rotate());
        reopened.retire(2);
        assertEquals(List.of(), SoftHsm.labels(SoftHsm.otherStore(other), kekId, 2), "both objects are deleted");
        assertThrows(KeyUnavailableException.class, () -> first.unwrap(underRacing));
    }

    @Test
    void aLoginLostUnderneath_isMadeAgain_andTheCallSucceeds() throws Exception {
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId());
        SecretBytes key = dataKey();
        WrappedKey wrapped = kek.wrap(key);
        // PKCS#11 logs in per application: another provider in this JVM logging out logs everyone out
        Provider other = SoftHsm.otherProvider("");
        SoftHsm.otherStore(other);
        logout(other);

        assertTrue(kek.unwrap(wrapped).sameAs(key));
        logout(other);
        assertTrue(kek.unwrap(kek.wrap(key)).sameAs(key));
    }

    @Test
    void aVersionAddedByAnotherInstance_isLearnedAtTheFirstUnwrapUnderIt() {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider first = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        Pkcs11KeyEncryptionKeyProvider second = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
        SecretBytes key = dataKey();
        assertEquals(2, first.rotate());
        WrappedKey underV2 = first.wrap(key);
        assertTrue(second.unwrap(underV2).sameAs(key));
        assertEquals(2, second.currentVersion());
    }

    @Test
    void instancesRotatingAtOnce_getDistinctVersions_allKeptOnTheToken() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        List<Pkcs11KeyEncryptionKeyProvider> instances = List.of(
                Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId),
                Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId));
        SecretBytes key = dataKey();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<WrappedKey>>> results = new ArrayList<>();
        try {
            for (Pkcs11KeyEncryptionKeyProvider instance : instances) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<WrappedKey> wraps = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        instance.rotate();
                        wraps.add(instance.wrap(key));
                    }
                    return wraps;
                }));
            }
            start.countDown();
            List<WrappedKey> all = new ArrayList<>();
            for (Future<List<WrappedKey>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            Pkcs11KeyEncryptionKeyProvider reopened = Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId);
            Set<Integer> versions = new TreeSet<>();
            for (WrappedKey wrapped : all) {
                versions.add(wrapped.kekVersion());
                assertTrue(reopened.unwrap(wrapped).sameAs(key), "version " + wrapped.kekVersion());
            }
            assertEquals(Set.of(2, 3, 4, 5, 6, 7), versions);
            assertEquals(7, reopened.currentVersion());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongPin_isRefused_withoutPrintingAnyPin() throws Exception {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        String wrong = "wrong-" + SoftHsm.pin();
        // PKCS#11 logs in per application, and C_Login while logged in does not check the PIN: log this JVM out
        Provider other = SoftHsm.otherProvider("");
        SoftHsm.otherStore(other);
        logout(other);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(wrong.toCharArray()), kekId));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t).contains(SoftHsm.pin()), String.valueOf(t));
        }
        assertFalse(SoftHsm.token().toString().contains(SoftHsm.pin()));
    }

    @Test
    void creatingAKekTheTokenHolds_isRefused_andOpeningOneItDoesNotHold_too() {
        String kekId = kekId();
        Pkcs11KeyEncryptionKeyProvider kek = Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId);
        SecretBytes key = dataKey();
        WrappedKey wrapped = kek.wrap(key);
        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.create(SoftHsm.token(), kekId));
        assertTrue(Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId).unwrap(wrapped).sameAs(key),
                "refusing changed nothing");
        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId()));
        // a KEK id that is a prefix of another's label is not confused with it
        assertThrows(ConfigurationException.class,
                () -> Pkcs11KeyEncryptionKeyProvider.open(SoftHsm.token(), kekId.substring(0, kekId.length() - 1)));
    }

    @Test
    void aSlotWithoutToken_orALibraryThatIsNone_failWithConfigurationException() {
        SoftHsm.library();
        char[] pin = SoftHsm.pin().toCharArray();
        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(
                Pkcs11Token.ofSlotListIndex(SoftHsm.library(), 99, pin), "k"));
        assertThrows(ConfigurationException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(
                Pkcs11Token.ofSlot(SoftHsm.library().resolveSibling("no-such-library.so"), 1, pin), "k"));
        PrivacyException e = assertThrows(PrivacyException.class, () -> Pkcs11KeyEncryptionKeyProvider.open(
                Pkcs11Token.ofSlot(SoftHsm.library(), 4_000_000_000L, pin), "k"));
        assertFalse(String.valueOf(e).contains(SoftHsm.pin()));
    }
}
