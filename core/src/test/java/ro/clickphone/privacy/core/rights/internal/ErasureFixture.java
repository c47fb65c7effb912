package ro.clickphone.privacy.core.rights.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.notify.RecordingChannel;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * A real kit (ClickPhone policy, in-memory stores, envelope keys, a recording channel, the real
 * retention schedule) with five test sources, an erasure ledger kept apart, and an eraser over its parts.
 */
final class ErasureFixture {

    static final ZoneId BUCHAREST = ZoneId.of("Europe/Bucharest");
    /** An id that is itself personal data (an e-mail address), so that a leak of it shows. */
    static final SubjectId ANA = SubjectId.of("ana.ionescu@example.ro");
    static final SubjectId BOB = SubjectId.of("acct-2077");
    static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    static final DataCategory IDENTITY = DataCategory.of("IDENTITY");
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    static final DataCategory NETWORK = DataCategory.of("NETWORK");
    static final DataCategory CONTACT = DataCategory.of("CONTACT");
    static final DataCategory DEVICE = DataCategory.of("DEVICE");
    static final DataCategory VOICEMAIL = DataCategory.of("VOICEMAIL");
    static final DataCategory FAX = DataCategory.of("FAX");
    static final DataCategory ANALYTICS_COOKIES = DataCategory.of("ANALYTICS_COOKIES");
    static final DataCategory DELIVERY = DataCategory.of("DELIVERY");
    /** A contract that ended long ago: the ANCOM term (3 years after it) is over on the fixture's day. */
    static final LocalDate OLD_CONTRACT_END = LocalDate.of(2022, 1, 10);

    final MutableClock clock;
    final Stores stores = InMemoryStores.create();
    final KeySettings keys;
    final RecordingChannel channel = new RecordingChannel();
    final SubjectSource billing = new SubjectSource("billing", FINANCIAL, IDENTITY, DELIVERY);
    final SubjectSource cdr = new SubjectSource("cdr", TRAFFIC, NETWORK);
    final SubjectSource profile = new SubjectSource("profile", CONTACT, DEVICE);
    final SubjectSource media = new SubjectSource("media", VOICEMAIL, FAX);
    final SubjectSource web = new SubjectSource("web", ANALYTICS_COOKIES, FINANCIAL);
    final InMemoryErasureLedger ledger;
    final SecretBytes ledgerSecret;
    final PrivacyKit kit;
    final Eraser eraser;

    ErasureFixture(Path dir) {
        this(Instant.parse("2026-03-05T10:00:00Z"), KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                dir.resolve("kek.p12"), "pw".toCharArray(), "kek")), new InMemoryErasureLedger(),
                SecretBytes.random(32, new SecureRandom()), UnaryOperator.identity());
    }

    /** A kit on fresh stores sharing the keys' provider, the ledger and its secret: a restored platform. */
    ErasureFixture(Instant now, KeySettings keys, InMemoryErasureLedger ledger, SecretBytes ledgerSecret,
            UnaryOperator<ErasureParts> parts) {
        this.clock = MutableClock.of(now);
        this.keys = keys;
        this.ledger = ledger;
        this.ledgerSecret = ledgerSecret;
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).clock(clock)
                .keys(keys).channel(channel).notifications(NotificationSettings.defaults().withAutoStart(false));
        sources().forEach(builder::source);
        this.kit = builder.build();
        this.eraser = new Eraser(parts.apply(parts(ledger)));
        stores.contacts().put(ANA, new SubjectContacts(Map.of(Medium.EMAIL, ANA.value()), "ro"));
    }

    ErasureParts parts(ro.clickphone.privacy.spi.rights.ErasureLedger withLedger) {
        return new ErasureParts(kit::policy, clock, kit.audit(), stores.retention(),
                ErasureParts.KeyShredder.of(kit.keys(), stores.subjectKeys()), stores.tokenVault(), stores.contacts(),
                withLedger, withLedger == null ? null : ErasureParts.LedgerSealer.derivedFrom(ledgerSecret),
                ErasureParts.CONSENT_EVIDENCE_CATEGORY);
    }

    List<PersonalDataSource> sources() {
        return List.of(billing, cdr, profile, media, web);
    }

    static Instant bucharest(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BUCHAREST).toInstant();
    }

    /** An erasure request of a subject, limited to some categories or (none given) of all their data. */
    RequestRecord request(SubjectId subject, DataCategory... categories) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        LocalDate due = LocalDate.ofInstant(clock.instant(), BUCHAREST).plusMonths(1);
        return new RequestRecord("rr-" + HexFormat.of().formatHex(id), RightType.ERASURE, subject,
                RequestChannel.DPO_EMAIL, clock.instant(), Optional.empty(), Set.of(categories), Set.of(), Set.of(),
                Optional.empty(), RequestState.IN_PROGRESS, Optional.empty(), due, due, false, Optional.empty(),
                Optional.empty(), 0, List.of(), Set.of(), Optional.empty(), 1, clock.instant());
    }

    /** Records that the subject's contract ended long ago ({@link #OLD_CONTRACT_END}). */
    void contractEndedLongAgo(SubjectId subject) {
        kit.retention().recordEvent(subject, "contract-end", OLD_CONTRACT_END);
    }

    /** Plans, applies at every source, and returns the outcomes by source. */
    Map<String, List<CategoryOutcome>> applyAll(RequestRecord request, ErasurePlan plan) {
        Map<String, List<CategoryOutcome>> out = new java.util.TreeMap<>();
        for (PersonalDataSource source : sources()) {
            out.put(source.name(), eraser.applyAt(source, request, plan));
        }
        return out;
    }

    /** Field contexts, one per key scope of the policy. */
    FieldContext context(String scope) {
        return switch (scope) {
            case "profile" -> kit.fieldContext("account", "notification_email", CONTACT);
            case "device" -> kit.fieldContext("device", "hardware_model", DEVICE);
            case "fiscal" -> kit.fieldContext("invoice", "invoice", FINANCIAL);
            case "traffic" -> kit.fieldContext("cdr", "caller_number", TRAFFIC);
            case "media" -> kit.fieldContext("fax", "fax_sent_at", FAX);
            case "delivery" -> kit.fieldContext("delivery", "delivery_address", DataCategory.of("DELIVERY"));
            case "credentials" -> kit.fieldContext("account", "sip_secret", DataCategory.of("CREDENTIALS"));
            default -> throw new IllegalArgumentException(scope);
        };
    }

    static final List<String> SCOPES = List.of("profile", "device", "fiscal", "traffic", "media", "delivery",
            "credentials");

    /** Encrypts a value of the subject under every key scope: each gets a key. */
    Map<String, String> encryptEverywhere(SubjectId subject) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String scope : SCOPES) {
            out.put(scope, kit.fields().encrypt(subject, context(scope), "value-of-" + scope));
        }
        return out;
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
}
