package ro.clickphone.privacy.core.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.access.AccessPolicy;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.internal.KitContexts;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.ObjectionRule;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RecipientKind;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.Signer;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;

/**
 * The consent ledger ({@code kit.consent()}): records grants, withdrawals, objections and
 * restrictions with their proof, and answers purpose checks.
 *
 * <h2>Checks</h2>
 * {@link #check(SubjectId, Purpose, Instant)} decides from the ledger events in effect at the
 * instant (the latest by effective time wins) and the policy version in force then:
 * <ul>
 *   <li>consent-based purposes: PERMIT only while a grant stands; a withdrawal counts from its
 *       effective time on, never before (art. 7(3)); a grant given under a policy version after
 *       which the purpose changed materially no longer counts (RECONSENT_REQUIRED); an objection to
 *       direct marketing denies regardless;</li>
 *   <li>legitimate interests or public task: PERMIT unless an objection stands;</li>
 *   <li>contract, legal obligation, vital interests: PERMIT, but a restriction (art. 18) denies all
 *       but consented purposes and, for legal obligations, storage and legal claims (PERMIT with
 *       RESTRICTED_LEGAL_OBLIGATION); the contract purposes the policy marks
 *       {@code continuesWhenRestricted} (security alerts, contract notices) go on too (PERMIT with
 *       RESTRICTION_EXEMPT);</li>
 *   <li>a purpose the policy in force does not declare: DENY UNDECLARED_PURPOSE;</li>
 *   <li>any purpose, whatever its basis, while a change of it that diminishes rights is in effect
 *       (made by the version in force or an earlier one, {@link PolicyArchive#rightsDiminishedSince}):
 *       DENY RIGHTS_DIMINISHED until a grant of the subject marked as explicit consent stands (in
 *       effect, with no withdrawal after it; a later plain grant does not cancel it), recorded under
 *       the version that made the change or a later one, or agreeing to it ahead while it was
 *       announced ({@link ConsentProof#withAnnouncedVersion}; such a grant counts from the first
 *       instant of that version, and no check before then sees it);
 *       then the rules above.</li>
 * </ul>
 *
 * <h2>Integrity and pseudonymous storage</h2>
 * The store holds every event in pseudonymous, sealed form: the subject and a subject or delegate
 * actor as keyed references (the audit trail's subject references), the personal evidence (the
 * network and the user agent) as ciphertext under the subject's data key of the key scope of
 * category {@code NETWORK} (so erasure is a shred of that key and rewrites no event), and a seal:
 * HMAC-SHA256 under the ledger's seal key ({@link ConsentSettings#withSealKey}) over all of that,
 * linked to the subject's previous event. Each event's audit entry carries the SHA-256 of the sealed
 * event ({@code eventHash}), so the audit trail's signed checkpoints cover the ledger too. When a
 * subject's events are loaded, every seal and link is verified; if one fails, every check for the
 * subject denies with {@link ConsentReason#TAMPERED} (never an exception, never a permit) and the
 * failure is audited ({@code consent.tamper}).
 *
 * <h2>Cache and several instances</h2>
 * A subject's events are cached (Caffeine, bounded, each entry read again from the store after the
 * cache expiry, default 5 min). A change made through this ledger is visible to its next check at
 * once. Changes made by another instance sharing the store become visible within the staleness
 * bound (default 1 s): a check that finds the last poll of the store's change feed older than the
 * bound polls it first and evicts the subjects that changed. The feed advances only through
 * contiguous sequences: at a gap (sequence n not yet visible while n+1 is) it stops and polls again
 * from n; a gap that outlives the feed gap bound (default 10 s) flushes the whole cache and is
 * passed, and the cache expiry bounds what it could still hide.
 * A check reads the monotonic clock once (for the staleness bound and the expiry, which counts from
 * when the subject was read from the store) and, for "now", the wall clock once. Each cached subject
 * memoizes its last decision for one purpose with the window of instants in which none of its events
 * starts counting and no policy version starts; a check at an instant in that window is answered from
 * the memo. The memo is held by the cached subject itself, so whatever drops the subject from the
 * cache (a change through this ledger, the change feed, the expiry, an eviction) drops its memo too.
 *
 * <h2>Recording</h2>
 * Every event is stored, then audited. The actor must be the subject, a delegate administering the
 * subject's account as a delegate recipient of the policy (a PBX administrator), or staff
 * recording on the subject's behalf (phone, paper, e-mail to the DPO): staff act as an internal
 * recipient of the policy with a role the access policy grants the recording purpose
 * ({@link ConsentSettings#withRecordingPurpose}), and a grant they record
 * carries the reference of the document that proves it. An effective time may lie ahead by the
 * clock skew at most and then counts from the recording (the claimed time goes to the audit entry);
 * it may lie back by the back-dating bound (default one day) without a document reference.
 * A refused attempt is audited as DENIED. Only a consent-based purpose can be granted or withdrawn,
 * or another purpose while a change diminishing rights waits for the subject's consent; only a
 * purpose open to objection (or direct marketing on consent) can be objected to. Events from before
 * the ledger (an existing customer base) are imported with their true dates through
 * {@link #importHistorical}, outside the back-dating bound.
 * A grant may be marked as explicit consent ({@link ConsentProof#withExplicitConsent()}, GDPR
 * art. 9(2)(a)) when it names the form or document of the express statement, and only by the
 * subject, or by staff transcribing the subject's own document (its reference given); a delegate or
 * anyone else is refused (audited DENIED). The marker is sealed with the event and reported by
 * {@link ConsentDecision#explicitConsent()}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ConsentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentLedger.class);
    private static final Actor CHECK_ACTOR = Actor.system("consent-check", Set.of());
    private static final int FEED_PAGE = 1000;
    private static final int RECONCILE_PAGE = 4096;
    /** The most events one import takes: a batch is checked whole in memory before any is stored. */
    public static final int MAX_IMPORT = 10_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DataCategory EVIDENCE_CATEGORY = DataCategory.of(KitContexts.CONSENT_EVIDENCE_CATEGORY);
    /** One Optional per basis, made once: a decision per check should not allocate one. */
    private static final Map<LegalBasis, Optional<LegalBasis>> BASES = new EnumMap<>(LegalBasis.class);

    static {
        for (LegalBasis basis : LegalBasis.values()) {
            BASES.put(basis, Optional.of(basis));
        }
        Wiring.register((archive, clock, store, audit, receipts, accounts, grants, settings, fields, withdrawals,
                metrics) -> create(archive, clock, store, audit, receipts, accounts, grants, settings, fields,
                        System::nanoTime).withWithdrawals(withdrawals).withMetrics(metrics));
    }

    private final PolicyArchive archive;
    private final Clock clock;
    private final ConsentStore store;
    private final AuditTrail audit;
    private final ConsentReceipts receipts;
    private final AccountDirectory accounts;
    private final AccessPolicy grants;
    private final Purpose recordingPurpose;
    /** Imported events take effect before this; null refuses every import. */
    private final Instant importCutoff;
    private final Duration clockSkew;
    private final Duration backdatingBound;
    private final long stalenessNanos;
    /** How long a cached subject is served after it was read from the store. */
    private final long expiryNanos;
    private final long feedGapNanos;
    private final ConsentSeal seal;
    /** Encrypts personal evidence under the subject's key; null in a kit without key settings. */
    private final FieldEncryptor fields;
    private final int auditEveryNthCheck;
    private final LongSupplier nanoTime;
    /**
     * Keyed by subject, so that a cached check costs one look-up (the subject reference would cost a
     * second cache look-up, or an HMAC, per check).
     */
    private final Cache<SubjectId, CachedConsent> cache;
    /**
     * The subject of each reference that may be cached, for the change feed, which knows subjects by
     * reference only. A superset of the cache's keys: an entry is put before a subject is read from
     * the store (inside the cache's atomic load), removed before the subject is invalidated, and
     * removed inside the cache's atomic eviction (size, expiry).
     */
    private final ConcurrentHashMap<String, SubjectId> cachedRefs = new ConcurrentHashMap<>();
    /** The cache loader, made once: a lambda per check would allocate on the hot path. */
    private final Function<SubjectId, CachedConsent> loader;
    private final PolicyTimeline timeline;
    private final SecureRandom random = new SecureRandom();

    private final ReentrantLock pollLock = new ReentrantLock();
    private volatile long lastPollNanos;
    private volatile long lastSeenSequence;
    /** When the feed first stopped at the gap it still waits for, by {@link #nanoTime}; 0 when none. */
    private long gapSinceNanos;
    /** The last contiguous sequence before the gap the feed waits for. */
    private long gapAfter;
    private boolean inGap;
    private final AtomicLong checks = new AtomicLong();
    /** Told of each withdrawal once it is stored and audited (retention); set once by the kit. */
    private volatile Wiring.Withdrawals withdrawals = Wiring.Withdrawals.NONE;
    /** Told of each check's latency and verdict; set once by the kit, before the ledger is handed out. */
    private PrivacyMetrics metrics = PrivacyMetrics.NONE;

    private ConsentLedger(PolicyArchive archive, Clock clock, ConsentStore store, AuditTrail audit, Signer receipts,
            AccountDirectory accounts, AccessPolicy grants, ConsentSettings settings, FieldEncryptor fields,
            LongSupplier nanoTime) {
        this.archive = archive;
        this.clock = clock;
        this.store = store;
        this.audit = audit;
        Ed25519Signer receiptSigner = settings.receiptSigner()
                .orElseGet(() -> receipts instanceof Ed25519Signer ed ? ed : null);
        if (receiptSigner == null) {
            throw new ConfigurationException("Consent receipts need an asymmetric signer, so that a third party can"
                    + " check them: give consent(ConsentSettings.defaults().withReceiptSigner(Ed25519Signer,"
                    + " validFrom))"
                    + " or an Ed25519 audit signer to the kit builder");
        }
        this.receipts = new ConsentReceipts(archive, clock, store, receiptSigner, settings.receiptSigner().isPresent()
                ? settings.receiptSignerFrom() : Instant.EPOCH, settings.retiredReceiptKeys(), receipts, this);
        this.accounts = accounts;
        this.grants = grants;
        this.recordingPurpose = settings.recordingPurpose();
        this.importCutoff = settings.importCutoff().orElse(null);
        this.clockSkew = settings.clockSkew();
        this.backdatingBound = settings.backdatingBound();
        this.stalenessNanos = settings.staleness().toNanos();
        this.expiryNanos = settings.cacheExpiry().toNanos();
        this.feedGapNanos = settings.feedGapBound().toNanos();
        this.seal = new ConsentSeal(settings.sealKey().orElseThrow());
        this.fields = fields;
        this.auditEveryNthCheck = settings.auditEveryNthCheck();
        this.nanoTime = nanoTime;
        // The expiry a check enforces is exact: it compares the subject's load time with the clock
        // read it makes for the staleness bound. Caffeine's own expiry only drops subjects nobody
        // checks any more; its ticker is the time of the last feed poll, a field read rather than a
        // second clock read per check, which lags the monotonic clock by less than the staleness
        // bound whenever a check reads the cache.
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheSize())
                .expireAfterWrite(settings.cacheExpiry()).ticker(() -> lastPollNanos)
                .<SubjectId, CachedConsent>evictionListener((subject, events, cause) -> {
                    if (subject != null) {
                        cachedRefs.remove(audit.subjectRef(subject), subject);
                    }
                }).build();
        this.loader = subject -> {
            String ref = audit.subjectRef(subject);
            cachedRefs.put(ref, subject);
            try {
                // Read before the store: the expiry then counts from no later than what the store showed.
                long loadedNanos = nanoTime.getAsLong();
                return new CachedConsent(load(ref, subject), loadedNanos);
            } catch (RuntimeException e) {
                // Nothing is cached for the subject (a store failure): drop the entry, or an outage
                // would leave one per subject checked.
                cachedRefs.remove(ref, subject);
                throw e;
            }
        };
        this.timeline = new PolicyTimeline(archive);
        // Start a page back: a sequence taken but not yet committed when this instance starts is then
        // waited for like any other gap, instead of lying behind the feed's start.
        this.lastSeenSequence = Math.max(0, store.lastSequence() - FEED_PAGE);
        this.lastPollNanos = nanoTime.getAsLong();
    }

    /**
     * Creates a ledger. Not API: users get the ledger from the kit, which opens it through
     * {@link Wiring}; core's tests call this directly.
     *
     * @param archive every version of the policy
     * @param clock the clock
     * @param store where events are kept
     * @param audit where every event is audited
     * @param receipts signs consent receipts (the kit gives its audit trail's signer)
     * @param accounts which account each subject belongs to, to check delegates
     * @param grants the role grants, to check staff recording on a subject's behalf
     * @param settings staleness, clock skew, audited checks, cache and the seal key, checked by
     *     {@link ConsentSettings}
     * @param fields encrypts personal evidence under the subject's key; null in a kit without keys,
     *     which then refuses network and user-agent evidence
     * @param nanoTime a monotonic clock for the staleness bound and the cache expiry ({@code System::nanoTime})
     * @return the ledger
     * @throws InvalidInputException if an argument other than {@code fields} is null
     * @throws ConfigurationException if the settings have no seal key
     */
    static ConsentLedger create(PolicyArchive archive, Clock clock, ConsentStore store, AuditTrail audit,
            Signer receipts, AccountDirectory accounts, AccessPolicy grants, ConsentSettings settings,
            FieldEncryptor fields, LongSupplier nanoTime) {
        if (archive == null || clock == null || store == null || audit == null || receipts == null
                || accounts == null || grants == null || settings == null || nanoTime == null) {
            throw new InvalidInputException("consentLedger", "archive, clock, store, audit, receipts, accounts,"
                    + " grants, settings and nanoTime must not be null");
        }
        if (!settings.hasSealKey()) {
            throw new ConfigurationException("The consent ledger needs a seal key: give"
                    + " consent(ConsentSettings.defaults().withSealKey(key)) to the kit builder");
        }
        return new ConsentLedger(archive, clock, store, audit, receipts, accounts, grants, settings, fields, nanoTime);
    }

    /** Sets the withdrawal hook; the kit's wiring calls this once, before the ledger is handed out. */
    private ConsentLedger withWithdrawals(Wiring.Withdrawals hook) {
        this.withdrawals = hook == null ? Wiring.Withdrawals.NONE : hook;
        return this;
    }

    /** Sets the metrics listener; the kit's wiring calls this once, before the ledger is handed out. */
    private ConsentLedger withMetrics(PrivacyMetrics listener) {
        this.metrics = listener == null ? PrivacyMetrics.NONE : listener;
        return this;
    }

    // --- recording ---------------------------------------------------------------------------------

    /**
     * How far before its recording an event may be dated without a document reference
     * ({@link ConsentSettings#withBackdatingBound}, default one day). Access control bounds the
     * dating of transfer notices by the same value.
     *
     * @return the back-dating bound
     */
    public Duration backdatingBound() {
        return backdatingBound;
    }

    /**
     * Records that the subject gave consent to a consent-based purpose, or agreed to a change
     * diminishing rights of a purpose on another basis (which is refused while no such change is in
     * effect at the effective time). A grant marked as explicit consent may agree to such a change
     * ahead, while the version that makes it is announced and not yet in force
     * ({@link ConsentProof#withAnnouncedVersion}): the version must be in the archive, take effect
     * after now and mark a change of the purpose as diminishing rights; the grant is stored under
     * that version's label and counts from its first instant (audited DENIED with reason
     * {@code ANNOUNCED_NOT_EXPLICIT_GRANT}, {@code ANNOUNCED_VERSION_UNKNOWN},
     * {@code ANNOUNCED_VERSION_IN_FORCE} or {@code ANNOUNCED_NOT_DIMINISHING} otherwise).
     *
     * @param subject the subject
     * @param purpose a purpose the policy declares consent-based, or one with a change diminishing
     *     rights in effect
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future, or
     *     the proof names an announced version without being marked as explicit consent
     * @throws PolicyViolationException if the purpose is undeclared, or neither consent-based nor
     *     waiting for consent after a diminishing change, or the actor may not act for the subject,
     *     or the announced version the proof names is not archived, is in force already or does not
     *     diminish rights of the purpose
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent grant(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return record(ConsentEventType.GRANT, subject, requirePurpose(purpose), proof);
    }

    /**
     * Records that the subject withdrew consent, for the future only. As easy as granting: same
     * call shape, same channels. The agreement to a change diminishing rights of a purpose on another
     * basis is withdrawn the same way, while the change is in effect or announced (its version in
     * the archive, not yet in force).
     *
     * @param subject the subject
     * @param purpose a consent-based purpose, or one with a change diminishing rights in effect or
     *     announced
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the purpose is undeclared or not consent-based, or the actor
     *     may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent withdraw(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return record(ConsentEventType.WITHDRAW, subject, requirePurpose(purpose), proof);
    }

    /**
     * Records an objection (art. 21) to processing for a purpose.
     *
     * @param subject the subject
     * @param purpose a purpose on legitimate interests or a public task, or direct marketing on consent
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the purpose is undeclared or not open to objection, or the
     *     actor may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent object(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return record(ConsentEventType.OBJECT, subject, requirePurpose(purpose), proof);
    }

    /**
     * Lifts an objection: the subject changed their mind, or the controller showed compelling
     * legitimate grounds (art. 21(1)).
     *
     * @param subject the subject
     * @param purpose the purpose objected to
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the purpose is undeclared or not open to objection, or the
     *     actor may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent liftObjection(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return record(ConsentEventType.LIFT_OBJECTION, subject, requirePurpose(purpose), proof);
    }

    /**
     * Records a restriction of all processing of the subject's data (art. 18).
     *
     * @param subject the subject
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the actor may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent restrict(SubjectId subject, ConsentProof proof) {
        return record(ConsentEventType.RESTRICT, subject, Optional.empty(), proof);
    }

    /**
     * Lifts a restriction (art. 18(3)).
     *
     * @param subject the subject
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the actor may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent liftRestriction(SubjectId subject, ConsentProof proof) {
        return record(ConsentEventType.LIFT_RESTRICTION, subject, Optional.empty(), proof);
    }

    /**
     * Imports consent events that happened before this ledger kept them (an existing customer base's
     * consents, with their true dates), exempt from the back-dating bound but sealed, linked and
     * stored like every other event.
     *
     * <p>The importer must be staff acting as an internal recipient of the policy in force now, or a
     * system job, with a role the access policy grants the import
     * ({@link AccessPolicy.Builder#grantConsentImport}); a subject, a delegate, a processor or an
     * authority never imports. The ledger must have an import cutoff
     * ({@link ConsentSettings#withImportCutoff}, its go-live); without one every import is refused.
     * A refused importer, a missing cutoff or a malformed argument is audited as DENIED and stores
     * nothing.
     *
     * <p>Every event is checked before any is stored: its proof gives the time it took effect, not
     * after now and before the import cutoff; before the subject's first event recorded through the
     * ledger (not imported), so that an import never outranks what the ledger already knows; a
     * policy version of the archive was in force then (an event before the first version is refused:
     * add the version then in force to the archive to import it); that version declares the purpose,
     * and the event applies to it (as for {@link #grant}); the proof's actor is the subject, a
     * delegate recipient of that version acting for the subject's account (as the account directory
     * has it now), or staff as an internal recipient of that version. A lifted restriction or objection
     * needs a document reference of its own; the explicit-consent marker is kept only on a grant with
     * a document reference of its own (the batch's reference proves the export, not an express
     * statement). One bad event refuses the whole batch with a {@link ConsentImportException} naming
     * its index and the rule, audited as DENIED. An event whose evidence has no document reference
     * carries the batch's.
     *
     * <p>An imported event's id is made from what it says (the subject, the type, the purpose, the
     * effective time, the policy version, the channel, the actor, the form id, its own reference, the
     * marker; not the network and user agent, not its place in the batch, not the batch's
     * reference), under the seal key, with a marker of the import call and a tag that tells the ledger
     * the event was imported. An event the store already holds for the subject, the same purpose (or
     * restriction) and the same kind (consent, objection, restriction) at the same instant counts as
     * already present if it says the same, and refuses the batch ({@code CONFLICT}) if it says
     * something else: a batch imported again, whole or in part, under any reference, stores only what
     * is new, and an edited one is refused, not merged.
     *
     * <p>The batch is audited with one entry ({@code consent.import}, no subject): the importer, the
     * document reference, the call's marker ({@code batch}), the number of events ({@code count}),
     * of those newly stored ({@code stored}) and already present ({@code present}), and the SHA-256
     * over the newly stored events' ids and hashes ({@code batchDigest}), which
     * {@link #reconcileWithAudit()} recomputes from the store. A store failure part-way leaves the
     * events stored before it (each durable and sealed), writes a FAILED entry with the same details
     * for them, and throws: import the same batch again, and the events already stored are kept, not
     * doubled.
     *
     * @param importer who imports: staff or a system job with a role granted the import
     * @param events the events, at most {@value #MAX_IMPORT}, stored in the given order
     * @param documentReference the reference of the source the batch comes from (the export of the
     *     old system, the DPO's decision), as a consent evidence reference has it
     * @return the stored events, in the given order (an event already present as the store has it)
     * @throws InvalidInputException if an argument is null, the batch is empty or too large, or the
     *     document reference is malformed
     * @throws ConsentImportException if an event breaks a rule; nothing was stored
     * @throws PolicyViolationException if the importer may not import; nothing was stored
     * @throws ConfigurationException if the ledger has no import cutoff, or an event has network or
     *     user-agent evidence and the kit has no key settings; nothing was stored
     * @throws IntegrityException if the store returns another event for a new event's id
     * @throws StoreException if the store or the audit trail failed
     */
    public List<ConsentEvent> importHistorical(Actor importer, List<HistoricalConsentEvent> events,
            String documentReference) {
        if (importer == null) {
            throw new InvalidInputException("consent.importHistorical", "importer, events and document reference"
                    + " must not be null");
        }
        String action = "consent.import";
        AuditEvent refusal = AuditEvent.of(importer, action, AuditOutcome.DENIED);
        try {
            if (events == null || documentReference == null) {
                throw new InvalidInputException("consent.importHistorical", "importer, events and document"
                        + " reference must not be null");
            }
            if (events.isEmpty() || events.size() > MAX_IMPORT) {
                throw new InvalidInputException("events", "must hold 1 to " + MAX_IMPORT + " events; split a larger"
                        + " batch");
            }
            new ConsentEvidence(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(documentReference));
        } catch (InvalidInputException e) {
            // The malformed reference is not echoed into the trail.
            audit.record(refusal.withDetail("reason", "INVALID_INPUT"));
            throw e;
        }
        Instant now = clock.instant();
        refusal = refusal.withDetail("documentReference", documentReference)
                .withDetail("count", Integer.toString(events.size()));
        try {
            checkImporter(importer, now);
        } catch (PolicyViolationException e) {
            audit.record(refusal.withDetail("reason", "POLICY_VIOLATION"));
            throw e;
        }
        if (importCutoff == null) {
            audit.record(refusal.withDetail("reason", "NO_IMPORT_CUTOFF"));
            throw new ConfigurationException("The consent ledger imports historical events only before its go-live:"
                    + " give consent(ConsentSettings...withImportCutoff(instant)) to the kit builder");
        }
        byte[] marker = new byte[4];
        random.nextBytes(marker);
        String batch = HexFormat.of().formatHex(marker);
        Map<String, SubjectConsent> loaded = new HashMap<>();
        Map<String, String> slots = new HashMap<>();
        List<Planned> plan = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                plan.add(historical(i, events.get(i), now, documentReference, batch, loaded, slots));
            } catch (ConsentImportException e) {
                audit.record(refusal.withDetail("reason", "INVALID_EVENT").withDetail("index", Integer.toString(i))
                        .withDetail("rule", e.brokenRule().name()));
                throw e;
            } catch (ConfigurationException e) {
                audit.record(refusal.withDetail("reason", "CONFIGURATION").withDetail("index", Integer.toString(i)));
                throw e;
            }
        }
        Map<String, String> lastSeals = new HashMap<>();
        Map<String, ConsentEvent> byId = new HashMap<>();
        List<ConsentEvent> fresh = new ArrayList<>();
        List<ConsentEvent> stored = new ArrayList<>(events.size());
        for (Planned p : plan) {
            ConsentEvent e = p.event();
            String ref = e.subject().value();
            ConsentEvent s;
            if (p.present()) {
                s = byId.containsKey(e.id()) ? byId.get(e.id()) : store.find(e.id()).orElseThrow(
                        () -> new IntegrityException("An imported consent event the store listed is gone"));
            } else {
                String sealed = seal.seal(e, lastSeals.computeIfAbsent(ref, r -> loaded.get(r).lastSeal));
                try {
                    s = store.append(withSeal(e, sealed));
                } catch (StoreException failure) {
                    auditImportFailed(importer, documentReference, batch, events.size(), fresh, stored.size());
                    throw failure;
                }
                cachedRefs.remove(ref);
                cache.invalidate(p.subject());
                if (!s.seal().equals(sealed)) {
                    auditImportFailed(importer, documentReference, batch, events.size(), fresh, stored.size());
                    throw new IntegrityException("The consent store returned another event for an imported event's"
                            + " id");
                }
                lastSeals.put(ref, sealed);
                fresh.add(s);
            }
            byId.put(s.id(), s);
            ConsentEvidence kept = s.evidence();
            ConsentEvidence clear = new ConsentEvidence(p.clear().network(), p.clear().userAgent(), kept.formId(),
                    kept.reference()).withExplicit(kept.explicit());
            stored.add(new ConsentEvent(s.id(), s.sequence(), p.subject(), s.type(), s.purpose(), s.effectiveAt(),
                    s.recordedAt(), s.policyVersion(), s.channel(), p.actor(), clear, s.seal()));
        }
        audit.record(importEntry(importer, AuditOutcome.SUCCESS, documentReference, batch, events.size(), fresh,
                stored.size() - fresh.size()));
        return stored;
    }

    /** A checked historical event: its stored form (unsealed), or an event already stored with that id. */
    private record Planned(ConsentEvent event, SubjectId subject, Actor actor, ConsentEvidence clear,
            boolean present) {
    }

    private void auditImportFailed(Actor importer, String documentReference, String batch, int count,
            List<ConsentEvent> fresh, int done) {
        try {
            audit.record(importEntry(importer, AuditOutcome.FAILED, documentReference, batch, count, fresh,
                    done - fresh.size()));
        } catch (RuntimeException e) {
            LOG.error("An import stopped part-way with {} events stored and its audit entry failed too ({})",
                    fresh.size(), e.getClass().getSimpleName());
        }
    }

    private static AuditEvent importEntry(Actor importer, AuditOutcome outcome, String documentReference,
            String batch, int count, List<ConsentEvent> fresh, int present) {
        return AuditEvent.of(importer, "consent.import", outcome).withDetail("documentReference", documentReference)
                .withDetail("batch", batch).withDetail("count", Integer.toString(count))
                .withDetail("stored", Integer.toString(fresh.size())).withDetail("present", Integer.toString(present))
                .withDetail("batchDigest", batchDigest(fresh));
    }

    /** SHA-256 over the events' ids and hashes, in order, hex. */
    private static String batchDigest(List<ConsentEvent> events) {
        MessageDigest digest = sha256();
        for (ConsentEvent s : events) {
            digest.update((s.id() + ":" + ConsentSeal.hash(s) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Who may import: staff as an internal recipient of the policy in force now, or a system job,
     * with a role granted the import.
     */
    private void checkImporter(Actor importer, Instant now) {
        if (importer.kind() != ActorKind.STAFF && importer.kind() != ActorKind.SYSTEM) {
            throw new PolicyViolationException("Only staff or a system job import historical consent events, not a "
                    + importer.kind() + " actor");
        }
        if (importer.kind() == ActorKind.STAFF) {
            Policy current = archive.inForceAt(now).orElseThrow(() -> new PolicyViolationException(
                    "No policy version is in force now"));
            Recipient recipient = importer.recipient().orElseThrow();
            if (!current.declares(recipient) || current.recipient(recipient).kind() != RecipientKind.INTERNAL) {
                throw new PolicyViolationException("Staff import consent events only as an internal recipient the"
                        + " policy declares");
            }
        }
        if (!grants.grantsConsentImport(importer.roles())) {
            throw new PolicyViolationException("No role of the importer is granted the import of historical consent"
                    + " events (AccessPolicy.Builder.grantConsentImport)");
        }
    }

    /** One historical event, checked and in stored form (unsealed), or the rule it breaks. */
    private Planned historical(int index, HistoricalConsentEvent e, Instant now, String documentReference,
            String batch, Map<String, SubjectConsent> loaded, Map<String, String> slots) {
        if (e == null) {
            throw new ConsentImportException(index, ConsentImportException.Rule.NULL_EVENT, "must not be null");
        }
        ConsentProof proof = e.proof();
        Instant effective = proof.effectiveAt().orElseThrow(() -> new ConsentImportException(index,
                ConsentImportException.Rule.NO_EFFECTIVE_TIME, "a historical event's proof gives the time it took"
                        + " effect (withEffectiveAt)"));
        if (effective.isAfter(now)) {
            throw new ConsentImportException(index, ConsentImportException.Rule.IN_THE_FUTURE,
                    "takes effect after the import");
        }
        if (!effective.isBefore(importCutoff)) {
            throw new ConsentImportException(index, ConsentImportException.Rule.AFTER_CUTOFF,
                    "takes effect at or after the import cutoff " + importCutoff + ", when the ledger went live");
        }
        Optional<Policy> inForce;
        try {
            inForce = archive.inForceAt(effective);
        } catch (InvalidInputException outOfRange) {
            inForce = Optional.empty();
        }
        Policy policy = inForce.orElseThrow(() -> new ConsentImportException(index,
                ConsentImportException.Rule.NO_POLICY_IN_FORCE, "no policy version of the archive was in force when"
                        + " it took effect (the first takes effect on "
                        + archive.versions().get(0).version().effectiveFrom() + ")"));
        if (e.purpose().isPresent()) {
            Purpose purpose = e.purpose().get();
            if (!policy.declares(purpose)) {
                throw new ConsentImportException(index, ConsentImportException.Rule.UNDECLARED_PURPOSE,
                        "policy version " + policy.version().label() + " does not declare its purpose");
            }
            try {
                checkPurpose(e.type(), policy.purpose(purpose), awaitsConsent(policy, purpose));
            } catch (PolicyViolationException refused) {
                throw new ConsentImportException(index, ConsentImportException.Rule.PURPOSE_RULE,
                        "a " + e.type() + " event does not apply to purpose " + purpose.id() + " under version "
                                + policy.version().label());
            }
        }
        Actor actor = proof.actor();
        boolean actorFits = switch (actor.kind()) {
            case SUBJECT -> actor.id().equals(e.subject().value());
            // A delegate recipient of that version, of the subject's account as the directory knows it
            // (the only record of it).
            case DELEGATE -> policy.declares(actor.recipient().orElseThrow())
                    && policy.recipient(actor.recipient().get()).kind() == RecipientKind.DELEGATE
                    && accounts.accountOf(e.subject()).map(actor.accounts()::contains).orElse(false);
            case STAFF -> policy.declares(actor.recipient().orElseThrow())
                    && policy.recipient(actor.recipient().get()).kind() == RecipientKind.INTERNAL;
            default -> false;
        };
        if (!actorFits) {
            throw new ConsentImportException(index, ConsentImportException.Rule.ACTOR, "its proof's actor could not"
                    + " have recorded it: another subject, an external recipient or an actor of kind "
                    + actor.kind());
        }
        ConsentEvidence own = proof.evidence();
        boolean lifts = e.type() == ConsentEventType.LIFT_OBJECTION || e.type() == ConsentEventType.LIFT_RESTRICTION;
        if (lifts && own.reference().isEmpty()) {
            throw new ConsentImportException(index, ConsentImportException.Rule.OWN_REFERENCE_REQUIRED, "a "
                    + e.type() + " reopens processing and needs the reference of its own document (withReference),"
                    + " not only the batch's");
        }
        if (own.explicit() && (e.type() != ConsentEventType.GRANT || own.reference().isEmpty())) {
            throw new ConsentImportException(index, ConsentImportException.Rule.EXPLICIT_MARKER, "only a grant with"
                    + " the reference of its own document (the express statement) is imported as explicit consent,"
                    + " not a " + e.type() + (e.type() == ConsentEventType.GRANT ? " without one" : ""));
        }
        if (proof.announcedVersion().isPresent()) {
            throw new ConsentImportException(index, ConsentImportException.Rule.ANNOUNCED_VERSION, "names an announced"
                    + " policy version: an imported event is stored under the version in force when it took effect;"
                    + " an agreement to an announced change is recorded through grant(...)");
        }
        String ref = audit.subjectRef(e.subject());
        SubjectConsent known = loaded.computeIfAbsent(ref, r -> load(r, e.subject()));
        if (known.tampered) {
            throw new ConsentImportException(index, ConsentImportException.Rule.CONFLICT, "the subject's stored"
                    + " events fail verification");
        }
        Actor storedActor = storedActor(actor);
        String family = family(e.type());
        String purposeId = e.purpose().map(Purpose::id).orElse("-");
        String content = HexFormat.of().formatHex(seal.importMac("content", ref, family, purposeId,
                effective.toString(), e.type().name(), policy.version().label(), proof.channel().name(),
                storedActor.kind().name(), storedActor.id(), storedActor.recipient().map(Recipient::id).orElse("-"),
                String.join(",", storedActor.roles()),
                String.join(",", storedActor.accounts()), storedActor.legalRequest().orElse("-"),
                own.formId().orElse("-"), own.reference().orElse("-"), Boolean.toString(own.explicit()),
                Boolean.toString(own.network().isPresent()), Boolean.toString(own.userAgent().isPresent())), 0, 6);
        String id = importedId(batch, content);
        long at = SubjectConsent.epochNanos(effective);
        String present = null;
        for (int i = 0; i < known.size; i++) {
            String storedId = known.id(i);
            if (!imported(storedId)) {
                if (known.time(i) <= at) {
                    throw new ConsentImportException(index, ConsentImportException.Rule.AFTER_LEDGER_EVENTS,
                            "takes effect at or after the subject's first event recorded through the ledger");
                }
            } else if (known.time(i) == at && family(known.type(i)).equals(family)
                    && (e.purpose().isEmpty() || known.concerns(i, purposeId))) {
                if (!storedId.substring(11, 23).equals(content)) {
                    throw new ConsentImportException(index, ConsentImportException.Rule.CONFLICT, "the store holds"
                            + " an imported event of the subject for the same purpose at the same instant that says"
                            + " something else");
                }
                present = storedId;
            }
        }
        String slot = ref + "\n" + family + "\n" + purposeId + "\n" + effective;
        String earlier = slots.putIfAbsent(slot, present != null ? present : id);
        if (earlier != null) {
            if (!earlier.substring(11, 23).equals(content)) {
                throw new ConsentImportException(index, ConsentImportException.Rule.CONFLICT, "the batch holds another"
                        + " event of the subject for the same purpose at the same instant that says something else");
            }
            present = earlier;
        }
        ConsentEvidence clear = own;
        if (clear.reference().isEmpty()) {
            clear = new ConsentEvidence(clear.network(), clear.userAgent(), clear.formId(),
                    Optional.of(documentReference)).withExplicit(own.explicit());
        }
        if (present != null) {
            return new Planned(new ConsentEvent(present, 0, SubjectId.of(ref), e.type(), e.purpose(), effective, now,
                    policy.version().label(), proof.channel(), storedActor, ConsentEvidence.none()), e.subject(), actor,
                    clear, true);
        }
        ConsentEvidence evidence = storedEvidence(e.subject(), clear, policy);
        return new Planned(new ConsentEvent(id, 0, SubjectId.of(ref), e.type(), e.purpose(), effective, now,
                policy.version().label(), proof.channel(), storedActor, evidence), e.subject(), actor, clear, false);
    }

    /** The kind of fold an event belongs to: at one instant, one event of a kind per purpose counts. */
    private static String family(ConsentEventType type) {
        return switch (type) {
            case GRANT, WITHDRAW -> "consent";
            case OBJECT, LIFT_OBJECTION -> "objection";
            default -> "restriction";
        };
    }

    /**
     * An imported event's id: {@code ce-}, the import call's marker (8 hex digits), the event's
     * content digest (12), and a tag over both under the seal key (12), by which the ledger knows an
     * imported event from one it recorded (whose id is random: a false match is 2<sup>-48</sup>).
     */
    private String importedId(String batch, String content) {
        return "ce-" + batch + content + importTag(batch + content);
    }

    private String importTag(String batchAndContent) {
        return HexFormat.of().formatHex(seal.importMac("tag", batchAndContent), 0, 6);
    }

    /** Whether an event id is one {@link #importedId} made. */
    private boolean imported(String id) {
        if (id.length() != 35) {
            return false;
        }
        return MessageDigest.isEqual(importTag(id.substring(3, 23)).getBytes(StandardCharsets.US_ASCII),
                id.substring(23).getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static Optional<Purpose> requirePurpose(Purpose purpose) {
        if (purpose == null) {
            throw new InvalidInputException("purpose", "must not be null");
        }
        return Optional.of(purpose);
    }

    private ConsentEvent record(ConsentEventType type, SubjectId subject, Optional<Purpose> purpose,
            ConsentProof proof) {
        if (subject == null) {
            throw new InvalidInputException("subject", "must not be null");
        }
        if (proof == null) {
            throw new InvalidInputException("proof", "must not be null: every consent event carries its proof");
        }
        String action = "consent." + type.name().toLowerCase(Locale.ROOT);
        if (proof.explicitConsent()) {
            checkExplicit(type, proof, subject, purpose, action);
        }
        Instant now = clock.instant();
        Policy announced = proof.announcedVersion().isEmpty() ? null
                : announced(type, proof, subject, purpose, action, now);
        Instant claimed = proof.effectiveAt().orElse(now);
        if (claimed.isAfter(now.plus(clockSkew))) {
            throw new InvalidInputException("effectiveAt", "is in the future beyond the allowed clock skew of "
                    + clockSkew);
        }
        if (claimed.isBefore(now.minus(backdatingBound)) && proof.evidence().reference().isEmpty()) {
            throw new InvalidInputException("effectiveAt", "lies more than " + backdatingBound + " before its"
                    + " recording: give the reference of the signed paper form or e-mail that dates it"
                    + " (withReference)");
        }
        // Nothing takes effect before it is recorded: a time ahead within the skew is kept in the
        // audit entry as claimed, and the event counts from now, so it cannot outrank a later withdrawal.
        Instant effective = claimed.isAfter(now) ? now : claimed;
        Policy policy;
        try {
            policy = archive.inForceAt(effective).orElseThrow(() -> new PolicyViolationException(
                    "No policy version was in force at the effective time of the " + type + " event"));
            if (announced == null) {
                // An agreement to an announced version was checked against that version's change; it
                // can be withdrawn before that version takes effect, as easily as it was given.
                purpose.ifPresent(p -> checkPurpose(type, policy.purpose(p), awaitsConsent(policy, p)
                        || type == ConsentEventType.WITHDRAW && announcedChange(p, effective)));
            }
            checkActor(type, proof, subject, policy);
            // Who may record is decided by the policy in force when recording too: a back-dated
            // event cannot borrow the recipients of an earlier version.
            Optional<Policy> current = archive.inForceAt(now);
            if (current.isPresent() && current.get() != policy) {
                checkActor(type, proof, subject, current.get());
            }
        } catch (PolicyViolationException e) {
            auditRefusal(action, proof.actor(), subject, purpose, e);
            throw e;
        }
        String ref = audit.subjectRef(subject);
        ConsentEvidence evidence = storedEvidence(subject, proof.evidence(), policy);
        // An agreement to an announced version is stored (and sealed) under that version's label, so it
        // counts from the version's first instant (SubjectConsent#inEffect) and for its change.
        String label = announced == null ? policy.version().label() : announced.version().label();
        ConsentEvent unsealed = new ConsentEvent(newId(), 0, SubjectId.of(ref), type, purpose, effective, now,
                label, proof.channel(), storedActor(proof.actor()), evidence);
        // The link names the subject's last event as the store has it now, not as a cache that may
        // be minutes old remembers it: a stale link would fork the chain and leave the event it skips
        // deletable unnoticed.
        String previous = load(ref, subject).lastSeal;
        ConsentEvent stored = store.append(withSeal(unsealed, seal.seal(unsealed, previous)));
        cachedRefs.remove(ref);
        cache.invalidate(subject);
        AuditEvent entry = AuditEvent.of(proof.actor(), action, AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("event", stored.id()).withDetail("channel", proof.channel().name())
                .withDetail("eventHash", ConsentSeal.hash(stored));
        if (claimed.isAfter(now)) {
            entry = entry.withDetail("claimedAheadBy", Duration.between(now, claimed).toString());
        }
        if (purpose.isPresent()) {
            entry = entry.withPurpose(purpose.get());
        }
        try {
            audit.record(entry);
        } catch (StoreException e) {
            LOG.error("Consent event {} was stored but its audit entry failed ({}); it must be audited again",
                    stored.id(), e.getClass().getSimpleName());
            throw e;
        }
        if (type == ConsentEventType.WITHDRAW && purpose.isPresent()) {
            // The withdrawal is stored and audited: a failing hook must not fail it (checks already deny).
            try {
                withdrawals.withdrawn(subject, purpose.get(), effective);
            } catch (RuntimeException e) {
                LOG.error("Consent event {} (a withdrawal) was stored, but its retention hook failed ({})", stored.id(),
                        e.getClass().getSimpleName());
            }
        }
        return new ConsentEvent(stored.id(), stored.sequence(), subject, type, purpose, effective, now,
                stored.policyVersion(), proof.channel(), proof.actor(), proof.evidence(), stored.seal());
    }

    /**
     * The explicit-consent marker (GDPR art. 9(2)(a); "consimțământul explicit") is the subject's own
     * express statement: only a grant carries it, with the form or document where it was stated, and
     * only the subject records it, or staff transcribing it on the subject's behalf from the document
     * (the signed paper form, the e-mail) whose reference the event carries. A delegate (a PBX
     * administrator) or anyone else cannot make another person's consent explicit. Each refusal is
     * audited as DENIED with its own {@code reason}.
     */
    private void checkExplicit(ConsentEventType type, ConsentProof proof, SubjectId subject,
            Optional<Purpose> purpose, String action) {
        Actor actor = proof.actor();
        if (type != ConsentEventType.GRANT) {
            throw refusedExplicit(action, actor, subject, purpose, "EXPLICIT_NOT_A_GRANT",
                    new InvalidInputException("proof", "only a grant is marked as explicit consent, not a " + type));
        }
        if (proof.evidence().formId().isEmpty() && proof.evidence().reference().isEmpty()) {
            throw refusedExplicit(action, actor, subject, purpose, "EXPLICIT_WITHOUT_FORM",
                    new InvalidInputException("proof", "explicit consent needs the form (withFormId) or the document"
                            + " (withReference) where the subject stated it"));
        }
        boolean bySubject = actor.kind() == ActorKind.SUBJECT && actor.id().equals(subject.value());
        if (actor.kind() == ActorKind.STAFF) {
            if (proof.evidence().reference().isEmpty()) {
                throw refusedExplicit(action, actor, subject, purpose, "EXPLICIT_STAFF_WITHOUT_DOCUMENT",
                        new PolicyViolationException("Staff record explicit consent only from the subject's own"
                                + " document (a signed form, an e-mail): give its reference (withReference)"));
            }
        } else if (!bySubject) {
            throw refusedExplicit(action, actor, subject, purpose, "EXPLICIT_NOT_BY_SUBJECT",
                    new PolicyViolationException("Explicit consent is the subject's own statement: a " + actor.kind()
                            + " actor cannot record it (staff may, from the subject's document)"));
        }
    }

    /**
     * An agreement, during the announcement period, to a change diminishing rights that an announced
     * version makes ("Drepturile dvs. [...] nu vor fi diminuate fără consimțământul dvs. explicit"): a
     * grant marked as explicit consent, naming a version the archive holds that takes effect after
     * now and marks a change of the purpose as diminishing rights. A version in force already takes
     * the ordinary grant. Each refusal is audited as DENIED with its own {@code reason}.
     *
     * @return the announced version
     */
    private Policy announced(ConsentEventType type, ConsentProof proof, SubjectId subject, Optional<Purpose> purpose,
            String action, Instant now) {
        Actor actor = proof.actor();
        if (type != ConsentEventType.GRANT || !proof.explicitConsent()) {
            throw refusedExplicit(action, actor, subject, purpose, "ANNOUNCED_NOT_EXPLICIT_GRANT",
                    new InvalidInputException("proof", "only a grant marked as explicit consent agrees to an announced"
                            + " policy version (withExplicitConsent), not a " + (type == ConsentEventType.GRANT
                                    ? "plain grant" : type.name())));
        }
        String label = proof.announcedVersion().orElseThrow();
        Instant start = timeline.start(label);
        if (start == null) {
            throw refusedExplicit(action, actor, subject, purpose, "ANNOUNCED_VERSION_UNKNOWN",
                    new PolicyViolationException("The announced policy version is not in the policy archive: only a"
                            + " version archived (with its text) before it takes effect can be agreed to"));
        }
        if (!start.isAfter(now)) {
            throw refusedExplicit(action, actor, subject, purpose, "ANNOUNCED_VERSION_IN_FORCE",
                    new PolicyViolationException("Policy version " + label + " took effect on " + start + ": record the"
                            + " grant without withAnnouncedVersion, under the version in force"));
        }
        Policy version = archive.version(label).orElseThrow();
        if (!version.diminishesRights(purpose.orElseThrow())) {
            throw refusedExplicit(action, actor, subject, purpose, "ANNOUNCED_NOT_DIMINISHING",
                    new PolicyViolationException("Policy version " + label + " makes no change diminishing rights of"
                            + " purpose " + purpose.get().id() + ": there is nothing to agree to ahead of it"));
        }
        return version;
    }

    /** Audits a refusal of the proof's markers (explicit consent, announced version) as DENIED with its reason. */
    private RuntimeException refusedExplicit(String action, Actor actor, SubjectId subject, Optional<Purpose> purpose,
            String reason, RuntimeException e) {
        AuditEvent entry = AuditEvent.of(actor, action, AuditOutcome.DENIED).withSubject(subject)
                .withDetail("reason", reason);
        if (purpose.isPresent()) {
            entry = entry.withPurpose(purpose.get());
        }
        audit.record(entry);
        return e;
    }

    private static ConsentEvent withSeal(ConsentEvent e, String sealed) {
        return new ConsentEvent(e.id(), e.sequence(), e.subject(), e.type(), e.purpose(), e.effectiveAt(),
                e.recordedAt(), e.policyVersion(), e.channel(), e.actor(), e.evidence(), sealed);
    }

    /** A person acting (the subject, a delegate) is stored as their keyed reference, like in the audit trail. */
    private Actor storedActor(Actor actor) {
        if (!actor.identifiesAPerson()) {
            return actor;
        }
        return new Actor(actor.kind(), audit.subjectRef(SubjectId.of(actor.id())), actor.recipient(), actor.roles(),
                actor.accounts(), actor.legalRequest());
    }

    /**
     * The stored form of the evidence: network and user agent move into one ciphertext under the
     * subject's key of the scope the policy gives network data; the form id and document reference
     * (organisational codes) stay readable for receipts.
     */
    private ConsentEvidence storedEvidence(SubjectId subject, ConsentEvidence clear, Policy policy) {
        if (clear.network().isEmpty() && clear.userAgent().isEmpty()) {
            return clear;
        }
        if (fields == null) {
            throw new ConfigurationException("Network and user-agent evidence is personal data that the consent"
                    + " ledger keeps encrypted under the subject's key: give keys(KeySettings.of(provider)) to the"
                    + " kit builder, or record the event without it");
        }
        KeyScope scope = policy.declares(EVIDENCE_CATEGORY) ? policy.keyScopeOf(EVIDENCE_CATEGORY).orElse(null)
                : null;
        if (scope == null) {
            throw new ConfigurationException("Network and user-agent evidence is encrypted under the key scope of"
                    + " category " + EVIDENCE_CATEGORY.id() + ", which the policy does not give one");
        }
        ObjectNode personal = JSON.createObjectNode();
        clear.network().ifPresent(v -> personal.put("network", v));
        clear.userAgent().ifPresent(v -> personal.put("userAgent", v));
        String ciphertext;
        try {
            ciphertext = fields.encrypt(subject, evidenceContext(scope), JSON.writeValueAsString(personal));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not render consent evidence", e);
        }
        return new ConsentEvidence(Optional.empty(), Optional.empty(), clear.formId(), clear.reference(),
                Optional.of(scope.name() + ":" + ciphertext), clear.explicit());
    }

    private static FieldContext evidenceContext(KeyScope scope) {
        return FieldContext.of(KitContexts.CONSENT_EVIDENCE_ENTITY, KitContexts.CONSENT_EVIDENCE_FIELD, scope);
    }

    /**
     * The evidence of a stored event in clear form: the network and user agent decrypted under the
     * subject's key. Once that key is shredded they are gone, and the rest of the event stays as it
     * was sealed. The read is audited ({@code consent.evidence}, with the reader), since it reveals
     * personal data.
     *
     * @param reader who reads it, for the audit trail
     * @param subject whose event it is
     * @param eventId the event's id
     * @return the evidence; network and user agent empty if the subject's key was shredded
     * @throws InvalidInputException if an argument is null, or no such event of this subject is stored
     * @throws IntegrityException if the stored event fails its seal
     * @throws ConfigurationException if the event has encrypted evidence and the kit has no key settings
     * @throws StoreException if the store failed
     */
    public ConsentEvidence evidence(Actor reader, SubjectId subject, String eventId) {
        if (reader == null || subject == null || eventId == null) {
            throw new InvalidInputException("consent.evidence", "reader, subject and event id must not be null");
        }
        String ref = audit.subjectRef(subject);
        ConsentEvent stored = store.find(eventId).filter(e -> e.subject().value().equals(ref))
                .orElseThrow(() -> new InvalidInputException("eventId",
                        "names no stored consent event of the subject"));
        if (!seal.verifies(stored)) {
            throw new IntegrityException("The stored consent event fails its seal");
        }
        ConsentEvidence ev = stored.evidence();
        if (ev.encrypted().isEmpty()) {
            return ev;
        }
        if (fields == null) {
            throw new ConfigurationException("The event's evidence is encrypted: give keys(KeySettings.of(provider))"
                    + " to the kit builder to read it");
        }
        audit.record(AuditEvent.of(reader, "consent.evidence", AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("event", stored.id()));
        String sealed = ev.encrypted().get();
        int colon = sealed.indexOf(':');
        try {
            KeyScope scope = KeyScope.of(sealed.substring(0, Math.max(colon, 0)));
            JsonNode personal = JSON.readTree(fields.decrypt(subject, evidenceContext(scope),
                    sealed.substring(colon + 1)));
            return new ConsentEvidence(Optional.ofNullable(personal.get("network")).map(JsonNode::asText),
                    Optional.ofNullable(personal.get("userAgent")).map(JsonNode::asText), ev.formId(), ev.reference())
                    .withExplicit(ev.explicit());
        } catch (KeyDestroyedException e) {
            return new ConsentEvidence(Optional.empty(), Optional.empty(), ev.formId(), ev.reference())
                    .withExplicit(ev.explicit());
        } catch (JsonProcessingException | InvalidInputException e) {
            throw new IntegrityException("The stored consent evidence cannot be read");
        }
    }

    /**
     * Whether a purpose of any basis waits for the subject's consent under a version: a change
     * diminishing rights is in effect then.
     */
    private boolean awaitsConsent(Policy policy, Purpose purpose) {
        return timeline.rightsDiminishedSince(policy, purpose.id()) >= 0;
    }

    /**
     * Whether a version of the archive that takes effect after an instant makes a change of the
     * purpose diminishing rights: an agreement to it may have been given ahead, and may be withdrawn.
     */
    private boolean announcedChange(Purpose purpose, Instant after) {
        for (Policy p : archive.versions()) {
            if (timeline.start(p.version().label()).isAfter(after) && p.diminishesRights(purpose)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses an event that does not apply to the purpose. Consent to a purpose that does not rest
     * on it can be granted or withdrawn only while a change diminishing rights waits for it.
     */
    private static void checkPurpose(ConsentEventType type, PurposeDefinition definition, boolean awaitsConsent) {
        boolean consentType = type == ConsentEventType.GRANT || type == ConsentEventType.WITHDRAW;
        if (consentType && !definition.requiresConsent() && !awaitsConsent) {
            throw new PolicyViolationException("Purpose " + definition.purpose() + " rests on "
                    + definition.legalBasis() + ", not on consent: consent to it cannot be granted or withdrawn"
                    + " (unless a change diminishing rights waits for it)");
        }
        if (!consentType && definition.objection() == ObjectionRule.NONE && !definition.requiresConsent()) {
            throw new PolicyViolationException("Purpose " + definition.purpose() + " rests on "
                    + definition.legalBasis() + ": GDPR art. 21 gives no right to object to it");
        }
    }

    private void checkActor(ConsentEventType type, ConsentProof proof, SubjectId subject, Policy policy) {
        Actor actor = proof.actor();
        switch (actor.kind()) {
            case SUBJECT:
                if (!actor.id().equals(subject.value())) {
                    throw new PolicyViolationException("A subject can record consent events for themselves only");
                }
                return;
            case DELEGATE:
                // As for designations and access: a delegate acts as a delegate recipient the policy
                // declares (a PBX administrator), not as a courier or an undeclared vendor.
                Recipient recipient = actor.recipient().orElseThrow();
                if (!policy.declares(recipient) || policy.recipient(recipient).kind() != RecipientKind.DELEGATE) {
                    throw new PolicyViolationException("A delegate records consent events only as a delegate"
                            + " recipient the policy declares, not as another or an undeclared recipient");
                }
                Optional<String> account = accounts.accountOf(subject);
                if (account.isEmpty() || !actor.accounts().contains(account.get())) {
                    throw new PolicyViolationException("The delegate does not administer the subject's account");
                }
                return;
            case STAFF:
                checkStaff(type, proof, policy);
                return;
            default:
                throw new PolicyViolationException("Only the subject, a delegate of the subject's account or staff"
                        + " on the subject's behalf can record consent events, not a " + actor.kind() + " actor");
        }
    }

    /**
     * Staff record on a subject's behalf only as an internal recipient of the policy (never as a
     * courier, a payment processor or a vendor the policy does not declare), with a role the access
     * policy grants the recording purpose, and an event that can turn a refusal into a permit (a
     * grant, a lifted objection or restriction) only with the document that proves it.
     */
    private void checkStaff(ConsentEventType type, ConsentProof proof, Policy policy) {
        Actor actor = proof.actor();
        Recipient recipient = actor.recipient().orElseThrow();
        if (!policy.declares(recipient) || policy.recipient(recipient).kind() != RecipientKind.INTERNAL) {
            throw new PolicyViolationException("Staff record consent events only as an internal recipient the policy"
                    + " declares, not as an external or undeclared recipient");
        }
        if (!grants.grantsAs(recipient, actor.roles(), recordingPurpose)) {
            throw new PolicyViolationException("No role of the staff actor is granted " + recordingPurpose
                    + ", which recording consent events on a subject's behalf needs");
        }
        boolean opens = type == ConsentEventType.GRANT || type == ConsentEventType.LIFT_OBJECTION
                || type == ConsentEventType.LIFT_RESTRICTION;
        if (opens && proof.evidence().reference().isEmpty()) {
            throw new PolicyViolationException("A " + type + " recorded by staff needs the reference of the document"
                    + " that proves it (a signed form, an e-mail's message id, a decision): withReference");
        }
    }

    private void auditRefusal(String action, Actor actor, SubjectId subject, Optional<Purpose> purpose,
            PolicyViolationException e) {
        AuditEvent entry = AuditEvent.of(actor, action, AuditOutcome.DENIED).withSubject(subject)
                .withDetail("reason", "POLICY_VIOLATION");
        if (purpose.isPresent()) {
            entry = entry.withPurpose(purpose.get());
        }
        audit.record(entry);
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "ce-" + HexFormat.of().formatHex(bytes);
    }

    // --- checks ------------------------------------------------------------------------------------

    /**
     * Whether processing for a purpose is permitted now.
     *
     * @param subject the subject
     * @param purpose the purpose
     * @return the decision
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed while loading the subject or polling for changes
     */
    public ConsentDecision check(SubjectId subject, Purpose purpose) {
        if (subject == null || purpose == null) {
            throw new InvalidInputException("consent.check", "subject and purpose must not be null");
        }
        return checkAt(subject, purpose, null);
    }

    /**
     * Whether processing for a purpose was, is or will be permitted at an instant, by the events in
     * effect then and the policy version in force then.
     *
     * @param subject the subject
     * @param purpose the purpose
     * @param at the instant
     * @return the decision
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed while loading the subject or polling for changes
     */
    public ConsentDecision check(SubjectId subject, Purpose purpose, Instant at) {
        if (subject == null || purpose == null || at == null) {
            throw new InvalidInputException("consent.check", "subject, purpose and instant must not be null");
        }
        return checkAt(subject, purpose, at);
    }

    /** A check at an instant, or now when {@code instant} is null (the wall clock read once, here). */
    private ConsentDecision checkAt(SubjectId subject, Purpose purpose, Instant instant) {
        // The one monotonic clock read of a check: the staleness bound and the cache expiry.
        long began = nanoTime.getAsLong();
        ConsentDecision decision = decideAt(subject, purpose, instant, began);
        if (metrics != PrivacyMetrics.NONE) {
            // A second read only with a listener; a check that throws (a store failure) is not timed.
            metrics.consentChecked(nanoTime.getAsLong() - began, decision.permitted());
        }
        return decision;
    }

    private ConsentDecision decideAt(SubjectId subject, Purpose purpose, Instant instant, long began) {
        long now = pollChangesIfStale(began);
        CachedConsent cached = cache.get(subject, loader);
        Instant at = instant != null ? instant : clock.instant();
        if (now - cached.loadedNanos >= expiryNanos) {
            // Read again; only this object is dropped, not one another thread loaded meanwhile.
            cache.asMap().remove(subject, cached);
            cached = cache.get(subject, loader);
        }
        long atNanos = SubjectConsent.epochNanos(at);
        boolean memoizable = CachedConsent.memoizable(atNanos);
        ConsentDecision decision = memoizable ? cached.memoized(purpose, at, atNanos) : null;
        if (decision == null) {
            SubjectConsent events = cached.events;
            decision = decide(events, purpose, at);
            if (memoizable) {
                // No event of the subject starts counting and no policy version starts within the
                // window, so the decision holds for every instant in it.
                cached.memoize(decision, Math.max(events.changeAtOrBefore(atNanos), timeline.changeAtOrBefore(atNanos)),
                        Math.min(events.changeAfter(atNanos), timeline.changeAfter(atNanos)));
            }
        }
        if (auditEveryNthCheck > 0 && checks.incrementAndGet() % auditEveryNthCheck == 0) {
            AuditEvent entry = AuditEvent.of(CHECK_ACTOR, "consent.check", decision.permitted()
                    ? AuditOutcome.SUCCESS : AuditOutcome.DENIED).withSubject(subject).withPurpose(purpose)
                    .withDetail("reason", decision.reason().name());
            audit.record(entry);
        }
        return decision;
    }

    /**
     * Whether the cached subject holds a memoized decision for the purpose that a check at the instant
     * would serve. Not API: tests prove with it that the memo was in use before a change.
     */
    boolean memoized(SubjectId subject, Purpose purpose, Instant at) {
        CachedConsent cached = cache.getIfPresent(subject);
        long atNanos = SubjectConsent.epochNanos(at);
        return cached != null && CachedConsent.memoizable(atNanos) && cached.memoized(purpose, at, atNanos) != null;
    }

    /**
     * Whether a change of the purpose that diminishes rights is in effect at an instant (made by the
     * version in force then or an earlier one): processing for the purpose, whatever its basis, then
     * waits for each subject's explicit consent, which {@link #check(SubjectId, Purpose, Instant)}
     * tells. Reads no subject's events; the access control asks it before every permit.
     *
     * @param purpose the purpose
     * @param at the instant
     * @return {@code true} if such a change is in effect then; {@code false} also before the first
     *     version and for a purpose the version in force does not declare
     * @throws InvalidInputException if an argument is null
     */
    public boolean rightsDiminished(Purpose purpose, Instant at) {
        if (purpose == null || at == null) {
            throw new InvalidInputException("consent.rightsDiminished", "purpose and instant must not be null");
        }
        Policy policy = timeline.inForceAt(at);
        return policy != null && timeline.rightsDiminishedSince(policy, purpose.id()) >= 0;
    }

    /** Decides from a subject's verified events. */
    private ConsentDecision decide(SubjectConsent events, Purpose purpose, Instant at) {
        Policy policy = timeline.inForceAt(at);
        if (policy == null) {
            return new ConsentDecision(ConsentReason.NO_POLICY_IN_FORCE, purpose, Optional.empty(), at,
                    Optional.empty());
        }
        if (!policy.declares(purpose)) {
            return new ConsentDecision(ConsentReason.UNDECLARED_PURPOSE, purpose, Optional.empty(), at,
                    Optional.empty());
        }
        PurposeDefinition definition = policy.purpose(purpose);
        if (events.tampered) {
            return new ConsentDecision(ConsentReason.TAMPERED, purpose, BASES.get(definition.legalBasis()), at,
                    Optional.empty());
        }
        long atNanos = SubjectConsent.epochNanos(at);
        String purposeId = purpose.id();
        int restriction = events.latestRestriction(atNanos);
        int objection = events.latestObjection(purposeId, atNanos);
        int consent = events.latestConsent(purposeId, atNanos);
        boolean restricted = restriction >= 0 && events.type(restriction) == ConsentEventType.RESTRICT;
        boolean objected = objection >= 0 && events.type(objection) == ConsentEventType.OBJECT;
        Optional<LegalBasis> basis = BASES.get(definition.legalBasis());
        // "Drepturile dvs. [...] nu vor fi diminuate fără consimțământul dvs. explicit": for every
        // basis, a diminishing change in effect waits for the subject's grant under its version.
        int diminishedIn = timeline.rightsDiminishedSince(policy, purposeId);
        int agreement = diminishedIn < 0 ? -1 : agreementTo(events, purposeId, atNanos, diminishedIn);
        if (diminishedIn >= 0 && agreement < 0) {
            return decision(ConsentReason.RIGHTS_DIMINISHED, purpose, basis, at, events, consent);
        }
        if (definition.requiresConsent()) {
            if (objected) {
                return decision(ConsentReason.OBJECTED, purpose, basis, at, events, objection);
            }
            if (consent < 0) {
                return decision(ConsentReason.NO_CONSENT, purpose, basis, at, events, -1);
            }
            if (events.type(consent) != ConsentEventType.GRANT) {
                // WITHDRAW, or a type this fold does not know: never a permit.
                return decision(ConsentReason.CONSENT_WITHDRAWN, purpose, basis, at, events, consent);
            }
            return decision(reconsentNeeded(purpose, events.policyVersion(consent), policy)
                    ? ConsentReason.RECONSENT_REQUIRED : ConsentReason.CONSENT_GIVEN, purpose, basis, at, events,
                    consent);
        }
        if (restricted) {
            ConsentReason reason = definition.legalBasis() == LegalBasis.LEGAL_OBLIGATION
                    ? ConsentReason.RESTRICTED_LEGAL_OBLIGATION
                    : definition.continuesWhenRestricted() ? ConsentReason.RESTRICTION_EXEMPT : ConsentReason.RESTRICTED;
            return decision(reason, purpose, basis, at, events, restriction);
        }
        if (definition.objection() != ObjectionRule.NONE) {
            // A permit that rests on the agreement to a diminishing change names it.
            return decision(objected ? ConsentReason.OBJECTED : ConsentReason.LEGITIMATE_INTEREST, purpose, basis,
                    at, events, objection >= 0 ? objection : agreement);
        }
        return decision(ConsentReason.LAWFUL_BASIS, purpose, basis, at, events, agreement);
    }

    /**
     * Whether the subject agreed, in effect at the instant, to the change diminishing rights that the
     * version at {@code since} introduced: a grant to the purpose marked as explicit consent
     * ({@link ConsentProof#withExplicitConsent()}) recorded under that version or a later one, with no
     * withdrawal after it ("nu vor fi diminuate fără consimțământul dvs. explicit"). A later plain grant
     * neither gives nor cancels that agreement; a withdrawal ends it. The one place this is decided, for
     * checks and receipts alike; it reads the subject's events only while such a change is in effect.
     *
     * @return the index of the agreeing grant, or -1 if there is none
     */
    private int agreementTo(SubjectConsent events, String purposeId, long atNanos, int since) {
        int agreed = -1;
        for (int i = 0; i < events.size; i++) {
            if (events.type(i) == ConsentEventType.GRANT && events.explicit(i) && events.inEffect(i, atNanos)
                    && events.concerns(i, purposeId) && timeline.indexOf(events.policyVersion(i)) >= since
                    && events.laterThan(i, agreed)) {
                agreed = i;
            }
        }
        if (agreed < 0) {
            return -1;
        }
        for (int i = agreed + 1; i < events.size; i++) {
            if (events.type(i) == ConsentEventType.WITHDRAW && events.time(i) <= atNanos
                    && events.concerns(i, purposeId) && events.laterThan(i, agreed)) {
                return -1;
            }
        }
        for (int i = 0; i < agreed; i++) {
            // Stored earlier, so it counts only if strictly later in effect.
            if (events.type(i) == ConsentEventType.WITHDRAW && events.time(i) <= atNanos
                    && events.concerns(i, purposeId) && events.time(i) > events.time(agreed)) {
                return -1;
            }
        }
        return agreed;
    }

    private boolean reconsentNeeded(Purpose purpose, String grantedUnderLabel, Policy inForce) {
        if (grantedUnderLabel.equals(inForce.version().label())) {
            return false;
        }
        Optional<Policy> grantedUnder = archive.version(grantedUnderLabel);
        if (grantedUnder.isEmpty()) {
            // Granted under a version this archive does not know: ask again rather than assume.
            return true;
        }
        if (grantedUnder.get().version().compareTo(inForce.version()) >= 0) {
            return false;
        }
        return archive.changedMateriallySince(purpose, grantedUnder.get().version(), inForce.version());
    }

    private static ConsentDecision decision(ConsentReason reason, Purpose purpose, Optional<LegalBasis> basis,
            Instant at, SubjectConsent events, int index) {
        return new ConsentDecision(reason, purpose, basis, at,
                index < 0 ? Optional.empty() : Optional.of(events.id(index)),
                index >= 0 && events.type(index) == ConsentEventType.GRANT && events.explicit(index));
    }

    /**
     * Polls the store's change feed when the last poll is older than the staleness bound, and evicts
     * the subjects another instance changed. One thread polls; the others wait for it, so no check
     * is answered from a cache older than the bound.
     */
    /**
     * Polls the change feed when the staleness bound has passed since the last poll.
     *
     * @param now the monotonic clock read at the start of the check
     * @return the monotonic time to judge the cache expiry by: {@code now}, or read again after a poll (or the
     *     wait for another thread's), which takes time that must not stretch the expiry
     */
    private long pollChangesIfStale(long now) {
        if (now - lastPollNanos < stalenessNanos) {
            return now;
        }
        pollLockedIfStale();
        return nanoTime.getAsLong();
    }

    private void pollLockedIfStale() {
        pollLock.lock();
        try {
            long started = nanoTime.getAsLong();
            if (started - lastPollNanos < stalenessNanos) {
                return;
            }
            long seen = lastSeenSequence;
            boolean gap = false;
            long nextVisible = 0;
            while (!gap) {
                long before = seen;
                List<ConsentEvent> changes;
                try {
                    changes = store.changesSince(seen, FEED_PAGE);
                } catch (InvalidInputException e) {
                    // A row the store cannot turn into an event (edited, or written by a later version):
                    // its subject is unknown, so every cached subject is dropped and read again from its
                    // own events (where the row makes that subject deny as tampered), and the feed moves
                    // past it instead of failing every check of every subject at every poll.
                    seen = unreadableFeedPage(seen);
                    gap = false;
                    break;
                }
                for (ConsentEvent e : changes) {
                    // Evicting is harmless, so every subject seen is evicted; the feed advances only
                    // through contiguous sequences, so an event committed late is never skipped.
                    invalidate(e.subject().value());
                    if (!gap && e.sequence() == seen + 1) {
                        seen = e.sequence();
                    } else if (!gap && e.sequence() > seen) {
                        gap = true;
                        nextVisible = e.sequence();
                    }
                }
                // A store may return fewer than asked before the end of its feed: only an empty page ends
                // it, or a page that advances nothing (a store breaking the contract), which is re-read
                // at the next poll instead of looping here.
                if (changes.isEmpty() || (!gap && seen == before)) {
                    break;
                }
            }
            if (!gap) {
                inGap = false;
            } else if (!inGap || gapAfter != seen) {
                inGap = true;
                gapSinceNanos = started;
                gapAfter = seen;
            } else if (started - gapSinceNanos >= feedGapNanos) {
                // The gap outlived its bound (a writer that never commits, a store that breaks the
                // contract): flush everything, pass the gap, and let the cache expiry bound the rest.
                LOG.warn("The consent change feed waited {} for a missing sequence; the cache is flushed and the"
                        + " gap passed", Duration.ofNanos(started - gapSinceNanos));
                cachedRefs.keySet().forEach(this::invalidate);
                cache.invalidateAll();
                seen = nextVisible - 1;
                inGap = false;
            }
            lastSeenSequence = seen;
            lastPollNanos = started;
        } finally {
            pollLock.unlock();
        }
    }

    // --- receipts ----------------------------------------------------------------------------------

    /**
     * A signed receipt for a ledger event. Its status is the decision in force now; issuing it
     * writes no audit entry.
     *
     * @param eventId the event's id
     * @return the receipt
     * @throws InvalidInputException if the id is null or no such event is stored
     * @throws StoreException if the store failed
     */
    public ConsentReceipt receipt(String eventId) {
        return receipts.issue(eventId);
    }

    /**
     * Checks a receipt's signature: format v2 with a published receipt key ({@link #receiptKeys()})
     * valid when the receipt was issued, format v1 with the audit signer that signed it.
     *
     * @param receipt the receipt
     * @return {@code true} if the receipt was signed by one of this kit's keys and not changed since
     * @throws InvalidInputException if {@code receipt} is null
     */
    public boolean verifyReceipt(ConsentReceipt receipt) {
        return receipts.verify(receipt);
    }

    /**
     * The public keys that sign consent receipts, with their validity windows: the one in use and
     * any retired ones still published. Hand them to whoever must check receipts without the kit
     * ({@link ConsentReceipt#verifiedBy(ReceiptKey)}).
     *
     * @return the keys, the one in use first
     */
    public List<ReceiptKey> receiptKeys() {
        return receipts.keys();
    }

    /**
     * A decision for a receipt: from the subject's events read from the store and verified (the
     * cache is keyed by subject, which a receipt does not know), never sampled into the audit trail.
     */
    ConsentDecision status(SubjectId subjectRef, Purpose purpose, Instant at) {
        return decide(load(subjectRef.value(), null), purpose, at);
    }

    /**
     * Handles a change-feed page the store could not read: flushes the whole cache and returns the
     * cursor moved to the store's last sequence. Logs no personal data (neither the row nor the
     * exception's message).
     */
    private long unreadableFeedPage(long seen) {
        long last = store.lastSequence();
        LOG.warn("The consent change feed after sequence {} holds an event the store cannot read; the cache is"
                + " flushed, every subject is read again from the store, and the feed resumes after sequence {}",
                seen, Math.max(seen, last));
        cachedRefs.keySet().forEach(this::invalidate);
        cache.invalidateAll();
        inGap = false;
        return Math.max(seen, last);
    }

    /**
     * Evicts the subject of a reference, if cached. The reference is forgotten first: a load that
     * starts after that records it again before it reads the store, and a load in flight finishes
     * before the invalidation, which then removes what it loaded.
     */
    private void invalidate(String ref) {
        SubjectId subject = cachedRefs.remove(ref);
        if (subject != null) {
            cache.invalidate(subject);
        }
    }

    /**
     * Checks the consent store against the audit trail: every consent event the trail records as
     * stored (its entry names the event and its hash) must be in the store with that hash. This
     * catches what the seals cannot: a subject's most recent events deleted, or a ledger rolled back
     * to an earlier consistent state. Imported events, audited per batch, are checked per batch: the
     * events of each import call (successful or stopped part-way) are found in the store by the
     * call's marker in their ids, and their number and digest compared with the audit entry. It reads
     * the whole trail, and the store's whole change feed when the trail holds an import; run it as a
     * periodic job, after
     * {@code kit.audit().verify()} has shown the trail intact. Writes no audit entry.
     *
     * @return what is missing or altered
     * @throws StoreException if the audit or consent store failed
     */
    public ConsentReconciliation reconcileWithAudit() {
        List<String> missing = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        List<AuditRecord> imports = new ArrayList<>();
        long checked = 0;
        long from = 1;
        while (true) {
            List<AuditRecord> page = audit.read(from, RECONCILE_PAGE);
            for (AuditRecord r : page) {
                if (r.action().equals("consent.import") && r.outcome() != AuditOutcome.DENIED
                        && r.details().containsKey("batch") && r.details().containsKey("stored")) {
                    imports.add(r);
                }
                String eventId = r.details().get("event");
                String hash = r.details().get("eventHash");
                if (!r.action().startsWith("consent.") || r.outcome() != AuditOutcome.SUCCESS || eventId == null
                        || hash == null) {
                    continue;
                }
                checked++;
                Optional<ConsentEvent> stored = store.find(eventId);
                if (stored.isEmpty()) {
                    missing.add(eventId);
                } else if (!ConsentSeal.hash(stored.get()).equals(hash)) {
                    altered.add(eventId);
                }
            }
            if (page.size() < RECONCILE_PAGE) {
                break;
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        checked += reconcileImports(imports, missing, altered);
        return new ConsentReconciliation(checked, missing, altered);
    }

    /**
     * Recomputes each audited import's newly stored events from the store (the events whose id
     * carries the import call's marker, in sequence order) and compares their number and digest
     * with the audit entry: fewer than audited adds {@code import:<batch>} to {@code missing}, another
     * digest to {@code altered}. Reads the whole change feed, only when the trail has imports.
     *
     * @return how many import entries were checked
     */
    private long reconcileImports(List<AuditRecord> imports, List<String> missing, List<String> altered) {
        if (imports.isEmpty()) {
            return 0;
        }
        Map<String, List<ConsentEvent>> batches = new HashMap<>();
        long after = 0;
        while (true) {
            List<ConsentEvent> page = store.changesSince(after, RECONCILE_PAGE);
            for (ConsentEvent e : page) {
                if (imported(e.id())) {
                    batches.computeIfAbsent(e.id().substring(3, 11), b -> new ArrayList<>()).add(e);
                }
                after = Math.max(after, e.sequence());
            }
            if (page.isEmpty()) {
                break;
            }
        }
        for (AuditRecord r : imports) {
            String batch = r.details().get("batch");
            List<ConsentEvent> found = batches.getOrDefault(batch, List.of());
            int audited;
            try {
                audited = Integer.parseInt(r.details().get("stored"));
            } catch (NumberFormatException e) {
                altered.add("import:" + batch);
                continue;
            }
            if (found.size() < audited) {
                missing.add("import:" + batch);
            } else if (found.size() > audited || !batchDigest(found).equals(r.details().get("batchDigest"))) {
                altered.add("import:" + batch);
            }
        }
        return imports.size();
    }

    // --- loading and verifying ---------------------------------------------------------------------

    /** Whether a stored event's seal verifies. */
    boolean sealed(ConsentEvent stored) {
        return seal.verifies(stored);
    }

    /** A subject's events from the store, verified; a subject whose events fail is audited and denied. */
    private SubjectConsent load(String ref, SubjectId subject) {
        List<ConsentEvent> events;
        String broken;
        try {
            events = store.eventsOf(SubjectId.of(ref));
            broken = firstBroken(ref, events);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            // A row the store cannot turn into an event (an event type this version does not know, a
            // malformed component): nothing to decide on, so deny as for a broken seal.
            events = List.of();
            broken = "unreadable";
        }
        if (broken == null) {
            return SubjectConsent.of(events, timeline);
        }
        AuditEvent entry = AuditEvent.of(CHECK_ACTOR, "consent.tamper", AuditOutcome.FAILED)
                .withDetail("reason", ConsentReason.TAMPERED.name()).withDetail("event", broken);
        entry = subject == null ? entry.withDetail("subjectRef", ref) : entry.withSubject(subject);
        try {
            audit.record(entry);
        } catch (RuntimeException e) {
            LOG.error("A subject's consent events failed verification (event {}) and the audit entry failed too ({})",
                    broken, e.getClass().getSimpleName());
        }
        LOG.warn("A subject's consent events failed verification at event {}: checks deny until the store is restored",
                broken);
        return SubjectConsent.tampered();
    }

    /**
     * The id of the first event that fails: a seal that does not verify, a link to no earlier event
     * of the subject (one was deleted), an id seen twice, sequences out of order, another subject's
     * event. Null when all verify.
     */
    private String firstBroken(String ref, List<ConsentEvent> events) {
        Set<String> links = new HashSet<>();
        links.add(ConsentSeal.FIRST);
        Set<String> ids = new HashSet<>();
        long last = 0;
        for (ConsentEvent e : events) {
            String link = ConsentSeal.linkNamed(e.seal());
            if (!e.subject().value().equals(ref) || !ids.add(e.id()) || e.sequence() <= last || link == null
                    || !links.contains(link) || !seal.verifies(e)) {
                return e.id();
            }
            last = e.sequence();
            links.add(ConsentSeal.link(e.seal()));
        }
        return null;
    }

    @Override
    public String toString() {
        return "ConsentLedger[store=" + store + ", staleness=" + Duration.ofNanos(stalenessNanos) + "]";
    }
}
