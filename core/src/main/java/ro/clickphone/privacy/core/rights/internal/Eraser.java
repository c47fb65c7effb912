package ro.clickphone.privacy.core.rights.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.policy.KeyScopeDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.RetentionKind;
import ro.clickphone.privacy.core.policy.RetentionRule;
import ro.clickphone.privacy.core.rights.ReapplyReport;
import ro.clickphone.privacy.core.rights.internal.ErasurePlan.Keep;
import ro.clickphone.privacy.core.rights.internal.ErasurePlan.SourcePlan;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;

/**
 * Law-aware erasure (GDPR art. 17): per source and category, erases what no obligation keeps and
 * keeps the rest restricted (art. 17(3)(b), 18) with its legal ground and last day; then destroys the
 * subject's data keys of every key scope nothing kept still needs, the token-vault mappings and the
 * contact directory entry, and records the erasure in the erasure ledger so that it can be applied
 * again after a backup is restored. Not API: the rights engine calls it.
 *
 * <h2>What keeps a category</h2>
 * At a source, a category of the subject's data is kept (restricted, never erased) when
 * <ul>
 *   <li>an active legal hold covers one of the subject's tagged records there in that category, or
 *       holds the whole subject or the whole category (and the category's rule is extended by holds):
 *       ground {@code LEGAL_HOLD}, no last day;</li>
 *   <li>or one of those tagged records is not yet due: a dated term not yet over (ground: its rule,
 *       until its last day kept, the latest of them) or a term still waiting for an event such as the
 *       end of the contract (ground: its rule, no last day yet). Rules that end with the subject's own
 *       choice ({@link RetentionKind#UNTIL_CONSENT_WITHDRAWN}, {@link RetentionKind#END_OF_SESSION})
 *       keep nothing against an erasure request.</li>
 * </ul>
 * Everything else in the request's scope is erased: records without a retention tag included (the
 * retention schedule is where an obligation is recorded). Erasure is per category at a source: one
 * kept record keeps its category there.
 *
 * <h2>Keys</h2>
 * A key scope is destroyed (a tombstone: no new key is ever made for the subject in it) when the
 * request covers every category of the scope and no record that must still be kept uses it (its
 * tag's scope, or that of a category it is also tagged under), nor a hold on the subject or on one of
 * its categories keeps it. Decided at the plan, and again just before the destruction.
 *
 * <p>Thread-safe; every method is idempotent.
 *
 * @since 0.1.0
 */
public final class Eraser {

    /** The restriction ground of data a legal hold keeps. */
    public static final String LEGAL_HOLD = "LEGAL_HOLD";

    private static final Logger LOG = LoggerFactory.getLogger(Eraser.class);
    private static final Actor ACTOR = Actor.system("rights", Set.of());
    private static final int PAGE = 100;
    private static final Comparator<DataCategory> BY_ID = Comparator.comparing(DataCategory::id);
    private static final Set<RetentionKind> ENDED_BY_ERASURE = EnumSet.of(RetentionKind.UNTIL_CONSENT_WITHDRAWN,
            RetentionKind.END_OF_SESSION);

    private final ErasureParts parts;

    /**
     * An eraser over the kit's parts.
     *
     * @param parts the parts
     * @throws InvalidInputException if {@code parts} is null
     */
    public Eraser(ErasureParts parts) {
        this.parts = notNull(parts, "parts");
    }

    // --- plan --------------------------------------------------------------------------------------

