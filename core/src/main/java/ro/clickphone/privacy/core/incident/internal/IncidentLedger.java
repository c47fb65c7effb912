package ro.clickphone.privacy.core.incident.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.incident.AuthorityReport;
import ro.clickphone.privacy.core.incident.BreachNoticeReport;
import ro.clickphone.privacy.core.incident.Deadline;
import ro.clickphone.privacy.core.incident.IncidentChanges;
import ro.clickphone.privacy.core.incident.IncidentException;
import ro.clickphone.privacy.core.incident.IncidentRegister;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.SubjectNotice;

/**
 * The {@link IncidentRegister} over an {@link IncidentStore}: the kit builds one, with its policy,
 * clock, audit trail and a {@link BreachNoticeSender}. Thread-safe: it holds no state of its own
 * beyond its collaborators; every race is the store's to settle.
 */
public final class IncidentLedger implements IncidentRegister {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentLedger.class);
    /** How often an update re-reads the latest version after losing a race before giving up. */
    private static final int MAX_RACES = 64;
    /** How many incidents a deadline scan reads at a time. */
    private static final int PAGE = 200;
    private static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Comparator<Deadline> ORDER = Comparator.comparing(Deadline::due)
            .thenComparing(Deadline::incidentId).thenComparing(Deadline::clock);

    private final Supplier<Policy> policy;
    private final Clock clock;
    private final IncidentStore store;
    private final AuditTrail audit;
    private final BreachNoticeSender sender;
    private final Duration clockSkew;

    /**
     * Opens the register.
     *
     * @param policy the policy in force (its DPO, categories, controller, authority and time zone)
     * @param clock the kit's clock
     * @param store the incident store
     * @param audit the audit trail
     * @param sender puts breach notices in the outbox
     * @param clockSkew how far in the future a given instant may lie (the clocks of several hosts)
     */
    public IncidentLedger(Supplier<Policy> policy, Clock clock, IncidentStore store, AuditTrail audit,
            BreachNoticeSender sender, Duration clockSkew) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    // --- versions ------------------------------------------------------------------------------------

    @Override
    public String report(IncidentReport report, Actor actor) {
        notNull(report, "report");
        notNull(actor, "actor");
        Policy p = policy.get();
        checkCategories(p, report.categories());
        Instant now = clock.instant();
        notInFuture(report.discoveredAt(), now, "report.discoveredAt");
        String id = newId();
        IncidentVersion first = new IncidentVersion(id, 1, report.nature(), report.occurredAt(),
                report.discoveredAt(), report.affectedSubjects(), report.affectedRecords(), report.categories(),
                report.likelyConsequences(), report.measures(), contact(p), report.status(), report.clocks(),
                report.delayReason(), now, actorRef(actor));
        if (!store.append(first)) {
            throw new StoreException("A new incident's id was taken already; report it again", true, null);
        }
        audited(versionEvent(actor, "incident.report", first).withDetail("clocks", clocks(first.clocks())), id);
        LOG.info("Incident {} reported, clocks {}", id, first.clocks());
        return id;
    }

    @Override
    public IncidentVersion update(String incidentId, IncidentChanges changes, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(changes, "changes");
        notNull(actor, "actor");
        if (changes.isEmpty()) {
            throw new IncidentException("changes", IncidentException.Rule.NOTHING_CHANGED,
                    "an update changes at least one fact; start from IncidentChanges.none().with...(...)");
        }
        Policy p = policy.get();
        changes.categories().ifPresent(c -> checkCategories(p, c));
        Instant now = clock.instant();
        changes.discoveredAt().ifPresent(d -> notInFuture(d, now, "changes.discoveredAt"));
        String recordedBy = actorRef(actor);
        IncidentContact contact = contact(p);
        for (int race = 0; race < MAX_RACES; race++) {
            IncidentVersion latest = latestOrThrow(incidentId);
            IncidentVersion next = apply(latest, changes, contact, now, recordedBy);
            if (store.append(next)) {
                AuditEvent entry = versionEvent(actor, "incident.update", next)
                        .withDetail("changed", String.join(",", changes.changed()));
                if (changes.clocks().isPresent()) {
                    entry = entry.withDetail("clocks", clocks(next.clocks()));
                }
                audited(entry, incidentId);
                return next;
            }
        }
        throw new StoreException("The incident kept changing under " + MAX_RACES + " attempts to update it; try"
                + " again", true, null);
    }

    private static IncidentVersion apply(IncidentVersion v, IncidentChanges c, IncidentContact contact, Instant now,
            String recordedBy) {
        return new IncidentVersion(v.incidentId(), v.version() + 1, c.nature().orElse(v.nature()),
                c.occurredAt().orElse(v.occurredAt()), c.discoveredAt().orElse(v.discoveredAt()),
                c.affectedSubjects().orElse(v.affectedSubjects()), c.affectedRecords().or(v::affectedRecords),
                c.categories().orElse(v.categories()), c.likelyConsequences().orElse(v.likelyConsequences()),
                c.measures().orElse(v.measures()), contact, c.status().orElse(v.status()),
                c.clocks().orElse(v.clocks()), c.delayReason().or(v::delayReason), now, recordedBy);
    }

    @Override
    public Optional<IncidentVersion> current(String incidentId) {
        return store.latest(notNull(incidentId, "incidentId"));
    }

    @Override
    public List<IncidentVersion> history(String incidentId) {
        return store.history(notNull(incidentId, "incidentId"));
    }

    // --- deadlines -----------------------------------------------------------------------------------

    @Override
    public List<Deadline> deadlines(String incidentId) {
        return deadlinesOf(latestOrThrow(notNull(incidentId, "incidentId")));
    }

    @Override
    public List<Deadline> overdue(Instant now) {
        bounded(now, "now");
        return scan(v -> v.clocks().stream().anyMatch(c -> now.isAfter(c.dueFrom(v.discoveredAt()))),
                d -> now.isAfter(d.due()));
    }

    @Override
    public List<Deadline> dueSoon(Instant now, Duration window) {
        bounded(now, "now");
        notNull(window, "window");
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidInputException("window", "must be between 0 and 366 days");
        }
        Instant end = now.plus(window);
        Predicate<Instant> within = due -> !due.isBefore(now) && !due.isAfter(end);
        return scan(v -> v.clocks().stream().anyMatch(c -> within.test(c.dueFrom(v.discoveredAt()))),
                d -> within.test(d.due()));
    }

    /**
     * The unmet deadlines of every incident that {@code candidate} lets through and {@code wanted}
     * selects; the candidate test (on the dates alone) spares reading the notices of incidents
     * whose clocks all fall elsewhere.
     */
    private List<Deadline> scan(Predicate<IncidentVersion> candidate, Predicate<Deadline> wanted) {
        List<Deadline> out = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (List<IncidentVersion> page = store.latestVersions(after, PAGE); !page.isEmpty();
                page = store.latestVersions(after, PAGE)) {
            for (IncidentVersion v : page) {
                if (candidate.test(v)) {
                    for (Deadline d : deadlinesOf(v)) {
                        if (!d.isSatisfied() && wanted.test(d)) {
                            out.add(d);
                        }
                    }
                }
            }
            after = Optional.of(page.get(page.size() - 1).incidentId());
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    private List<Deadline> deadlinesOf(IncidentVersion v) {
        boolean anyAuthority = v.clocks().stream().anyMatch(IncidentClock::authority);
        List<AuthorityNotice> notices = anyAuthority ? store.authorityNotices(v.incidentId()) : List.of();
        Optional<Instant> customers = v.clocks().contains(IncidentClock.CUSTOMERS_24H)
                ? customersNotifiedAt(store.subjectNotices(v.incidentId())) : Optional.empty();
        List<Deadline> out = new ArrayList<>();
        for (IncidentClock c : IncidentClock.values()) {
            if (!v.clocks().contains(c)) {
                continue;
            }
            Optional<Instant> met = c.authority()
                    ? notices.stream().filter(n -> n.clock() == c).map(AuthorityNotice::sentAt).min(Comparator.naturalOrder())
                    : customers;
            out.add(new Deadline(v.incidentId(), c, c.dueFrom(v.discoveredAt()), met));
        }
        return List.copyOf(out);
    }

    /** When the last planned subject got their notice, if every planned one has; empty if none is planned. */
    private static Optional<Instant> customersNotifiedAt(List<SubjectNotice> notices) {
        if (notices.isEmpty() || !notices.stream().allMatch(SubjectNotice::isSent)) {
            return Optional.empty();
        }
        return notices.stream().map(n -> n.sentAt().orElseThrow()).max(Comparator.naturalOrder());
    }

    // --- the authority -------------------------------------------------------------------------------

    @Override
    public AuthorityNotice recordAuthorityNotice(String incidentId, IncidentClock clockSatisfied, Instant sentAt,
            String reference, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(clockSatisfied, "clock");
        notNull(sentAt, "sentAt");
        notNull(reference, "reference");
        notNull(actor, "actor");
        IncidentVersion v = latestOrThrow(incidentId);
        if (!clockSatisfied.authority()) {
            throw new IncidentException("clock", IncidentException.Rule.CLOCK_NOT_APPLICABLE, clockSatisfied
                    + " is met by the notices to the subjects (notifySubjects), not by a notice to the authority");
        }
        if (!v.clocks().contains(clockSatisfied)) {
            throw new IncidentException("clock", IncidentException.Rule.CLOCK_NOT_APPLICABLE, clockSatisfied
                    + " does not apply to this incident; its clocks are " + v.clocks());
        }
        Instant now = clock.instant();
        bounded(sentAt, "sentAt");
        notInFuture(sentAt, now, "sentAt");
        if (sentAt.isBefore(v.discoveredAt())) {
            throw new IncidentException("sentAt", IncidentException.Rule.BEFORE_DISCOVERY,
                    "a notice of the incident cannot have been sent before the incident was discovered");
        }
        AuthorityNotice notice = new AuthorityNotice(incidentId, clockSatisfied, sentAt, reference,
                sentAt.isAfter(now) ? sentAt : now, actorRef(actor));
        if (!store.appendAuthorityNotice(notice)) {
            throw unknown();
        }
        boolean late = sentAt.isAfter(clockSatisfied.dueFrom(v.discoveredAt()));
        audited(AuditEvent.of(actor, "incident.authority-notice", AuditOutcome.SUCCESS)
                .withCategories(v.categories()).withDetail("incident", incidentId)
                .withDetail("clock", clockSatisfied.name()).withDetail("late", Boolean.toString(late)), incidentId);
        if (late && v.delayReason().isEmpty()) {
            LOG.warn("Incident {}: the {} notice was late and the register holds no reasons for the delay"
                    + " (GDPR art. 33(1)); record them with update(...withDelayReason(...))", incidentId, clockSatisfied);
        }
        return notice;
    }

    @Override
    public List<AuthorityNotice> authorityNotices(String incidentId) {
        return store.authorityNotices(notNull(incidentId, "incidentId"));
    }

    @Override
    public CooperationEntry logCooperation(String incidentId, CooperationKind kind, Instant at, String text,
            Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(kind, "kind");
        notNull(at, "at");
        notNull(text, "text");
        notNull(actor, "actor");
        IncidentVersion v = latestOrThrow(incidentId);
        Instant now = clock.instant();
        bounded(at, "at");
        notInFuture(at, now, "at");
        CooperationEntry entry = new CooperationEntry(incidentId, kind, at, text, now, actorRef(actor));
        if (!store.appendCooperation(entry)) {
            throw unknown();
        }
        audited(AuditEvent.of(actor, "incident.cooperation", AuditOutcome.SUCCESS).withCategories(v.categories())
                .withDetail("incident", incidentId).withDetail("kind", kind.name()), incidentId);
        return entry;
    }

    @Override
    public List<CooperationEntry> cooperationLog(String incidentId) {
        return store.cooperationLog(notNull(incidentId, "incidentId"));
    }

    @Override
    public AuthorityReport authorityReport(String incidentId, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(actor, "actor");
        IncidentVersion v = latestOrThrow(incidentId);
        Policy p = policy.get();
        List<SubjectNotice> notices = store.subjectNotices(incidentId);
        Map<DataCategory, String> names = new LinkedHashMap<>();
        for (DataCategory category : v.categories()) {
            names.put(category, p.declares(category) ? p.category(category).name() : category.id());
        }
        AuthorityReport report = new AuthorityReport(v, p.controller(), p.supervisoryAuthority(), names,
                deadlinesOf(v), store.authorityNotices(incidentId), notices.size(),
                (int) notices.stream().filter(SubjectNotice::isSent).count(), p.timeZone(), clock.instant());
        audited(AuditEvent.of(actor, "incident.authority-report", AuditOutcome.SUCCESS)
                .withCategories(v.categories()).withDetail("incident", incidentId)
                .withDetail("version", Integer.toString(v.version()))
                .withDetail("late", Boolean.toString(report.late())), incidentId);
        return report;
    }

    // --- the subjects --------------------------------------------------------------------------------

    @Override
    public BreachNoticeReport notifySubjects(String incidentId, Collection<SubjectId> subjects, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(subjects, "subjects");
        notNull(actor, "actor");
        LinkedHashSet<SubjectId> distinct = new LinkedHashSet<>();
        for (SubjectId subject : subjects) {
            distinct.add(notNull(subject, "subjects"));
        }
        if (distinct.isEmpty()) {
            throw new IncidentException("subjects", IncidentException.Rule.NO_SUBJECTS,
                    "give at least one subject to notify");
        }
        IncidentVersion v = latestOrThrow(incidentId);
        Map<SubjectId, SubjectId> refs = new LinkedHashMap<>();
        for (SubjectId subject : distinct) {
            refs.put(subject, SubjectId.of(audit.subjectRef(subject)));
        }
        // Planned first: the customers' clock waits for every planned subject, even across a crash.
        store.planSubjectNotices(incidentId, new LinkedHashSet<>(refs.values()), clock.instant());
        Map<String, Object> payload = payload(v);
        int sent = 0;
        int before = 0;
        List<SubjectId> failed = new ArrayList<>();
        for (Map.Entry<SubjectId, SubjectId> e : refs.entrySet()) {
            SubjectId subject = e.getKey();
            SubjectId ref = e.getValue();
            if (store.subjectNotice(incidentId, ref).filter(SubjectNotice::isSent).isPresent()) {
                before++;
                continue;
            }
            String messageId;
            try {
                messageId = sender.send(subject, payload, idempotencyKey(incidentId, ref));
                // A malformed id would fail the store's record below; refuse it here, as the sender's failure.
                SubjectNotice.planned(incidentId, ref, EARLIEST).sent(notNull(messageId, "messageId"), EARLIEST);
            } catch (ConfigurationException unconfigured) {
                auditSummary(actor, v, AuditOutcome.FAILED, sent, before, failed.size(), "notifications-not-configured");
                throw unconfigured;
            } catch (RuntimeException refused) {
                failed.add(subject);
                audited(AuditEvent.of(actor, "incident.notice", AuditOutcome.FAILED).withSubject(subject)
                        .withDetail("incident", incidentId)
                        .withDetail("reason", refused.getClass().getSimpleName()), incidentId);
                LOG.warn("Incident {}: a breach notice was not accepted by the notifications ({}); call"
                        + " notifySubjects again for the failed subjects", incidentId, refused.getClass().getSimpleName());
                continue;
            }
            if (store.markNoticeSent(incidentId, ref, messageId, clock.instant())) {
                sent++;
                audited(AuditEvent.of(actor, "incident.notice", AuditOutcome.SUCCESS).withSubject(subject)
                        .withDetail("incident", incidentId).withDetail("message", messageId), incidentId);
            } else {
                // Another call marked it between our read and our mark: its message is the same, by key.
                before++;
            }
        }
        auditSummary(actor, v, failed.isEmpty() ? AuditOutcome.SUCCESS : AuditOutcome.FAILED, sent, before,
                failed.size(), null);
        return new BreachNoticeReport(incidentId, sent, before, failed);
    }

    private void auditSummary(Actor actor, IncidentVersion v, AuditOutcome outcome, int sent, int before, int failed,
            String reason) {
        AuditEvent entry = AuditEvent.of(actor, "incident.notify", outcome).withCategories(v.categories())
                .withDetail("incident", v.incidentId()).withDetail("sent", Integer.toString(sent))
                .withDetail("alreadySent", Integer.toString(before)).withDetail("failed", Integer.toString(failed));
        audited(reason == null ? entry : entry.withDetail("reason", reason), v.incidentId());
    }

    /**
     * The breach notice's fields: exactly what the policy's Cap. 7 lists (see
     * {@link BreachNoticeSender#PAYLOAD_FIELDS}), from the incident's latest version.
     */
    static Map<String, Object> payload(IncidentVersion v) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("nature", v.nature());
        payload.put("occurredAt", v.occurredAt());
        payload.put("discoveredAt", v.discoveredAt());
        payload.put("affectedSubjects", v.affectedSubjects().value());
        payload.put("affectedSubjectsEstimated", v.affectedSubjects().estimated());
        payload.put("categories", v.categories().stream().map(DataCategory::id).sorted().toList());
        return Collections.unmodifiableMap(payload);
    }

    /**
     * The message's idempotency key: fixed by the incident and the subject's keyed audit pseudonym,
     * so that a repeated call finds the message already in the outbox; no raw subject id.
     */
    static String idempotencyKey(String incidentId, SubjectId ref) {
        return "breach:" + incidentId + ":" + ref.value();
    }

    @Override
    public List<SubjectNotice> subjectNotices(String incidentId) {
        return store.subjectNotices(notNull(incidentId, "incidentId"));
    }

    // --- helpers -------------------------------------------------------------------------------------

    private IncidentVersion latestOrThrow(String incidentId) {
        return store.latest(incidentId).orElseThrow(IncidentLedger::unknown);
    }

    private static IncidentException unknown() {
        return new IncidentException("incidentId", IncidentException.Rule.UNKNOWN_INCIDENT, "no incident has that id");
    }

    private static void checkCategories(Policy p, Set<DataCategory> categories) {
        for (DataCategory category : categories) {
            if (!p.declares(category)) {
                throw new PolicyViolationException("Category " + category.id() + " is not declared by the policy in"
                        + " force: an incident names the policy's categories of data");
            }
        }
    }

    private void notInFuture(Instant at, Instant now, String name) {
        if (at.isAfter(now.plus(clockSkew))) {
            throw new IncidentException(name, IncidentException.Rule.IN_THE_FUTURE,
                    "lies in the future beyond the allowed clock skew of " + clockSkew);
        }
    }

    private static Instant bounded(Instant value, String name) {
        notNull(value, name);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidInputException(name, "must lie between 1970-01-01 and 9999-12-31 (UTC)");
        }
        return value;
    }

    private static IncidentContact contact(Policy p) {
        Contact dpo = p.dpo();
        return new IncidentContact(dpo.name(), dpo.email(), dpo.phone());
    }

    /**
     * Who recorded a step, as the store keeps it: the actor's kind and, for a person, their keyed
     * audit pseudonym, otherwise their organisational reference.
     */
    private String actorRef(Actor actor) {
        String who = actor.identifiesAPerson() ? audit.subjectRef(SubjectId.of(actor.id())) : actor.id();
        return actor.kind().name() + ":" + who;
    }

    private static String newId() {
        // Undashed, as hold ids: a dashed UUID's last group can look like a phone number to the audit trail.
        return "i-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static AuditEvent versionEvent(Actor actor, String action, IncidentVersion v) {
        return AuditEvent.of(actor, action, AuditOutcome.SUCCESS).withCategories(v.categories())
                .withDetail("incident", v.incidentId()).withDetail("version", Integer.toString(v.version()))
                .withDetail("status", v.status().name());
    }

    private static String clocks(Set<IncidentClock> clocks) {
        return clocks.isEmpty() ? "none" : clocks.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /**
     * Appends an audit entry for a step already stored. The register is the record of the step (who
     * and when are in it); if the audit store fails, the step stands, the error is logged with the
     * incident's id for the entry to be made again, and the failure is thrown.
     */
    private void audited(AuditEvent entry, String incidentId) {
        try {
            audit.record(entry);
        } catch (RuntimeException e) {
            LOG.error("Incident {}: a step ({}) was stored but its audit entry failed ({}); it must be audited again",
                    incidentId, entry.action(), e.getClass().getSimpleName());
            throw e;
        }
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "IncidentRegister[" + store.getClass().getSimpleName() + "]";
    }
}
