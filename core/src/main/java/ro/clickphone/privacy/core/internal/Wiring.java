package ro.clickphone.privacy.core.internal;

import java.lang.invoke.MethodHandles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.access.AccessControl;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.notify.Notifications;
import ro.clickphone.privacy.core.notify.internal.NotifyParts;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.retention.RetentionSchedule;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.account.DesignationRegistry;
import ro.clickphone.privacy.spi.account.TransferNoticeRegister;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * The factories of the audit trail, the consent ledger, access control, the retention schedule and the
 * notifications facade, which users get from
 * the kit and never build themselves: their constructors are package-private, and each class hands
 * its factory here when it is initialized (the JDK's "shared secrets" pattern). Only the kit and
 * core's own tests call these; the package is not exported, and on the class path, where a module
 * boundary does not hold, every method checks its caller's class (not its package, which any jar
 * can claim): a factory is registered only by the class it builds, from its static initializer,
 * and handed only to {@link PrivacyKit}. Core's tests build their parts the same way, through a kit
 * or the package-private factories.
 *
 * <p>This is the one piece of static state in the SDK, and it holds code, never data: the three
 * factories are the same for every kit in the JVM.
 */
public final class Wiring {

    /** Opens audit trails, and hands the kit the trail's signer for receipts. */
    public interface Audit {

        /**
         * Opens a trail over a store.
         *
         * @param store the store
         * @param settings signer, subject-pseudonym key, checkpoint interval
         * @param clock the clock
         * @param metrics told of appends and the checkpoint lag
         * @return the trail
         */
        AuditTrail open(AuditLogStore store, AuditSettings settings, Clock clock, PrivacyMetrics metrics);

        /**
         * The signer in audit settings, which the kit also gives its ledger for receipts. It takes
         * the settings, never a trail: only the code that made the settings (and so already holds
         * the signer) can get it, never a holder of the kit.
         *
         * @param settings the settings the kit was built with
         * @return their signer
         */
        Signer signer(AuditSettings settings);

        /**
         * The subject-pseudonym key in audit settings, from which the kit derives the key that seals
         * the erasure ledger's subject references: a key that outlives every backup of the main
         * stores and that no erasure destroys. As for {@link #signer}, only the code that made the
         * settings (and so holds the key) can get it.
         *
         * @param settings the settings the kit was built with
         * @return their subject-pseudonym key
         */
        SecretBytes pseudonymKey(AuditSettings settings);
    }

    /** Opens consent ledgers. */
    @FunctionalInterface
    public interface Consent {

        /**
         * Opens a ledger.
         *
         * @param archive every policy version
         * @param clock the clock
         * @param store the consent store
         * @param audit the audit trail
         * @param receipts signs consent receipts
         * @param accounts the account directory
         * @param grants role grants, for staff recording on a subject's behalf
         * @param settings cache, staleness and seal-key settings
         * @param fields encrypts personal evidence under the subject's key; null without key settings
         * @param withdrawals called after each withdrawal is stored and audited
         * @param metrics told of each check's latency and verdict
         * @return the ledger
         */
        ConsentLedger open(PolicyArchive archive, Clock clock, ConsentStore store, AuditTrail audit, Signer receipts,
                AccountDirectory accounts, AccessPolicy grants, ConsentSettings settings, FieldEncryptor fields,
                Withdrawals withdrawals, PrivacyMetrics metrics);
    }

    /**
     * What the consent ledger calls after it stored and audited a withdrawal: retention resolves the
     * subject's tags kept until consent is withdrawn. The ledger catches and logs what it throws, so
     * that a failing hook never loses or fails the withdrawal.
     */
    @FunctionalInterface
    public interface Withdrawals {

        /** Does nothing: a ledger without retention. */
        Withdrawals NONE = (subject, purpose, at) -> { };

        /**
         * A withdrawal was recorded.
         *
         * @param subject the subject
         * @param purpose the purpose withdrawn
         * @param at when it takes effect
         */
        void withdrawn(SubjectId subject, Purpose purpose, Instant at);
    }

    /**
     * Destroys, for retention, the versions of a (subject, key scope) data key made so far, leaving
     * the slot able to take a new version (no tombstone: erasure alone leaves one).
     */
    public interface Shredder {

        /**
         * Retires the key versions up to and including {@code throughVersion}: the newest one seen when
         * the disposal was planned, so that a version the subject made since stays.
         *
         * @param subject the subject
         * @param scope the key scope
         * @param throughVersion the highest version to retire; 0 retires nothing
         * @return the versions destroyed now (0 if none)
         */
        int shred(SubjectId subject, KeyScope scope, int throughVersion);

        /**
         * The newest version of the key.
         *
         * @param subject the subject
         * @param scope the key scope
         * @return its version and creation time, or empty if the slot has no key
         */
        java.util.Optional<ro.clickphone.privacy.spi.keys.StoredKey> latestKey(SubjectId subject, KeyScope scope);

        /**
         * Whether the (subject, scope) was destroyed for good (erasure's shred, a tombstone): every
         * version is gone and none will be made, so a record under it is crypto-shredded already.
         *
         * @param subject the subject
         * @param scope the key scope
         * @return whether the slot is destroyed
         */
        boolean isDestroyed(SubjectId subject, KeyScope scope);
    }

