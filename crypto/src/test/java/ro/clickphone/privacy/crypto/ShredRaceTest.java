package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.testkit.HeldKeyEncryptionKeyProvider;

/**
 * A shred against a decryption that is loading the key at that moment (a KMS call in flight): the
 * load is held inside {@code unwrap} by a latch, so the interleaving is the same on every run.
 */
class ShredRaceTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("account", "email", PROFILE);

    @TempDir
    Path dir;

    @Test
    void shredDuringAnInFlightKeyLoad_laterDecryptionsFail() throws Exception {
        HeldKeyEncryptionKeyProvider kek = new HeldKeyEncryptionKeyProvider(
                Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek"));
        EnvelopeKeys keys = EnvelopeKeys.create(kek, new InMemorySubjectKeyStore(), Clock.systemUTC(), 100,
                Duration.ofMinutes(10), Duration.ofMinutes(5), System::nanoTime);
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");

        kek.arm();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> inFlight = pool.submit(() -> fields.decrypt(ANA, EMAIL, stored));
            assertTrue(kek.awaitHeldUnwrap(), "the decryption never reached the unwrap");
            assertEquals(1, keys.shred(ANA, PROFILE));
            kek.release();
            try {
                inFlight.get(30, TimeUnit.SECONDS); // in flight at the shred: may succeed, as documented
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof KeyDestroyedException, e.getCause().toString());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThrows(KeyDestroyedException.class, () -> fields.decrypt(ANA, EMAIL, stored));
        assertThrows(KeyDestroyedException.class, () -> fields.encrypt(ANA, EMAIL, "ana@example.ro"));
        assertThrows(KeyDestroyedException.class, () -> keys.version(ANA, PROFILE, 1));

        assertEquals(1, keys.tombstones(), "kept while the load that began before the shred might run");
        SubjectId bogdan = SubjectId.of("acct-2077");
        fields.encrypt(bogdan, EMAIL, "bogdan@example.ro");
        keys.shred(bogdan, PROFILE);
        assertEquals(0, keys.tombstones(), "no load in flight: the next shred drops them");
        assertThrows(KeyDestroyedException.class, () -> fields.decrypt(ANA, EMAIL, stored), "the store still says so");
    }

    /** Holds one chosen thread at the key cache hit (the {@code cacheHitHook}) until released. */
    private static final class HoldAtCacheHit implements Runnable {
        volatile Thread armedFor;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void run() {
            if (Thread.currentThread() == armedFor) {
                armedFor = null;
                entered.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS), "the test never released the reader");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Review finding M4: a key cached by a load in flight at shred(A) stays in the cache with A's
     * tombstone. A decryption that starts after shred(A) returned reads the cache (a hit) and, while
     * it is between the cache read and the tombstone check, a shred of another subject prunes A's
     * tombstone: the decryption must still fail.
     */
    @Test
    void tombstonePrunedByAnotherShred_whileALaterDecryptionHoldsACacheHit_theDecryptionStillFails() throws Exception {
        HeldKeyEncryptionKeyProvider kek = new HeldKeyEncryptionKeyProvider(
                Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"), "pw".toCharArray(), "kek"));
        HoldAtCacheHit hold = new HoldAtCacheHit();
        EnvelopeKeys keys = EnvelopeKeys.create(kek, new InMemorySubjectKeyStore(), Clock.systemUTC(), 100,
                Duration.ofMinutes(10), Duration.ofMinutes(5), System::nanoTime);
        keys.cacheHitHook = hold;
        FieldEncryptor fields = new FieldEncryptor(keys);
        String stored = fields.encrypt(ANA, EMAIL, "ana@example.ro");
        SubjectId bogdan = SubjectId.of("acct-2077");
        fields.encrypt(bogdan, EMAIL, "bogdan@example.ro");

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // A load in flight at shred(A) caches A's key after the shred swept the cache.
            kek.arm();
            Future<String> inFlight = pool.submit(() -> fields.decrypt(ANA, EMAIL, stored));
            assertTrue(kek.awaitHeldUnwrap(), "the decryption never reached the unwrap");
            assertEquals(1, keys.shred(ANA, PROFILE));
            kek.release();
            try {
                inFlight.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof KeyDestroyedException, e.getCause().toString());
            }
            assertEquals(1, keys.tombstones());

            // A decryption that starts now, long after shred(A) returned, held inside its cache read.
            Thread reader = pool.submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
            hold.armedFor = reader;
            Future<String> later = pool.submit(() -> fields.decrypt(ANA, EMAIL, stored));
            // Either it reaches the cache hit and is held there, or it fails before reading the cache.
            boolean held = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!held && !later.isDone() && System.nanoTime() < deadline) {
                held = hold.entered.await(10, TimeUnit.MILLISECONDS);
            }
            keys.shred(bogdan, PROFILE); // prunes A's tombstone: no load in flight predates it
            assertEquals(0, keys.tombstones());
            hold.release.countDown();
            java.util.concurrent.ExecutionException failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> later.get(30, TimeUnit.SECONDS), "a decryption started after shred(A) returned succeeded"
                            + (held ? " (it was held between its cache hit and its tombstone check)" : ""));
            assertTrue(failure.getCause() instanceof KeyDestroyedException, failure.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
