package ro.clickphone.privacy.core.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A kit on the shipped policy, in-memory stores, a clock the test moves, real keys and a recording
 * channel; delivery runs only when the test asks ({@code dispatchPending()}), unless a test builds
 * its own kit with background delivery.
 */
public final class NotifyFixture implements AutoCloseable {

    public static final SubjectId ANA = SubjectId.of("acct-1042");
    public static final SubjectId BOB = SubjectId.of("acct-2077");
    public static final String ANA_EMAIL = "ana.ionescu@example.ro";
    public static final Policy POLICY = Policy.clickPhoneDefault();

    public final MutableClock clock = MutableClock.of(Instant.parse("2026-03-05T10:00:00Z"));
    public final Stores stores = InMemoryStores.create();
    public final RecordingChannel channel = new RecordingChannel();
    public final KeySettings keys;
    public final PrivacyKit kit;
    private final List<PrivacyKit> kits = new ArrayList<>();

    public NotifyFixture(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    public NotifyFixture(Path dir, UnaryOperator<PrivacyKit.Builder> more) {
        keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
        kit = kit(more);
        contacts(ANA, ANA_EMAIL, "ro");
    }

    /** Another kit on the same stores, keys and clock: as after a restart, or another instance. */
    public PrivacyKit kit(UnaryOperator<PrivacyKit.Builder> more) {
        PrivacyKit built = more.apply(PrivacyKit.builder().policy(POLICY).stores(stores).clock(clock).keys(keys)
                .channel(channel).notifications(NotificationSettings.defaults().withAutoStart(false))).build();
        kits.add(built);
        return built;
    }

    /** Sets a subject's e-mail address and language. */
    public void contacts(SubjectId subject, String email, String language) {
        stores.contacts().put(subject, new SubjectContacts(Map.of(Medium.EMAIL, email), language));
    }

    public Notifications notifications() {
        return kit.notifications();
    }

    public static NotificationType type(String id) {
        return NotificationType.of(id);
    }

    /** A payload with every field of a type, optional ones too. */
    public static Map<String, Object> payload(String type) {
        return SamplePayloads.of(POLICY.notificationType(NotificationType.of(type)), true);
    }

    public ConsentProof proof(SubjectId subject) {
        clock.advance(Duration.ofMinutes(1));
        return ConsentProof.of(Actor.subject(subject), ConsentChannel.WEB_ACCOUNT);
    }

    public void grant(SubjectId subject, String purpose) {
        kit.consent().grant(subject, Purpose.of(purpose), proof(subject));
    }

    /** The audit entries of an action, oldest first. */
    public List<AuditRecord> audited(String action) {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = kit.audit().read(from, 4096); !page.isEmpty(); page = kit.audit().read(from, 4096)) {
            for (AuditRecord r : page) {
                if (r.action().equals(action)) {
                    out.add(r);
                }
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    @Override
    public void close() {
        kits.forEach(PrivacyKit::close);
    }
}
