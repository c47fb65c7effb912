package ro.clickphone.privacy.crypto.kek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyUnavailableException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.keys.WrappedKey;

class Pkcs12KeyEncryptionKeyProviderTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("kek.p12");
    }

    @Test
    void wrapThenUnwrap_returnsTheSameKey_andSurvivesReopening() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "clickphone-kek");
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        WrappedKey wrapped = kek.wrap(dek);
        assertEquals("clickphone-kek", wrapped.kekId());
        assertEquals(1, wrapped.kekVersion());
        assertTrue(kek.unwrap(wrapped).sameAs(dek));
        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "clickphone-kek");
        assertTrue(reopened.unwrap(wrapped).sameAs(dek));
        assertNotEquals(wrapped.ciphertext(), kek.wrap(dek).ciphertext(), "a fresh nonce per wrap");
    }

    @Test
    void rotate_addsAVersion_oldWrapsStillUnwrap() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        WrappedKey underV1 = kek.wrap(dek);
        assertEquals(2, kek.rotate());
        WrappedKey underV2 = kek.wrap(dek);
        assertEquals(2, underV2.kekVersion());
        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        assertEquals(2, reopened.currentVersion());
        assertTrue(reopened.unwrap(underV1).sameAs(dek));
        assertTrue(reopened.unwrap(underV2).sameAs(dek));
    }

    @Test
    void createdAt_isTheTimeTheVersionWasAdded_keptInTheFile_notTheTimeItWasRead() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        Instant after = Instant.now();
        Thread.sleep(50);
        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        Instant created = reopened.createdAt(1).orElseThrow();
        assertFalse(created.isBefore(before) || created.isAfter(after), () -> created + " not in " + before + ".." + after);
        Thread.sleep(50);
        reopened.rotate();
        assertTrue(reopened.createdAt(2).orElseThrow().isAfter(after));
        assertEquals(created, reopened.createdAt(1).orElseThrow(), "saving again keeps version 1's time");
        assertEquals(Optional.empty(), reopened.createdAt(3));
    }

    @Test
    void tamperedWrappedKey_failsItsIntegrityCheck() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        WrappedKey wrapped = kek.wrap(SecretBytes.random(32, new SecureRandom()));
        byte[] bytes = wrapped.bytes();
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x01;
            WrappedKey bad = new WrappedKey("k", 1, Base64.getEncoder().encodeToString(flipped));
            assertThrows(IntegrityException.class, () -> kek.unwrap(bad), "byte " + i);
        }
        assertThrows(IntegrityException.class, () -> kek.unwrap(new WrappedKey("k", 1, "AAAA")));
    }

    @Test
    void wrappedKey_presentedUnderAnotherVersion_fails() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        kek.rotate();
        WrappedKey underV2 = kek.wrap(SecretBytes.random(32, new SecureRandom()));
        assertThrows(IntegrityException.class,
                () -> kek.unwrap(new WrappedKey("k", 1, underV2.ciphertext())));
        assertThrows(KeyUnavailableException.class,
                () -> kek.unwrap(new WrappedKey("k", 9, underV2.ciphertext())));
        assertThrows(KeyUnavailableException.class,
                () -> kek.unwrap(new WrappedKey("other", 2, underV2.ciphertext())));
    }

    @Test
    void wrongPasswordMissingFileOrMissingKek_failClearly() throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        assertThrows(ConfigurationException.class,
                () -> Pkcs12KeyEncryptionKeyProvider.open(file(), "wrong".toCharArray(), "k"));
        assertThrows(ConfigurationException.class,
                () -> Pkcs12KeyEncryptionKeyProvider.open(dir.resolve("absent.p12"), PASSWORD, "k"));
        assertThrows(ConfigurationException.class, () -> Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "other"));
        assertThrows(ConfigurationException.class, () -> Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k"));
        assertThrows(InvalidInputException.class, () -> Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("x"),
                new char[0], "k"));
        assertThrows(InvalidInputException.class, () -> Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("x"),
                PASSWORD, "Bad Name"));
        assertTrue(Files.exists(file()));
    }

    @Test
    void twoInstancesOverOneFile_rotating_neverOverwriteEachOthersVersion() {
        Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        Pkcs12KeyEncryptionKeyProvider first = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        Pkcs12KeyEncryptionKeyProvider second = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());

        assertEquals(2, first.rotate());
        WrappedKey underFirsts = first.wrap(dek);
        assertEquals(3, second.rotate(), "the next version comes from the file, not from memory");
        WrappedKey underSeconds = second.wrap(dek);

        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        assertEquals(3, reopened.currentVersion());
        assertTrue(reopened.unwrap(underFirsts).sameAs(dek), "the first instance's version 2 is still on file");
        assertTrue(reopened.unwrap(underSeconds).sameAs(dek));
        assertTrue(second.unwrap(underFirsts).sameAs(dek), "rotating taught the second instance version 2");
    }

    @Test
    void twoInstancesRotatingAtTheSameTime_getDistinctVersions_allKeptOnFile() throws Exception {
        Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        List<Pkcs12KeyEncryptionKeyProvider> instances = List.of(
                Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k"),
                Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k"));
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<WrappedKey>>> results = new ArrayList<>();
        try {
            for (Pkcs12KeyEncryptionKeyProvider instance : instances) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<WrappedKey> wraps = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        instance.rotate();
                        wraps.add(instance.wrap(dek));
                    }
                    return wraps;
                }));
            }
            start.countDown();
            Set<Integer> versions = new TreeSet<>();
            List<WrappedKey> all = new ArrayList<>();
            for (Future<List<WrappedKey>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
            for (WrappedKey wrapped : all) {
                versions.add(wrapped.kekVersion());
                assertTrue(reopened.unwrap(wrapped).sameAs(dek), "version " + wrapped.kekVersion());
            }
            assertEquals(Set.of(2, 3, 4, 5, 6, 7), versions);
            assertEquals(7, reopened.currentVersion());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retire_deletesAnOlderVersionFromTheFile_andRefusesTheCurrentOne() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        SecretBytes dek = SecretBytes.random(32, new SecureRandom());
        WrappedKey underV1 = kek.wrap(dek);
        kek.rotate();
        WrappedKey underV2 = kek.wrap(dek);
        assertThrows(InvalidInputException.class, () -> kek.retire(2));
        assertThrows(InvalidInputException.class, () -> kek.retire(0));

        kek.retire(1);
        kek.retire(1);
        assertThrows(KeyUnavailableException.class, () -> kek.unwrap(underV1));
        Pkcs12KeyEncryptionKeyProvider reopened = Pkcs12KeyEncryptionKeyProvider.open(file(), PASSWORD, "k");
        assertThrows(KeyUnavailableException.class, () -> reopened.unwrap(underV1));
        assertTrue(reopened.unwrap(underV2).sameAs(dek));
        assertEquals(3, reopened.rotate(), "a retired version number is never reused");
    }

    @Test
    void toString_showsNoKeyMaterial() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(file(), PASSWORD, "k");
        assertEquals("Pkcs12KeyEncryptionKeyProvider[k, versions=1]", kek.toString());
        WrappedKey wrapped = kek.wrap(SecretBytes.copyOf(new byte[32]));
        assertFalse(wrapped.toString().contains(wrapped.ciphertext()));
        assertArrayEquals(wrapped.bytes(), Base64.getDecoder().decode(wrapped.ciphertext()));
    }
}
