package ro.clickphone.privacy.core.notify.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.notify.DispatchSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A kit (for its audit trail), the in-memory outbox of its stores, a hand-moved clock, and
 * dispatchers over them, closed after each test.
 */
final class DispatchFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final SubjectId SUBJECT = SubjectId.of("subject-1");
    static final NotificationType TYPE = NotificationType.of("MISSED_CALL");
    static final String ADDRESS = "ion.popescu@example.ro";
    static final String BODY = "Ai un apel pierdut de la 0721234567.";

    final MutableClock clock = MutableClock.of(START);
    final Stores stores;
    final PrivacyKit kit;
    final OutboxStore outbox;
    private final List<Dispatcher> dispatchers = new ArrayList<>();

    DispatchFixture() {
        this(UnaryOperator.identity());
    }

    /** Over the in-memory stores, changed as a test says (a faulty outbox or audit log). */
    DispatchFixture(UnaryOperator<Stores> stores) {
        this.stores = stores.apply(InMemoryStores.create());
        // Fixed audit keys, so a test may put its own audit log store in the bundle.
        this.kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(this.stores).clock(clock)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test"),
                        SecretBytes.copyOf(new byte[32])))
                .build();
        this.outbox = this.stores.outbox();
    }

    /** Settings for tests: quick polls and a short grace; back-off and lease as by default. */
    static DispatchSettings settings() {
        return DispatchSettings.defaults().withPollInterval(Duration.ofMillis(5))
                .withShutdownGrace(Duration.ofSeconds(5));
    }

    AuditTrail audit() {
        return kit.audit();
    }

    /** A pending message for a channel, written now. */
    OutboxMessage write(String id, String channel) {
        return write(id, channel, SUBJECT);
    }

    OutboxMessage write(String id, String channel, SubjectId subject) {
        OutboxMessage m = OutboxMessage.pending(id, TYPE, subject, channel, Medium.EMAIL, clock.instant(),
                "sealed:" + id, List.of());
        if (!outbox.append(m)) {
            throw new IllegalStateException("duplicate id " + id);
        }
        return m;
    }

    /** Opens every message for the planted address and body. */
    static MessageOpener opener() {
        return m -> new OutboundMessage(m.id(), m.medium(), "info@clickphone.ro", ADDRESS, "ro", "Apel pierdut", BODY,
                List.of());
    }

    Dispatcher dispatcher(DispatchSettings settings, NotificationChannel... channels) {
        return dispatcher(settings, opener(), outbox, channels);
    }

    Dispatcher dispatcher(DispatchSettings settings, MessageOpener opener, OutboxStore store,
            NotificationChannel... channels) {
        return dispatcher(settings, opener, store, new SplittableRandom(42), channels);
    }

    Dispatcher dispatcher(DispatchSettings settings, MessageOpener opener, OutboxStore store,
            java.util.random.RandomGenerator jitter, NotificationChannel... channels) {
        Map<String, NotificationChannel> byId = new java.util.TreeMap<>();
        for (NotificationChannel c : channels) {
            byId.put(c.id(), c);
        }
        Dispatcher d = new Dispatcher(store, byId, opener, audit(), clock, settings, jitter);
        dispatchers.add(d);
        return d;
    }

    OutboxMessage message(String id) {
        return outbox.find(id).orElseThrow();
    }

    /** Waits (for at most 20 s of real time, a bound, not an expectation) until a message satisfies a condition. */
    OutboxMessage awaitMessage(String id, Predicate<OutboxMessage> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            OutboxMessage m = message(id);
            if (condition.test(m)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + id + " never reached the expected state: " + m);
            }
            Thread.sleep(2);
        }
    }

    /** The audit entries of an action, in order. */
    List<AuditRecord> audited(String action) {
        List<AuditRecord> out = new ArrayList<>();
        for (AuditRecord r : allAudited()) {
            if (r.action().equals(action)) {
                out.add(r);
            }
        }
        return out;
    }

    List<AuditRecord> allAudited() {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = audit().read(from, 4096); !page.isEmpty(); page = audit().read(from, 4096)) {
            out.addAll(page);
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    /** The audit entries of one message and action. */
    List<AuditRecord> audited(String action, String messageId) {
        return audited(action).stream().filter(r -> messageId.equals(r.details().get("message"))).toList();
    }

    @Override
    public void close() {
        dispatchers.forEach(Dispatcher::close);
    }
}
