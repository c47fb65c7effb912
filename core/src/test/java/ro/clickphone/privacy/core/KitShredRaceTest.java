package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.testkit.HeldKeyEncryptionKeyProvider;

/**
 * The new user's report, through the public API only: with a key-encryption-key provider as slow as
 * a KMS call, a shred that happens while a decryption loads the key must still win against every
 * decryption that starts after it returns. The provider's unwrap is held by a latch, not a sleep.
 */
class KitShredRaceTest {

    @TempDir
    Path dir;

    @Test
    void shredWhileADecryptionLoadsTheKey_everyDecryptionStartedAfterwardsFails() throws Exception {
        HeldKeyEncryptionKeyProvider kms = new HeldKeyEncryptionKeyProvider(
                Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
        PrivacyKit kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .keys(KeySettings.of(kms)).build();
        SubjectId ana = SubjectId.of("acct-1042");
        FieldContext email = kit.fieldContext("account", "notification_email", DataCategory.of("CONTACT"));
        String stored = kit.fields().encrypt(ana, email, "ana@example.ro");

        kms.arm();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> inFlight = pool.submit(() -> kit.fields().decrypt(ana, email, stored));
            assertTrue(kms.awaitHeldUnwrap());
            kit.keys().shred(ana, email.scope());
            kms.release();
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