    /**
     * Plans an erasure: per source, the categories to erase and those to keep restricted with their
     * legal ground and last day (see the class description), honouring the request's categories as
     * its scope (none named: all of the subject's data); and the key scopes to destroy once every
     * source is done. Reads the policy, the subject's retention tags and the active holds; changes
     * nothing.
     *
     * @param request the erasure request
     * @param sources every registered source (those without ERASE too: their data is reached by the
     *     key shreds only)
     * @return the plan
     * @throws InvalidInputException if an argument is null, the request is not an erasure, or two
     *     sources share a name
     * @throws ConfigurationException if the kit has no erasure ledger: an erasure that a restore could
     *     roll back unseen is refused
     * @throws StoreException if the retention store failed
     */
    public ErasurePlan plan(RequestRecord request, Collection<PersonalDataSource> sources) {
        notNull(request, "request");
        notNull(sources, "sources");
        requireLedger();
        if (request.type() != RightType.ERASURE) {
            throw new InvalidInputException("request", "is not an erasure request");
        }
        Policy p = parts.policy().get();
        LocalDate today = LocalDate.ofInstant(parts.clock().instant(), p.timeZone());
        SubjectId subject = request.subject();
        boolean full = request.categories().isEmpty();
        Set<DataCategory> scope = request.categories();
        List<RetentionTag> tags = parts.retention().findBySubject(subject);
        List<LegalHold> holds = parts.retention().activeHolds();

        Map<String, SourcePlan> bySource = new TreeMap<>();
        Map<KeyScope, String> needed = new TreeMap<>(Comparator.comparing(KeyScope::name));
        for (PersonalDataSource source : sources) {
            notNull(source, "sources");
            String name = source.name();
            if (bySource.containsKey(name)) {
                throw new InvalidInputException("sources", "two sources share a name");
            }
            TreeSet<DataCategory> erase = new TreeSet<>(BY_ID);
            List<Keep> keep = new ArrayList<>();
            TreeSet<DataCategory> held = new TreeSet<>(BY_ID);
            held.addAll(source.categories());
            for (DataCategory category : held) {
                if (!full && !scope.contains(category)) {
                    continue;
                }
                Optional<Keep> kept = keepOf(p, name, category, subject, tags, holds, today);
                if (kept.isPresent()) {
                    keep.add(kept.get());
                    scopeOf(p, category).ifPresent(s -> needed.putIfAbsent(s, "data kept restricted needs it: "
                            + category.id() + " at " + name + " (" + kept.get().ground() + ")"));
                } else {
                    erase.add(category);
                }
            }
            Set<SourceCapability> capabilities = source.capabilities();
            bySource.put(name, new SourcePlan(name, erase, keep, capabilities.contains(SourceCapability.ERASE),
                    capabilities.contains(SourceCapability.RESTRICT)));
        }
        neededScopes(p, subject, tags, holds, today).forEach(needed::putIfAbsent);

        Set<KeyScope> shred = new TreeSet<>(Comparator.comparing(KeyScope::name));
        Map<KeyScope, String> keptScopes = new TreeMap<>(Comparator.comparing(KeyScope::name));
        for (KeyScopeDefinition definition : p.keyScopes()) {
            KeyScope keyScope = definition.scope();
            List<DataCategory> in = p.categoriesIn(keyScope);
            if (!full) {
                if (in.stream().noneMatch(scope::contains)) {
                    continue;
                }
                if (!scope.containsAll(in)) {
                    keptScopes.put(keyScope, "the request does not cover all of its categories");
                    continue;
                }
            }
            String why = needed.get(keyScope);
            if (why != null) {
                keptScopes.put(keyScope, why);
            } else {
                shred.add(keyScope);
            }
        }
        return new ErasurePlan(request.id(), today, full, bySource, shred, keptScopes,
                scopeOf(p, parts.consentEvidenceCategory()));
    }

