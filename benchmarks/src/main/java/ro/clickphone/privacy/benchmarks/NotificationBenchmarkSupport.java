package ro.clickphone.privacy.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** What the notification benchmarks share: the kit, a channel that does nothing, the payload. */
final class NotificationBenchmarkSupport {

    /** A missed call: the type every benchmark sends. */
    static final NotificationType MISSED_CALL = NotificationType.of("MISSED_CALL");
    /** Its payload: two phone numbers and a time. */
    static final Map<String, Object> PAYLOAD = Map.of("callerNumber", "+40721234567", "calledNumber",
            "+40311234567", "calledAt", Instant.parse("2026-03-16T09:30:00Z"));

    private NotificationBenchmarkSupport() {
    }

    /** Subjects {@code acct-0 ... acct-(n-1)}. */
    static SubjectId[] subjects(int count) {
        SubjectId[] subjects = new SubjectId[count];
        for (int i = 0; i < count; i++) {
            subjects[i] = SubjectId.of("acct-" + i);
        }
        return subjects;
    }

    /** Keys under a PKCS#12 key-encryption key in a temporary folder, so that several kits share them. */
    static KeySettings keys() {
        try {
            Path dir = Files.createTempDirectory("notify-bench");
            dir.toFile().deleteOnExit();
            return KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(),
                    "kek"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kit on these stores and keys, delivering only when asked, through a channel that does nothing. */
    static PrivacyKit kit(Stores stores, KeySettings keys) {
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC()).stores(stores)
                .keys(keys).channel(new NoOpChannel())
                .notifications(NotificationSettings.defaults().withAutoStart(false)).build();
    }

    /** Accepts every message at once, keeping nothing. */
    static final class NoOpChannel implements NotificationChannel {

        @Override
        public String id() {
            return "noop";
        }

        @Override
        public Set<Medium> media() {
            return Set.of(Medium.EMAIL);
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            return new DeliveryReceipt("noop", "r-" + Integer.toHexString(message.idempotencyKey().hashCode()),
                    Instant.EPOCH);
        }
    }
}
