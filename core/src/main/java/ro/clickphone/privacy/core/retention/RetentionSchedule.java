package ro.clickphone.privacy.core.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.consent.ConsentDecision;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.internal.Wiring;
import ro.clickphone.privacy.core.policy.CategoryDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PurposeDefinition;
import ro.clickphone.privacy.core.policy.RetentionKind;
import ro.clickphone.privacy.core.policy.RetentionRule;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.SourceCapability;

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
 * A sweep claims due, unheld records in batches with an expiring lease, and for each: reads its tag
 * and the holds again, asks its source to dispose of it, checks again before a key shred, destroys the
 * key versions of the (subject, key scope) made up to the planning when the action is {@link DisposalAction#CRYPTO_SHRED} and no
 * record that must still be kept (not yet due, pending, or held) uses that scope and the newest key
 * version is no younger than the subject's newest tag in it (otherwise the record is deleted and the
 * key kept), audits the shred, and marks the record disposed of in the store, conditionally on its
 * lease, its tag's revision and the holds. A retention shred leaves no tombstone: the subject's next
 * record in the scope is encrypted under a new key version (erasure, not retention, stops a subject's
 * keys for good). Every step is idempotent and the mark is last, so a crash or an exception leaves
 * each record either disposed of and marked, or due again once the lease expires; the next sweep
 * finishes it (a source's {@code dispose} is idempotent by contract).
 *
 * <h2>The contact directory</h2>
 * The subject's notification contacts (the kit's {@link ContactDirectory}) hold {@code CONTACT} data: when a
 * sweep disposes of a subject's record tagged {@code CONTACT} (or also tagged so) and nothing of that data is
 * kept any more, the directory entry is removed too, as an erasure removes it: no other record of the subject
 * tagged {@code CONTACT} is left undisposed (due or not, held or not), no legal hold on the subject or on
 * {@code CONTACT} is active, and no source that can {@link SourceCapability#FIND find} reports a {@code CONTACT}
 * record of the subject (an untagged one). The removal comes after the source's disposal and before the
 * record is marked: a failure in between leaves the record due, and the next sweep disposes of it again and
 * removes the entry. It is audited ({@code retention.contacts}, subject and category only). A dry run
 * removes nothing.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RetentionSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);
    private static final Actor ACTOR = Actor.system("retention", Set.of());
    private static final int MAX_RACES = 64;
    /** How many failures the sweep's audit entry names by record reference. */
    private static final int MAX_FAILURES_AUDITED = 20;
    /**
     * How many shredded (subject, key scope) slots a sweep remembers, so that a subject's other
     * records in the same or later batches do not retire and audit the same key again; bounded, so
     * that memory does not grow with the records swept (a forgotten one is retired again: idempotent).
     */
    private static final int SHREDDED_REMEMBERED = 4096;
    /** The category the contact directory holds. */
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");

    static {
        Wiring.register(new Wiring.Retention() {
            @Override
            public RetentionSchedule open(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
                    Map<String, PersonalDataSource> sources, Wiring.Shredder shredder, Duration clockSkew,
                    ConsentLedger consent, ConsentStore consentEvents, ContactDirectory contacts,
                    PrivacyMetrics metrics) {
                return new RetentionSchedule(policy, clock, store, audit, sources, shredder, clockSkew, consent,
                        consentEvents, contacts, metrics);
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
    private final ConsentLedger consent;
    private final ConsentStore consentEvents;
    private final ContactDirectory contacts;
    /** Told of each real sweep's batches and end. */
    private final PrivacyMetrics metrics;

    private RetentionSchedule(Supplier<Policy> policy, Clock clock, RetentionStore store, AuditTrail audit,
            Map<String, PersonalDataSource> sources, Wiring.Shredder shredder, Duration clockSkew,
            ConsentLedger consent, ConsentStore consentEvents, ContactDirectory contacts, PrivacyMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics);
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.store = Objects.requireNonNull(store);
        this.audit = Objects.requireNonNull(audit);
        this.sources = Map.copyOf(sources);
        this.shredder = Objects.requireNonNull(shredder);
        this.clockSkew = Objects.requireNonNull(clockSkew);
        this.consent = Objects.requireNonNull(consent);
        this.consentEvents = Objects.requireNonNull(consentEvents);
        this.contacts = Objects.requireNonNull(contacts);
    }

    // --- tagging -----------------------------------------------------------------------------------

    /**
     * Tags a record with its category's retention: its last day kept, or the event it waits for.
     *
     * <p>Re-tagging is idempotent: the same record, subject, category and anchor give the stored tag
     * back unchanged. Re-tagging under another category keeps the later of the two terms (a pending
     * one is later than any date) and says so in the returned tag: the governing
     * {@link RetentionTag#category()} is the one with the later term, the other is in
     * {@link RetentionTag#alsoTaggedAs()}. Re-tagging the same category with a later anchor
     * postpones the due date to the later anchor's term (the later of the two terms is kept), so
     * tag a record with the anchor it has, not the time of a later touch. A record already disposed
     * of is refused ({@link RetentionException.Rule#RECORD_DISPOSED_ALREADY}).
     *
     * <p>A record that waits for a subject's event (the end of the contract) that was already
     * recorded ({@link #recordEvent(SubjectId, String, LocalDate)}) on the day of its anchor or
     * later is resolved against it at once: a call record tagged after the contract ended gets its
     * due date, one of a later contract stays pending.
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
     *     category, the record is another subject's, it would wait for two events, or it was
     *     disposed of already
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
                    "no source registered with the kit is the record's source and holds its category: give it to"
                            + " the builder with source(...)");
        }
        RetentionRule rule = p.retentionOf(category);
        Optional<String> awaiting = rule.awaitedEvent();
        LocalDate anchorDay = LocalDate.ofInstant(anchor, p.timeZone());
        Optional<LocalDate> last = awaiting.isPresent() ? Optional.empty()
                : rule.lastDayKept(anchorDay, p.financialYearEnd());
        RetentionTag fresh = new RetentionTag(record, Optional.of(subject), audit.subjectRef(subject), category,
                rule.id(), definition.keyScope(), Set.of(), last, awaiting, now, Optional.empty(), Optional.empty(), 0,
                anchorDay, rule.extendedByLegalHold());
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<RetentionTag> stored = store.find(record);
            if (stored.isEmpty()) {
                if (store.find(proofRef(record)).isPresent()) {
                    throw disposedAlready();
                }
                if (store.insert(fresh)) {
                    return resolveByRecordedEvent(p, fresh);
                }
                continue;
            }
            RetentionTag existing = stored.get();
            if (existing.isDisposed()) {
                throw disposedAlready();
            }
            if (!existing.subject().equals(fresh.subject())) {
                throw new RetentionException("record", RetentionException.Rule.RECORD_OF_ANOTHER_SUBJECT,
                        "the record is tagged for another subject; a record belongs to one subject");
            }
            RetentionTag merged = merge(existing, fresh);
            if (merged == existing || store.replace(merged)) {
                return merged == existing ? merged : resolveByRecordedEvent(p, merged);
            }
        }
        throw new StoreException("The retention tag of a record kept changing under " + MAX_RACES
                + " attempts to tag it; try again", true, null);
    }

    private static RetentionException disposedAlready() {
        return new RetentionException("record", RetentionException.Rule.RECORD_DISPOSED_ALREADY,
                "the record was disposed of already; its disposal proof stays, and it is not tagged again");
    }

    /**
     * A pending tag waiting for a subject's event that was recorded on its anchor's day or later,
     * resolved against the earliest such day; the tag itself otherwise.
     */
    private RetentionTag resolveByRecordedEvent(Policy p, RetentionTag tag) {
        if (tag.awaiting().isEmpty() || tag.subject().isEmpty()) {
            return tag;
        }
        for (LocalDate day : store.findEvents(eventKey(tag.subject().get()), tag.awaiting().get())) {
            if (!day.isBefore(tag.anchoredOn())) {
                return resolve(p, tag, day).orElseGet(() -> store.find(tag.record()).orElse(tag));
            }
        }
        return tag;
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
        LocalDate anchoredOn = fresh.anchoredOn().isAfter(existing.anchoredOn()) ? fresh.anchoredOn()
                : existing.anchoredOn();
        // A hold keeps the record if any of its categories' rules is extended by holds (the stricter need).
        boolean extendedByHold = existing.extendedByHold() || fresh.extendedByHold();
        if (!freshGoverns && awaiting.equals(existing.awaiting()) && last.equals(existing.lastDayKept())
                && others.equals(existing.alsoTaggedAs()) && anchoredOn.equals(existing.anchoredOn())
                && extendedByHold == existing.extendedByHold()) {
            return existing;
        }
        return new RetentionTag(existing.record(), existing.subject(), existing.subjectRef(), governing.category(),
                governing.rule(), governing.keyScope(), others, last, awaiting, existing.taggedAt(), Optional.empty(),
                Optional.empty(), existing.revision() + 1, anchoredOn, extendedByHold);
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
     * @return its tag; once the record is disposed of, its disposal proof (under a keyed reference
     *     of the record, see {@link RetentionTag#proof}); empty if never tagged
     * @throws InvalidInputException if {@code record} is null
     * @throws StoreException if the store failed
     */
    public Optional<RetentionTag> tagOf(RecordRef record) {
        notNull(record, "record");
        return store.find(record).or(() -> store.find(proofRef(record)));
    }

    // --- events ------------------------------------------------------------------------------------

    /**
     * Records that an event happened for a subject (the end of the contract): every pending tag of
     * the subject that waits for it and was anchored on that day or earlier gets its due date; a
     * tag anchored later (a record of a later contract) stays pending. The event is remembered in
     * the store, so a record tagged afterwards with an anchor on or before that day is resolved when
     * it is tagged. Idempotent: tags already resolved keep the date they got first. Audited
     * ({@code retention.event}).
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
        store.putEvent(eventKey(subject), eventId, date);
        int resolved = 0;
        for (RetentionTag tag : store.findBySubject(subject)) {
            if (tag.awaiting().filter(eventId::equals).isPresent() && !tag.anchoredOn().isAfter(date)
                    && resolve(p, tag, date).isPresent()) {
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
     * @throws RetentionException if the event is unknown, the date after today, the record was never tagged, or it was
     *     disposed of already ({@link RetentionException.Rule#RECORD_DISPOSED_ALREADY})
     * @throws StoreException if the store failed
     */
    public RetentionTag recordEvent(RecordRef record, String eventId, LocalDate date) {
        notNull(record, "record");
        Policy p = checkEvent(eventId, date);
        Optional<RetentionTag> found = store.find(record);
        if (found.isEmpty() && store.find(proofRef(record)).isPresent()) {
            throw disposedAlready();
        }
        RetentionTag tag = found.filter(t -> !t.isDisposed()).orElseThrow(() -> found.isPresent() ? disposedAlready()
                : new RetentionException("record", RetentionException.Rule.UNKNOWN_RECORD, "the record was never tagged"));
        RetentionTag out = tag.awaiting().filter(eventId::equals).isPresent() ? resolve(p, tag, date).orElse(tag) : tag;
        AuditEvent entry = AuditEvent.of(ACTOR, "retention.event", AuditOutcome.SUCCESS).withDetail("event", eventId)
                .withDetail("record", recordRef(record)).withDetail("resolved", out == tag ? "0" : "1");
        audit.record(tag.subject().map(entry::withSubject).orElse(entry));
        return out;
    }

    /**
     * Whose events the store remembers: the subject's keyed audit pseudonym, as the disposal proofs
     * keep it, never the raw id (the events outlive the subject's records).
     */
    private SubjectId eventKey(SubjectId subject) {
        return SubjectId.of(audit.subjectRef(subject));
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
            RetentionTag resolved = governedByLaterTerm(p, current, last);
            if (resolved == null) {
                resolved = new RetentionTag(current.record(), current.subject(), current.subjectRef(),
                        current.category(), current.rule(), current.keyScope(), current.alsoTaggedAs(),
                        later(current.lastDayKept(), Optional.of(last)), Optional.empty(), current.taggedAt(),
                        Optional.empty(), Optional.empty(), current.revision() + 1, current.anchoredOn(),
                        current.extendedByHold());
            }
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

    /**
     * A pending tag resolved on {@code eventLast}, governed by the dated category whose later term it
     * kept while it waited: a record tagged under a dated category (an invoice, kept through 2034) and
     * then under one waiting for an event (call data, three years after the contract) keeps the dated
     * term as a floor; when the event gives an earlier last day, the category and rule that gave the
     * floor govern again, so the disposal proof names the rule that gave the date. The tag keeps the
     * later anchor of its categories only, so the giver is the one dated category of the tag whose
     * rule gives the floor from that anchor, or else the only dated category; null (the event's
     * category stays named) when the event's term is the later one or the giver cannot be told.
     */
    private static RetentionTag governedByLaterTerm(Policy p, RetentionTag pending, LocalDate eventLast) {
        Optional<LocalDate> floor = pending.lastDayKept();
        if (floor.isEmpty() || !floor.get().isAfter(eventLast)) {
            return null;
        }
        List<DataCategory> dated = new ArrayList<>();
        List<DataCategory> giving = new ArrayList<>();
        for (DataCategory other : pending.alsoTaggedAs()) {
            if (!p.declares(other) || p.retentionOf(other).awaitedEvent().isPresent()) {
                continue;
            }
            dated.add(other);
            if (p.retentionOf(other).lastDayKept(pending.anchoredOn(), p.financialYearEnd()).equals(floor)) {
                giving.add(other);
            }
        }
        DataCategory giver = giving.size() == 1 ? giving.get(0) : dated.size() == 1 ? dated.get(0) : null;
        if (giver == null) {
            return null;
        }
        Set<DataCategory> others = new HashSet<>(pending.alsoTaggedAs());
        others.remove(giver);
        others.add(pending.category());
        return new RetentionTag(pending.record(), pending.subject(), pending.subjectRef(), giver,
                p.retentionOf(giver).id(), p.keyScopeOf(giver), others, floor, Optional.empty(), pending.taggedAt(),
                Optional.empty(), Optional.empty(), pending.revision() + 1, pending.anchoredOn(),
                pending.extendedByHold());
    }

    /**
     * The consent ledger's hook, the fast path: resolves the subject's tags kept until consent is
     * withdrawn of the purpose's categories, each only if no consent-based purpose processing its
     * categories still permits. A failure here loses nothing: the next sweep reconciles every
     * consent-bound tag against the ledger ({@link #reconcileConsent}).
     */
    private void consentWithdrawn(SubjectId subject, Purpose purpose, Instant at) {
        try {
            Policy p = policy.get();
            int resolved = 0;
            if (p.declares(purpose)) {
                PurposeDefinition definition = p.purpose(purpose);
                Instant now = clock.instant();
                for (RetentionTag tag : store.findBySubject(subject)) {
                    if (definition.categories().stream().anyMatch(tag::isOf)
                            && tag.awaiting().filter(RetentionKind.CONSENT_WITHDRAWN::equals).isPresent()
                            && resolveIfConsentEnded(p, tag, now)) {
                        resolved++;
                    }
                }
            }
            audit.record(AuditEvent.of(ACTOR, "retention.withdrawal", AuditOutcome.SUCCESS).withSubject(subject)
                    .withPurpose(purpose).withDetail("resolved", Integer.toString(resolved)));
        } catch (RuntimeException e) {
            // The withdrawal is in the consent store and checks deny; only the tags wait, and the next
            // sweep finds them through the store (durable, whichever instance sweeps).
            LOG.error("Resolving retention tags after a withdrawal of consent failed ({}); the next sweep reconciles",
                    e.getClass().getSimpleName());
            try {
                audit.record(AuditEvent.of(ACTOR, "retention.withdrawal", AuditOutcome.FAILED).withSubject(subject)
                        .withPurpose(purpose).withDetail("reason", e.getClass().getSimpleName()));
            } catch (RuntimeException auditFailure) {
                LOG.error("The audit entry of that failure failed too ({})", auditFailure.getClass().getSimpleName());
            }
        }
    }

    /**
     * Gives a tag kept until consent is withdrawn its due date if consent no longer stands: no
     * consent-based purpose that processes one of its categories permits now, and at least one was
     * withdrawn. The date is the day (policy time zone) the last of those withdrawals took effect.
     *
     * @return whether this call resolved it
     */
    private boolean resolveIfConsentEnded(Policy p, RetentionTag tag, Instant now) {
        SubjectId subject = tag.subject().orElseThrow();
        Instant withdrawn = null;
        for (PurposeDefinition definition : p.purposes()) {
            if (!definition.requiresConsent() || definition.categories().stream().noneMatch(tag::isOf)) {
                continue;
            }
            ConsentDecision decision = consent.check(subject, definition.purpose(), now);
            if (decision.permitted()) {
                return false;
            }
            if (decision.reason() != ConsentReason.CONSENT_WITHDRAWN) {
                continue;
            }
            // The decision names the withdrawal that decided it; the store gives its effective time.
            Optional<ConsentEvent> event = decision.eventId().flatMap(consentEvents::find);
            if (event.isPresent() && event.get().type() == ConsentEventType.WITHDRAW
                    && (withdrawn == null || event.get().effectiveAt().isAfter(withdrawn))) {
                withdrawn = event.get().effectiveAt();
            }
        }
        return withdrawn != null && resolve(p, tag, LocalDate.ofInstant(withdrawn, p.timeZone())).isPresent();
    }

    /**
     * Reconciles every tag kept until consent is withdrawn against the consent ledger, in batches:
     * the durable path behind the ledger's hook, run at the start of each sweep, so that a
     * withdrawal whose hook failed, or that another instance or a process before a restart
     * recorded, is caught.
     *
     * @return how many tags it resolved
     */
    private int reconcileConsent(int batchSize) {
        Policy p = policy.get();
        Instant now = clock.instant();
        int resolved = 0;
        Optional<RecordRef> after = Optional.empty();
        for (List<RetentionTag> batch = store.findPending(RetentionKind.CONSENT_WITHDRAWN, after, batchSize);
                !batch.isEmpty(); batch = store.findPending(RetentionKind.CONSENT_WITHDRAWN, after, batchSize)) {
            for (RetentionTag tag : batch) {
                if (tag.subject().isPresent() && resolveIfConsentEnded(p, tag, now)) {
                    resolved++;
                }
            }
            after = Optional.of(batch.get(batch.size() - 1).record());
        }
        return resolved;
    }

    // --- holds -------------------------------------------------------------------------------------

    /**
     * Places a legal hold: no record in its scope is disposed of while it stands, however overdue.
     * Audited ({@code retention.hold}); the case reference appears in the trail only as a keyed
     * reference ({@link AuditTrail#valueRef}).
     *
     * <p>A hold does not keep a record whose governing rule the policy marks as not extended by a
     * legal hold ({@code extendedByLegalHold: false}, e.g. analytics cookies kept on consent): such a
     * record is disposed of on its date whatever the holds, and a record hold on one is refused.
     *
     * @param scope a subject with undisposed records, a tagged undisposed record, or a category the policy declares
     * @param reason why, in a few words (at most 500 characters)
     * @param caseReference the investigation or proceeding (at most 200 characters)
     * @return the hold, with its id
     * @throws InvalidInputException if an argument is null or malformed
     * @throws RetentionException if the scope names nothing known ({@link RetentionException.Rule#UNKNOWN_HOLD_SCOPE}),
     *     or a record whose rule a hold does not extend ({@link RetentionException.Rule#HOLD_NOT_EXTENDING_RULE})
     * @throws StoreException if the store failed
     */
    public LegalHold hold(HoldScope scope, String reason, String caseReference) {
        notNull(scope, "scope");
        LegalHold hold = new LegalHold(holdId(UUID.randomUUID()), scope, reason, caseReference, clock.instant(),
                Optional.empty());
        Optional<RetentionTag> held = scope.kind() == HoldScope.Kind.RECORD
                ? store.find(scope.record().orElseThrow()).filter(t -> !t.isDisposed()) : Optional.empty();
        boolean known = switch (scope.kind()) {
            case SUBJECT -> !store.findBySubject(scope.subject().orElseThrow()).isEmpty();
            case RECORD -> held.isPresent();
            case CATEGORY -> policy.get().declares(scope.category().orElseThrow());
        };
        if (held.isPresent() && !held.get().extendedByHold()) {
            throw new RetentionException("scope", RetentionException.Rule.HOLD_NOT_EXTENDING_RULE,
                    "the record's retention rule is not extended by a legal hold (the policy's extendedByLegalHold)");
        }
        if (!known) {
            throw new RetentionException("scope", RetentionException.Rule.UNKNOWN_HOLD_SCOPE, "a " + scope.kind()
                    + " hold names " + switch (scope.kind()) {
                        case SUBJECT -> "a subject with records still kept";
                        case RECORD -> "a record tagged and not yet disposed of";
                        case CATEGORY -> "a category the policy declares";
                    });
        }
        store.putHold(hold);
        try {
            audit.record(holdEvent("retention.hold", hold));
        } catch (RuntimeException e) {
            // No hold stands unaudited: undo it, then report the audit's failure.
            try {
                store.releaseHold(hold.id(), hold.placedAt());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return hold;
    }

    /**
     * Releases a legal hold: the records it kept are due again at once if their date has passed.
     * Audited ({@code retention.release}).
     *
     * @param holdId the hold's id
     * @return the released hold
     * @throws InvalidInputException if {@code holdId} is null
     * @throws RetentionException if no hold has that id, it was released already, or this kit's
     *     clock says now is before the hold was placed (clock skew between hosts)
     * @throws StoreException if the store failed
     */
    public LegalHold release(String holdId) {
        notNull(holdId, "holdId");
        LegalHold hold = store.findHold(holdId).orElseThrow(() -> new RetentionException("holdId",
                RetentionException.Rule.UNKNOWN_HOLD, "no hold has that id"));
        Instant now = clock.instant();
        if (hold.isActive() && hold.placedAt().isAfter(now)) {
            throw new RetentionException("holdId", RetentionException.Rule.RELEASE_BEFORE_PLACEMENT,
                    "the hold was placed later than now by this kit's clock; check the hosts' clocks and release again");
        }
        if (!hold.isActive() || !store.releaseHold(holdId, now)) {
            throw new RetentionException("holdId", RetentionException.Rule.HOLD_RELEASED_ALREADY,
                    "the hold was released already; a hold is released once");
        }
        LegalHold released = hold.released(now);
        audit.record(holdEvent("retention.release", released));
        return released;
    }

    /**
     * A new hold's id: {@code h-} and the 32 hex digits of a random UUID, without its dashes. The id
     * goes into the audit trail, which refuses a value shaped like a phone number; the dashed form
     * sometimes is one (a last group of 12 decimal digits after a dash stands on its own, about one
     * id in a thousand), which made {@link #hold} fail at random. Undashed, every digit run is glued
     * to a hex letter or is all 32 digits, longer than any number dialled: never such a shape.
     */
    static String holdId(UUID random) {
        return "h-" + random.toString().replace("-", "");
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
     * also when the sweep stops on a failing retention store (then with outcome FAILED, the counts so
     * far and the exception's class), and so is every key shred ({@code retention.shred}). The
     * sweep's entry counts disposals per category and action and names the first failures by keyed
     * record reference; each disposed record's proof stays in the retention store under a keyed
     * reference of its id.
     *
     * <p>For each claimed record the sweep reads its tag and the active holds again just before the
     * source disposes of it (the holds only when the store's {@link RetentionStore#holdsRevision()}
     * changed), and again before it shreds a key, and leaves the record (as a failure {@code HELD},
     * {@code TAG_CHANGED}, {@code DISPOSED_ELSEWHERE} or {@code LEASE_EXPIRED}) if a hold came, the
     * tag changed, or its lease ran out meanwhile; the store's mark is conditional on the same, and a
     * refused mark is reported with the reason those checks then give ({@code MARK_REFUSED} if none).
     * A hold placed between the last check and the source's disposal cannot stop that one disposal:
     * the mark is then refused and the record stays tagged and held. A key shred retires only the
     * versions that existed when the record's disposal was planned. Just before a retirement, whether
     * the key is still needed is decided again, from the store, when a hold was placed or released
     * since the decision (or the store does not count its holds) or the decision was made for an
     * earlier record: a hold on the subject's other record, or on its category, then keeps the key
     * and the record is only deleted. A record whose (subject, key scope) was erased
     * ({@code EnvelopeKeys.shred}) is crypto-shredded by that erasure: marked so, with no retirement
     * and no {@code retention.shred} entry.
     *
     * <p>A real sweep first reconciles every tag kept until consent is withdrawn against the consent
     * ledger, so that a withdrawal whose retention hook failed, or that another instance or a process
     * before a restart recorded, resolves its tags. A dry run does not: it claims nothing, re-reads
     * nothing, shreds nothing, reconciles nothing, and counts a record whose source is not
     * registered as a failure ({@code NO_SOURCE}), as a real sweep would.
     *
     * <p>Memory does not grow with the number of due records: one batch at a time is held.
     *
     * @param options batch size, lease, dry run, actions
     * @return the report
     * @throws InvalidInputException if {@code options} is null
     * @throws StoreException if the retention store failed to give a batch, or the audit trail to
     *     record the sweep; records disposed of before it are marked, the rest stay due
     */
    public SweepReport sweep(SweepOptions options) {
        notNull(options, "options");
        if (options.dryRun() || metrics == PrivacyMetrics.NONE) {
            return sweepUntimed(options);
        }
        long began = System.nanoTime();
        boolean ended = false;
        try {
            SweepReport report = sweepUntimed(options);
            ended = true;
            return report;
        } finally {
            metrics.sweepFinished(System.nanoTime() - began, ended);
        }
    }

    private SweepReport sweepUntimed(SweepOptions options) {
        Instant started = clock.instant();
        Policy p = policy.get();
        LocalDate today = LocalDate.ofInstant(started, p.timeZone());
        Tally tally = new Tally(options.maxFailuresListed());
        try {
            if (options.dryRun()) {
                dryRun(p, options, today, tally);
            } else {
                try {
                    tally.consentResolved = reconcileConsent(options.batchSize());
                } catch (RuntimeException e) {
                    // The consent ledger or store failed: the disposals due go on; the next sweep reconciles.
                    LOG.error("Reconciling consent-bound retention tags failed ({}); the next sweep tries again",
                            e.getClass().getSimpleName());
                    tally.reconcileFailed = e.getClass().getSimpleName();
                }
                run(p, options, today, tally);
            }
        } catch (RuntimeException e) {
            SweepReport partial = tally.report(today, started, clock.instant(), options.dryRun());
            try {
                audit.record(sweepEntry(partial, tally, Optional.of(e)));
            } catch (RuntimeException auditFailure) {
                e.addSuppressed(auditFailure);
            }
            throw e;
        }
        SweepReport report = tally.report(today, started, clock.instant(), options.dryRun());
        try {
            audit.record(sweepEntry(report, tally, Optional.empty()));
        } catch (RuntimeException e) {
            LOG.error("A retention sweep of {} disposed of {} record(s) ({} failed, {} key(s) shredded) but its audit"
                    + " entry failed ({})", today, report.total(), report.failed(), report.keysShredded(),
                    e.getClass().getSimpleName());
            throw e;
        }
        return report;
    }

    private void dryRun(Policy p, SweepOptions options, LocalDate today, Tally tally) {
        Optional<RetentionTag> after = Optional.empty();
        Set<Slot> shredded = shreddedSet();
        Map<Slot, KeyPlan> keyNeeded = keyPlans();
        Holds holds = new Holds();
        for (List<RetentionTag> batch = store.findDue(today, after, options.batchSize()); !batch.isEmpty();
                batch = store.findDue(today, after, options.batchSize())) {
            keyNeeded.values().removeIf(k -> !k.needed());
            for (RetentionTag tag : batch) {
                if (!sources.containsKey(tag.record().source())) {
                    tally.failed(tag, "NO_SOURCE");
                    continue;
                }
                // Nothing is retired in a dry run: a slot planned for a shred counts as shredded.
                Plan plan = plan(p, tag, options, today, keyNeeded, holds, shredded::contains);
                tally.disposed(tag.category(), plan.sourceAction());
                if (plan.shred()) {
                    shredded.add(new Slot(tag.subject().orElseThrow(), tag.keyScope().orElseThrow()));
                    tally.keysShredded++;
                }
            }
            after = Optional.of(batch.get(batch.size() - 1));
        }
    }

    private void run(Policy p, SweepOptions options, LocalDate today, Tally tally) {
        String owner = "sweep-" + UUID.randomUUID();
        Set<Slot> shredded = shreddedSet();
        Map<Slot, KeyPlan> keyNeeded = keyPlans();
        Holds holds = new Holds();
        while (true) {
            Instant now = clock.instant();
            Lease lease = new Lease(owner, now, now.plus(options.lease()));
            List<RetentionTag> batch = store.claimDue(today, lease, options.batchSize());
            if (batch.isEmpty()) {
                break;
            }
            // A "not needed" answer holds for one batch (new tags may come); "needed" keeps the key for
            // the whole sweep (the safe side: the subject's records are deleted), so a subject with very
            // many records still kept has its tags read once per sweep, not once per batch.
            keyNeeded.values().removeIf(k -> !k.needed());
            int disposedBefore = tally.disposedTotal;
            int failedBefore = tally.failed;
            try {
                for (RetentionTag tag : batch) {
                    dispose(p, tag, lease, options, today, keyNeeded, holds, shredded, tally);
                }
            } finally {
                metrics.sweepProgress(tally.disposedTotal - disposedBefore, tally.failed - failedBefore);
            }
            if (!lease.holdsAt(clock.instant())) {
                // Too slow for the lease: the records it left are claimable again, by this sweep too,
                // which would go round them for ever. Leave them to the next sweep.
                LOG.warn("A retention sweep outlasted its lease of {}; the records left wait for the next sweep",
                        options.lease());
                break;
            }
        }
    }

    private AuditEvent sweepEntry(SweepReport report, Tally tally, Optional<RuntimeException> error) {
        AuditEvent entry = AuditEvent.of(ACTOR, "retention.sweep", error.isEmpty() && report.failed() == 0
                && tally.reconcileFailed == null ? AuditOutcome.SUCCESS : AuditOutcome.FAILED)
                .withDetail("day", report.day().toString()).withDetail("dryRun", Boolean.toString(report.dryRun()))
                .withDetail("keysShredded", Integer.toString(report.keysShredded()))
                .withDetail("failed", Integer.toString(report.failed()))
                .withDetail("disposed", Integer.toString(report.total()))
                .withDetail("consentResolved", Integer.toString(tally.consentResolved))
                .withDetail("contactsRemoved", Integer.toString(tally.contactsRemoved));
        Map<DisposalAction, Integer> perAction = new EnumMap<>(DisposalAction.class);
        for (Map.Entry<DataCategory, Map<DisposalAction, Integer>> byCategory : report.disposed().entrySet()) {
            for (Map.Entry<DisposalAction, Integer> byAction : byCategory.getValue().entrySet()) {
                entry = entry.withDetail("disposed." + byCategory.getKey().id() + "." + byAction.getKey().name(),
                        byAction.getValue().toString());
                perAction.merge(byAction.getKey(), byAction.getValue(), Integer::sum);
            }
        }
        for (Map.Entry<DisposalAction, Integer> byAction : perAction.entrySet()) {
            entry = entry.withDetail("disposed." + byAction.getKey().name(), byAction.getValue().toString());
        }
        if (!report.failures().isEmpty()) {
            StringBuilder failures = new StringBuilder();
            report.failures().stream().limit(MAX_FAILURES_AUDITED).forEach(f -> failures
                    .append(failures.length() == 0 ? "" : ",").append(recordRef(f.record())).append(':')
                    .append(f.reason()));
            entry = entry.withDetail("failures", failures.toString());
        }
        if (tally.reconcileFailed != null) {
            entry = entry.withDetail("consentReconcileError", tally.reconcileFailed);
        }
        if (error.isPresent()) {
            entry = entry.withDetail("error", error.get().getClass().getSimpleName());
        }
        if (!report.disposed().isEmpty()) {
            entry = entry.withCategories(report.disposed().keySet());
        }
        return entry;
    }

    private record Slot(SubjectId subject, KeyScope scope) {
    }

    /**
     * The active holds as a sweep sees them: read again only when the store's
     * {@link RetentionStore#holdsRevision()} changed (or always, if the store does not count). The
     * revision is read before the holds, so a hold placed between the two is seen now or at the next
     * call.
     */
    private final class Holds {
        private long revision = RetentionStore.HOLDS_UNTRACKED;
        private List<LegalHold> holds;

        List<LegalHold> now() {
            long current = store.holdsRevision();
            if (holds == null || current == RetentionStore.HOLDS_UNTRACKED || current != revision) {
                holds = store.activeHolds();
                revision = current;
            }
            return holds;
        }

        /**
         * The store's holds revision as of the last {@link #now()}; {@link RetentionStore#HOLDS_UNTRACKED}
         * if the store does not count.
         */
        long revision() {
            return revision;
        }

        boolean cover(RetentionTag tag) {
            for (LegalHold h : now()) {
                if (h.scope().covers(tag)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The sweep's "key still needed" answers, the most recently used {@value #SHREDDED_REMEMBERED} of them. */
    private static Map<Slot, KeyPlan> keyPlans() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Slot, KeyPlan> eldest) {
                return size() > SHREDDED_REMEMBERED;
            }
        };
    }

    /** The slots this sweep shredded, the most recently used {@value #SHREDDED_REMEMBERED} of them. */
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
     * Whether this sweep retired the record's key already and no version was made since: then the
     * record is crypto-shredded by that retirement, without a second one (nor a second audit entry).
     * A version made since (the subject wrote meanwhile) may protect newer data: the record is then
     * planned afresh, and the batch's earlier "key not needed" answer for the slot is forgotten.
     */
    private boolean shreddedAlready(Slot slot, Set<Slot> shredded, Map<Slot, KeyPlan> keyNeeded) {
        if (!shredded.contains(slot)) {
            return false;
        }
        if (shredder.latestKey(slot.subject(), slot.scope()).isPresent()) {
            shredded.remove(slot);
            keyNeeded.remove(slot);
            return false;
        }
        return true;
    }

    /**
     * What to do with one record: the action the source gets, whether the key is destroyed, and
     * through which version: the newest seen when the plan was made, so that a version the subject
     * makes while the source works is not retired with the old ones.
     */
    private record Plan(DisposalAction sourceAction, boolean shred, int throughVersion, KeyPlan key, boolean decidedNow) {

        Plan(DisposalAction sourceAction) {
            this(sourceAction, false, 0, null, false);
        }
    }

    /**
     * Whether a slot's key must stay; if not, the newest version seen when that was decided, or that
     * the slot is destroyed for good (erased: its records are crypto-shredded already). Made when the
     * store's holds revision was {@code holdsRevision}.
     */
    private record KeyPlan(boolean needed, int throughVersion, boolean destroyed, long holdsRevision) {
    }

    /**
     * The plan of one record. A key this sweep shredded already is not shredded (nor audited) again
     * for the subject's other records: they are crypto-shredded by that shred.
     */
    private Plan plan(Policy p, RetentionTag tag, SweepOptions options, LocalDate today, Map<Slot, KeyPlan> keyNeeded,
            Holds holds, Predicate<Slot> shreddedAlready) {
        DisposalAction action = options.actions().getOrDefault(tag.category(),
                tag.keyScope().isPresent() ? DisposalAction.CRYPTO_SHRED : DisposalAction.DELETE);
        if (action != DisposalAction.CRYPTO_SHRED) {
            return new Plan(action);
        }
        if (tag.keyScope().isEmpty() || tag.subject().isEmpty()) {
            // Nothing to shred: no per-subject key protects the category.
            return new Plan(DisposalAction.DELETE);
        }
        Slot slot = new Slot(tag.subject().get(), tag.keyScope().get());
        if (shreddedAlready.test(slot)) {
            return new Plan(DisposalAction.CRYPTO_SHRED);
        }
        KeyPlan key = keyNeeded.get(slot);
        boolean decidedNow = key == null;
        if (decidedNow) {
            key = keyStillNeeded(p, slot, tag, today, holds);
            keyNeeded.put(slot, key);
        }
        if (key.needed()) {
            return new Plan(DisposalAction.DELETE);
        }
        if (key.destroyed()) {
            // Erased (tombstoned): every version is gone already; the record is crypto-shredded by it.
            return new Plan(DisposalAction.CRYPTO_SHRED);
        }
        return new Plan(DisposalAction.CRYPTO_SHRED, true, key.throughVersion(), key, decidedNow);
    }

    /**
     * Whether the key must stay: a record other than this one that must still be kept (not due,
     * pending, held) uses the scope, or the key's newest version was made after the subject's
     * newest tag in the scope, so it may protect data written since and not yet tagged.
     */
    private KeyPlan keyStillNeeded(Policy p, Slot slot, RetentionTag disposing, LocalDate today, Holds holds) {
        // The holds (and their revision) first: a hold placed while the tags are read shows in the revision.
        holds.now();
        long revision = holds.revision();
        Instant newestTag = disposing.taggedAt();
        for (RetentionTag other : store.findBySubject(slot.subject())) {
            if (other.record().equals(disposing.record()) || !usesScope(p, other, slot.scope())) {
                continue;
            }
            boolean kept = !other.isDueOn(today) || holds.cover(other);
            if (kept) {
                return new KeyPlan(true, 0, false, revision);
            }
            if (other.taggedAt().isAfter(newestTag)) {
                newestTag = other.taggedAt();
            }
        }
        Optional<StoredKey> key = shredder.latestKey(slot.subject(), slot.scope());
        if (key.isPresent() && key.get().createdAt().isAfter(newestTag)) {
            return new KeyPlan(true, 0, false, revision);
        }
        boolean destroyed = key.isEmpty() && shredder.isDestroyed(slot.subject(), slot.scope());
        return new KeyPlan(false, key.map(StoredKey::version).orElse(0), destroyed, revision);
    }

    /**
     * Whether the key must stay after all, decided again just before it is retired, uncached, when
     * the plan's answer may be stale: it was made for an earlier record (time passed, tags may have
     * changed), or a hold was placed or released since (the store's holds revision moved, or the
     * store does not count). A hold on one of the subject's other records, on the subject, or on a
     * category of the scope, placed while the source disposed of this record, keeps the key.
     */
    private KeyPlan keyAgain(Policy p, Plan plan, Slot slot, RetentionTag disposing, LocalDate today, Holds holds,
            Map<Slot, KeyPlan> keyNeeded) {
        KeyPlan before = plan.key();
        holds.now();
        if (plan.decidedNow() && before.holdsRevision() != RetentionStore.HOLDS_UNTRACKED
                && holds.revision() == before.holdsRevision()) {
            return before;
        }
        KeyPlan again = keyStillNeeded(p, slot, disposing, today, holds);
        keyNeeded.put(slot, again);
        return again;
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

    private void dispose(Policy p, RetentionTag claimed, Lease lease, SweepOptions options, LocalDate today,
            Map<Slot, KeyPlan> keyNeeded, Holds holds, Set<Slot> shredded, Tally tally) {
        PersonalDataSource source = sources.get(claimed.record().source());
        if (source == null) {
            tally.failed(claimed, "NO_SOURCE");
            return;
        }
        try {
            // A hold, a re-tag or another sweeper since the claim stops the disposal here.
            String refused = refusal(claimed, lease, today, holds);
            if (refused != null) {
                tally.failed(claimed, refused);
                return;
            }
            Plan plan = plan(p, claimed, options, today, keyNeeded, holds,
                    slot -> shreddedAlready(slot, shredded, keyNeeded));
            source.dispose(claimed.record(), plan.sourceAction());
            DisposalAction action = plan.sourceAction();
            if (plan.shred()) {
                // A slow source may outlast the lease, and a hold or a re-tag may come meanwhile: a key
                // retirement cannot be undone, so check it all again before it. (Without a shred, the
                // store's conditional mark below checks the same: lease, revision, holds.)
                refused = refusal(claimed, lease, today, holds);
                if (refused != null) {
                    tally.failed(claimed, refused);
                    return;
                }
                SubjectId subject = claimed.subject().orElseThrow();
                KeyScope scope = claimed.keyScope().orElseThrow();
                Slot slot = new Slot(subject, scope);
                KeyPlan key = keyAgain(p, plan, slot, claimed, today, holds, keyNeeded);
                if (key.needed()) {
                    // A hold or a tag since the plan keeps the key: the source deleted the record, and that is all.
                    action = DisposalAction.DELETE;
                } else if (!key.destroyed()) {
                    if (retire(claimed, subject, scope, plan.throughVersion())) {
                        shredded.add(slot);
                        tally.keysShredded++;
                    } else {
                        // Erased while the source worked: the subject's other records need no retirement either.
                        keyNeeded.put(slot, new KeyPlan(false, 0, true, key.holdsRevision()));
                    }
                }
            }
            if (usesCategory(p, claimed, CONTACT) && claimed.subject().isPresent()) {
                // After the disposal, before the mark: a failure leaves the record due, and the next sweep removes it.
                removeContactsIfNothingKept(p, claimed, holds, tally);
            }
            RetentionTag proof = claimed.proof(proofRef(claimed.record()), clock.instant(), action);
            if (store.markDisposed(claimed, lease, proof)) {
                tally.disposed(claimed.category(), action);
            } else {
                // Refused: say why if a check shows it (the lease, the tag, a hold), else MARK_REFUSED.
                refused = refusal(claimed, lease, today, holds);
                tally.failed(claimed, refused == null ? "MARK_REFUSED" : refused);
            }
        } catch (RuntimeException e) {
            LOG.warn("Disposing of a record of source {} failed ({}); it stays due", claimed.record().source(),
                    e.getClass().getSimpleName());
            tally.failed(claimed, e.getClass().getSimpleName());
        }
    }

    /**
     * Removes the subject's contact directory entry once the last of its {@code CONTACT} data is disposed of:
     * no other record tagged {@code CONTACT} left undisposed, no hold on the subject or the category, no source
     * that can find reporting a {@code CONTACT} record of the subject. Audited when an entry was removed.
     */
    private void removeContactsIfNothingKept(Policy p, RetentionTag disposing, Holds holds, Tally tally) {
        SubjectId subject = disposing.subject().orElseThrow();
        for (RetentionTag other : store.findBySubject(subject)) {
            if (!other.record().equals(disposing.record()) && !other.isDisposed() && usesCategory(p, other, CONTACT)) {
                return;
            }
        }
        for (LegalHold hold : holds.now()) {
            HoldScope scope = hold.scope();
            if (scope.subject().filter(subject::equals).isPresent() || scope.category().filter(CONTACT::equals)
                    .isPresent()) {
                return;
            }
        }
        for (PersonalDataSource source : sources.values()) {
            if (source.categories().contains(CONTACT) && source.capabilities().contains(SourceCapability.FIND)) {
                boolean[] found = {false};
                source.find(subject, r -> found[0] |= r.category().equals(CONTACT)
                        && !r.record().equals(disposing.record()));
                if (found[0]) {
                    return;
                }
            }
        }
        if (contacts.remove(subject)) {
            tally.contactsRemoved++;
            audit.record(AuditEvent.of(ACTOR, "retention.contacts", AuditOutcome.SUCCESS).withSubject(subject)
                    .withCategories(Set.of(CONTACT)).withDetail("contacts", "REMOVED")
                    .withDetail("record", recordRef(disposing.record())));
        }
    }

    /** Whether a tag governs or also tags a category. */
    private static boolean usesCategory(Policy p, RetentionTag tag, DataCategory category) {
        return tag.category().equals(category) || tag.alsoTaggedAs().contains(category);
    }

    /**
     * Retires a slot's key versions through the planned one and audits it; false (nothing retired,
     * nothing audited) if the slot was erased meanwhile: its records are crypto-shredded already.
     */
    private boolean retire(RetentionTag claimed, SubjectId subject, KeyScope scope, int throughVersion) {
        int versions;
        try {
            versions = shredder.shred(subject, scope, throughVersion);
        } catch (KeyDestroyedException e) {
            return false;
        }
        // Audited before the mark: a crash between the two shreds (and audits) again, never not at all.
        audit.record(AuditEvent.of(ACTOR, "retention.shred", AuditOutcome.SUCCESS).withSubject(subject)
                .withCategories(Set.of(claimed.category())).withDetail("keyScope", scope.name())
                .withDetail("versions", Integer.toString(versions)).withDetail("mode", "RETIRE_VERSIONS")
                .withDetail("record", recordRef(claimed.record())));
        return true;
    }

    /** Why a claimed record may not be disposed of now, or null if it may. */
    private String refusal(RetentionTag claimed, Lease lease, LocalDate today, Holds holds) {
        if (!lease.holdsAt(clock.instant())) {
            return "LEASE_EXPIRED";
        }
        Optional<RetentionTag> current = store.find(claimed.record());
        if (current.isEmpty() || current.get().isDisposed()) {
            return "DISPOSED_ELSEWHERE";
        }
        RetentionTag tag = current.get();
        if (tag.revision() != claimed.revision() || !tag.isDueOn(today)) {
            return "TAG_CHANGED";
        }
        if (holds.cover(tag)) {
            return "HELD";
        }
        return null;
    }

    /** A record reference for the audit trail: the source, and a keyed reference of the id. */
    private String recordRef(RecordRef record) {
        return record.source() + "/" + audit.valueRef(record.id());
    }

    /** The key under which a disposed record's proof is kept: its source and a keyed reference of its id. */
    private RecordRef proofRef(RecordRef record) {
        return RecordRef.of(record.source(), audit.valueRef(record.id()));
    }

    private static final class Tally {
        final Map<DataCategory, Map<DisposalAction, Integer>> disposed = new TreeMap<>(
                (a, b) -> a.id().compareTo(b.id()));
        final List<SweepFailure> failures = new ArrayList<>();
        final int maxListed;
        int failed;
        /** The records disposed of in all, for the metrics' per-batch progress. */
        int disposedTotal;
        int keysShredded;
        int consentResolved;
        int contactsRemoved;
        String reconcileFailed;

        Tally(int maxListed) {
            this.maxListed = maxListed;
        }

        void disposed(DataCategory category, DisposalAction action) {
            disposedTotal++;
            disposed.computeIfAbsent(category, c -> new EnumMap<>(DisposalAction.class)).merge(action, 1, Integer::sum);
        }

        void failed(RetentionTag tag, String reason) {
            failed++;
            if (failures.size() < maxListed) {
                failures.add(new SweepFailure(tag.record(), tag.category(), reason));
            }
        }

        SweepReport report(LocalDate day, Instant started, Instant finished, boolean dryRun) {
            return new SweepReport(day, started, finished, dryRun, disposed, keysShredded, failed, failures);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static CategoryDefinition definition(Policy p, DataCategory category) {
        if (!p.declares(category)) {
            throw new RetentionException("category", RetentionException.Rule.CATEGORY_WITHOUT_RULE,
                    "the policy in force declares no such category, so no retention rule governs it");
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
