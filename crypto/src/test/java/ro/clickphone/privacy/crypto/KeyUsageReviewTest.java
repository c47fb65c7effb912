package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** Reviewer's probe: uses left in an entry that outlived the staleness bound are still counted. */
class KeyUsageReviewTest {

    @TempDir
    Path dir;

    @Test
    void staleEntriesWithLeftoverUses_neverEncryptBeyondTheLimit() {
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("k.p12"),
                "pw".toCharArray(), "kek");
        AtomicLong ticker = new AtomicLong();
        SubjectId ana = SubjectId.of("ana");
        KeyScope profile = KeyScope.of("profile");
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(kek).withStaleness(Duration.ofSeconds(1))
                .withRotation(RotationPolicy.none().withMaxMessages(100)).withReservationBlock(64),
                new InMemorySubjectKeyStore(), MutableClock.of(Instant.parse("2026-01-05T09:00:00Z")), ticker::get);
        int underV1 = 0;
        for (int i = 0; i < 300; i++) {
            ticker.addAndGet(Duration.ofSeconds(1).toNanos());
            if (keys.currentEntry(keys.thread(), ana, profile).key.version == 1) {
                underV1++;
            }
        }
        assertTrue(underV1 <= 100, "version 1 sealed " + underV1 + " > 100");
    }
}
