package ro.clickphone.privacy.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A kit over in-memory stores, with the Micrometer adapter on a {@link SimpleMeterRegistry}, runs a
 * script (encryptions, decryptions and a tampered one, consent checks permitted and denied, audit
 * appends, an outbox delivery that fails and one that succeeds, a retention sweep with a failing
 * record); the test then reads the meters and checks them against what the script did and what the
 * stores hold, and checks that no meter name or tag holds a subject id or a personal value of the run.
 */
class ScriptedRunTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final String ANA_EMAIL = "ana.ionescu@example.ro";
    private static final String ANA_ADDRESS = "Strada Lunga 12, Brasov";
    private static final String ANA_IP = "203.0.113.77";
    private static final DataCategory DELIVERY = DataCategory.of("DELIVERY");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final DataCategory IDENTITY = DataCategory.of("IDENTITY");
    /** Does not divide the script's appends: entries are left after the last checkpoint, so the lag shows. */
    private static final int CHECKPOINT_INTERVAL = 5;

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-03-05T10:00:00Z"));
    private final Stores stores = InMemoryStores.create();
    private final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing", Set.of(FINANCIAL,
            IDENTITY));
    private final FailingSource archive = new FailingSource();
    private final SwitchableChannel mailer = new SwitchableChannel();
    /** Failure injection: while set, the retention store fails to claim due tags (a database outage). */
    private final AtomicBoolean retentionDown = new AtomicBoolean();
    private PrivacyKit kit;

    /** The bundle's retention store, failing {@code claimDue} while {@link #retentionDown} is set. */
    private RetentionStore failableRetention() {
        RetentionStore real = stores.retention();
        return (RetentionStore) Proxy.newProxyInstance(RetentionStore.class.getClassLoader(),
                new Class<?>[] {RetentionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claimDue") && retentionDown.get()) {
                        throw new StoreException("retention store down", true, null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A source whose disposals fail: the sweep counts its records as failed. */
    private static final class FailingSource implements PersonalDataSource {
        @Override
        public String name() {
            return "archive";
        }

        @Override
        public Set<DataCategory> categories() {
            return Set.of(FINANCIAL);
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            throw new StoreException("archive down", true, null);
        }
    }

    /** A channel that fails while told to, then accepts. */
    private static final class SwitchableChannel implements NotificationChannel {
        volatile DeliveryResult next = DeliveryFailure.transientFailure("smtp-451");
        final List<String> sentTo = new ArrayList<>();

        @Override
        public String id() {
            return "mailer";
        }

        @Override
        public Set<Medium> media() {
            return Set.of(Medium.EMAIL);
        }

        @Override
        public synchronized DeliveryResult send(OutboundMessage message) {
            sentTo.add(message.to());
            DeliveryResult result = next;
            return result instanceof DeliveryReceipt ? new DeliveryReceipt("mailer", "r-" + sentTo.size(),
                    Instant.EPOCH) : result;
        }
    }

    @BeforeEach
    void build() {
        KeySettings keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "pw".toCharArray(), "ops-master")).withThreadCacheSize(0);
        kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).clock(clock).keys(keys)
                .audit(AuditSettings.of(Ed25519Signer.generate("audit"), SecretBytes.random(32, new SecureRandom()))
                        .withCheckpointInterval(CHECKPOINT_INTERVAL))
                .retentionStore(failableRetention()).source(billing).source(archive).channel(mailer)
                .notifications(NotificationSettings.defaults().withAutoStart(false))
                .metrics(MicrometerPrivacyMetrics.of(registry)).build();
        stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, ANA_EMAIL), "ro"));
    }

    @AfterEach
    void close() {
        kit.close();
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private long timed(String name, String... tags) {
        Timer t = registry.find(name).tags(tags).timer();
        return t == null ? 0 : t.count();
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        assertTrue(g != null, name + " is registered");
        return g.value();
    }

    /** Every audit entry the store holds. */
    private List<AuditRecord> trail() {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = kit.audit().read(from, 4096); !page.isEmpty(); page = kit.audit().read(from, 4096)) {
            out.addAll(page);
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    @Test
    void scriptedRun_metersCountWhatTheKitDid() {
        // --- fields: 3 encryptions, 2 decryptions, 1 tampered (another subject's value) ---
        FieldContext address = kit.fieldContext("order", "delivery_address", DELIVERY);
        String scope = address.scope().name();
        String first = kit.fields().encrypt(ANA, address, ANA_ADDRESS);
        kit.fields().encrypt(ANA, address, "Strada Scurta 3, Sibiu");
        kit.fields().encrypt(BOB, address, "Bulevardul Unirii 1, Bucuresti");
        assertEquals(ANA_ADDRESS, kit.fields().decrypt(ANA, address, first));
        assertEquals(ANA_ADDRESS, kit.fields().decrypt(ANA, address, first));
        assertThrows(IntegrityException.class, () -> kit.fields().decrypt(BOB, address, first));

        assertEquals(3, count(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS, "scope", scope));
        assertEquals(2, count(MicrometerPrivacyMetrics.FIELD_DECRYPTIONS, "scope", scope, "outcome", "success"));
        assertEquals(1, count(MicrometerPrivacyMetrics.FIELD_DECRYPTIONS, "scope", scope, "outcome", "failure"));
        // With the per-thread table off, every look-up asks the shared cache. ANA: the first encryption
        // makes her key (miss), the second finds it (hit); BOB's makes his (miss). The first decryption
        // reads ANA's version 1 (miss: the version cache is apart from the latest-key cache), the
        // second finds it (hit); the tampered one reads BOB's version 1 (miss).
        assertEquals(2, count(MicrometerPrivacyMetrics.KEY_CACHE, "scope", scope, "outcome", "hit"));
        assertEquals(4, count(MicrometerPrivacyMetrics.KEY_CACHE, "scope", scope, "outcome", "miss"));
        // The two version misses unwrapped a stored key through the KEK provider.
        assertTrue(timed(MicrometerPrivacyMetrics.KEK_UNWRAP, "outcome", "success") >= 2);
        assertEquals(0, timed(MicrometerPrivacyMetrics.KEK_UNWRAP, "outcome", "failure"));

        // --- consent: 2 checks permitted, 2 denied ---
        long permitsBefore = timed(MicrometerPrivacyMetrics.CONSENT_CHECKS, "verdict", "permit");
        long deniesBefore = timed(MicrometerPrivacyMetrics.CONSENT_CHECKS, "verdict", "deny");
        clock.advance(Duration.ofMinutes(1));
        kit.consent().grant(ANA, Purpose.of("MARKETING"), ConsentProof.of(Actor.subject(ANA),
                ConsentChannel.WEB_ACCOUNT).withIpAddress(ANA_IP));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(kit.consent().check(ANA, Purpose.of("MARKETING")).permitted());
        assertTrue(kit.consent().check(ANA, Purpose.of("SERVICE_PROVISION")).permitted());
        assertFalse(kit.consent().check(BOB, Purpose.of("MARKETING")).permitted());
        assertFalse(kit.consent().check(ANA, Purpose.of("ANALYTICS")).permitted());
        assertEquals(2, timed(MicrometerPrivacyMetrics.CONSENT_CHECKS, "verdict", "permit") - permitsBefore);
        assertEquals(2, timed(MicrometerPrivacyMetrics.CONSENT_CHECKS, "verdict", "deny") - deniesBefore);

        // --- outbox: a try that fails, then one that succeeds ---
        kit.notifications().send(NotificationType.of("SECURITY_PIN_CREATED"), ANA,
                Map.of("createdAt", Instant.parse("2026-03-05T10:00:00Z")));
        assertEquals(0, gauge(MicrometerPrivacyMetrics.OUTBOX_DEPTH), "counted at the dispatcher's passes, not per send");
        assertEquals(1, kit.notifications().dispatchPending().retried());
        assertEquals(1, count(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES, "channel", "mailer", "outcome", "failed"));
        assertEquals(1, gauge(MicrometerPrivacyMetrics.OUTBOX_DEPTH), "it waits for its next try");
        mailer.next = new DeliveryReceipt("mailer", "r", Instant.EPOCH);
        clock.advance(Duration.ofHours(2));
        assertEquals(1, kit.notifications().dispatchPending().delivered());
        assertEquals(1, count(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES, "channel", "mailer", "outcome", "delivered"));
        assertEquals(0, count(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES, "channel", "mailer", "outcome", "dead"));
        assertEquals(0, gauge(MicrometerPrivacyMetrics.OUTBOX_DEPTH), "delivered: nothing waits");
        assertEquals(List.of(ANA_EMAIL, ANA_EMAIL), mailer.sentTo);
        // A permanent failure: the message is a dead letter at once.
        mailer.next = DeliveryFailure.permanentFailure("mailbox-unknown");
        kit.notifications().send(NotificationType.of("SECURITY_PIN_CREATED"), ANA,
                Map.of("createdAt", Instant.parse("2026-03-05T12:30:00Z")));
        assertEquals(1, kit.notifications().dispatchPending().dead());
        assertEquals(1, count(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES, "channel", "mailer", "outcome", "dead"));
        assertEquals(1, count(MicrometerPrivacyMetrics.OUTBOX_DELIVERIES, "channel", "mailer", "outcome", "failed"),
                "a dead letter is not counted as a retry too");
        assertEquals(0, gauge(MicrometerPrivacyMetrics.OUTBOX_DEPTH), "a dead letter waits for nothing");

        // --- retention: an old invoice disposed of, one in a failing source ---
        RecordRef old = billing.add("F-2014");
        kit.retention().tag(ANA, old, FINANCIAL, Instant.parse("2014-03-15T10:00:00Z"));
        RecordRef stuck = RecordRef.of("archive", "F-2013");
        kit.retention().tag(ANA, stuck, FINANCIAL, Instant.parse("2013-03-15T10:00:00Z"));
        SweepReport report = kit.retention().sweep(SweepOptions.defaults());
        assertEquals(1, report.total());
        assertEquals(1, report.failed());
        assertEquals(1, count(MicrometerPrivacyMetrics.SWEEP_RECORDS, "outcome", "disposed"));
        assertEquals(1, count(MicrometerPrivacyMetrics.SWEEP_RECORDS, "outcome", "failed"));
        assertEquals(1, timed(MicrometerPrivacyMetrics.SWEEPS, "outcome", "success"));
        kit.retention().sweep(SweepOptions.defaults().withDryRun(true));
        assertEquals(1, timed(MicrometerPrivacyMetrics.SWEEPS, "outcome", "success"), "a dry run is not a sweep");
        // A sweep whose store fails: timed as a failure, its error reaching the caller unchanged.
        retentionDown.set(true);
        assertThrows(StoreException.class, () -> kit.retention().sweep(SweepOptions.defaults()));
        retentionDown.set(false);
        assertEquals(1, timed(MicrometerPrivacyMetrics.SWEEPS, "outcome", "failure"));
        assertEquals(1, timed(MicrometerPrivacyMetrics.SWEEPS, "outcome", "success"));

        // --- audit: every entry the store holds was timed once; the lag is what the store shows ---
        List<AuditRecord> entries = trail();
        assertEquals(entries.size(), timed(MicrometerPrivacyMetrics.AUDIT_APPENDS, "outcome", "success"));
        assertEquals(0, timed(MicrometerPrivacyMetrics.AUDIT_APPENDS, "outcome", "failure"));
        long head = entries.get(entries.size() - 1).sequence();
        long checkpointed = stores.auditLog().latestCheckpoint().orElseThrow().sequence();
        assertEquals(head - checkpointed, gauge(MicrometerPrivacyMetrics.AUDIT_CHECKPOINT_LAG));
        assertTrue(head - checkpointed > 0, "the script leaves entries after the last checkpoint: " + head);
        assertTrue(head - checkpointed < CHECKPOINT_INTERVAL);

        assertNothingPersonal(List.of(ANA.value(), BOB.value(), ANA_EMAIL, ANA_ADDRESS, "Strada Scurta 3, Sibiu",
                "Bulevardul Unirii 1, Bucuresti", ANA_IP, "F-2014", "F-2013", "MARKETING", "ANALYTICS",
                "SERVICE_PROVISION", "SECURITY_PIN_CREATED", "ops-master", "smtp-451", "mailbox-unknown"));
    }

    /**
     * The default configuration (a per-thread key table in front of the shared cache): every
     * encryption and decryption is counted, the first use of the key is the shared cache's one
     * miss, and the later ones are answered by the thread's table, which the key cache meter does
     * not count (its description says so).
     */
    @Test
    void defaultKeySettings_countEveryOperation_andOneSharedCacheMiss() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        KeySettings keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("default.p12"),
                "pw".toCharArray(), "ops-master"));
        try (PrivacyKit other = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .clock(clock).keys(keys).metrics(MicrometerPrivacyMetrics.of(own)).build()) {
            FieldContext address = other.fieldContext("order", "delivery_address", DELIVERY);
            String scope = address.scope().name();
            String sealed = null;
            for (int i = 0; i < 10; i++) {
                sealed = other.fields().encrypt(ANA, address, ANA_ADDRESS);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(ANA_ADDRESS, other.fields().decrypt(ANA, address, sealed));
            }
            assertEquals(10, own.get(MicrometerPrivacyMetrics.FIELD_ENCRYPTIONS).tags("scope", scope).counter().count());
            assertEquals(5, own.get(MicrometerPrivacyMetrics.FIELD_DECRYPTIONS).tags("scope", scope, "outcome",
                    "success").counter().count());
            assertEquals(1, own.get(MicrometerPrivacyMetrics.KEY_CACHE).tags("scope", scope, "outcome", "miss")
                    .counter().count(), "the key is made once");
            assertEquals(0, own.get(MicrometerPrivacyMetrics.KEY_CACHE).tags("scope", scope, "outcome", "hit")
                    .counter().count(), "the thread's table answers the rest");
            assertTrue(own.get(MicrometerPrivacyMetrics.KEY_CACHE).counter().getId().getDescription()
                    .contains("thread's own key table"));
        }
    }

    /**
     * No meter name or tag value equals or contains a value of the run that is personal or says what
     * was done for whom (a subject id, an address, an IP, a record id, a purpose, a notification type,
     * the KEK's id, a channel's failure code), and the tag keys are the four the adapter documents.
     */
    private void assertNothingPersonal(List<String> values) {
        List<String> found = new ArrayList<>();
        List<Meter> meters = registry.getMeters();
        assertTrue(meters.size() >= 20, "the run made meters: " + meters.size());
        for (Meter meter : meters) {
            Meter.Id id = meter.getId();
            assertTrue(id.getName().startsWith("clickphone.privacy."), id.getName());
            List<String> texts = new ArrayList<>();
            texts.add(id.getName());
            for (Tag tag : id.getTags()) {
                assertTrue(Set.of("scope", "verdict", "channel", "outcome").contains(tag.getKey()), tag.getKey());
                texts.add(tag.getValue());
            }
            for (String text : texts) {
                for (String value : values) {
                    if (text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT))) {
                        found.add(id + " holds " + value);
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
