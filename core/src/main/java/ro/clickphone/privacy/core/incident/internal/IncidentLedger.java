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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditTrail;
import ro.clickphone.privacy.core.incident.AuthorityReport;
import ro.clickphone.privacy.core.incident.BreachNoticeReport;
import ro.clickphone.privacy.core.incident.Deadline;
import ro.clickphone.privacy.core.incident.HistoryVerification;
import ro.clickphone.privacy.core.incident.IncidentChanges;
import ro.clickphone.privacy.core.incident.IncidentException;
import ro.clickphone.privacy.core.incident.IncidentRegister;
import ro.clickphone.privacy.core.incident.IncidentReport;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.SubjectCategoryDefinition;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.NoticeSummary;
import ro.clickphone.privacy.spi.incident.PublicCommunication;
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
    /** How many audit entries a history check reads at a time. */
    private static final int AUDIT_PAGE = 4096;
    /** The audit actions whose entries carry the digest of a version. */
    private static final Set<String> VERSION_ACTIONS = Set.of("incident.report", "incident.update",
            "incident.public-communication");
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
        checkCategories(p, report.categories(), "report.categories");
        checkSubjectCategories(p, report.subjectCategories(), "report.subjectCategories");
        Instant now = clock.instant();
        notInFuture(report.discoveredAt(), now, "report.discoveredAt");
        String recordedBy = actorRef(actor);
        String id = reportId(report, recordedBy);
        IncidentVersion first = new IncidentVersion(id, 1, report.nature(), report.occurredAt(),
                report.discoveredAt(), report.affectedSubjects(), report.affectedRecords(), report.subjectCategories(),
                report.categories(), report.likelyConsequences(), report.measures(), contact(p), report.status(),
                report.clocks(), report.delayReason(), report.notice(), report.circumstances(),
                report.otherProviders(), report.crossBorder(), Optional.empty(), now, recordedBy);
        if (!store.append(first)) {
            // The same report by the same actor was stored before: a retry (the audit failed after the
            // append, say) or a repeated call. The same incident; its entry is written again.
            IncidentVersion stored = store.history(id).stream().findFirst().orElseThrow(() -> new StoreException(
                    "The incident store refused a new incident and holds none under its id; report it again", true,
                    null));
            if (!reportOf(stored).equals(report) || !stored.recordedBy().equals(recordedBy)) {
                throw new StoreException("A new incident's id was taken by another report; report it again", true,
                        null);
            }
            audited(versionEvent(actor, "incident.report", stored).withDetail("repeat", "true"), id);
            return id;
        }
        audited(versionEvent(actor, "incident.report", first), id);
        LOG.info("Incident {} reported, clocks {}", id, first.clocks());
        return id;
    }

    /**
     * The id of the incident a report makes: a keyed digest (the audit trail's pseudonym key) of the
     * report and who gives it, so the same report given again is the same incident, and the id
     * reveals nothing of the texts to whoever sees it in a log.
     */
    private String reportId(IncidentReport report, String recordedBy) {
        String ref = audit.valueRef("incident-report:" + Canonical.reportDigest(report, recordedBy));
        return "i-" + ref.substring(ref.indexOf('-') + 1);
    }

    /** The report that version 1 of an incident was made from. */
    private static IncidentReport reportOf(IncidentVersion v) {
        return new IncidentReport(v.nature(), v.occurredAt(), v.discoveredAt(), v.affectedSubjects(),
                v.affectedRecords(), v.subjectCategories(), v.categories(), v.likelyConsequences(), v.measures(),
                v.status(), v.clocks(), v.delayReason(), v.notice(), v.circumstances(), v.otherProviders(),
                v.crossBorder());
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
        changes.categories().ifPresent(c -> checkCategories(p, c, "changes.categories"));
        changes.subjectCategories().ifPresent(c -> checkSubjectCategories(p, c, "changes.subjectCategories"));
        Instant now = clock.instant();
        changes.discoveredAt().ifPresent(d -> notInFuture(d, now, "changes.discoveredAt"));
        String recordedBy = actorRef(actor);
        IncidentContact contact = contact(p);
        Step step = appendNext(incidentId, latest -> {
            IncidentVersion next = apply(latest, changes, contact, now, recordedBy);
            if (!next.discoveredAt().equals(latest.discoveredAt())) {
                noNoticeBefore(next);
            }
            return next;
        });
        IncidentVersion next = step.next();
        AuditEvent entry = versionEvent(actor, "incident.update", next)
                .withDetail("changed", String.join(",", changes.changed()));
        entry = moved(entry, "occurredAt", step.previous().occurredAt(), next.occurredAt());
        entry = moved(entry, "discoveredAt", step.previous().discoveredAt(), next.discoveredAt());
        audited(entry, incidentId);
        return next;
    }

    /** The old and new value of a time the update moved, in the audit entry (instants are no personal data). */
    private static AuditEvent moved(AuditEvent entry, String name, Instant from, Instant to) {
        return from.equals(to) ? entry : entry.withDetail(name + ".from", from.toString())
                .withDetail(name + ".to", to.toString());
    }

    /**
     * Refuses a discovery moved after a notice already given: the notices would precede the
     * discovery, and a late notice would look in time.
     */
    private void noNoticeBefore(IncidentVersion next) {
        Instant discovered = next.discoveredAt();
        boolean authority = store.authorityNotices(next.incidentId()).stream()
                .anyMatch(n -> n.sentAt().isBefore(discovered));
        boolean subjects = store.noticeSummary(next.incidentId()).firstSentAt().filter(discovered::isAfter).isPresent();
        boolean publicly = next.publicCommunication().filter(c -> c.at().isBefore(discovered)).isPresent();
        if (authority || subjects || publicly) {
            throw new IncidentException("changes.discoveredAt", IncidentException.Rule.BEFORE_DISCOVERY,
                    "the discovery cannot move after a notice already given (to the authority, to a subject, or"
                    + " a public communication)");
        }
    }

    /** The version an update left, and the one it replaced as the latest. */
    private record Step(IncidentVersion previous, IncidentVersion next) {
    }

    /**
     * Appends the next version made from the latest, again on top of the version another writer
     * left when one came first.
     */
    private Step appendNext(String incidentId, UnaryOperator<IncidentVersion> change) {
        for (int race = 0; race < MAX_RACES; race++) {
            IncidentVersion latest = latestOrThrow(incidentId);
            IncidentVersion next = change.apply(latest);
            if (store.append(next)) {
                return new Step(latest, next);
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
                c.subjectCategories().orElse(v.subjectCategories()), c.categories().orElse(v.categories()),
                c.likelyConsequences().orElse(v.likelyConsequences()), c.measures().orElse(v.measures()), contact,
                c.status().orElse(v.status()), c.clocks().orElse(v.clocks()), c.delayReason().or(v::delayReason),
                c.notice().or(v::notice), c.circumstances().or(v::circumstances),
                c.otherProviders().or(v::otherProviders), c.crossBorder().or(v::crossBorder), v.publicCommunication(),
                now, recordedBy);
    }

    @Override
    public IncidentVersion recordPublicCommunication(String incidentId, Instant at, String means, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(at, "at");
        notNull(means, "means");
        notNull(actor, "actor");
        bounded(at, "at");
        Instant now = clock.instant();
        notInFuture(at, now, "at");
        PublicCommunication communication = new PublicCommunication(at, means);
        String recordedBy = actorRef(actor);
        IncidentContact contact = contact(policy.get());
        Step step = appendNext(incidentId, v -> {
            if (at.isBefore(v.discoveredAt())) {
                throw new IncidentException("at", IncidentException.Rule.BEFORE_DISCOVERY,
                        "a public communication about the incident cannot precede its discovery");
            }
            return new IncidentVersion(v.incidentId(), v.version() + 1, v.nature(), v.occurredAt(), v.discoveredAt(),
                    v.affectedSubjects(), v.affectedRecords(), v.subjectCategories(), v.categories(),
                    v.likelyConsequences(), v.measures(), contact, v.status(), v.clocks(), v.delayReason(), v.notice(),
                    v.circumstances(), v.otherProviders(), v.crossBorder(), Optional.of(communication), now,
                    recordedBy);
        });
        audited(versionEvent(actor, "incident.public-communication", step.next()).withDetail("at", at.toString()),
                incidentId);
        return step.next();
    }

    @Override
    public HistoryVerification verifyHistory(String incidentId, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(actor, "actor");
        List<IncidentVersion> history = store.history(incidentId);
        if (history.isEmpty()) {
            throw unknown();
        }
        Map<Integer, Set<String>> digests = new TreeMap<>();
        long from = 1;
        for (List<AuditRecord> page = audit.read(from, AUDIT_PAGE); !page.isEmpty();
                page = audit.read(from, AUDIT_PAGE)) {
            for (AuditRecord r : page) {
                if (VERSION_ACTIONS.contains(r.action()) && incidentId.equals(r.details().get("incident"))
                        && r.details().containsKey("digest") && r.details().containsKey("version")) {
                    digests.computeIfAbsent(Integer.valueOf(r.details().get("version")), k -> new TreeSet<>())
                            .add(r.details().get("digest"));
                }
            }
            from = page.get(page.size() - 1).sequence() + 1;
        }
        List<Integer> altered = new ArrayList<>();
        List<Integer> unaudited = new ArrayList<>();
        for (IncidentVersion v : history) {
            Set<String> audited = digests.get(v.version());
            if (audited == null) {
                unaudited.add(v.version());
            } else if (!audited.contains(Canonical.digest(v))) {
                altered.add(v.version());
            }
        }
        HistoryVerification result = new HistoryVerification(incidentId, history.size(), altered, unaudited);
        audited(AuditEvent.of(actor, "incident.verify-history", result.intact() ? AuditOutcome.SUCCESS
                : AuditOutcome.FAILED).withDetail("incident", incidentId)
                .withDetail("versions", Integer.toString(history.size()))
                .withDetail("altered", Integer.toString(altered.size()))
                .withDetail("unaudited", Integer.toString(unaudited.size())), incidentId);
        if (!result.intact()) {
            LOG.warn("Incident {}: {} stored version(s) differ from their audited digest, {} have none", incidentId,
                    altered.size(), unaudited.size());
        }
        return result;
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
                ? customersNotifiedAt(v, store.noticeSummary(v.incidentId())) : Optional.empty();
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

    /**
     * When the customers' clock was met: the earlier of a public communication (art. 34(3)(c)) and
     * the last notice, once every planned subject has one and, where the count of affected subjects
     * is exact, at least that many have (an estimate cannot be held against the notices); empty if
     * neither.
     */
    static Optional<Instant> customersNotifiedAt(IncidentVersion v, NoticeSummary notices) {
        AffectedCount affected = v.affectedSubjects();
        Optional<Instant> byNotices = notices.allSent() && (affected.estimated() || notices.sent() >= affected.value())
                ? notices.lastSentAt() : Optional.empty();
        Optional<Instant> publicly = v.publicCommunication().map(PublicCommunication::at);
        if (byNotices.isPresent() && publicly.isPresent()) {
            return Optional.of(byNotices.get().isBefore(publicly.get()) ? byNotices.get() : publicly.get());
        }
        return byNotices.or(() -> publicly);
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
    public AuthorityReport authorityReport(String incidentId, IncidentClock notification, Actor actor) {
        notNull(incidentId, "incidentId");
        notNull(notification, "clock");
        notNull(actor, "actor");
        IncidentVersion v = latestOrThrow(incidentId);
        if (!notification.authority() || !v.clocks().contains(notification)) {
            throw new IncidentException("clock", IncidentException.Rule.CLOCK_NOT_APPLICABLE, "a report to the"
                    + " authority answers an authority clock that applies to the incident; its clocks are " + v.clocks());
        }
        Policy p = policy.get();
        Map<DataCategory, String> names = new LinkedHashMap<>();
        for (DataCategory category : v.categories()) {
            names.put(category, p.declares(category) ? p.category(category).name() : category.id());
        }
        Map<String, String> subjectNames = new LinkedHashMap<>();
        for (String id : v.subjectCategories()) {
            subjectNames.put(id, p.dataSubject(id).map(SubjectCategoryDefinition::description).orElse(id));
        }
        List<AuthorityReport.DiscoveryCorrection> corrections = new ArrayList<>();
        List<IncidentVersion> history = store.history(incidentId);
        for (int i = 1; i < history.size(); i++) {
            IncidentVersion before = history.get(i - 1);
            IncidentVersion after = history.get(i);
            if (!after.discoveredAt().equals(before.discoveredAt())) {
                corrections.add(new AuthorityReport.DiscoveryCorrection(after.version(), before.discoveredAt(),
                        after.discoveredAt(), after.recordedAt()));
            }
        }
        NoticeSummary summary = store.noticeSummary(incidentId);
        List<String> channels = p.notificationTypes().stream().filter(t -> t.type().equals(BreachNoticeSender.TYPE))
                .findFirst().map(NotificationTypeDefinition::channels).orElse(List.of());
        AuthorityReport report = new AuthorityReport(v, notification, p.controller(), p.supervisoryAuthority(), names,
                subjectNames, deadlinesOf(v), store.authorityNotices(incidentId), corrections, summary.planned(),
                summary.sent(), channels, p.timeZone(), clock.instant());
        audited(AuditEvent.of(actor, "incident.authority-report", AuditOutcome.SUCCESS)
                .withCategories(v.categories()).withDetail("incident", incidentId)
                .withDetail("version", Integer.toString(v.version())).withDetail("clock", notification.name())
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
        // Before anything is planned: a notice that cannot say what the law asks is no notice.
        Map<String, Object> payload = payload(v, policy.get());
        Map<SubjectId, SubjectId> refs = new LinkedHashMap<>();
        for (SubjectId subject : distinct) {
            refs.put(subject, SubjectId.of(audit.subjectRef(subject)));
        }
        // Planned first: the customers' clock waits for every planned subject, even across a crash.
        store.planSubjectNotices(incidentId, new LinkedHashSet<>(refs.values()), clock.instant());
        int sent = 0;
        int before = 0;
        List<SubjectId> failed = new ArrayList<>();
        for (Map.Entry<SubjectId, SubjectId> e : refs.entrySet()) {
            SubjectId subject = e.getKey();
            SubjectId ref = e.getValue();
            SubjectNotice notice = store.subjectNotice(incidentId, ref).orElseThrow(() -> new StoreException(
                    "A breach notice just planned is missing from the incident store; call notifySubjects again", true,
                    null));
            if (notice.isSent()) {
                before++;
                continue;
            }
            BreachNoticeSender.Accepted accepted;
            try {
                accepted = notNull(sender.send(subject, payload, idempotencyKey(incidentId, ref)), "accepted");
                // A malformed answer would fail the store's record below; refuse it here, as the sender's failure.
                SubjectNotice.planned(incidentId, ref, EARLIEST).sent(notNull(accepted.messageId(), "messageId"),
                        bounded(accepted.acceptedAt(), "acceptedAt"));
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
            // When the outbox accepted it (a resume finds the first acceptance by key), never before the
            // plan: another host's clock, or a step back of this one, must not make the record invalid.
            Instant sentAt = accepted.acceptedAt().isBefore(notice.plannedAt()) ? notice.plannedAt()
                    : accepted.acceptedAt();
            // Audited before it is recorded: if the trail fails, the notice stays unrecorded and a call
            // again writes the entry (the outbox gives the same message back by its key).
            audited(AuditEvent.of(actor, "incident.notice", AuditOutcome.SUCCESS).withSubject(subject)
                    .withDetail("incident", incidentId).withDetail("message", accepted.messageId())
                    .withDetail("acceptedAt", sentAt.toString()), incidentId);
            if (store.markNoticeSent(incidentId, ref, accepted.messageId(), sentAt)) {
                sent++;
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
     * The breach notice's fields (see {@link BreachNoticeSender#PAYLOAD_FIELDS}): the facts from the
     * incident's latest version, the texts from the one written for the customers (never the
     * register's own), the DPO as the version records them, the authority as the policy names it.
     */
    static Map<String, Object> payload(IncidentVersion v, Policy p) {
        BreachNoticeText text = v.notice().orElseThrow(() -> new IncidentException("incidentId",
                IncidentException.Rule.NO_NOTICE_TEXT, "the incident has no text for the customers yet; write one"
                + " with update(id, IncidentChanges.none().withNotice(new BreachNoticeText(...)), actor)"));
        IncidentContact dpo = v.contact();
        if (dpo.email().isEmpty() && dpo.phone().isEmpty()) {
            throw new IncidentException("incidentId", IncidentException.Rule.NOTICE_INCOMPLETE, "the data protection"
                    + " officer has no e-mail address or telephone number in the policy (GDPR art. 34(2), 33(3)(b))");
        }
        Contact authority = p.supervisoryAuthority().orElseThrow(() -> new IncidentException("incidentId",
                IncidentException.Rule.NOTICE_INCOMPLETE, "the policy names no supervisory authority, to which"
                + " the notice must tell the customers they may complain (Cap. 7)"));
        if (authority.web().isEmpty() && authority.email().isEmpty() && authority.phone().isEmpty()) {
            throw new IncidentException("incidentId", IncidentException.Rule.NOTICE_INCOMPLETE, "the policy gives"
                    + " the supervisory authority no web site, e-mail address or telephone number");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("nature", text.nature());
        payload.put("occurredAt", v.occurredAt());
        payload.put("discoveredAt", v.discoveredAt());
        payload.put("affectedSubjects", v.affectedSubjects().value());
        payload.put("affectedSubjectsEstimated", v.affectedSubjects().estimated());
        payload.put("categories", v.categories().stream().map(DataCategory::id).sorted().toList());
        payload.put("consequences", text.consequences());
        payload.put("measures", text.measures());
        payload.put("recommendations", text.recommendations());
        payload.put("contactName", dpo.name());
        dpo.email().ifPresent(x -> payload.put("contactEmail", x));
        dpo.phone().ifPresent(x -> payload.put("contactPhone", x));
        payload.put("authorityName", authority.name());
        authority.web().ifPresent(x -> payload.put("authorityWeb", x));
        authority.email().ifPresent(x -> payload.put("authorityEmail", x));
        authority.phone().ifPresent(x -> payload.put("authorityPhone", x));
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

    /** The policy's categories of data only; the message names the argument, never the id given. */
    private static void checkCategories(Policy p, Set<DataCategory> categories, String argument) {
        for (DataCategory category : categories) {
            if (!p.declares(category)) {
                throw new PolicyViolationException("A category of data in " + argument + " is not declared by the"
                        + " policy in force: an incident names the policy's categories of data");
            }
        }
    }

    /** The policy's categories of data subjects only; the message names the argument, never the id given. */
    private static void checkSubjectCategories(Policy p, Set<String> ids, String argument) {
        for (String id : ids) {
            if (p.dataSubject(id).isEmpty()) {
                throw new PolicyViolationException("A category of data subjects in " + argument + " is not declared"
                        + " by the policy in force (its dataSubjects: " + p.dataSubjects().stream()
                        .map(SubjectCategoryDefinition::id).collect(Collectors.joining(", ")) + ")");
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

    /**
     * The audit entry of a version: the incident, the version, its status, clocks and categories of
     * data subjects, and the SHA-256 digest of the whole version, which {@link #verifyHistory}
     * compares with the store later.
     */
    private static AuditEvent versionEvent(Actor actor, String action, IncidentVersion v) {
        return AuditEvent.of(actor, action, AuditOutcome.SUCCESS).withCategories(v.categories())
                .withDetail("incident", v.incidentId()).withDetail("version", Integer.toString(v.version()))
                .withDetail("status", v.status().name()).withDetail("clocks", clocks(v.clocks()))
                .withDetail("subjectCategories", String.join(",", v.subjectCategories()))
                .withDetail("digest", Canonical.digest(v));
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