    /**
     * Why a category of the subject's data at a source is kept, if it is: a hold, or a tag not due.
     */
    private Optional<Keep> keepOf(Policy p, String source, DataCategory category, SubjectId subject,
            List<RetentionTag> tags, List<LegalHold> holds, LocalDate today) {
        List<RetentionTag> here = tags.stream().filter(t -> t.record().source().equals(source) && t.isOf(category))
                .sorted(Comparator.comparing((RetentionTag t) -> t.record().id())).toList();
        boolean extendedByHold = !p.declares(category) || p.retentionOf(category).extendedByLegalHold();
        for (LegalHold hold : holds) {
            if (here.stream().anyMatch(hold.scope()::covers)
                    || extendedByHold && holdsUntagged(hold.scope(), subject, category)) {
                return Optional.of(new Keep(category, LEGAL_HOLD, LEGAL_HOLD + ": a legal hold keeps it for as long as"
                        + " the investigation or proceeding needs", Optional.empty(), here.size()));
            }
        }
        List<RetentionTag> keeping = here.stream().filter(t -> keeps(p, t, today)).toList();
        if (keeping.isEmpty()) {
            return Optional.empty();
        }
        Optional<RetentionTag> pending = keeping.stream().filter(RetentionTag::isPending).findFirst();
        RetentionTag governing = pending.orElseGet(() -> keeping.stream()
                .max(Comparator.comparing((RetentionTag t) -> t.lastDayKept().orElseThrow())).orElseThrow());
        Optional<LocalDate> until = pending.isPresent() ? Optional.empty() : governing.lastDayKept();
        Optional<RetentionRule> rule = p.retentionRule(governing.rule());
        StringBuilder legal = new StringBuilder(governing.rule());
        rule.flatMap(RetentionRule::legalReference).ifPresent(ref -> legal.append(" (").append(ref).append(')'));
        pending.flatMap(RetentionTag::awaiting).ifPresent(event -> legal.append("; kept until ").append(event)
                .append(" is recorded, then for the rule's period"));
        return Optional.of(new Keep(category, governing.rule(), truncate(legal.toString()), until, keeping.size()));
    }

    /** Whether a hold keeps a category of the subject's data that no tag describes: a subject or category hold. */
    private static boolean holdsUntagged(HoldScope hold, SubjectId subject, DataCategory category) {
        return switch (hold.kind()) {
            case SUBJECT -> hold.subject().filter(subject::equals).isPresent();
            case CATEGORY -> hold.category().filter(category::equals).isPresent();
            case RECORD -> false;
        };
    }

    /** Whether a tag keeps its record against an erasure request: not yet due, under a rule the request does not end. */
    private static boolean keeps(Policy p, RetentionTag tag, LocalDate today) {
        Optional<RetentionRule> rule = p.retentionRule(tag.rule());
        if (rule.isPresent() && ENDED_BY_ERASURE.contains(rule.get().kind())) {
            return false;
        }
        return tag.isPending() || !tag.isDueOn(today);
    }

    /**
     * The key scopes the subject's data still needs, from the store: every scope of a tag that keeps
     * its record or that a hold covers, and of every category a hold on the subject or on a category keeps.
     */
    private Map<KeyScope, String> neededScopes(Policy p, SubjectId subject, List<RetentionTag> tags,
            List<LegalHold> holds, LocalDate today) {
        Map<KeyScope, String> needed = new LinkedHashMap<>();
        for (RetentionTag tag : tags) {
            boolean held = holds.stream().anyMatch(h -> h.scope().covers(tag));
            if (!held && !keeps(p, tag, today)) {
                continue;
            }
            String why = held ? "a record under a legal hold needs it" : "a record kept under " + tag.rule()
                    + " needs it";
            tag.keyScope().ifPresent(s -> needed.putIfAbsent(s, why));
            for (DataCategory other : tag.alsoTaggedAs()) {
                scopeOf(p, other).ifPresent(s -> needed.putIfAbsent(s, why));
            }
        }
        for (LegalHold hold : holds) {
            for (DataCategory category : heldCategories(p, hold.scope(), subject)) {
                scopeOf(p, category).ifPresent(s -> needed.putIfAbsent(s, "a legal hold on the "
                        + (hold.scope().kind() == HoldScope.Kind.SUBJECT ? "subject" : "category " + category.id())
                        + " keeps its data"));
            }
        }
        return needed;
    }

    private static List<DataCategory> heldCategories(Policy p, HoldScope hold, SubjectId subject) {
        List<DataCategory> out = new ArrayList<>();
        for (var definition : p.categories()) {
            DataCategory category = definition.category();
            if (p.retentionOf(category).extendedByLegalHold() && holdsUntagged(hold, subject, category)) {
                out.add(category);
            }
        }
        return out;
    }

    private static Optional<KeyScope> scopeOf(Policy p, DataCategory category) {
        return p.declares(category) ? p.keyScopeOf(category) : Optional.empty();
    }

