package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * Attacks on the per-thread state of the field path (issue 18, review of the fields work): a shred
 * that returns while the guard runs, a guard that calls the encryptor again on the same thread, and
 * what a failed tag check leaves in the thread's buffers. Adopted from the reviewer's probes.
 */
class FieldThreadStateAttackTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2000");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);

    @TempDir
    Path dir;

    private EnvelopeKeys keys(String kekFile, InMemorySubjectKeyStore store, KeySettingsTweak tweak) {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve(kekFile),
                "pw".toCharArray(), "kek");
        return EnvelopeKeys.create(tweak.apply(KeySettings.of(kek)), store, Clock.systemUTC());
    }

    interface KeySettingsTweak {
        KeySettings apply(KeySettings s);
    }

    /** Re-entrancy: a guard that re-enters the encryptor on the same thread (encrypts the same subject and field). */
    @Test
    void reentrantGuard_encryptsTheSameSubjectAndField_outerStringDecryptReturnsItsOwnValue() {
        EnvelopeKeys keys = keys("k.p12", new InMemorySubjectKeyStore(), s -> s);
        AtomicBoolean armed = new AtomicBoolean();
        FieldEncryptor[] self = new FieldEncryptor[1];
        FieldContextGuard guard = new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
            }

            @Override
            public void checkRead(FieldContext context) {
                if (armed.getAndSet(false)) {
                    self[0].encrypt(ANA, EMAIL, "bob@example.ro");
                }
            }
        };
        FieldEncryptor f = new FieldEncryptor(keys, guard);
        self[0] = f;
        String stored = f.encrypt(ANA, EMAIL, "ana@example.ro");
        assertEquals("ana@example.ro", f.decrypt(ANA, EMAIL, stored));
        armed.set(true);
        assertEquals("ana@example.ro", f.decrypt(ANA, EMAIL, stored), "outer decrypt returned another value");
    }

    /** Re-entrancy: a guard that re-enters and decrypts another subject's value: outer decrypt must still work. */
    @Test
    void reentrantGuard_decryptsAnotherSubject_outerStringDecryptStillSucceeds() {
        EnvelopeKeys keys = keys("k.p12", new InMemorySubjectKeyStore(), s -> s);
        AtomicBoolean armed = new AtomicBoolean();
        FieldEncryptor[] self = new FieldEncryptor[1];
        String[] bobs = new String[1];
        FieldContextGuard guard = new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
            }

            @Override
            public void checkRead(FieldContext context) {
                if (armed.getAndSet(false)) {
                    self[0].decrypt(BOB, EMAIL, bobs[0]);
                }
            }
        };
        FieldEncryptor f = new FieldEncryptor(keys, guard);
        self[0] = f;
        String stored = f.encrypt(ANA, EMAIL, "ana@example.ro");
        bobs[0] = f.encrypt(BOB, EMAIL, "bob@example.ro");
        armed.set(true);
        assertEquals("ana@example.ro", f.decrypt(ANA, EMAIL, stored));
    }

    /**
     * Shred race: decrypt(String) reads the epoch before the guard runs. A guard that takes its time
     * (policy look-up) while another thread shreds: the key look-up happens after shred returned.
     */
    @Test
    void shredReturnsWhileTheGuardRuns_stringDecryptFailsWithKeyDestroyed() throws Exception {
        EnvelopeKeys keys = keys("k.p12", new InMemorySubjectKeyStore(), s -> s);
        AtomicBoolean block = new AtomicBoolean();
        CountDownLatch inGuard = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FieldContextGuard guard = new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
            }

            @Override
            public void checkRead(FieldContext context) {
                if (block.get()) {
                    inGuard.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        FieldEncryptor f = new FieldEncryptor(keys, guard);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            String stored = worker.submit(() -> f.encrypt(ANA, EMAIL, "ana@example.ro")).get();
            assertEquals("ana@example.ro", worker.submit(() -> f.decrypt(ANA, EMAIL, stored)).get());
            block.set(true);
            Future<String> r = worker.submit(() -> f.decrypt(ANA, EMAIL, stored));
            assertTrue(inGuard.await(30, TimeUnit.SECONDS));
            keys.shred(ANA, PROFILE);
            release.countDown();
            try {
                String got = r.get(30, TimeUnit.SECONDS);
                fail("decrypt(String) whose key look-up began after shred returned succeeded: " + got);
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof KeyDestroyedException, e.getCause().toString());
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** Shred race: the same with the binary form (guard runs before thread()): fails with KeyDestroyedException too. */
    @Test
    void shredReturnsWhileTheGuardRuns_binaryDecryptFailsWithKeyDestroyed() throws Exception {
        EnvelopeKeys keys = keys("k.p12", new InMemorySubjectKeyStore(), s -> s);
        AtomicBoolean block = new AtomicBoolean();
        CountDownLatch inGuard = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FieldContextGuard guard = new FieldContextGuard() {
            @Override
            public void checkWrite(FieldContext context) {
            }

            @Override
            public void checkRead(FieldContext context) {
                if (block.get()) {
                    inGuard.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        FieldEncryptor f = new FieldEncryptor(keys, guard);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            byte[] stored = worker.submit(() -> f.encrypt(ANA, EMAIL, new byte[] {1, 2, 3})).get();
            worker.submit(() -> f.decrypt(ANA, EMAIL, stored)).get();
            block.set(true);
            Future<byte[]> r = worker.submit(() -> f.decrypt(ANA, EMAIL, stored));
            assertTrue(inGuard.await(30, TimeUnit.SECONDS));
            keys.shred(ANA, PROFILE);
            release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof KeyDestroyedException, e.getCause().toString());
        } finally {
            worker.shutdownNow();
        }
    }

    /** A failed tag check leaves no plaintext in the thread's buffer (SunJCE, and BouncyCastle, which writes before it checks). */
    @Test
    void failedTagCheck_leavesNoPlaintextInTheThreadBuffer_sunJceAndBouncyCastle() {
        for (boolean bc : new boolean[] {false, true}) {
            EnvelopeKeys keys = keys(bc ? "bc.p12" : "sun.p12", new InMemorySubjectKeyStore(),
                    s -> bc ? s.withJceProvider(new BouncyCastleProvider()) : s);
            FieldEncryptor f = new FieldEncryptor(keys);
            String secret = "SECRET-PLAINTEXT-0123456789";
            String stored = f.encrypt(ANA, EMAIL, secret);
            byte[] bin = Base64.getUrlDecoder().decode(stored.substring(4));
            bin[bin.length - 1] ^= 1; // tag only: the body decrypts to the true plaintext
            String tampered = "cpf." + Base64.getUrlEncoder().withoutPadding().encodeToString(bin);
            assertThrows(IntegrityException.class, () -> f.decrypt(ANA, EMAIL, tampered));
            byte[] plain = keys.threadsForTest().get().plain;
            String residue = new String(plain, StandardCharsets.ISO_8859_1);
            assertFalse(residue.contains(secret), "plaintext left in the thread's buffer, provider "
                    + (bc ? "BC" : "SunJCE"));
        }
    }
}
