package ro.clickphone.privacy.core.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.ObjectionRule;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PolicyArchive;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.account.AccountDirectory;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.keys.Signer;

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
 *       RESTRICTED_LEGAL_OBLIGATION);</li>
 *   <li>a purpose the policy in force does not declare: DENY UNDECLARED_PURPOSE.</li>
 * </ul>
 *
 * <h2>Cache and several instances</h2>
 * A subject's events are cached (Caffeine, bounded). A change made through this ledger is visible
 * to its next check at once. Changes made by another instance sharing the store become visible
 * within the staleness bound (default 1 s): a check that finds the last poll of the store's change
 * feed older than the bound polls it first and evicts the subjects that changed.
 *
 * <h2>Recording</h2>
 * Every event is stored, then audited. The actor must be the subject, a delegate administering the
 * subject's account, or staff recording on the subject's behalf (phone, paper, e-mail to the DPO).
 * A refused attempt is audited as DENIED. Only a consent-based purpose can be granted or withdrawn;
 * only a purpose open to objection (or direct marketing on consent) can be objected to.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ConsentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentLedger.class);
    private static final Actor CHECK_ACTOR = Actor.system("consent-check", Set.of());
    private static final int FEED_PAGE = 1000;
    /** One Optional per basis, made once: a decision per check should not allocate one. */
    private static final Map<LegalBasis, Optional<LegalBasis>> BASES = new EnumMap<>(LegalBasis.class);

    static {
        for (LegalBasis basis : LegalBasis.values()) {
            BASES.put(basis, Optional.of(basis));
        }
        Wiring.register((archive, clock, store, audit, receipts, accounts, settings) -> create(archive, clock, store,
                audit, receipts, accounts, settings, System::nanoTime));
    }

    private final PolicyArchive archive;
    private final Clock clock;
    private final ConsentStore store;
    private final AuditTrail audit;
    private final ConsentReceipts receipts;
    private final AccountDirectory accounts;
    private final Duration clockSkew;
    private final long stalenessNanos;
    private final int auditEveryNthCheck;
    private final LongSupplier nanoTime;
    private final Cache<SubjectId, SubjectConsent> cache;
    /** The cache loader, made once: a lambda per check would allocate on the hot path. */
    private final Function<SubjectId, SubjectConsent> loader;
    private final PolicyTimeline timeline;
    private final SecureRandom random = new SecureRandom();

    private final ReentrantLock pollLock = new ReentrantLock();
    private volatile long lastPollNanos;
    private volatile long lastSeenSequence;
    private final AtomicLong checks = new AtomicLong();

    private ConsentLedger(PolicyArchive archive, Clock clock, ConsentStore store, AuditTrail audit, Signer receipts,
            AccountDirectory accounts, ConsentSettings settings, LongSupplier nanoTime) {
        this.archive = archive;
        this.clock = clock;
        this.store = store;
        this.audit = audit;
        this.receipts = new ConsentReceipts(archive, clock, store, audit, receipts, this);
        this.accounts = accounts;
        this.clockSkew = settings.clockSkew();
        this.stalenessNanos = settings.staleness().toNanos();
        this.auditEveryNthCheck = settings.auditEveryNthCheck();
        this.nanoTime = nanoTime;
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheSize()).build();
        this.loader = subject -> SubjectConsent.of(store.eventsOf(subject));
        this.timeline = new PolicyTimeline(archive);
        this.lastSeenSequence = store.lastSequence();
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
     * @param settings staleness, clock skew, audited checks and cache size, checked by {@link ConsentSettings}
     * @param nanoTime a monotonic clock for the staleness bound ({@code System::nanoTime})
     * @return the ledger
     * @throws InvalidInputException if an argument is null
     */
    static ConsentLedger create(PolicyArchive archive, Clock clock, ConsentStore store, AuditTrail audit,
            Signer receipts, AccountDirectory accounts, ConsentSettings settings, LongSupplier nanoTime) {
        if (archive == null || clock == null || store == null || audit == null || receipts == null
                || accounts == null || settings == null || nanoTime == null) {
            throw new InvalidInputException("consentLedger", "archive, clock, store, audit, receipts, accounts,"
                    + " settings and nanoTime must not be null");
        }
        return new ConsentLedger(archive, clock, store, audit, receipts, accounts, settings, nanoTime);
    }

    // --- recording ---------------------------------------------------------------------------------

    /**
     * Records that the subject gave consent to a consent-based purpose.
     *
     * @param subject the subject
     * @param purpose a purpose the policy declares consent-based
     * @param proof who, how, when and the evidence
     * @return the stored event
     * @throws InvalidInputException if an argument is null or the effective time is in the future
     * @throws PolicyViolationException if the purpose is undeclared or not consent-based, or the actor
     *     may not act for the subject
     * @throws StoreException if the store or the audit trail failed
     */
    public ConsentEvent grant(SubjectId subject, Purpose purpose, ConsentProof proof) {
        return record(ConsentEventType.GRANT, subject, requirePurpose(purpose), proof);
    }

    /**
     * Records that the subject withdrew consent, for the future only. As easy as granting: same
     * call shape, same channels.
     *
     * @param subject the subject
     * @param purpose a consent-based purpose
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
        Instant now = clock.instant();
        Instant effective = proof.effectiveAt().orElse(now);
        if (effective.isAfter(now.plus(clockSkew))) {
            throw new InvalidInputException("effectiveAt", "is in the future beyond the allowed clock skew of "
                    + clockSkew);
        }
        String action = "consent." + type.name().toLowerCase(Locale.ROOT);
        Policy policy;
        try {
            policy = archive.inForceAt(effective).orElseThrow(() -> new PolicyViolationException(
                    "No policy version was in force at the effective time of the " + type + " event"));
            purpose.ifPresent(p -> checkPurpose(type, policy(effective).purpose(p)));
            checkActor(proof.actor(), subject);
        } catch (PolicyViolationException e) {
            auditRefusal(action, proof.actor(), subject, purpose, e);
            throw e;
        }
        ConsentEvent event = new ConsentEvent(newId(), 0, subject, type, purpose, effective, now,
                policy.version().label(), proof.channel(), proof.actor(), proof.evidence());
        ConsentEvent stored = store.append(event);
        cache.invalidate(subject);
        AuditEvent entry = AuditEvent.of(proof.actor(), action, AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("event", stored.id()).withDetail("channel", proof.channel().name());
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
        return stored;
    }

    private Policy policy(Instant at) {
        return archive.inForceAt(at).orElseThrow();
    }

    private static void checkPurpose(ConsentEventType type, PurposeDefinition definition) {
        boolean consentType = type == ConsentEventType.GRANT || type == ConsentEventType.WITHDRAW;
        if (consentType && !definition.requiresConsent()) {
            throw new PolicyViolationException("Purpose " + definition.purpose() + " rests on "
                    + definition.legalBasis() + ", not on consent: consent to it cannot be granted or withdrawn");
        }
        if (!consentType && definition.objection() == ObjectionRule.NONE && !definition.requiresConsent()) {
            throw new PolicyViolationException("Purpose " + definition.purpose() + " rests on "
                    + definition.legalBasis() + ": GDPR art. 21 gives no right to object to it");
        }
    }

    private void checkActor(Actor actor, SubjectId subject) {
        switch (actor.kind()) {
            case SUBJECT:
                if (!actor.id().equals(subject.value())) {
                    throw new PolicyViolationException("A subject can record consent events for themselves only");
                }
                return;
            case DELEGATE:
                Optional<String> account = accounts.accountOf(subject);
                if (account.isEmpty() || !actor.accounts().contains(account.get())) {
                    throw new PolicyViolationException("The delegate does not administer the subject's account");
                }
                return;
            case STAFF:
                return;
            default:
                throw new PolicyViolationException("Only the subject, a delegate of the subject's account or staff"
                        + " on the subject's behalf can record consent events, not a " + actor.kind() + " actor");
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
        return check(subject, purpose, clock.instant());
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
        pollChangesIfStale();
        ConsentDecision decision = decide(subject, purpose, at);
        if (auditEveryNthCheck > 0 && checks.incrementAndGet() % auditEveryNthCheck == 0) {
            AuditEvent entry = AuditEvent.of(CHECK_ACTOR, "consent.check", decision.permitted()
                    ? AuditOutcome.SUCCESS : AuditOutcome.DENIED).withSubject(subject).withPurpose(purpose)
                    .withDetail("reason", decision.reason().name());
            audit.record(entry);
        }
        return decision;
    }

    private ConsentDecision decide(SubjectId subject, Purpose purpose, Instant at) {
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
        SubjectConsent events = cache.get(subject, loader);
        long atNanos = SubjectConsent.epochNanos(at);
        String purposeId = purpose.id();
        int restriction = events.latestRestriction(atNanos);
        int objection = events.latestObjection(purposeId, atNanos);
        int consent = events.latestConsent(purposeId, atNanos);
        boolean restricted = restriction >= 0 && events.type(restriction) == ConsentEventType.RESTRICT;
        boolean objected = objection >= 0 && events.type(objection) == ConsentEventType.OBJECT;
        Optional<LegalBasis> basis = BASES.get(definition.legalBasis());
        if (definition.requiresConsent()) {
            if (objected) {
                return decision(ConsentReason.OBJECTED, purpose, basis, at, events, objection);
            }
            if (consent < 0) {
                return decision(ConsentReason.NO_CONSENT, purpose, basis, at, events, -1);
            }
            if (events.type(consent) == ConsentEventType.WITHDRAW) {
                return decision(ConsentReason.CONSENT_WITHDRAWN, purpose, basis, at, events, consent);
            }
            return decision(reconsentNeeded(purpose, events.policyVersion(consent), policy)
                    ? ConsentReason.RECONSENT_REQUIRED : ConsentReason.CONSENT_GIVEN, purpose, basis, at, events,
                    consent);
        }
        if (restricted) {
            return decision(definition.legalBasis() == LegalBasis.LEGAL_OBLIGATION
                    ? ConsentReason.RESTRICTED_LEGAL_OBLIGATION : ConsentReason.RESTRICTED, purpose, basis, at,
                    events, restriction);
        }
        if (definition.objection() != ObjectionRule.NONE) {
            return decision(objected ? ConsentReason.OBJECTED : ConsentReason.LEGITIMATE_INTEREST, purpose, basis,
                    at, events, objection);
        }
        return decision(ConsentReason.LAWFUL_BASIS, purpose, basis, at, events, -1);
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
                index < 0 ? Optional.empty() : Optional.of(events.id(index)));
    }

    /**
     * Polls the store's change feed when the last poll is older than the staleness bound, and evicts
     * the subjects another instance changed. One thread polls; the others wait for it, so no check
     * is answered from a cache older than the bound.
     */
    private void pollChangesIfStale() {
        if (nanoTime.getAsLong() - lastPollNanos < stalenessNanos) {
            return;
        }
        pollLock.lock();
        try {
            long started = nanoTime.getAsLong();
            if (started - lastPollNanos < stalenessNanos) {
                return;
            }
            long seen = lastSeenSequence;
            while (true) {
                List<ConsentEvent> changes = store.changesSince(seen, FEED_PAGE);
                for (ConsentEvent e : changes) {
                    cache.invalidate(e.subject());
                    seen = Math.max(seen, e.sequence());
                }
                // A store may return fewer than asked before the end of its feed: only an empty page ends it.
                if (changes.isEmpty()) {
                    break;
                }
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
     * Checks a receipt's signature with this kit's signer.
     *
     * @param receipt the receipt
     * @return {@code true} if the receipt was signed by this kit's key and not changed since
     * @throws InvalidInputException if {@code receipt} is null
     */
    public boolean verifyReceipt(ConsentReceipt receipt) {
        return receipts.verify(receipt);
    }

    /** A decision for a receipt: as fresh as a check, but never sampled into the audit trail. */
    ConsentDecision status(SubjectId subject, Purpose purpose, Instant at) {
        pollChangesIfStale();
        return decide(subject, purpose, at);
    }

    @Override
    public String toString() {
        return "ConsentLedger[store=" + store + ", staleness=" + Duration.ofNanos(stalenessNanos) + "]";
    }
}