    // --- at a source -------------------------------------------------------------------------------

    /**
     * Carries out the plan at one source: restricts the kept categories (with their ground and last
     * day), then erases the others in one call. Idempotent: a repeat restricts and erases nothing more
     * and reports what it finds (a category erased before is then {@link OutcomeKind#NONE}). Audited
     * ({@code rights.erasure.source}, counts per category, no values).
     *
     * @param source the source, one the plan was made with
     * @param request the erasure request
     * @param plan its plan
     * @return per category of the source in the request's scope: ERASED, KEPT_RESTRICTED (with its
     *     legal ground and last day) or NONE, ordered by category
     * @throws InvalidInputException if an argument is null, the plan is another request's or has no
     *     part for the source, or the source must erase and does not declare ERASE
     * @throws RuntimeException what the source throws ({@link StoreException} and the like): the call is repeated
     */
    public List<CategoryOutcome> applyAt(PersonalDataSource source, RequestRecord request, ErasurePlan plan) {
        notNull(source, "source");
        notNull(request, "request");
        notNull(plan, "plan");
        samePlan(request, plan);
        SourcePlan part = plan.of(source.name());
        Set<SourceCapability> capabilities = source.capabilities();
        if (!part.erase().isEmpty() && !capabilities.contains(SourceCapability.ERASE)) {
            throw new InvalidInputException("source", "does not declare ERASE; record it as not supported");
        }
        SubjectId subject = request.subject();
        boolean canRestrict = capabilities.contains(SourceCapability.RESTRICT);
        Map<DataCategory, Integer> found = capabilities.contains(SourceCapability.FIND) ? count(source, subject) : null;
        List<CategoryOutcome> outcomes = new ArrayList<>();
        for (Keep keep : part.keep()) {
            int changed = 0;
            if (canRestrict) {
                changed = source.restrict(subject, Restriction.of(Set.of(keep.category()), keep.ground(), keep.until()));
            }
            int records = found != null ? found.getOrDefault(keep.category(), 0)
                    : Math.max(changed, keep.taggedRecords());
            if (records == 0) {
                outcomes.add(CategoryOutcome.of(keep.category(), OutcomeKind.NONE, 0));
                continue;
            }
            String ground = canRestrict ? keep.legalGround()
                    : truncate(keep.legalGround() + "; the source cannot restrict processing (no RESTRICT)");
            outcomes.add(new CategoryOutcome(keep.category(), OutcomeKind.KEPT_RESTRICTED, records, Optional.of(ground),
                    keep.until()));
        }
        if (!part.erase().isEmpty()) {
            ErasureResult result = source.erase(subject, part.erase());
            for (DataCategory category : part.erase()) {
                int records = result.erased().getOrDefault(category, 0);
                outcomes.add(CategoryOutcome.of(category, records == 0 ? OutcomeKind.NONE : OutcomeKind.ERASED,
                        records));
            }
        }
        outcomes.sort(Comparator.comparing((CategoryOutcome o) -> o.category().id()));
        Set<DataCategory> touched = new TreeSet<>(BY_ID);
        outcomes.forEach(o -> touched.add(o.category()));
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.source", AuditOutcome.SUCCESS).withSubject(subject)
                .withCategories(touched).withDetail("request", request.id()).withDetail("source", source.name())
                .withDetail("erased", summary(outcomes, OutcomeKind.ERASED))
                .withDetail("kept", summary(outcomes, OutcomeKind.KEPT_RESTRICTED)));
        return List.copyOf(outcomes);
    }

    private static Map<DataCategory, Integer> count(PersonalDataSource source, SubjectId subject) {
        Map<DataCategory, Integer> counts = new HashMap<>();
        source.find(subject, r -> counts.merge(r.category(), 1, Integer::sum));
        return counts;
    }

    private static String summary(List<CategoryOutcome> outcomes, OutcomeKind kind) {
        String s = outcomes.stream().filter(o -> o.kind() == kind).map(o -> o.category().id() + ":" + o.records())
                .collect(Collectors.joining(","));
        return s.isEmpty() ? "-" : s;
    }

    // --- finish ------------------------------------------------------------------------------------

    /**
     * Completes an erasure once every source is done: destroys the subject's keys of each planned key
     * scope that nothing kept needs now (decided again against the store, so a hold placed since the
     * plan keeps its scope), audited per scope ({@code rights.erasure.shred}); on a full erasure,
     * erases the subject's token-vault mappings and removes the contact directory's entry (queued
     * notifications then end as dead letters, {@code no-address} or {@code key-destroyed}, never
     * sent); the consent ledger's personal evidence is shredded with its key scope, when that scope is
     * destroyed; then appends the erasure ledger entry. Idempotent: safe to call again after a crash
     * or a failure; a repeat destroys, deletes and appends nothing more.
     *
     * @param request the erasure request
     * @param plan its plan
     * @return what it did, with the statements of the answer
     * @throws InvalidInputException if an argument is null or the plan is another request's
     * @throws ConfigurationException if the kit has no erasure ledger
     * @throws StoreException if a store or the ledger failed: the erasure is not complete, call again
     */
    public ErasureFinish finish(RequestRecord request, ErasurePlan plan) {
        notNull(request, "request");
        notNull(plan, "plan");
        samePlan(request, plan);
        ErasureLedger ledger = requireLedger();
        Policy p = parts.policy().get();
        LocalDate today = LocalDate.ofInstant(parts.clock().instant(), p.timeZone());
        SubjectId subject = request.subject();
        Map<KeyScope, String> neededNow = neededScopes(p, subject, parts.retention().findBySubject(subject),
                parts.retention().activeHolds(), today);
        Map<KeyScope, String> kept = new TreeMap<>(Comparator.comparing(KeyScope::name));
        kept.putAll(plan.keptScopes());
        Set<KeyScope> destroyed = new TreeSet<>(Comparator.comparing(KeyScope::name));
        int versions = 0;
        for (KeyScope scope : plan.shred()) {
            String why = neededNow.get(scope);
            if (why != null) {
                kept.put(scope, why);
                continue;
            }
            boolean before = parts.keys().isDestroyed(subject, scope);
            int now = parts.keys().destroy(subject, scope);
            versions += now;
            destroyed.add(scope);
            if (!before) {
                parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.shred", AuditOutcome.SUCCESS)
                        .withSubject(subject).withCategories(Set.copyOf(p.categoriesIn(scope)))
                        .withDetail("request", request.id()).withDetail("keyScope", scope.name())
                        .withDetail("versions", Integer.toString(now)).withDetail("mode", "DESTROY"));
            }
        }
        int vaultDeleted = 0;
        boolean contactsRemoved = false;
        if (plan.full()) {
            vaultDeleted = parts.vault().deleteSubject(subject);
            contactsRemoved = parts.contacts().remove(subject);
        }
        boolean evidenceShredded = plan.consentEvidenceScope().filter(destroyed::contains).isPresent();
        String evidence = evidence(plan, destroyed, kept);

        Map<String, Set<DataCategory>> erased = new TreeMap<>();
        plan.sources().forEach((name, part) -> {
            if (part.canErase() && !part.erase().isEmpty()) {
                erased.put(name, part.erase());
            }
        });
        boolean appended = ledger.append(new ErasureEntry(request.id(), parts.clock().instant(),
                parts.sealer().seal(request.id(), subject), erased, destroyed, plan.full()));

        List<String> statements = new ArrayList<>();
        kept.forEach((scope, why) -> statements.add("The keys of scope " + scope.name() + " were kept: " + why + "."));
        statements.add("Consent evidence: " + evidence + ".");
        statements.add(plan.full() ? "Your token-vault mappings and your notification contacts were erased."
                : "Your token-vault mappings and notification contacts were kept: the request named some categories only,"
                        + " and they are erased with a full erasure.");
        statements.add(ErasureFinish.PSEUDONYMS_STATEMENT);
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.finish", AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("request", request.id()).withDetail("shredded", names(destroyed))
                .withDetail("kept", names(kept.keySet())).withDetail("vault", plan.full() ? "ERASED" : "KEPT")
                .withDetail("consentEvidence", evidenceShredded ? "SHREDDED" : "KEPT")
                .withDetail("ledger", appended ? "APPENDED" : "PRESENT"));
        LOG.info("Erasure {} finished: {} key scope(s) destroyed, {} kept, ledger entry {}", request.id(),
                destroyed.size(), kept.size(), appended ? "appended" : "present already");
        return new ErasureFinish(request.id(), destroyed, kept, versions, plan.full(), vaultDeleted, contactsRemoved,
                evidenceShredded, evidence, appended, statements);
    }

    private static String evidence(ErasurePlan plan, Set<KeyScope> destroyed, Map<KeyScope, String> kept) {
        if (plan.consentEvidenceScope().isEmpty()) {
            return "the policy gives its category no key scope, so the consent ledger keeps no personal evidence"
                    + " encrypted";
        }
        KeyScope scope = plan.consentEvidenceScope().get();
        if (destroyed.contains(scope)) {
            return "shredded with key scope " + scope.name() + ": the network and user-agent evidence of your consent"
                    + " events is unreadable; the sealed events, which prove lawful past processing, stay unchanged";
        }
        String why = kept.get(scope);
        return "not shredded: its key scope " + scope.name() + (why != null ? " was kept (" + why + ")"
                : " is not in the request's scope");
    }

    private static String names(Collection<KeyScope> scopes) {
        String s = scopes.stream().map(KeyScope::name).collect(Collectors.joining(","));
        return s.isEmpty() ? "-" : s;
    }

    // --- reapply -----------------------------------------------------------------------------------

    /**
     * Re-applies every erasure the ledger recorded from {@code since}, after a backup of the main
     * stores was restored: erases again the recorded categories at each recorded source registered
     * now, restricts again what a full erasure kept (as the restored retention store now says),
     * destroys the recorded key scopes again (sweeping the key cache), and on a full erasure deletes
     * the vault mappings and the contact directory entry again. A failing part is reported and the
     * rest goes on; the ledger itself is only read. Audited per entry ({@code rights.erasure.reapply}).
     *
     * @param since the earliest erasure to re-apply (the backup's time, or earlier)
     * @param sources the sources registered now
     * @return the report
     * @throws InvalidInputException if an argument is null
     * @throws ConfigurationException if the kit has no erasure ledger
     * @throws StoreException if the ledger failed to give a page
     */
    public ReapplyReport reapply(Instant since, Collection<PersonalDataSource> sources) {
        notNull(since, "since");
        notNull(sources, "sources");
        ErasureLedger ledger = requireLedger();
        Map<String, PersonalDataSource> byName = new TreeMap<>();
        for (PersonalDataSource source : sources) {
            byName.put(notNull(source, "sources").name(), source);
        }
        Tally tally = new Tally();
        Optional<ErasureEntry> after = Optional.empty();
        while (true) {
            List<ErasureEntry> page = ledger.since(since, after, PAGE);
            for (ErasureEntry entry : page) {
                tally.entries++;
                reapply(entry, byName, tally);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = Optional.of(page.get(page.size() - 1));
        }
        LOG.info("Re-applied {} erasure(s) since {}: {} record(s) erased, {} key version(s) destroyed, {} failure(s)",
                tally.entries, since, tally.erased, tally.versions, tally.failures.size());
        return new ReapplyReport(since, tally.entries, tally.erased, tally.restricted, tally.versions, tally.vault,
                tally.contacts, tally.failures);
    }

    private void reapply(ErasureEntry entry, Map<String, PersonalDataSource> sources, Tally tally) {
        String id = entry.requestId();
        SubjectId subject;
        try {
            subject = parts.sealer().open(id, entry.sealedSubject());
        } catch (IntegrityException | InvalidInputException e) {
            tally.fail(id, null, "SEALED_SUBJECT_UNREADABLE");
            return;
        }
        int failuresBefore = tally.failures.size();
        long erasedBefore = tally.erased;
        for (Map.Entry<String, Set<DataCategory>> part : entry.erased().entrySet()) {
            PersonalDataSource source = sources.get(part.getKey());
            if (source == null) {
                tally.fail(id, part.getKey(), "SOURCE_NOT_REGISTERED");
                continue;
            }
            if (!source.capabilities().contains(SourceCapability.ERASE)) {
                tally.fail(id, part.getKey(), "ERASE_NOT_SUPPORTED");
                continue;
            }
            Set<DataCategory> categories = new TreeSet<>(BY_ID);
            categories.addAll(part.getValue());
            categories.retainAll(source.categories());
            if (categories.isEmpty()) {
                continue;
            }
            try {
                tally.erased += source.erase(subject, categories).total();
            } catch (RuntimeException e) {
                tally.fail(id, part.getKey(), e.getClass().getSimpleName());
            }
        }
        if (entry.vaultErased()) {
            restrictAgain(id, subject, sources, tally);
        }
        for (KeyScope scope : entry.shredded()) {
            try {
                tally.versions += parts.keys().destroy(subject, scope);
            } catch (RuntimeException e) {
                tally.fail(id, null, e.getClass().getSimpleName());
            }
        }
        if (entry.vaultErased()) {
            try {
                tally.vault += parts.vault().deleteSubject(subject);
                tally.contacts += parts.contacts().remove(subject) ? 1 : 0;
            } catch (RuntimeException e) {
                tally.fail(id, null, e.getClass().getSimpleName());
            }
        }
        boolean failed = tally.failures.size() > failuresBefore;
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.reapply",
                failed ? AuditOutcome.FAILED : AuditOutcome.SUCCESS).withSubject(subject).withDetail("request", id)
                .withDetail("erased", Long.toString(tally.erased - erasedBefore))
                .withDetail("failures", Integer.toString(tally.failures.size() - failuresBefore)));
    }

    /** A full erasure's kept data, restricted again as the (restored) retention store says it is kept. */
    private void restrictAgain(String id, SubjectId subject, Map<String, PersonalDataSource> sources, Tally tally) {
        Policy p = parts.policy().get();
        LocalDate today = LocalDate.ofInstant(parts.clock().instant(), p.timeZone());
        List<RetentionTag> tags;
        List<LegalHold> holds;
        try {
            tags = parts.retention().findBySubject(subject);
            holds = parts.retention().activeHolds();
        } catch (RuntimeException e) {
            tally.fail(id, null, e.getClass().getSimpleName());
            return;
        }
        for (PersonalDataSource source : sources.values()) {
            if (!source.capabilities().contains(SourceCapability.RESTRICT)) {
                continue;
            }
            try {
                for (DataCategory category : source.categories()) {
                    Optional<Keep> keep = keepOf(p, source.name(), category, subject, tags, holds, today);
                    if (keep.isPresent()) {
                        tally.restricted += source.restrict(subject, Restriction.of(Set.of(category),
                                keep.get().ground(), keep.get().until()));
                    }
                }
            } catch (RuntimeException e) {
                tally.fail(id, source.name(), e.getClass().getSimpleName());
            }
        }
    }

    private static final class Tally {
        int entries;
        long erased;
        long restricted;
        int versions;
        int vault;
        int contacts;
        final List<ReapplyReport.Failure> failures = new ArrayList<>();

        void fail(String requestId, String source, String problem) {
            failures.add(new ReapplyReport.Failure(requestId, Optional.ofNullable(source), problem));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private ErasureLedger requireLedger() {
        if (parts.ledger() == null || parts.sealer() == null) {
            throw new ConfigurationException("Erasure needs an erasure ledger kept apart from the main stores, so that"
                    + " a restored backup cannot bring erased data back unseen: give one to the kit builder");
        }
        return parts.ledger();
    }

    private static void samePlan(RequestRecord request, ErasurePlan plan) {
        if (!plan.requestId().equals(request.id())) {
            throw new InvalidInputException("plan", "was made for another request");
        }
    }

    private static String truncate(String text) {
        return text.length() <= 512 ? text : text.substring(0, 509) + "...";
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Eraser[ledger=" + (parts.ledger() == null ? "none" : parts.ledger().getClass().getSimpleName()) + "]";
    }
}
