package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.keys.KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * The new user's report, through the public API only: with a key-encryption-key provider as slow as
 * a KMS call, a shred that happens while a decryption loads the key must still win against every
 * decryption that starts after it returns. The provider's unwrap is held by a latch, not a sleep.
 */
class KitShredRaceTest {

    @TempDir
    Path dir;

    /** Holds its first armed unwrap until released: a KMS call in flight. */
    private static final class SlowKms implements KeyEncryptionKeyProvider {
        private final KeyEncryptionKeyProvider real;
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        SlowKms(KeyEncryptionKeyProvider real) {
            this.real = real;
        }

        @Override
        public String kekId() {
            return real.kekId();
        }

        @Override
        public int currentVersion() {
            return real.currentVersion();
        }

        @Override
        public WrappedKey wrap(SecretBytes dataKey) {
            return real.wrap(dataKey);
        }

        @Override
        public SecretBytes unwrap(WrappedKey wrapped) {
            if (armed.getAndSet(false)) {
                entered.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS), "never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.unwrap(wrapped);
        }
    }

    @Test
    void shredWhileADecryptionLoadsTheKey_everyDecryptionStartedAfterwardsFails() throws Exception {
        SlowKms kms = new SlowKms(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .keys(KeySettings.of(kms)).build();
        SubjectId ana = SubjectId.of("acct-1042");
        FieldContext email = kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
        String stored = kit.fields().encrypt(ana, email, "ana@example.ro");

        kms.armed.set(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> inFlight = pool.submit(() -> kit.fields().decrypt(ana, email, stored));
            assertTrue(kms.entered.await(30, TimeUnit.SECONDS));
            kit.keys().shred(ana, email.scope());
            kms.release.countDown();
            try {
                inFlight.get(30, TimeUnit.SECONDS); // in flight at the shred: either outcome is allowed
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof KeyDestroyedException, String.valueOf(e.getCause()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThrows(KeyDestroyedException.class, () -> kit.fields().decrypt(ana, email, stored));
    }
}
