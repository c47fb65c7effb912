package ro.clickphone.privacy.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.incident.internal.BreachNoticeSender;
import ro.clickphone.privacy.core.incident.internal.IncidentLedger;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A kit on the real policy and in-memory stores, with a clock the test moves, and registers over
 * its incident store with a fake outbox as the breach-notice sender.
 */
final class IncidentFixture {

    static final Instant DISCOVERED = Instant.parse("2026-03-01T08:00:00Z");
    static final Instant OCCURRED = DISCOVERED.minus(Duration.ofHours(6));
    static final DataCategory CONTACT = DataCategory.of("CONTACT");
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SECURITY"));
    static final Set<String> CUSTOMERS = Set.of("CUSTOMER");
    /** What the breach notice tells the customers: written for them, naming no one. */
    static final BreachNoticeText NOTICE = new BreachNoticeText(
            "Cineva a citit trei căsuțe de e-mail ale echipei de suport",
            "Puteți primi e-mailuri de phishing care folosesc numele dumneavoastră",
            "Am resetat parolele și am închis căsuțele",
            "Nu deschideți legături din e-mailuri neașteptate; schimbați parola contului ClickPhone");

    final MutableClock clock;
    final Stores stores;
    final PrivacyKit kit;
    final FakeOutbox outbox;

    IncidentFixture() {
        this(DISCOVERED.plus(Duration.ofMinutes(30)));
    }

    IncidentFixture(Instant start) {
        this(start, InMemoryStores.create());
    }

    IncidentFixture(Instant start, Stores stores) {
        this.clock = MutableClock.of(start);
        this.outbox = new FakeOutbox(clock);
        this.stores = stores;
        this.kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).clock(clock).build();
    }

    /** Over the in-memory stores changed as a test says (a failing audit log), with fixed audit keys. */
    IncidentFixture(UnaryOperator<Stores> change) {
        this.clock = MutableClock.of(DISCOVERED.plus(Duration.ofMinutes(30)));
        this.outbox = new FakeOutbox(clock);
        this.stores = change.apply(InMemoryStores.create());
        this.kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).clock(clock)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test"),
                        SecretBytes.copyOf(new byte[32])))
                .build();
    }

    /** A register over the kit's incident store, sending through the fake outbox. */
    IncidentRegister register() {
        return register(outbox);
    }

    /** A register over the kit's incident store, sending through a sender of the test's. */
    IncidentRegister register(BreachNoticeSender sender) {
        return register(sender, stores.incidents());
    }

    /** A register over another incident store (a wrapper of the kit's), sending through a sender of the test's. */
    IncidentRegister register(BreachNoticeSender sender, IncidentStore store) {
        return new IncidentLedger(kit::policy, clock, store, kit.audit(), sender, Duration.ofMinutes(5));
    }

    /** A report with the customers' notice text written. */
    static IncidentReport report() {
        return bare().withNotice(NOTICE);
    }

    /** A report without the customers' notice text. */
    static IncidentReport bare() {
        return IncidentReport.of("Phishing: three support mailboxes were read by an intruder", OCCURRED, DISCOVERED,
                AffectedCount.estimate(1200), CUSTOMERS, Set.of(CONTACT, TRAFFIC),
                "Phishing of the customers whose addresses were read",
                "Passwords reset, mailboxes closed, customers warned");
    }

    /**
     * A breach-notice sender over the kit's real outbox store (the in-memory one of the bundle),
     * shaped as the notifications facade writes: the message id is the idempotency key, a repeated
     * key adds nothing and gives the stored message's id and acceptance time back. Concurrency and
     * "nothing twice" then rest on the outbox store's own append, not on the test's bookkeeping.
     */
    BreachNoticeSender realOutbox() {
        return (subject, payload, key) -> {
            OutboxMessage message = OutboxMessage.pending(key, BreachNoticeSender.TYPE, subject, "mail", Medium.EMAIL,
                    clock.instant(), "sealed:" + payload.size(), List.of());
            if (!stores.outbox().append(message)) {
                OutboxMessage first = stores.outbox().find(key).orElseThrow();
                return new BreachNoticeSender.Accepted(first.id(), first.createdAt());
            }
            return new BreachNoticeSender.Accepted(message.id(), message.createdAt());
        };
    }

    /** Every breach notice in the kit's real outbox store. */
    List<OutboxMessage> realOutboxMessages() {
        return stores.outbox().list(OutboxState.PENDING, OutboxStore.MAX_BATCH);
    }

    /** The audit entries of an action. */
    List<AuditRecord> audited(String action) {
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

    /**
     * An outbox that keeps the payloads for the test to read: one message per idempotency key, a
     * repeated key gives the first message's id and acceptance time back and adds nothing. It can
     * refuse chosen subjects, and "die" (throw an {@link Error}, which nothing catches) right after
     * it accepted its n-th new message.
     */
    static final class FakeOutbox implements BreachNoticeSender {

        record Message(String id, SubjectId subject, Map<String, Object> payload, String key, Instant acceptedAt) {
        }

        private final java.time.Clock clock;
        final Map<String, Message> byKey = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        Set<SubjectId> refused = Set.of();
        int dieAfterAccepting = -1;

        FakeOutbox(java.time.Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized Accepted send(SubjectId subject, Map<String, Object> payload, String idempotencyKey) {
            calls.add(idempotencyKey);
            if (refused.contains(subject)) {
                throw new PolicyViolationException("no address for this subject");
            }
            Message existing = byKey.get(idempotencyKey);
            if (existing != null) {
                return new Accepted(existing.id(), existing.acceptedAt());
            }
            Message message = new Message("m-" + (byKey.size() + 1), subject, payload, idempotencyKey,
                    clock.instant());
            byKey.put(idempotencyKey, message);
            if (byKey.size() == dieAfterAccepting) {
                throw new ProcessDied();
            }
            return new Accepted(message.id(), message.acceptedAt());
        }

        synchronized List<Message> messages() {
            return List.copyOf(byKey.values());
        }
    }

    /** The process ends here: nothing in the SDK catches an {@link Error}. */
    static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;

        ProcessDied() {
            super("the process died");
        }
    }
}