    /** Opens retention schedules, and gives the ledger their withdrawal hook. */
    public interface Retention {

        /**
         * Opens a retention schedule.
         *
         * @param policy the policy in force
         * @param clock the clock
         * @param store the retention store
         * @param audit the audit trail
         * @param sources the sources by name
         * @param shredder destroys data keys
         * @param clockSkew how far in the future an anchor may lie
         * @param consent the consent ledger, which the sweep reconciles consent-bound tags against
         * @param consentEvents the consent store, for the effective time of a withdrawal
         * @param contacts the contact directory, whose entry a sweep removes with a subject's last contact data
         * @param metrics told of each sweep's progress and end
         * @return the schedule
         */
        RetentionSchedule open(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
                Map<String, PersonalDataSource> sources, Shredder shredder, Duration clockSkew,
                ConsentLedger consent, ConsentStore consentEvents, ContactDirectory contacts, PrivacyMetrics metrics);

        /**
         * The hook through which a schedule hears of withdrawals.
         *
         * @param schedule the schedule
         * @return its hook
         */
        Withdrawals withdrawals(RetentionSchedule schedule);
    }

    /** Opens access control. */
    @FunctionalInterface
    public interface Access {

        /**
         * Opens access control.
         *
         * @param policy the policy in force at an instant
         * @param grants role grants
         * @param accounts the account directory
         * @param designations the designation registry
         * @param notices the transfer notice register
         * @param consent the consent ledger
         * @param audit the audit trail
         * @param clock the clock
         * @return the access control
         */
        AccessControl open(Function<Instant, Policy> policy, AccessPolicy grants, AccountDirectory accounts,
                DesignationRegistry designations, TransferNoticeRegister notices, ConsentLedger consent,
                AuditTrail audit, Clock clock);
    }

    /** Opens the notifications facade over the kit's parts. */
    @FunctionalInterface
    public interface Notify {

        /**
         * Opens the facade.
         *
         * @param parts the policy, clock, ledger, trail, stores, renderer, sealer, channels and dispatcher
         * @return the facade
         */
        Notifications open(NotifyParts parts);
    }

    private static volatile Audit audit;
    private static volatile Notify notify;
    private static volatile Consent consent;
    private static volatile Access access;
    private static volatile Retention retention;

    private Wiring() {
    }

    /**
     * Called once by {@link AuditTrail}'s initializer.
     *
     * @param factory the factory
     */
    public static void register(Audit factory) {
        requireCaller(AuditTrail.class);
        audit = once(audit, factory);
    }

    /**
     * Called once by {@link ConsentLedger}'s initializer.
     *
     * @param factory the factory
     */
    public static void register(Consent factory) {
        requireCaller(ConsentLedger.class);
        consent = once(consent, factory);
    }

    /**
     * Called once by {@link AccessControl}'s initializer.
     *
     * @param factory the factory
     */
    public static void register(Access factory) {
        requireCaller(AccessControl.class);
        access = once(access, factory);
    }

    /**
     * Called once by {@link RetentionSchedule}'s initializer.
     *
     * @param factory the factory
     */
    public static void register(Retention factory) {
        requireCaller(RetentionSchedule.class);
        retention = once(retention, factory);
    }

    /**
     * Called once by {@link Notifications}'s initializer.
     *
     * @param factory the factory
     */
    public static void register(Notify factory) {
        requireCaller(Notifications.class);
        notify = once(notify, factory);
    }

    /**
     * The notifications facade's factory.
     *
     * @return the factory
     */
    public static Notify notifications() {
        requireKit();
        initialize(Notifications.class);
        return notify;
    }

    /**
     * The retention schedule's factory.
     *
     * @return the factory
     */
    public static Retention retention() {
        requireKit();
        initialize(RetentionSchedule.class);
        return retention;
    }

    /**
     * The audit trail's factory.
     *
     * @return the factory
     */
    public static Audit audit() {
        requireKit();
        initialize(AuditTrail.class);
        return audit;
    }

    /**
     * The consent ledger's factory.
     *
     * @return the factory
     */
    public static Consent consent() {
        requireKit();
        initialize(ConsentLedger.class);
        return consent;
    }

    /**
     * Access control's factory.
     *
     * @return the factory
     */
    public static Access access() {
        requireKit();
        initialize(AccessControl.class);
        return access;
    }

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The class that called the public method that called the check that called this. */
    private static Class<?> caller() {
        return STACK.walk(frames -> frames.skip(3).findFirst().orElseThrow().getDeclaringClass());
    }

    /** Each class registers from its own static initializer: the caller is the class itself. */
    private static void requireCaller(Class<?> owner) {
        if (caller() != owner) {
            throw new IllegalCallerException("Only " + owner.getSimpleName() + " registers its factory");
        }
    }

    /** The kit is the one class that opens capabilities. */
    private static void requireKit() {
        if (caller() != PrivacyKit.class) {
            throw new IllegalCallerException("The kit's wiring is for PrivacyKit only; build a kit");
        }
    }

    private static <T> T once(T current, T factory) {
        if (current != null) {
            throw new IllegalStateException("A factory is registered once, by its own class");
        }
        return factory;
    }

    private static void initialize(Class<?> type) {
        try {
            MethodHandles.lookup().ensureInitialized(type);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("core cannot initialize its own class " + type.getSimpleName(), e);
        }
    }
}
