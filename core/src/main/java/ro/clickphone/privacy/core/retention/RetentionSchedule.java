package ro.clickphone.privacy.core.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RetentionKind;
import ro.clickphone.privacy.core.policy.RetentionRule;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.Lease;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

/**
 * Retention: every record is tagged with the date its retention ends (or the event it waits for),
 * legal holds keep records past that date, and {@link #sweep(SweepOptions)} disposes of due records
 * through the {@link PersonalDataSource} that owns each. Reached through {@code kit.retention()}.
 *
 * <h2>Dates</h2>
 * Anchors are instants, turned into dates in the policy's time zone (Europe/Bucharest) with the
 * kit's clock. One convention holds everywhere ({@link RetentionKind}): a record is kept through its
 * last day D and due on D + 1. An invoice dated 15 March 2024 is kept through 31 December 2034 and
 * due on 1 January 2035; a CDR of a contract that ended on 30 June 2025 is due on 1 July 2028.
 *
 * <pre>{@code
 * RetentionSchedule retention = kit.retention();
 * retention.tag(subject, RecordRef.of("billing.invoices", "F-2024-0042"), DataCategory.of("FINANCIAL"), issuedAt);
 * retention.tag(subject, RecordRef.of("cdr", "c-981"), DataCategory.of("TRAFFIC"), callStart); // pending
 * retention.recordEvent(subject, "contract-end", LocalDate.of(2025, 6, 30));                   // due 2028-07-01
 * SweepReport report = retention.sweep(SweepOptions.defaults());
 * }</pre>
 *
 * <h2>Disposal</h2>
 * A sweep claims due, unheld records in batches with an expiring lease, and for each: asks its
 * source to dispose of it, destroys the (subject, key scope) data key when the action is
 * {@link DisposalAction#CRYPTO_SHRED} and no record that must still be kept (not yet due, pending,
 * or held) uses that scope (otherwise the record is deleted and the key kept), audits the shred, and
 * marks the record disposed of in the store. Every step is idempotent and the mark is last, so a
 * crash or an exception leaves each record either disposed of and marked, or due again once the
 * lease expires; the next sweep finishes it (a source's {@code dispose} is idempotent by contract).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RetentionSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
    private static final Actor ACTOR = Actor.system("retention", Set.of());
    private static final int MAX_RACES = 64;
    /** How many failed withdrawal resolutions wait in memory for the next sweep. */
    private static final int MAX_RETRIES = 100_000;
    /**
     * How many destroyed (subject, key scope) keys a sweep remembers, so that a subject's other
     * records in later batches do not destroy and audit the same key again; bounded, so that memory
     * does not grow with the records swept (a forgotten one is destroyed again: idempotent).
     */
    private static final int SHREDDED_REMEMBERED = 4096;

    static {
        Wiring.register(new Wiring.Retention() {
            @Override
            public RetentionSchedule open(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
                    Map<String, PersonalDataSource> sources, Wiring.Shredder shredder, Duration clockSkew) {
                return new RetentionSchedule(policy, clock, store, audit, sources, shredder, clockSkew);
            }

            @Override
            public Wiring.Withdrawals withdrawals(RetentionSchedule schedule) {
                return schedule::consentWithdrawn;
            }
        });
    }

    private final Supplier<Policy> policy;
    private final Clock clock;
    private final RetentionStore store;
    private final AuditTrail audit;
    private final Map<String, PersonalDataSource> sources;
    private final Wiring.Shredder shredder;
    private final Duration clockSkew;
    /** Withdrawals whose resolution failed, retried by the next sweep (lost at a restart: see the class notes). */
    private final ConcurrentLinkedQueue<Withdrawal> retries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retryCount = new AtomicInteger();

    private record Withdrawal(SubjectId subject, Purpose purpose, Instant at) {
    }

    private RetentionSchedule(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
            Map<String, PersonalDataSource> sources, Wiring.Shredder shredder, Duration clockSkew) {
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.store = Objects.requireNonNull(store);
        this.audit = Objects.requireNonNull(audit);
        this.sources = Map.copyOf(sources);
        this.shredder = Objects.requireNonNull(shredder);
        this.clockSkew = Objects.requireNonNull(clockSkew);
    }

    // --- tagging -----------------------------------------------------------------------------------

    /**
     * Tags a record with its category's retention: its last day kept, or the event it waits for.
     *
     * <p>Re-tagging is idempotent: the same record, subject, category and anchor give the stored tag
     * back unchanged. Re-tagging under another category keeps the later of the two terms (a pending
     * one is later than any date) and says so in the returned tag: the governing
     * {@link RetentionTag#category()} is the one with the later term, the other is in
     * {@link RetentionTag#alsoTaggedAs()}. A re-tag of a record already disposed of returns its
     * disposal proof unchanged.
     *
     * @param subject whose record it is
     * @param record the record; its source must be registered with the kit and hold the category
     * @param category the category of the data in the record
     * @param anchor what the rule counts from: the document's date (financial records), the record's
     *     creation (fixed periods; for rules that wait for an event, the time of tagging is fine)
     * @return the stored tag
     * @throws InvalidInputException if an argument is null
     * @throws RetentionException if the anchor lies in the future beyond the clock-skew bound, the
     *     policy declares no such category, no registered source is the record's and holds the
     *     category, the record is another subject's, or it would wait for two events
     * @throws StoreException if the store failed
     */
    public RetentionTag tag(SubjectId subject, RecordRef record, DataCategory category, Instant anchor) {
        notNull(subject, "subject");
        notNull(record, "record");
        notNull(category, "category");
        notNull(anchor, "anchor");
        Policy p = policy.get();
        CategoryDefinition definition = definition(p, category);
        Instant now = clock.instant();
        if (anchor.isAfter(now.plus(clockSkew))) {
            throw new RetentionException("anchor", RetentionException.Rule.ANCHOR_IN_THE_FUTURE,
                    "lies in the future beyond the allowed clock skew of " + clockSkew);
        }
        PersonalDataSource source = sources.get(record.source());
        if (source == null || !source.categories().contains(category)) {
            throw new RetentionException("record", RetentionException.Rule.NO_SOURCE_HOLDS_CATEGORY,
                    "no source registered with the kit is named " + record.source() + " and holds category "
                            + category.id() + ": give it to the builder with source(...)");
        }
        RetentionRule rule = p.retentionOf(category);
        Optional<String> awaiting = rule.awaitedEvent();
        Optional<LocalDate> last = awaiting.isPresent() ? Optional.empty()
                : rule.lastDayKept(LocalDate.ofInstant(anchor, p.timeZone()), p.financialYearEnd());
        RetentionTag fresh = new RetentionTag(record, Optional.of(subject), audit.subjectRef(subject), category,
                rule.id(), definition.keyScope(), Set.of(), last, awaiting, now, Optional.empty(), Optional.empty(), 0);
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<RetentionTag> stored = store.find(record);
            if (stored.isEmpty()) {
                if (store.insert(fresh)) {
                    return fresh;
                }
                continue;
            }
            RetentionTag existing = stored.get();
            if (existing.isDisposed()) {
                return existing;
            }
            if (!existing.subject().equals(fresh.subject())) {
                throw new RetentionException("record", RetentionException.Rule.RECORD_OF_ANOTHER_SUBJECT,
                        "the record is tagged for another subject; a record belongs to one subject");
            }
            RetentionTag merged = merge(existing, fresh);
            if (merged == existing || store.replace(merged)) {
                return merged;
            }
        }
        throw new StoreException("The retention tag of a record kept changing under " + MAX_RACES
                + " attempts to tag it; try again", true, null);
    }

    /** The later term of two tags of one record, as one tag; {@code existing} itself when nothing changes. */
    private static RetentionTag merge(RetentionTag existing, RetentionTag fresh) {
        if (existing.awaiting().isPresent() && fresh.awaiting().isPresent()
                && !existing.awaiting().equals(fresh.awaiting())) {
            throw new RetentionException("category", RetentionException.Rule.TWO_EVENTS_AWAITED,
                    "the record already waits for another event; a record waits for one");
        }
        Optional<String> awaiting = existing.awaiting().or(fresh::awaiting);
        Optional<LocalDate> last = later(existing.lastDayKept(), fresh.lastDayKept());
        boolean freshGoverns;
        if (fresh.category().equals(existing.category()) || existing.isPending()) {
            freshGoverns = false;
        } else if (fresh.isPending()) {
            freshGoverns = true;
        } else {
            freshGoverns = fresh.lastDayKept().orElseThrow().isAfter(existing.lastDayKept().orElseThrow());
        }
        RetentionTag governing = freshGoverns ? fresh : existing;
        Set<DataCategory> others = new HashSet<>(existing.alsoTaggedAs());
        others.add(existing.category());
        others.add(fresh.category());
        others.remove(governing.category());
        if (!freshGoverns && awaiting.equals(existing.awaiting()) && last.equals(existing.lastDayKept())
                && others.equals(existing.alsoTaggedAs())) {
            return existing;
        }
        return new RetentionTag(existing.record(), existing.subject(), existing.subjectRef(), governing.category(),
                governing.rule(), governing.keyScope(), others, last, awaiting, existing.taggedAt(), Optional.empty(),
                Optional.empty(), existing.revision() + 1);
    }

    private static Optional<LocalDate> later(Optional<LocalDate> a, Optional<LocalDate> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }

    /**
     * The tag of a record.
     *
     * @param record the record
     * @return its tag, disposed of or not, or empty if never tagged
     * @throws InvalidInputException if {@code record} is null
     * @throws StoreException if the store failed
     */
    public Optional<RetentionTag> tagOf(RecordRef record) {
        return store.find(notNull(record, "record"));
    }

    // --- events ------------------------------------------------------------------------------------

    /**
     * Records that an event happened for a subject (the end of the contract): every pending tag of
     * the subject that waits for it gets its due date. Idempotent: tags already resolved keep the
     * date they got first. Audited ({@code retention.event}).
     *
     * @param subject the subject
     * @param eventId an event the policy's rules wait for: an {@code event} of an AFTER_EVENT rule
     *     ({@code contract-end}, {@code warranty-end}) or {@value RetentionKind#SESSION_END}
     * @param date the day it happened, in the policy's time zone; not after today
     * @return how many tags it resolved
     * @throws InvalidInputException if an argument is null
     * @throws RetentionException if the event is unknown (or is a withdrawal of consent, which only
     *     the consent ledger records), or the date is after today
     * @throws StoreException if the store failed; tags resolved before it stay resolved, call again
     */
    public int recordEvent(SubjectId subject, String eventId, LocalDate date) {
        notNull(subject, "subject");
        Policy p = checkEvent(eventId, date);
        int resolved = 0;
        for (RetentionTag tag : store.findBySubject(subject)) {
            if (tag.awaiting().filter(eventId::equals).isPresent() && resolve(p, tag, date).isPresent()) {
                resolved++;
            }
        }
        audit.record(AuditEvent.of(ACTOR, "retention.event", AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("event", eventId).withDetail("resolved", Integer.toString(resolved)));
        return resolved;
    }

    /**
     * Records that an event happened for one record (a delivery ends per order): its tag gets its
     * due date if it waits for that event. Idempotent. Audited ({@code retention.event}).
     *
     * @param record the record
     * @param eventId an event the policy's rules wait for, as for {@link #recordEvent(SubjectId, String, LocalDate)}
     * @param date the day it happened, in the policy's time zone; not after today
     * @return the record's tag, resolved if it waited for the event
     * @throws InvalidInputException if an argument is null
     * @throws RetentionException if the event is unknown, the date after today, or the record was never tagged
     * @throws StoreException if the store failed
     */
    public RetentionTag recordEvent(RecordRef record, String eventId, LocalDate date) {
        notNull(record, "record");
        Policy p = checkEvent(eventId, date);
        RetentionTag tag = store.find(record).orElseThrow(() -> new RetentionException("record",
                RetentionException.Rule.UNKNOWN_RECORD, "the record was never tagged"));
        RetentionTag out = tag.awaiting().filter(eventId::equals).isPresent() ? resolve(p, tag, date).orElse(tag) : tag;
        AuditEvent entry = AuditEvent.of(ACTOR, "retention.event", AuditOutcome.SUCCESS).withDetail("event", eventId)
                .withDetail("record", recordRef(record)).withDetail("resolved", out == tag ? "0" : "1");
        audit.record(tag.subject().map(entry::withSubject).orElse(entry));
        return out;
    }

    private Policy checkEvent(String eventId, LocalDate date) {
        notNull(eventId, "eventId");
        notNull(date, "date");
        Policy p = policy.get();
        Set<String> known = new HashSet<>();
        p.retentionRules().forEach(r -> r.event().ifPresent(known::add));
        known.add(RetentionKind.SESSION_END);
        if (!known.contains(eventId)) {
            throw new RetentionException("eventId", RetentionException.Rule.UNKNOWN_EVENT,
                    RetentionKind.CONSENT_WITHDRAWN.equals(eventId)
                            ? "a withdrawal of consent is recorded in the consent ledger, which resolves these tags"
                            : "no retention rule of the policy waits for an event of that id; known: "
                                    + new java.util.TreeSet<>(known));
        }
        if (date.isAfter(LocalDate.ofInstant(clock.instant().plus(clockSkew), p.timeZone()))) {
            throw new RetentionException("date", RetentionException.Rule.EVENT_IN_THE_FUTURE,
                    "an event is recorded once it happened, not before");
        }
        return p;
    }

    /** Gives a pending tag its date, racing other writers; empty if another writer resolved it first. */
    private Optional<RetentionTag> resolve(Policy p, RetentionTag tag, LocalDate date) {
        RetentionTag current = tag;
        for (int race = 0; race < MAX_RACES; race++) {
            if (current.isDisposed() || current.awaiting().isEmpty()) {
                return Optional.empty();
            }
            RetentionRule rule = p.retentionRule(current.rule()).orElseThrow(() -> new PolicyViolationException(
                    "The policy in force has no retention rule " + tag.rule() + " that a tag names"));
            LocalDate last = rule.lastDayKeptOnEvent(date);
            RetentionTag resolved = new RetentionTag(current.record(), current.subject(), current.subjectRef(),
                    current.category(), current.rule(), current.keyScope(), current.alsoTaggedAs(),
                    later(current.lastDayKept(), Optional.of(last)), Optional.empty(), current.taggedAt(),
                    Optional.empty(), Optional.empty(), current.revision() + 1);
            if (store.replace(resolved)) {
                return Optional.of(resolved);
            }
            Optional<RetentionTag> again = store.find(current.record());
            if (again.isEmpty()) {
                return Optional.empty();
            }
            current = again.get();
        }
        throw new StoreException("A retention tag kept changing while its event was recorded; try again", true, null);
    }

    /** The consent ledger's hook: resolves the subject's tags kept until consent of the purpose is withdrawn. */
    private void consentWithdrawn(SubjectId subject, Purpose purpose, Instant at) {
        try {
            resolveWithdrawal(subject, purpose, at);
        } catch (RuntimeException e) {
            // The withdrawal is in the consent store and checks deny; only the tags wait. Keep it for
            // the next sweep, and leave a trace that does not depend on this process surviving.
            if (retryCount.incrementAndGet() <= MAX_RETRIES) {
                retries.add(new Withdrawal(subject, purpose, at));
            } else {
                retryCount.decrementAndGet();
            }
            LOG.error("Resolving retention tags after a withdrawal of consent failed ({}); the next sweep tries again",
                    e.getClass().getSimpleName());
            try {
                audit.record(AuditEvent.of(ACTOR, "retention.withdrawal", AuditOutcome.FAILED).withSubject(subject)
                        .withPurpose(purpose).withDetail("reason", e.getClass().getSimpleName()));
            } catch (RuntimeException auditFailure) {
                LOG.error("The audit entry of that failure failed too ({})", auditFailure.getClass().getSimpleName());
            }
        }
    }

    private int resolveWithdrawal(SubjectId subject, Purpose purpose, Instant at) {
        Policy p = policy.get();
        if (!p.declares(purpose)) {
            return 0;
        }
        PurposeDefinition definition = p.purpose(purpose);
        LocalDate date = LocalDate.ofInstant(at, p.timeZone());
        int resolved = 0;
        for (RetentionTag tag : store.findBySubject(subject)) {
            boolean ofPurpose = definition.categories().stream().anyMatch(tag::isOf);
            if (ofPurpose && tag.awaiting().filter(RetentionKind.CONSENT_WITHDRAWN::equals).isPresent()
                    && resolve(p, tag, date).isPresent()) {
                resolved++;
            }
        }
        audit.record(AuditEvent.of(ACTOR, "retention.withdrawal", AuditOutcome.SUCCESS).withSubject(subject)
                .withPurpose(purpose).withDetail("resolved", Integer.toString(resolved)));
        return resolved;
    }

    private int retryWithdrawals() {
        int done = 0;
        for (int n = retryCount.get(); n > 0; n--) {
            Withdrawal w = retries.poll();
            if (w == null) {
                break;
            }
            retryCount.decrementAndGet();
            consentWithdrawn(w.subject(), w.purpose(), w.at());
            done++;
        }
        return done;
    }

    // --- holds -------------------------------------------------------------------------------------

    /**
     * Places a legal hold: no record in its scope is disposed of while it stands, however overdue.
     * Audited ({@code retention.hold}); the case reference appears in the trail only as a keyed
     * reference ({@link AuditTrail#valueRef}).
     *
     * @param scope a subject with undisposed records, a tagged undisposed record, or a category the policy declares
     * @param reason why, in a few words (at most 500 characters)
     * @param caseReference the investigation or proceeding (at most 200 characters)
     * @return the hold, with its id
     * @throws InvalidInputException if an argument is null or malformed
     * @throws RetentionException if the scope names nothing known ({@link RetentionException.Rule#UNKNOWN_HOLD_SCOPE})
     * @throws StoreException if the store failed
     */
    public LegalHold hold(HoldScope scope, String reason, String caseReference) {
        notNull(scope, "scope");
        LegalHold hold = new LegalHold("h-" + UUID.randomUUID(), scope, reason, caseReference, clock.instant(),
                Optional.empty());
        boolean known = switch (scope.kind()) {
            case SUBJECT -> !store.findBySubject(scope.subject().orElseThrow()).isEmpty();
            case RECORD -> store.find(scope.record().orElseThrow()).filter(t -> !t.isDisposed()).isPresent();
            case CATEGORY -> policy.get().declares(scope.category().orElseThrow());
        };
        if (!known) {
            throw new RetentionException("scope", RetentionException.Rule.UNKNOWN_HOLD_SCOPE, "a " + scope.kind()
                    + " hold names " + switch (scope.kind()) {
                        case SUBJECT -> "a subject with records still kept";
                        case RECORD -> "a record tagged and not yet disposed of";
                        case CATEGORY -> "a category the policy declares";
                    });
        }
        store.putHold(hold);
        audit.record(holdEvent("retention.hold", hold));
        return hold;
    }

    /**
     * Releases a legal hold: the records it kept are due again at once if their date has passed.
     * Audited ({@code retention.release}).
     *
     * @param holdId the hold's id
     * @return the released hold
     * @throws InvalidInputException if {@code holdId} is null
     * @throws RetentionException if no hold has that id, or it was released already
     * @throws StoreException if the store failed
     */
    public LegalHold release(String holdId) {
        notNull(holdId, "holdId");
        LegalHold hold = store.findHold(holdId).orElseThrow(() -> new RetentionException("holdId",
                RetentionException.Rule.UNKNOWN_HOLD, "no hold has that id"));
        Instant now = clock.instant();
        if (!hold.isActive() || !store.releaseHold(holdId, now)) {
            throw new RetentionException("holdId", RetentionException.Rule.HOLD_RELEASED_ALREADY,
                    "the hold was released already; a hold is released once");
        }
        LegalHold released = hold.released(now);
        audit.record(holdEvent("retention.release", released));
        return released;
    }

    private AuditEvent holdEvent(String action, LegalHold hold) {
        AuditEvent e = AuditEvent.of(ACTOR, action, AuditOutcome.SUCCESS).withDetail("hold", hold.id())
                .withDetail("scope", hold.scope().kind().name()).withDetail("case", audit.valueRef(hold.caseReference()));
        if (hold.scope().subject().isPresent()) {
            e = e.withSubject(hold.scope().subject().get());
        }
        if (hold.scope().category().isPresent()) {
            e = e.withCategories(Set.of(hold.scope().category().get()));
        }
        if (hold.scope().record().isPresent()) {
            e = e.withDetail("record", recordRef(hold.scope().record().get()));
        }
        return e;
    }

    /**
     * The holds that stand.
     *
     * @return the active holds, in the order they were placed
     * @throws StoreException if the store failed
     */
    public List<LegalHold> activeHolds() {
        return store.activeHolds();
    }

    // --- sweeping ----------------------------------------------------------------------------------

    /**
     * Disposes of every record due today (the clock's now in the policy's time zone) and held by no
     * legal hold, in batches, through the source that owns each; or, for a dry run, reports what it
     * would dispose of and changes nothing. A failing source, key store or mark fails only its
     * record, listed in the report; the others go on. The report is audited ({@code retention.sweep}),
     * and so is every key shred ({@code retention.shred}).
     *
     * <p>Memory does not grow with the number of due records: one batch at a time is held.
     * Withdrawals of consent whose tags could not be resolved when they were recorded are retried
     * first.
     *
     * @param options batch size, lease, dry run, actions
     * @return the report
     * @throws InvalidInputException if {@code options} is null
     * @throws StoreException if the retention store failed to give a batch; records disposed of
     *     before it are marked, the rest stay due
     */
    public SweepReport sweep(SweepOptions options) {
        notNull(options, "options");
        Instant started = clock.instant();
        Policy p = policy.get();
        ZoneId zone = p.timeZone();
        LocalDate today = LocalDate.ofInstant(started, zone);
        Tally tally = new Tally(options.maxFailuresListed());
        Set<Slot> shredded = shreddedSet();
        if (options.dryRun()) {
            Optional<RetentionTag> after = Optional.empty();
            for (List<RetentionTag> batch = store.findDue(today, after, options.batchSize()); !batch.isEmpty();
                    batch = store.findDue(today, after, options.batchSize())) {
                Map<Slot, Boolean> keyNeeded = new HashMap<>();
                for (RetentionTag tag : batch) {
                    Plan plan = plan(p, tag, options, today, keyNeeded, shredded);
                    tally.disposed(tag.category(), plan.sourceAction());
                    if (plan.shred()) {
                        shredded.add(new Slot(tag.subject().orElseThrow(), tag.keyScope().orElseThrow()));
                        tally.keysShredded++;
                    }
                }
                after = Optional.of(batch.get(batch.size() - 1));
            }
        } else {
            retryWithdrawals();
            String owner = "sweep-" + UUID.randomUUID();
            while (true) {
                Instant now = clock.instant();
                Lease lease = new Lease(owner, now, now.plus(options.lease()));
                List<RetentionTag> batch = store.claimDue(today, lease, options.batchSize());
                if (batch.isEmpty()) {
                    break;
                }
                Map<Slot, Boolean> keyNeeded = new HashMap<>();
                for (RetentionTag tag : batch) {
                    if (!lease.holdsAt(clock.instant())) {
                        // Too slow: another sweeper may hold these now. Leave them to it, or to the next sweep.
                        tally.failed(tag, "LEASE_EXPIRED");
                        continue;
                    }
                    dispose(p, tag, options, today, keyNeeded, shredded, tally);
                }
            }
        }
        SweepReport report = new SweepReport(today, started, clock.instant(), options.dryRun(), tally.disposed,
                tally.keysShredded, tally.failed, tally.failures);
        AuditEvent entry = AuditEvent.of(ACTOR, "retention.sweep", report.failed() == 0 ? AuditOutcome.SUCCESS
                : AuditOutcome.FAILED).withDetail("day", today.toString()).withDetail("dryRun",
                        Boolean.toString(options.dryRun())).withDetail("keysShredded", Integer.toString(report.keysShredded()))
                .withDetail("failed", Integer.toString(report.failed())).withDetail("disposed",
                        Integer.toString(report.total()));
        for (Map.Entry<DataCategory, Map<DisposalAction, Integer>> byCategory : report.disposed().entrySet()) {
            for (Map.Entry<DisposalAction, Integer> byAction : byCategory.getValue().entrySet()) {
                entry = entry.withDetail("disposed." + byCategory.getKey().id() + "." + byAction.getKey().name(),
                        byAction.getValue().toString());
            }
        }
        if (!report.disposed().isEmpty()) {
            entry = entry.withCategories(report.disposed().keySet());
        }
        audit.record(entry);
        return report;
    }

    private record Slot(SubjectId subject, KeyScope scope) {
    }

    /** What to do with one record: the action the source gets, and whether the key is destroyed. */
    private record Plan(DisposalAction sourceAction, boolean shred) {
    }

    /** The keys this sweep destroyed, the most recent {@value #SHREDDED_REMEMBERED} of them. */
    private static Set<Slot> shreddedSet() {
        return Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Slot, Boolean> eldest) {
                return size() > SHREDDED_REMEMBERED;
            }
        });
    }

    /**
     * The plan of one record. A key this sweep destroyed already is not destroyed (nor audited)
     * again for the subject's other records: they are crypto-shredded by it.
     */
    private Plan plan(Policy p, RetentionTag tag, SweepOptions options, LocalDate today, Map<Slot, Boolean> keyNeeded,
            Set<Slot> shredded) {
        DisposalAction action = options.actions().getOrDefault(tag.category(),
                tag.keyScope().isPresent() ? DisposalAction.CRYPTO_SHRED : DisposalAction.DELETE);
        if (action != DisposalAction.CRYPTO_SHRED) {
            return new Plan(action, false);
        }
        if (tag.keyScope().isEmpty() || tag.subject().isEmpty()) {
            // Nothing to shred: no per-subject key protects the category.
            return new Plan(DisposalAction.DELETE, false);
        }
        Slot slot = new Slot(tag.subject().get(), tag.keyScope().get());
        if (shredded.contains(slot)) {
            return new Plan(DisposalAction.CRYPTO_SHRED, false);
        }
        boolean needed = keyNeeded.computeIfAbsent(slot, s -> keyStillNeeded(p, s, tag, today));
        return needed ? new Plan(DisposalAction.DELETE, false) : new Plan(DisposalAction.CRYPTO_SHRED, true);
    }

    /** Whether a record other than this one that must still be kept (not due, pending, held) uses the key. */
    private boolean keyStillNeeded(Policy p, Slot slot, RetentionTag disposing, LocalDate today) {
        List<LegalHold> holds = store.activeHolds();
        for (RetentionTag other : store.findBySubject(slot.subject())) {
            if (other.record().equals(disposing.record()) || !usesScope(p, other, slot.scope())) {
                continue;
            }
            boolean kept = !other.isDueOn(today) || holds.stream().anyMatch(h -> h.scope().covers(other));
            if (kept) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesScope(Policy p, RetentionTag tag, KeyScope scope) {
        if (tag.keyScope().filter(scope::equals).isPresent()) {
            return true;
        }
        for (DataCategory other : tag.alsoTaggedAs()) {
            if (p.declares(other) && p.keyScopeOf(other).filter(scope::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void dispose(Policy p, RetentionTag tag, SweepOptions options, LocalDate today,
            Map<Slot, Boolean> keyNeeded, Set<Slot> shredded, Tally tally) {
        PersonalDataSource source = sources.get(tag.record().source());
        if (source == null) {
            tally.failed(tag, "NO_SOURCE");
            return;
        }
        try {
            Plan plan = plan(p, tag, options, today, keyNeeded, shredded);
            source.dispose(tag.record(), plan.sourceAction());
            if (plan.shred()) {
                SubjectId subject = tag.subject().orElseThrow();
                KeyScope scope = tag.keyScope().orElseThrow();
                int versions = shredder.shred(subject, scope);
                // Audited before the mark: a crash between the two shreds (and audits) again, never not at all.
                audit.record(AuditEvent.of(ACTOR, "retention.shred", AuditOutcome.SUCCESS).withSubject(subject)
                        .withCategories(Set.of(tag.category())).withDetail("keyScope", scope.name())
                        .withDetail("versions", Integer.toString(versions))
                        .withDetail("record", recordRef(tag.record())));
                shredded.add(new Slot(subject, scope));
                tally.keysShredded++;
            }
            if (store.markDisposed(tag.record(), plan.sourceAction(), clock.instant())) {
                tally.disposed(tag.category(), plan.sourceAction());
            }
        } catch (RuntimeException e) {
            LOG.warn("Disposing of a record of source {} failed ({}); it stays due", tag.record().source(),
                    e.getClass().getSimpleName());
            tally.failed(tag, e.getClass().getSimpleName());
        }
    }

    /** A record reference for the audit trail: the source, and a keyed reference of the id. */
    private String recordRef(RecordRef record) {
        return record.source() + "/" + audit.valueRef(record.id());
    }

    private static final class Tally {
        final Map<DataCategory, Map<DisposalAction, Integer>> disposed = new TreeMap<>(
                (a, b) -> a.id().compareTo(b.id()));
        final List<SweepFailure> failures = new ArrayList<>();
        final int maxListed;
        int failed;
        int keysShredded;

        Tally(int maxListed) {
            this.maxListed = maxListed;
        }

        void disposed(DataCategory category, DisposalAction action) {
            disposed.computeIfAbsent(category, c -> new EnumMap<>(DisposalAction.class)).merge(action, 1, Integer::sum);
        }

        void failed(RetentionTag tag, String reason) {
            failed++;
            if (failures.size() < maxListed) {
                failures.add(new SweepFailure(tag.record(), tag.category(), reason));
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static CategoryDefinition definition(Policy p, DataCategory category) {
        if (!p.declares(category)) {
            throw new RetentionException("category", RetentionException.Rule.CATEGORY_WITHOUT_RULE,
                    "the policy in force declares no category " + category.id() + ", so no retention rule governs it");
        }
        return p.category(category);
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RetentionSchedule[" + sources.size() + " sources, store=" + store.getClass().getSimpleName() + "]";
    }
}
