package ro.clickphone.privacy.core.rights;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.notify.RecordingChannel;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAccountDirectory;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.rights.RecipientNotice;
import ro.clickphone.privacy.spi.rights.RecipientNotifier;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.Verification;
import ro.clickphone.privacy.spi.source.Provenance;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.ExportSink;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Rectified;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A kit on the shipped policy and in-memory stores, with a clock the test moves, real keys, a
 * recording channel, three in-memory sources (billing, call records, CRM), an erasure ledger kept
 * apart, a recording recipient notifier, staff granted {@code RIGHTS_REQUESTS}, and Ana's account
 * administered by a Custom PBX administrator.
 */
final class RightsKitFixture implements AutoCloseable {

    static final Policy POLICY = Policy.clickPhoneDefault();
    static final SubjectId ANA = SubjectId.of("acct-1042");
    static final String ANA_EMAIL = "ana.ionescu@example.ro";
    static final String ANA_PHONE = "+40722123456";
    static final DataCategory CONTACT = DataCategory.of("CONTACT");
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    static final DataCategory IDENTITY = DataCategory.of("IDENTITY");
    static final DataCategory SERVICE_ADDRESS = DataCategory.of("SERVICE_ADDRESS");
    static final Actor STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("DPO_OFFICE"));
    static final Actor UNGRANTED_STAFF = Actor.staff(Recipient.of("EMPLOYEES"), "emp-0999", Set.of("SUPPORT"));
    static final Actor DELEGATE = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("admin-77"),
            Set.of("pbx-1001"));
    static final Actor STRANGER = Actor.delegate(Recipient.of("PBX_ADMINISTRATOR"), SubjectId.of("admin-99"),
            Set.of("pbx-2002"));

    final MutableClock clock = MutableClock.of(Instant.parse("2026-02-02T08:00:00Z"));
    final Stores stores = InMemoryStores.create().withAccounts(new InMemoryAccountDirectory().assign(ANA, "pbx-1001"));
    final RecordingChannel channel = new RecordingChannel();
    final KeySettings keys;
    final InMemoryErasureLedger ledger = new InMemoryErasureLedger();
    final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing.invoices",
            Set.of(IDENTITY, FINANCIAL));
    final InMemoryPersonalDataSource cdr = new InMemoryPersonalDataSource("cdr.calls", Set.of(TRAFFIC));
    final InMemoryPersonalDataSource crm = new InMemoryPersonalDataSource("crm.contacts",
            Set.of(CONTACT, SERVICE_ADDRESS));
    /** Runs before each call to the call-record source (the cdr source as the kit sees it). */
    volatile Runnable beforeCdr = () -> { };
    /** Runs before each call to the CRM source. */
    volatile Runnable beforeCrm = () -> { };
    final List<RecipientNotice> notices = Collections.synchronizedList(new ArrayList<>());
    /** What the verifier answers; the account session's answer when null. */
    volatile Verification verification;
    final PrivacyKit kit;
    private final List<PrivacyKit> kits = new ArrayList<>();

    RightsKitFixture(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    RightsKitFixture(Path dir, UnaryOperator<RightsSettings> settings) {
        keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(), "kek"));
        kit = kit("worker-a", settings, (RecipientNotifier) notices::add);
        stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, ANA_EMAIL), "ro"));
        crm.add("c-1", ANA, CONTACT, Map.of("notification_email", ANA_EMAIL, "contact_phone", ANA_PHONE));
        crm.add("c-2", ANA, SERVICE_ADDRESS, Map.of("service_address", "Str. Lalelelor 4, Cluj"));
        cdr.add("call-1", ANA, TRAFFIC, Provenance.OBSERVED, java.util.Optional.empty(), Map.of("caller_number", ANA_PHONE, "call_duration", 61));
        cdr.add("call-2", ANA, TRAFFIC, Provenance.OBSERVED, java.util.Optional.empty(), Map.of("caller_number", ANA_PHONE, "call_duration", 7));
        billing.add("inv-1", ANA, FINANCIAL, Provenance.DERIVED, java.util.Optional.empty(), Map.of("invoice", "F-2026-001", "total", 42));
        billing.add("id-1", ANA, IDENTITY, Provenance.PROVIDED, java.util.Optional.empty(), Map.of("last_name", "Ionescu"));
    }

    /** The day Ana's contract ended when she is a former customer ({@link #obligationsOver()}). */
    static final LocalDate CONTRACT_ENDED = LocalDate.of(2022, 6, 30);
    /** The date of her invoice and identity record then: ten financial years before the clock's. */
    static final Instant OLD_INVOICE = Instant.parse("2014-03-03T10:00:00Z");

    /**
     * Makes Ana a former customer whom no obligation keeps: her contract ended on {@link #CONTRACT_ENDED},
     * more than three years before the clock (the ANCOM term of her call records, contacts and service
     * address is over), and her invoice and identity record are tagged with a 2014 date (their ten
     * financial years are over). A full erasure of hers then erases everything and completes; without
     * this, her contract still runs and the erasure keeps those categories restricted.
     */
    RightsKitFixture obligationsOver() {
        kit.retention().recordEvent(ANA, "contract-end", CONTRACT_ENDED);
        kit.retention().tag(ANA, ref(billing, "inv-1"), FINANCIAL, OLD_INVOICE);
        kit.retention().tag(ANA, ref(billing, "id-1"), IDENTITY, OLD_INVOICE);
        return this;
    }

    /** Another kit on the same stores, keys, clock and sources: another worker, or one after a restart. */
    PrivacyKit kit(String worker, UnaryOperator<RightsSettings> settings, RecipientNotifier notifier) {
        return kitOn(stores, worker, settings, notifier);
    }

    /** Another kit as {@link #kit}, over a view of the stores (one store replaced to inject a failure). */
    PrivacyKit kitOn(Stores on, String worker, UnaryOperator<RightsSettings> settings, RecipientNotifier notifier) {
        RightsSettings base = RightsSettings.defaults().withWorkerId(worker).withErasureLedger(ledger)
                .withVerifier(r -> verification != null ? verification
                        : ro.clickphone.privacy.spi.rights.IdentityVerifier.accountSession().verify(r));
        if (notifier != null) {   // null: a kit without a recipient notifier
            base = base.withRecipientNotifier(notifier);
        }
        PrivacyKit built = PrivacyKit.builder().policy(POLICY).stores(on).clock(clock).keys(keys)
                .audit(sharedAuditKeys()).accessPolicy(AccessPolicy.builder().grant("DPO_OFFICE", Purpose.of("RIGHTS_REQUESTS")).build())
                .channel(channel).notifications(NotificationSettings.defaults().withAutoStart(false))
                .source(billing).source(new Hooked(cdr, () -> beforeCdr.run()))
                .source(new Hooked(crm, () -> beforeCrm.run())).rights(settings.apply(base)).build();
        kits.add(built);
        return built;
    }

    /** Another kit on the same stores, keys and clock with only the sources given (one removed, or replaced). */
    PrivacyKit kitWith(String worker, PersonalDataSource... sources) {
        RightsSettings settings = RightsSettings.defaults().withWorkerId(worker).withErasureLedger(ledger)
                .withRecipientNotifier((RecipientNotifier) notices::add);
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(POLICY).stores(stores).clock(clock).keys(keys)
                .audit(sharedAuditKeys()).accessPolicy(AccessPolicy.builder().grant("DPO_OFFICE", Purpose.of("RIGHTS_REQUESTS")).build())
                .channel(channel).notifications(NotificationSettings.defaults().withAutoStart(false));
        for (PersonalDataSource source : sources) {
            builder.source(source);
        }
        PrivacyKit built = builder.rights(settings).build();
        kits.add(built);
        return built;
    }

    /**
     * The audit keys every kit of the fixture shares, as the workers of one platform do: a subject's
     * pseudonym in the audit trail (which recorded events and access decisions are found by) and the
     * erasure ledger's sealing key are the same for all of them.
     */
    private static AuditSettings sharedAuditKeys() {
        return AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                SecretBytes.copyOf(new byte[32]));
    }

    Rights rights() {
        return kit.rights();
    }

    /** Submits and verifies a request through the customer's account. */
    RequestRecord verified(RightsRequest request) {
        RequestRecord r = rights().submit(request);
        return rights().verify(r.id());
    }

    static RecordRef ref(InMemoryPersonalDataSource source, String id) {
        return RecordRef.of(source.name(), id);
    }

    /** The audit entries of an action, oldest first. */
    List<AuditRecord> audited(String action) {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = kit.audit().read(from, 4096); !page.isEmpty();
                page = kit.audit().read(from, 4096)) {
            for (AuditRecord r : page) {
                if (r.action().equals(action)) {
                    out.add(r);
                }
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    /** Every audit entry. */
    List<AuditRecord> audit() {
        List<AuditRecord> out = new ArrayList<>();
        long from = 1;
        for (List<AuditRecord> page = kit.audit().read(from, 4096); !page.isEmpty();
                page = kit.audit().read(from, 4096)) {
            out.addAll(page);
            from = page.get(page.size() - 1).sequence() + 1;
        }
        return out;
    }

    /** A source that runs a hook before each rights call, then the in-memory source's own. */
    static final class Hooked implements PersonalDataSource {
        private final PersonalDataSource source;
        private final Runnable hook;

        Hooked(PersonalDataSource source, Runnable hook) {
            this.source = source;
            this.hook = hook;
        }

        @Override
        public String name() {
            return source.name();
        }

        @Override
        public Set<DataCategory> categories() {
            return source.categories();
        }

        @Override
        public Set<SourceCapability> capabilities() {
            return source.capabilities();
        }

        @Override
        public void dispose(RecordRef record, DisposalAction action) {
            source.dispose(record, action);
        }

        @Override
        public void find(SubjectId subject, Consumer<SubjectRecord> sink) {
            source.find(subject, sink);
        }

        @Override
        public void export(SubjectId subject, ExportSink sink) {
            hook.run();
            source.export(subject, sink);
        }

        @Override
        public List<Rectified> rectify(SubjectId subject, Rectification rectification) {
            hook.run();
            return source.rectify(subject, rectification);
        }

        @Override
        public ErasureResult erase(SubjectId subject, Set<DataCategory> categories) {
            hook.run();
            return source.erase(subject, categories);
        }

        @Override
        public int restrict(SubjectId subject, Restriction restriction) {
            hook.run();
            return source.restrict(subject, restriction);
        }
    }

    @Override
    public void close() {
        kits.forEach(PrivacyKit::close);
    }
}
