package ro.clickphone.privacy.core.retention;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.keys.WrappedKey;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** A kit on the real policy and in-memory stores, with a clock the test moves, and sources for every category. */
final class RetentionFixture {

    static final ZoneId BUCHAREST = ZoneId.of("Europe/Bucharest");
    static final SubjectId ANA = SubjectId.of("acct-1042");
    static final SubjectId BOB = SubjectId.of("acct-2077");
    static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    static final DataCategory IDENTITY = DataCategory.of("IDENTITY");
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    static final DataCategory NETWORK = DataCategory.of("NETWORK");
    static final DataCategory CONTACT = DataCategory.of("CONTACT");
    static final DataCategory DELIVERY = DataCategory.of("DELIVERY");
    static final DataCategory DEVICE = DataCategory.of("DEVICE");
    static final DataCategory ANALYTICS_COOKIES = DataCategory.of("ANALYTICS_COOKIES");
    static final DataCategory SESSION_STATE_COOKIES = DataCategory.of("SESSION_STATE_COOKIES");

    /** The clock the test sets. */
    final MutableClock clock;
    final Stores stores;
    final InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing",
            Set.of(FINANCIAL, IDENTITY));
    final InMemoryPersonalDataSource cdr = new InMemoryPersonalDataSource("cdr", Set.of(TRAFFIC, NETWORK));
    final InMemoryPersonalDataSource profile = new InMemoryPersonalDataSource("profile", Set.of(CONTACT, DEVICE));
    final InMemoryPersonalDataSource delivery = new InMemoryPersonalDataSource("delivery", Set.of(DELIVERY));
    final InMemoryPersonalDataSource web = new InMemoryPersonalDataSource("web",
            Set.of(ANALYTICS_COOKIES, SESSION_STATE_COOKIES));
    final PrivacyKit kit;
    private final UnaryOperator<PrivacyKit.Builder> more;

    RetentionFixture(Instant start) {
        this(start, UnaryOperator.identity(), List.of());
    }

    RetentionFixture(Instant start, UnaryOperator<Stores> stores, List<PersonalDataSource> extra) {
        this(Policy.clickPhoneDefault(), start, stores, extra);
    }

    RetentionFixture(Policy policy, Instant start, UnaryOperator<Stores> stores, List<PersonalDataSource> extra) {
        this(policy, start, stores, extra, UnaryOperator.identity());
    }

    /** With more settings on the builder (key settings, for instance). */
    RetentionFixture(Policy policy, Instant start, UnaryOperator<Stores> stores, List<PersonalDataSource> extra,
            UnaryOperator<PrivacyKit.Builder> more) {
        this.clock = MutableClock.of(start);
        this.stores = stores.apply(InMemoryStores.create());
        this.more = more;
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(policy).stores(this.stores)
                .clock(clock).source(billing).source(cdr).source(profile).source(delivery).source(web);
        extra.forEach(builder::source);
        this.kit = more.apply(builder).build();
    }

    /** Another kit on the same stores and clock, as after a restart or on another instance. */
    PrivacyKit restarted() {
        return more.apply(PrivacyKit.builder().policy(kit.policy()).stores(stores).clock(clock).source(billing)
                .source(cdr).source(profile).source(delivery).source(web)).build();
    }

    RetentionSchedule retention() {
        return kit.retention();
    }

    /** A time in Bucharest. */
    static Instant bucharest(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BUCHAREST).toInstant();
    }

    /** Puts a data key for a (subject, scope) in the key store, as a first encryption would. */
    void keyFor(SubjectId subject, String scope) {
        stores.subjectKeys().putIfAbsent(new StoredKey(subject, KeyScope.of(scope), 1, new WrappedKey("kek", 1, "AAAA"),
                clock.instant()));
    }

    /** Whether the key versions made so far are gone (retired by a retention shred, or destroyed). */
    boolean keyDestroyed(SubjectId subject, String scope) {
        return stores.subjectKeys().retiredThrough(subject, KeyScope.of(scope)) > 0
                && stores.subjectKeys().latest(subject, KeyScope.of(scope)).isEmpty()
                || stores.subjectKeys().isDestroyed(subject, KeyScope.of(scope));
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
