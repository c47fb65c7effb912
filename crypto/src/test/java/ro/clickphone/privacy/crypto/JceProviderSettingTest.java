package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/** The optional JCE provider setting: used through its object only, tried when named, never installed. */
class JceProviderSettingTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", KeyScope.of("profile"));

    @TempDir
    Path dir;

    @Test
    void bouncyCastleByObject_encryptsAndDecrypts_interchangeablyWithTheDefault_andIsNotInstalled() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        InMemorySubjectKeyStore store = new InMemorySubjectKeyStore();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeySettings settings = KeySettings.of(kek).withJceProvider(bc);
        assertSame(bc, settings.jceProvider().orElseThrow());
        assertTrue(settings.toString().contains("jceProvider=BC"), settings.toString());
        EnvelopeKeys withBc = EnvelopeKeys.create(settings, store, Clock.systemUTC());
        EnvelopeKeys plain = EnvelopeKeys.create(KeySettings.of(kek), store, Clock.systemUTC());
        FieldEncryptor a = new FieldEncryptor(withBc);
        FieldEncryptor b = new FieldEncryptor(plain);
        String stored = a.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals("ana@example.ro", b.decrypt(ANA, EMAIL, stored));
        assertEquals("ana@example.ro", a.decrypt(ANA, EMAIL, b.encrypt(ANA, EMAIL, "ana@example.ro")));
        assertEquals("BC", withBc.thread().cipher(withBc.currentEntry(withBc.thread(), ANA, EMAIL.scope()))
                .getProvider().getName());
        assertTrue(java.util.Arrays.equals(a.lookup(ANA, EMAIL, new byte[] {1}), b.lookup(ANA, EMAIL, new byte[] {1})),
                "the keyed look-up is the same HMAC whichever provider computes it");
        for (Provider p : Security.getProviders()) {
            assertFalse(p == bc, "the named provider is never installed JVM-wide");
        }
    }

    @Test
    void aProviderWhoseNativeLibraryFailsToLoad_isRefusedWhenNamed_notAtTheFirstEncryption() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        Provider broken = new Provider("BrokenNative", "1.0", "a provider whose native library does not load") {
            private static final long serialVersionUID = 1L;

            {
                putService(new Service(this, "Cipher", "AES/GCM/NoPadding", "none.Native", null, null) {
                    @Override
                    public Object newInstance(Object parameter) {
                        throw new UnsatisfiedLinkError("no libnative in java.library.path");
                    }
                });
                putService(new Service(this, "Mac", "HmacSHA256", "none.Native", null, null) {
                    @Override
                    public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                        throw new NoSuchAlgorithmException("native library not loaded");
                    }
                });
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeySettings.of(kek).withJceProvider(broken));
        assertTrue(e.getMessage().contains("BrokenNative") && e.getMessage().contains("AES/GCM/NoPadding"),
                e.getMessage());
        Provider noGcm = new Provider("Empty", "1.0", "offers nothing") {
            private static final long serialVersionUID = 1L;
        };
        assertThrows(ConfigurationException.class, () -> KeySettings.of(kek).withJceProvider(noGcm));
        assertThrows(ConfigurationException.class, () -> KeySettings.of(kek).withJceProvider("NoSuchProvider"));
        assertThrows(InvalidInputException.class, () -> KeySettings.of(kek).withJceProvider((Provider) null));
        assertEquals("SunJCE", KeySettings.of(kek).withJceProvider("SunJCE").jceProvider().orElseThrow().getName(),
                "an installed provider by name; SunJCE has AES-GCM and HMAC, and its DRBG");
    }
}
