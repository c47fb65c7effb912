package ro.clickphone.privacy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** The kit builder's metrics(...): one listener for the whole kit, given once. */
class KitMetricsTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");

    @TempDir
    Path dir;

    /** Records the events that carry arguments, as text. */
    static final class Recording implements PrivacyMetrics {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            return new ScopeMetrics() {
                @Override
                public void fieldEncrypted() {
                    events.add("encrypted:" + scope.name());
                }
            };
        }

        @Override
        public void consentChecked(long nanos, boolean permitted) {
            events.add("consent:" + permitted);
        }

        @Override
        public void auditAppended(long nanos, boolean succeeded) {
            events.add("audit:" + succeeded);
        }

        @Override
        public void auditCheckpointLag(long entries) {
            events.add("lag:" + entries);
        }

        /** The checkpoint lags told, in order. */
        List<Long> lags() {
            return events.stream().filter(e -> e.startsWith("lag:")).map(e -> Long.parseLong(e.substring(4))).toList();
        }

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }
    }

    private KeySettings keys() {
        return KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
    }

    @Test
    void metrics_givenTwiceOrNull_isRefused() {
        PrivacyKit.Builder builder = PrivacyKit.builder().metrics(new Recording());
        assertThrows(ConfigurationException.class, () -> builder.metrics(new Recording()));
        assertThrows(InvalidInputException.class, () -> PrivacyKit.builder().metrics(null));
    }

    @Test
    void metrics_withoutStores_isRefused() {
        assertThrows(ConfigurationException.class, () -> PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .metrics(new Recording()).build());
    }

    @Test
    void keySettingsNamingAnotherListener_isRefused() {
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(Policy.clickPhoneDefault())
                .stores(InMemoryStores.create()).keys(keys().withMetrics(new Recording())).metrics(new Recording());
        assertThrows(ConfigurationException.class, builder::build);
    }

    @Test
    void builderListener_servesKeysAndConsentAndAudit() {
        Recording metrics = new Recording();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .keys(keys()).metrics(metrics).build()) {
            FieldContext address = kit.fieldContext("order", "delivery_address", DataCategory.of("DELIVERY"));
            kit.fields().encrypt(ANA, address, "Strada Lunga 12");
            kit.consent().check(ANA, Purpose.of("MARKETING"));
            assertEquals(1, metrics.count("encrypted:" + address.scope().name()));
            assertEquals(1, metrics.count("consent:false"));
            assertEquals(kit.audit().read(1, 4096).size(), metrics.count("audit:true"));
        }
    }

    @Test
    void keySettingsListenerAlone_servesTheWholeKit() {
        Recording metrics = new Recording();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .keys(keys().withMetrics(metrics)).build()) {
            kit.consent().check(ANA, Purpose.of("SERVICE_PROVISION"));
            assertEquals(1, metrics.count("consent:true"));
        }
    }

    /**
     * No dependency unless used: core's class path (its runtime dependencies and crypto's and spi's,
     * transitively, and its test ones) holds no Micrometer; only the adapter module brings it.
     */
    @Test
    void coreClassPath_holdsNoMicrometer() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
    }

    /** Failure injection: an audit store that refuses appends; the listener is told of the failed append. */
    @Test
    void failedAuditAppend_isToldAsFailed() {
        Recording metrics = new Recording();
        AuditLogStore failing = spy(new InMemoryAuditLogStore());
        AuditSettings audit = AuditSettings.of(Ed25519Signer.generate("audit"), SecretBytes.random(32,
                new SecureRandom()));
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .auditLogStore(failing).audit(audit).metrics(metrics).build()) {
            doThrow(new StoreException("audit store down", true, null)).when(failing).append(any(AuditRecord.class));
            assertThrows(StoreException.class, () -> kit.consent().grant(ANA, Purpose.of("MARKETING"),
                    ConsentProof.of(Actor.subject(ANA), ConsentChannel.WEB_ACCOUNT).withEffectiveAt(Instant.now())));
            assertTrue(metrics.count("audit:false") >= 1, metrics.events.toString());
        }
    }

    /** A listener whose every method throws, its scope handles' too: a metrics backend that is down. */
    static final class Throwing implements PrivacyMetrics {
        private static RuntimeException down() {
            return new IllegalStateException("metrics backend down (acct-1042)");
        }

        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            return new ScopeMetrics() {
                @Override
                public void fieldEncrypted() {
                    throw down();
                }

                @Override
                public void fieldDecrypted() {
                    throw down();
                }

                @Override
                public void keyCacheMiss() {
                    throw down();
                }

                @Override
                public void keyCacheHit() {
                    throw down();
                }
            };
        }

        @Override
        public void kekUnwrapped(long nanos, boolean succeeded) {
            throw down();
        }

        @Override
        public void consentChecked(long nanos, boolean permitted) {
            throw down();
        }

        @Override
        public void auditAppended(long nanos, boolean succeeded) {
            throw down();
        }

        @Override
        public void auditCheckpointLag(long entries) {
            throw down();
        }

        @Override
        public void outboxDepth(LongSupplier pending) {
            throw down();
        }

        @Override
        public void delivered(String channel) {
            throw down();
        }

        @Override
        public void deliveryFailed(String channel, boolean permanent) {
            throw down();
        }

        @Override
        public void sweepProgress(long disposed, long failed) {
            throw down();
        }

        @Override
        public void sweepFinished(long nanos, boolean succeeded) {
            throw down();
        }
    }

    /** A channel that accepts every message and remembers each send. */
    static final class Accepting implements NotificationChannel {
        final List<String> sentTo = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String id() {
            return "mailer";
        }

        @Override
        public Set<Medium> media() {
            return Set.of(Medium.EMAIL);
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            sentTo.add(message.to());
            return new DeliveryReceipt("mailer", "r-" + sentTo.size(), Instant.EPOCH);
        }
    }

    /** What a script did, to compare a run with a listener to one without. */
    private record Outcome(List<String> sends, List<String> passes, int auditEntries, List<String> auditActions,
            int swept, int sweepFailed, String decrypted, boolean permitted) {
    }

    /**
     * The same script (a field encrypted and decrypted, a consent grant and check, a notification
     * dispatched in three passes two hours apart, a retention sweep), on fresh stores, with a
     * listener; what it did and what the stores hold.
     */
    private Outcome script(PrivacyMetrics listener, String kekFile) {
        MutableClock clock = MutableClock.of(Instant.parse("2026-03-05T10:00:00Z"));
        Stores stores = InMemoryStores.create();
        Accepting mailer = new Accepting();
        InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing",
                Set.of(DataCategory.of("FINANCIAL"), DataCategory.of("IDENTITY")));
        KeySettings keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve(kekFile),
                "pw".toCharArray(), "kek")).withThreadCacheSize(0);
        List<String> passes = new ArrayList<>();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).clock(clock)
                .keys(keys).audit(AuditSettings.ephemeral().withCheckpointInterval(3)).source(billing).channel(mailer)
                .notifications(NotificationSettings.defaults().withAutoStart(false)).metrics(listener).build()) {
            stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, "ana@example.ro"), "ro"));
            FieldContext address = kit.fieldContext("order", "delivery_address", DataCategory.of("DELIVERY"));
            String sealed = kit.fields().encrypt(ANA, address, "Strada Lunga 12");
            String decrypted = kit.fields().decrypt(ANA, address, sealed);
            kit.consent().grant(ANA, Purpose.of("MARKETING"), ConsentProof.of(Actor.subject(ANA),
                    ConsentChannel.WEB_ACCOUNT).withEffectiveAt(clock.instant()));
            clock.advance(Duration.ofMinutes(1));
            boolean permitted = kit.consent().check(ANA, Purpose.of("MARKETING")).permitted();
            kit.notifications().send(NotificationType.of("SECURITY_PIN_CREATED"), ANA,
                    Map.of("createdAt", Instant.parse("2026-03-05T10:00:00Z")));
            for (int i = 0; i < 3; i++) {
                try {
                    passes.add("delivered " + kit.notifications().dispatchPending().delivered());
                } catch (RuntimeException e) {
                    passes.add(e.getClass().getSimpleName());
                }
                clock.advance(Duration.ofHours(2));
            }
            RecordRef old = billing.add("F-2014");
            kit.retention().tag(ANA, old, DataCategory.of("FINANCIAL"), Instant.parse("2014-03-15T10:00:00Z"));
            SweepReport report = kit.retention().sweep(SweepOptions.defaults());
            List<AuditRecord> entries = kit.audit().read(1, 4096);
            return new Outcome(List.copyOf(mailer.sentTo), passes, entries.size(),
                    entries.stream().map(AuditRecord::action).toList(), report.total(), report.failed(), decrypted,
                    permitted);
        }
    }

    /**
     * The attack: a metrics backend that fails (every listener method throws, the scope handles'
     * too) must not change what the kit does. Before the fix a throwing {@code delivered} made the
     * kit send the same message on every pass (the try was audited, then the outcome never
     * recorded), a throwing lag put the same audit entry in the trail twice (its caller audited it
     * again), and a throwing sweep listener aborted the sweep. The run with the throwing listener
     * does exactly what the run without one does: one send, the same audit trail, the same sweep.
     */
    @Test
    void throwingListener_changesNothingTheKitDoes() {
        Outcome without = script(PrivacyMetrics.NONE, "kek-a.p12");
        Outcome throwing = script(new Throwing(), "kek-b.p12");
        assertEquals(List.of("ana@example.ro"), throwing.sends(), "an accepted message is sent once");
        assertEquals(List.of("delivered 1", "delivered 0", "delivered 0"), throwing.passes());
        assertEquals(without.auditActions(), throwing.auditActions(), "no audit entry twice, none missing");
        assertEquals(1, throwing.swept(), "the sweep ran to its end");
        assertEquals(without, throwing);
    }

    /**
     * Told after the durable write: when the listener hears of a delivery, the outbox already
     * records the message as delivered (a try whose record fails is tried again and told then).
     */
    @Test
    void delivered_isToldOnceTheOutboxRecordsIt() {
        Stores stores = InMemoryStores.create();
        OutboxStore outbox = stores.outbox();
        List<String> seen = new CopyOnWriteArrayList<>();
        PrivacyMetrics listener = new PrivacyMetrics() {
            @Override
            public void delivered(String channel) {
                seen.add(channel + ":" + outbox.list(OutboxState.DELIVERED, 10).size());
            }
        };
        Accepting mailer = new Accepting();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).keys(keys())
                .audit(AuditSettings.ephemeral()).channel(mailer)
                .notifications(NotificationSettings.defaults().withAutoStart(false)).metrics(listener).build()) {
            stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, "ana@example.ro"), "ro"));
            kit.notifications().send(NotificationType.of("SECURITY_PIN_CREATED"), ANA,
                    Map.of("createdAt", Instant.parse("2026-03-05T10:00:00Z")));
            assertEquals(1, kit.notifications().dispatchPending().delivered());
        }
        assertEquals(List.of("mailer:1"), seen);
    }

    /**
     * The outbox depth: the listener gets a reader of memory (reading it never reaches the store,
     * so a scrape cannot block on the database), refreshed by dispatch passes, and is told
     * {@code null} when the kit closes, so that its gauge lets go of the kit.
     */
    @Test
    void outboxDepth_readsMemoryOnly_andIsClearedOnClose() {
        Stores stores = InMemoryStores.create();
        OutboxStore outbox = spy(stores.outbox());
        List<LongSupplier> told = new CopyOnWriteArrayList<>();
        PrivacyMetrics listener = new PrivacyMetrics() {
            @Override
            public void outboxDepth(LongSupplier pending) {
                told.add(pending);
            }
        };
        PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).outboxStore(outbox)
                .keys(keys()).audit(AuditSettings.ephemeral()).channel(new Accepting())
                .notifications(NotificationSettings.defaults().withAutoStart(false)).metrics(listener).build();
        try {
            stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, "ana@example.ro"), "ro"));
            assertEquals(1, told.size());
            LongSupplier depth = told.get(0);
            assertEquals(0, depth.getAsLong());
            kit.notifications().send(NotificationType.of("SECURITY_PIN_CREATED"), ANA,
                    Map.of("createdAt", Instant.parse("2026-03-05T10:00:00Z")));
            assertEquals(0, depth.getAsLong(), "counted at the dispatcher's next pass, not per send");
            clearInvocations(outbox);
            doThrow(new StoreException("outbox down", true, null)).when(outbox).list(any(), anyInt());
            for (int i = 0; i < 100; i++) {
                assertEquals(0, depth.getAsLong());
            }
            verifyNoInteractions(outbox);
        } finally {
            kit.close();
        }
        assertEquals(2, told.size());
        assertEquals(null, told.get(1), "closing tells the listener the outbox is gone");
    }

    /**
     * The checkpoint lag is told after every append: it rises by one per entry and falls back to 0
     * at each checkpoint, so a lag that keeps growing (checkpoints failing) shows.
     */
    @Test
    void checkpointLag_risesPerEntry_andFallsToZeroAtACheckpoint() {
        Recording metrics = new Recording();
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(InMemoryStores.create())
                .audit(AuditSettings.ephemeral().withCheckpointInterval(3)).metrics(metrics).build()) {
            for (int i = 0; i < 7; i++) {
                SubjectId subject = SubjectId.of("acct-" + (3000 + i));
                kit.consent().grant(subject, Purpose.of("MARKETING"), ConsentProof.of(Actor.subject(subject),
                        ConsentChannel.WEB_ACCOUNT).withEffectiveAt(Instant.now()));
            }
            List<AuditRecord> entries = kit.audit().read(1, 4096);
            List<Long> lags = metrics.lags();
            assertTrue(entries.size() >= 7, entries.size() + " entries");
            assertTrue(lags.contains(1L) && lags.contains(2L), lags.toString());
            assertTrue(lags.contains(0L), "a checkpoint brings it back to 0: " + lags);
            long max = lags.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(max < 3, "stays below the interval while checkpoints are signed: " + lags);
            assertEquals(entries.size() % 3, lags.get(lags.size() - 1), lags.toString());
        }
    }
}
