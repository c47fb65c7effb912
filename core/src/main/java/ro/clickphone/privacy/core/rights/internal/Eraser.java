package ro.clickphone.privacy.core.rights.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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
import ro.clickphone.privacy.core.policy.PseudonymContextDefinition;
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
import ro.clickphone.privacy.spi.RecordRef;
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
 * keeps the rest restricted (art. 17(3)(b), 18) with its ground and last day; then destroys the
 * subject's data keys of every key scope nothing kept still needs, the token-vault mappings and the
 * contact directory entry when nothing keeps their categories, and records the erasure in the
 * erasure ledger, before anything is destroyed, so that it can be applied again after a backup is
 * restored. Not API: the rights engine calls it.
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
 *       keep nothing against an erasure request, except the floor another category of the record
 *       sets (a cookie record also tagged FINANCIAL is kept through the financial term);</li>
 *   <li>or the source holds records of the category that carry no retention tag, the category's rule
 *       is a legal obligation (it has a legal reference), and the subject's recorded events do not
 *       show its term over: they are kept with the ground "{@code <rule> (<reference>); untagged, last
 *       day unknown}". A source without FIND cannot say whether it holds such records: they are taken
 *       to exist. Untagged records of a rule without a legal reference (kept only while the contract
 *       needs them) are erased.</li>
 * </ul>
 * Rules without a legal reference ({@code CONTRACT_DURATION}, {@code DELIVERY_WARRANTY}) are not
 * art. 17(3) exceptions: their ground says the data is still necessary for the contract. Erasure is
 * per category at a source: one kept record keeps its category there. {@link #applyAt} decides again,
 * just before erasing, against the retention store as it is then: a hold placed or a tag written
 * since the plan keeps its category.
 *
 * <h2>Keys, vault, contacts</h2>
 * A key scope is destroyed (a tombstone: no new key is ever made for the subject in it) when the
 * request covers every category of the scope and no record that must still be kept uses it (its
 * tag's scope, or that of a category it is also tagged under), nor a hold on the subject or on one of
 * its categories keeps it. Decided at the plan, and again just before the destruction. The token
 * vault's mappings are deleted when the request covers every category of the policy's pseudonym
 * contexts and none of them is kept; the contact directory entry is removed when the request covers
 * {@value #CONTACT_ID} and it is not kept.
 *
 * <h2>The ledger</h2>
 * The entry is written ahead: the first thing {@link #applyAt} and {@link #finish} do is append it
 * (idempotently), built from the plan: per source, every category in the request's scope (erased or
 * kept: re-applying it decides again what is kept), the key scopes the plan would destroy, whether
 * the vault is erased, and the contact directory as the pseudo-source {@value #CONTACTS_PART}. Its
 * {@code erasedAt} is when the erasure began. A crash after a destruction therefore never leaves an
 * erasure without its entry; an entry that states more than was done is harmless, since
 * {@link #reapply} decides everything again against the restored stores.
 *
 * <p>Thread-safe; every method is idempotent.
 *
 * @since 0.1.0
 */
public final class Eraser {

    /** The restriction ground of data a legal hold keeps. */
    public static final String LEGAL_HOLD = "LEGAL_HOLD";
    /** The id of the category the contact directory holds. */
    public static final String CONTACT_ID = "CONTACT";
    /** The ledger entry's pseudo-source that records the removal of the contact directory entry. */
    public static final String CONTACTS_PART = "@contacts";
    /** At most this many failures are listed in a {@link ReapplyReport}; the rest are counted. */
    public static final int MAX_FAILURES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Eraser.class);
    private static final Actor ACTOR = Actor.system("rights", Set.of());
    private static final int PAGE = 100;
    private static final DataCategory CONTACT = DataCategory.of(CONTACT_ID);
    private static final Comparator<DataCategory> BY_ID = Comparator.comparing(DataCategory::id);
    private static final Comparator<KeyScope> BY_NAME = Comparator.comparing(KeyScope::name);
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

    // --- what the retention store says -------------------------------------------------------------

    /** What the retention store says now of a subject: tags, holds, events; read once per decision. */
    private final class Facts {
        final Policy p;
        final LocalDate today;
        final SubjectId subject;
        final List<RetentionTag> tags;
        final List<LegalHold> holds;
        private final Map<String, Optional<LocalDate>> lastEvent = new HashMap<>();

        Facts(SubjectId subject) {
            this.p = parts.policy().get();
            this.today = LocalDate.ofInstant(parts.clock().instant(), p.timeZone());
            this.subject = subject;
            this.tags = parts.retention().findBySubject(subject);
            this.holds = parts.retention().activeHolds();
        }

        /** The latest day the subject's event happened, as the retention schedule recorded it. */
        Optional<LocalDate> latestEvent(String event) {
            return lastEvent.computeIfAbsent(event, e -> {
                List<LocalDate> days = parts.retention().findEvents(SubjectId.of(parts.audit().subjectRef(subject)), e);
                return days.isEmpty() ? Optional.empty() : Optional.of(days.get(days.size() - 1));
            });
        }

        /** Whether a hold keeps the subject's data of a category: a subject or category hold, or one on a tagged record of it. */
        boolean held(DataCategory category) {
            boolean extended = !p.declares(category) || p.retentionOf(category).extendedByLegalHold();
            for (LegalHold hold : holds) {
                if (extended && holdsUntagged(hold.scope(), subject, category)
                        || tags.stream().anyMatch(t -> t.isOf(category) && hold.scope().covers(t))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What a source with FIND holds of the subject: records per category, and those without a retention tag. */
    private record Census(Map<DataCategory, Integer> records, Map<DataCategory, Integer> untagged) {
    }

    private static Census census(PersonalDataSource source, Facts f) {
        if (!source.capabilities().contains(SourceCapability.FIND)) {
            return null;
        }
        Set<RecordRef> tagged = new HashSet<>();
        f.tags.forEach(t -> tagged.add(t.record()));
        Map<DataCategory, Integer> records = new HashMap<>();
        Map<DataCategory, Integer> untagged = new HashMap<>();
        source.find(f.subject, r -> {
            records.merge(r.category(), 1, Integer::sum);
            if (!tagged.contains(r.record())) {
                untagged.merge(r.category(), 1, Integer::sum);
            }
        });
        return new Census(records, untagged);
    }

    /** Per category at a source: erased, or kept with its ground. */
    private record Decision(Set<DataCategory> erase, List<Keep> keep) {
    }

    private Decision decide(Facts f, String source, Collection<DataCategory> categories, Census census) {
        TreeSet<DataCategory> erase = new TreeSet<>(BY_ID);
        List<Keep> keep = new ArrayList<>();
        TreeSet<DataCategory> sorted = new TreeSet<>(BY_ID);
        sorted.addAll(categories);
        for (DataCategory category : sorted) {
            Optional<Keep> kept = keepOf(f, source, category, census);
            if (kept.isPresent()) {
                keep.add(kept.get());
            } else {
                erase.add(category);
            }
        }
        return new Decision(erase, keep);
    }

    // --- plan --------------------------------------------------------------------------------------

    /**
     * Plans an erasure: per source, the categories to erase and those to keep restricted with their
     * ground and last day (see the class description), honouring the request's categories as its
     * scope (none named: all of the subject's data); the key scopes to destroy once every source is
     * done; whether the token vault and the contact directory entry go. Reads the policy, the
     * subject's retention tags, events and the active holds, and what each source with FIND holds of
     * the subject; changes nothing.
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
     * @throws RuntimeException what a source's find throws: plan again
     */
    public ErasurePlan plan(RequestRecord request, Collection<PersonalDataSource> sources) {
        notNull(request, "request");
        notNull(sources, "sources");
        requireLedger();
        if (request.type() != RightType.ERASURE) {
            throw new InvalidInputException("request", "is not an erasure request");
        }
        Facts f = new Facts(request.subject());
        Policy p = f.p;
        boolean full = request.categories().isEmpty();
        Set<DataCategory> scope = request.categories();

        Map<String, SourcePlan> bySource = new TreeMap<>();
        Map<KeyScope, String> needed = new TreeMap<>(BY_NAME);
        Map<DataCategory, String> keptCategories = new TreeMap<>(BY_ID);
        for (PersonalDataSource source : sources) {
            notNull(source, "sources");
            String name = source.name();
            if (bySource.containsKey(name)) {
                throw new InvalidInputException("sources", "two sources share a name");
            }
            TreeSet<DataCategory> inScope = new TreeSet<>(BY_ID);
            for (DataCategory category : source.categories()) {
                if (full || scope.contains(category)) {
                    inScope.add(category);
                }
            }
            Decision d = decide(f, name, inScope, inScope.isEmpty() ? null : census(source, f));
            for (Keep kept : d.keep()) {
                keptCategories.putIfAbsent(kept.category(), kept.legalGround());
                scopeOf(p, kept.category()).ifPresent(s -> needed.putIfAbsent(s, "data kept restricted needs it: "
                        + kept.category().id() + " at " + name + " (" + kept.legalGround() + ")"));
            }
            Set<SourceCapability> capabilities = source.capabilities();
            bySource.put(name, new SourcePlan(name, d.erase(), d.keep(), capabilities.contains(SourceCapability.ERASE),
                    capabilities.contains(SourceCapability.RESTRICT)));
        }
        neededScopes(f).forEach(needed::putIfAbsent);

        Set<KeyScope> shred = new TreeSet<>(BY_NAME);
        Map<KeyScope, String> keptScopes = new TreeMap<>(BY_NAME);
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
        Optional<String> contactsKept = whyKept(f, Set.of(CONTACT), full, scope, keptCategories);
        Optional<String> vaultKept = whyKept(f, vaultCategories(p), full, scope, keptCategories);
        return new ErasurePlan(request.id(), f.today, full, bySource, shred, keptScopes,
                scopeOf(p, parts.consentEvidenceCategory()), contactsKept, vaultKept);
    }

    /** Why a store that cannot be split by category (vault, contacts) is kept: not all of its categories in scope, or one kept. */
    private static Optional<String> whyKept(Facts f, Set<DataCategory> categories, boolean full, Set<DataCategory> scope,
            Map<DataCategory, String> kept) {
        TreeSet<DataCategory> sorted = new TreeSet<>(BY_ID);
        sorted.addAll(categories);
        String ids = sorted.stream().map(DataCategory::id).collect(Collectors.joining(", "));
        if (!full && !scope.containsAll(sorted)) {
            return Optional.of("the request does not name all of its categories (" + ids + ")");
        }
        for (DataCategory category : sorted) {
            if (kept.containsKey(category)) {
                return Optional.of("your " + category.id() + " data is kept (" + kept.get(category) + ")");
            }
            if (f.held(category)) {
                return Optional.of("a legal hold keeps your " + category.id() + " data");
            }
        }
        return Optional.empty();
    }

    /** The categories the token vault holds: those of the policy's pseudonym contexts. */
    private static Set<DataCategory> vaultCategories(Policy p) {
        Set<DataCategory> out = new TreeSet<>(BY_ID);
        for (PseudonymContextDefinition context : p.pseudonymContexts()) {
            out.addAll(context.categories());
        }
        return out;
    }

    /**
     * Why a category of the subject's data at a source is kept, if it is: a hold, a tag not due, or
     * untagged records under a legal obligation.
     */
    private Optional<Keep> keepOf(Facts f, String source, DataCategory category, Census census) {
        Policy p = f.p;
        List<RetentionTag> here = f.tags.stream().filter(t -> t.record().source().equals(source) && t.isOf(category))
                .sorted(Comparator.comparing((RetentionTag t) -> t.record().id())).toList();
        boolean extendedByHold = !p.declares(category) || p.retentionOf(category).extendedByLegalHold();
        for (LegalHold hold : f.holds) {
            if (here.stream().anyMatch(hold.scope()::covers)
                    || extendedByHold && holdsUntagged(hold.scope(), f.subject, category)) {
                return Optional.of(new Keep(category, LEGAL_HOLD, LEGAL_HOLD + ": a legal hold keeps it for as long as"
                        + " the investigation or proceeding needs", Optional.empty(), here.size()));
            }
        }
        List<RetentionTag> keeping = here.stream().filter(t -> keeps(p, t, f.today)).toList();
        if (!keeping.isEmpty()) {
            return Optional.of(keepOfTags(p, category, keeping));
        }
        return keepUntagged(f, category, census);
    }

    /** The keep of a category some tags keep: the open-ended term first, else the latest last day. */
    private static Keep keepOfTags(Policy p, DataCategory category, List<RetentionTag> keeping) {
        RetentionTag governing = null;
        String rule = null;
        Optional<LocalDate> until = Optional.empty();
        for (RetentionTag tag : keeping) {
            boolean endedByErasure = p.retentionRule(tag.rule()).filter(r -> ENDED_BY_ERASURE.contains(r.kind()))
                    .isPresent();
            if (!endedByErasure && tag.isPending()) {
                governing = tag;
                rule = tag.rule();
                until = Optional.empty();
                break;
            }
            Optional<LocalDate> last = tag.lastDayKept();
            if (governing == null || last.orElseThrow().isAfter(until.orElseThrow())) {
                governing = tag;
                // A rule the erasure ends keeps its record only through the floor another category sets.
                rule = endedByErasure ? floorRule(p, tag) : tag.rule();
                until = last;
            }
        }
        StringBuilder legal = new StringBuilder(describe(p, rule));
        if (governing.isPending() && rule.equals(governing.rule())) {
            legal.append("; kept until ").append(governing.awaiting().orElseThrow())
                    .append(" is recorded, then for the rule's period");
            RetentionTag pending = governing;
            String floor = floorRule(p, pending);
            pending.lastDayKept().filter(d -> !floor.equals(pending.rule())).ifPresent(d -> legal.append("; at least until ")
                    .append(d).append(" under ").append(describe(p, floor)));
        }
        return new Keep(category, rule, truncate(legal.toString()), until, keeping.size());
    }

    /** The ground in words: a legal obligation with its reference, or a rule the contract needs. */
    private static String describe(Policy p, String ruleId) {
        Optional<RetentionRule> rule = p.retentionRule(ruleId);
        if (rule.isPresent() && rule.get().legalReference().isPresent()) {
            return ruleId + " (" + rule.get().legalReference().get() + ")";
        }
        return ruleId + ": still necessary for the contract, not a legal obligation";
    }

    /**
     * The rule of a record's other categories that sets its floor (its last day kept): a dated rule,
     * one with a legal reference first; the record's own rule when none.
     */
    private static String floorRule(Policy p, RetentionTag tag) {
        String fallback = null;
        TreeSet<DataCategory> others = new TreeSet<>(BY_ID);
        others.addAll(tag.alsoTaggedAs());
        for (DataCategory other : others) {
            if (!p.declares(other)) {
                continue;
            }
            RetentionRule rule = p.retentionOf(other);
            if (ENDED_BY_ERASURE.contains(rule.kind()) || rule.kind().waitsForEvent()) {
                continue;
            }
            if (rule.legalReference().isPresent()) {
                return rule.id();
            }
            if (fallback == null) {
                fallback = rule.id();
            }
        }
        return fallback != null ? fallback : tag.rule();
    }

    /** Untagged records of a category under a legal obligation whose term the recorded events do not show over. */
    private Optional<Keep> keepUntagged(Facts f, DataCategory category, Census census) {
        if (!f.p.declares(category)) {
            return Optional.empty();
        }
        RetentionRule rule = f.p.retentionOf(category);
        if (rule.legalReference().isEmpty() || ENDED_BY_ERASURE.contains(rule.kind())) {
            return Optional.empty();
        }
        if (census != null && census.untagged().getOrDefault(category, 0) == 0) {
            return Optional.empty();
        }
        if (termOver(f, rule)) {
            return Optional.empty();
        }
        String legal = describe(f.p, rule.id()) + "; untagged, last day unknown"
                + (census == null ? "; the source cannot list the subject's records (no FIND), so they are kept" : "");
        return Optional.of(new Keep(category, rule.id(), truncate(legal), Optional.empty(), 0));
    }

    /** Whether the subject's recorded event shows a rule's term over (AFTER_EVENT rules only). */
    private static boolean termOver(Facts f, RetentionRule rule) {
        if (rule.kind() != RetentionKind.AFTER_EVENT || rule.event().isEmpty()) {
            return false;
        }
        return f.latestEvent(rule.event().get()).map(day -> f.today.isAfter(rule.lastDayKeptOnEvent(day)))
                .orElse(false);
    }

    /** Whether a hold keeps a category of the subject's data that no tag describes: a subject or category hold. */
    private static boolean holdsUntagged(HoldScope hold, SubjectId subject, DataCategory category) {
        return switch (hold.kind()) {
            case SUBJECT -> hold.subject().filter(subject::equals).isPresent();
            case CATEGORY -> hold.category().filter(category::equals).isPresent();
            case RECORD -> false;
        };
    }

    /**
     * Whether a tag keeps its record against an erasure request: not yet due; under a rule the request
     * ends (consent, session), only through the floor of a category it is also tagged under.
     */
    private static boolean keeps(Policy p, RetentionTag tag, LocalDate today) {
        Optional<RetentionRule> rule = p.retentionRule(tag.rule());
        if (rule.isPresent() && ENDED_BY_ERASURE.contains(rule.get().kind())) {
            return tag.lastDayKept().filter(last -> !last.isBefore(today)).isPresent();
        }
        return tag.isPending() || !tag.isDueOn(today);
    }

    /**
     * The key scopes the subject's data still needs, from the store: every scope of a tag that keeps
     * its record or that a hold covers, and of every category a hold on the subject or on a category keeps.
     */
    private Map<KeyScope, String> neededScopes(Facts f) {
        Policy p = f.p;
        Map<KeyScope, String> needed = new LinkedHashMap<>();
        for (RetentionTag tag : f.tags) {
            boolean held = f.holds.stream().anyMatch(h -> h.scope().covers(tag));
            if (!held && !keeps(p, tag, f.today)) {
                continue;
            }
            String why = held ? "a record under a legal hold needs it" : "a record kept under " + tag.rule()
                    + " needs it";
            tag.keyScope().ifPresent(s -> needed.putIfAbsent(s, why));
            for (DataCategory other : tag.alsoTaggedAs()) {
                scopeOf(p, other).ifPresent(s -> needed.putIfAbsent(s, why));
            }
        }
        for (LegalHold hold : f.holds) {
            for (DataCategory category : heldCategories(p, hold.scope(), f.subject)) {
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

    // --- the ledger, written ahead -----------------------------------------------------------------

    /**
     * Appends the request's ledger entry, built from the plan, unless it is there: before anything is
     * destroyed. {@code erasedAt} is now (milliseconds), the time the erasure began.
     */
    private boolean writeAhead(RequestRecord request, ErasurePlan plan) {
        ErasureLedger ledger = requireLedger();
        Map<String, Set<DataCategory>> recorded = new TreeMap<>();
        plan.sources().forEach((name, part) -> {
            if (!part.isEmpty()) {
                Set<DataCategory> all = new TreeSet<>(BY_ID);
                all.addAll(part.erase());
                part.keep().forEach(k -> all.add(k.category()));
                recorded.put(name, all);
            }
        });
        if (plan.contactsKept().isEmpty()) {
            recorded.put(CONTACTS_PART, Set.of(CONTACT));
        }
        Instant at = parts.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        boolean vault = plan.vaultKept().isEmpty();
        String sealed = parts.sealer().seal(request.subject(), request.id(), at, recorded, plan.shred(), vault);
        return ledger.append(new ErasureEntry(request.id(), at, sealed, recorded, plan.shred(), vault));
    }

    // --- at a source -------------------------------------------------------------------------------

    /**
     * Carries out the plan at one source. First appends the erasure ledger entry (written ahead,
     * idempotent). Then decides again, against the retention store and the source as they are now,
     * each category the plan erases (a hold placed, a tag written or an untagged record under a legal
     * obligation added since the plan keeps it); restricts the kept categories (with their ground and
     * last day); then erases the others in one call. A source without ERASE that has something to
     * erase still gets its kept categories restricted, then the call fails. Idempotent: a repeat
     * restricts and erases nothing more and reports what it finds (a category erased before is then
     * {@link OutcomeKind#NONE}). Audited ({@code rights.erasure.source}, counts per category, no values).
     *
     * @param source the source, one the plan was made with
     * @param request the erasure request
     * @param plan its plan
     * @return per category of the source in the request's scope: ERASED, KEPT_RESTRICTED (with its
     *     ground and last day) or NONE, ordered by category
     * @throws EraseNotSupportedException if the source must erase and does not declare ERASE: its kept
     *     categories were restricted; what it holds to erase stays there with its searchable columns
     *     (blind indexes, deterministic columns), which the kit cannot reach, and the exception's
     *     {@link EraseNotSupportedException#statement()} says so for the answer (record the source as
     *     not supported; {@link #finish} states it too)
     * @throws InvalidInputException if an argument is null, or the plan is another request's or has no
     *     part for the source
     * @throws ConfigurationException if the kit has no erasure ledger
     * @throws RuntimeException what the ledger or the source throws ({@link StoreException} and the
     *     like): the call is repeated; nothing is destroyed before the ledger entry is written
     */
    public List<CategoryOutcome> applyAt(PersonalDataSource source, RequestRecord request, ErasurePlan plan) {
        notNull(source, "source");
        notNull(request, "request");
        notNull(plan, "plan");
        samePlan(request, plan);
        SourcePlan part = plan.of(source.name());
        writeAhead(request, plan);
        SubjectId subject = request.subject();
        Facts f = new Facts(subject);
        Set<SourceCapability> capabilities = source.capabilities();
        Census census = census(source, f);
        // Decided again just before erasing: what keeps a category now keeps it.
        Decision now = decide(f, source.name(), part.erase(), census);
        List<Keep> keep = new ArrayList<>(part.keep());
        keep.addAll(now.keep());
        Set<DataCategory> erase = now.erase();

        boolean canRestrict = capabilities.contains(SourceCapability.RESTRICT);
        List<CategoryOutcome> outcomes = new ArrayList<>();
        for (Keep kept : keep) {
            int changed = 0;
            if (canRestrict) {
                changed = source.restrict(subject, Restriction.of(Set.of(kept.category()), kept.ground(), kept.until()));
            }
            int records = census != null ? census.records().getOrDefault(kept.category(), 0)
                    : Math.max(changed, kept.taggedRecords());
            if (records == 0 && census != null) {
                // Only a source that lists the subject's records can say it holds none of a category.
                outcomes.add(CategoryOutcome.of(kept.category(), OutcomeKind.NONE, 0));
                continue;
            }
            String ground = kept.legalGround()
                    + (canRestrict ? "" : "; the source cannot restrict processing (no RESTRICT)")
                    + (census == null && records == 0 ? "; how many records is unknown (the source cannot list"
                            + " them, no FIND)" : "");
            ground = truncate(ground);
            outcomes.add(new CategoryOutcome(kept.category(), OutcomeKind.KEPT_RESTRICTED, records, Optional.of(ground),
                    kept.until()));
        }
        if (!erase.isEmpty() && !capabilities.contains(SourceCapability.ERASE)) {
            // What it holds there stays, searchable columns included: say so, never claim it erased.
            Set<DataCategory> remaining = new TreeSet<>(BY_ID);
            erase.stream().filter(c -> census == null || census.records().getOrDefault(c, 0) > 0)
                    .forEach(remaining::add);
            parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.source", AuditOutcome.FAILED).withSubject(subject)
                    .withCategories(erase).withDetail("request", request.id())
                    .withDetail("source", source.name()).withDetail("erase", "NOT_SUPPORTED")
                    .withDetail("remaining", remaining.isEmpty() ? "-" : ids(remaining))
                    .withDetail("searchableColumns", remaining.isEmpty() ? "NONE" : "REMAIN")
                    .withDetail("kept", summary(outcomes, OutcomeKind.KEPT_RESTRICTED)));
            throw new EraseNotSupportedException(source.name(), remaining, census != null, outcomes);
        }
        if (!erase.isEmpty()) {
            ErasureResult result = source.erase(subject, erase);
            for (DataCategory category : erase) {
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

    private static String ids(Collection<DataCategory> categories) {
        return categories.stream().map(DataCategory::id).sorted().collect(Collectors.joining(","));
    }

    /**
     * What the answer states of a source that holds data to erase but cannot erase (no ERASE): the
     * data stays there, and so do its searchable columns (blind indexes, deterministic columns),
     * which the kit cannot reach: only the source can clear them, and a destroyed key scope makes
     * them unreadable only where they are keyed per subject.
     *
     * @param source the source's name
     * @param categories the categories of the subject's data left there
     * @param known whether the source could list the subject's records (FIND): otherwise it may hold them
     * @return the statement, in English; no personal data
     */
    public static String notErasedStatement(String source, Set<DataCategory> categories, boolean known) {
        TreeSet<DataCategory> sorted = new TreeSet<>(BY_ID);
        sorted.addAll(categories);
        String ids = sorted.stream().map(DataCategory::id).collect(Collectors.joining(", "));
        return "Your " + ids + " data at " + source + (known ? " was" : ", if it holds any, was") + NOT_ERASED_REST;
    }

    /**
     * The same statement for a source whose categories left are not known any more (the rights engine
     * recorded the source as not supported; the answer is rebuilt from that record).
     *
     * @param source the source's name
     * @return the statement, in English; no personal data
     */
    public static String notErasedStatement(String source) {
        return "Your data at " + source + " that this erasure covers was" + NOT_ERASED_REST;
    }

    private static final String NOT_ERASED_REST =
            " not erased: that system cannot erase through our privacy kit. Its records stay there, and so do"
            + " their searchable columns (blind indexes and deterministic encryption, which find records by a value"
            + " such as your phone number without decrypting them); the kit cannot reach them, and destroying your"
            + " keys does not clear them. We erase them at that system by other means.";

    /**
     * Thrown by {@link #applyAt} for a source that has categories to erase and does not declare
     * ERASE, after its kept categories were restricted: the rights engine records the source as not
     * supported. Carries what stays there (never personal data), for the answer.
     *
     * @since 0.1.0
     */
    public static final class EraseNotSupportedException extends InvalidInputException {

        private static final long serialVersionUID = 1L;

        private final String source;
        private final transient Set<DataCategory> remaining;
        private final boolean known;
        private final transient List<CategoryOutcome> kept;

        EraseNotSupportedException(String source, Set<DataCategory> remaining, boolean known,
                List<CategoryOutcome> kept) {
            super("source", "does not declare ERASE; its kept categories were restricted; what it holds to erase"
                    + " remains there with its searchable columns (blind indexes, deterministic columns), which the"
                    + " kit cannot reach; record it as not supported");
            this.source = source;
            this.remaining = Set.copyOf(remaining);
            this.known = known;
            this.kept = List.copyOf(kept);
        }

        /**
         * The categories of the subject's data the source holds and could not erase (all the
         * categories to erase there when it cannot list records, no FIND).
         *
         * @return the categories, possibly empty (a source with FIND holding nothing to erase)
         */
        public Set<DataCategory> remaining() {
            return remaining;
        }

        /**
         * The outcomes of the categories kept (and restricted, when the source can) there.
         *
         * @return the outcomes
         */
        public List<CategoryOutcome> kept() {
            return kept;
        }

        /**
         * What the answer states of this source: the data and its searchable columns remain (see
         * {@link Eraser#notErasedStatement}); empty when it holds nothing to erase.
         *
         * @return the statement, or empty
         */
        public Optional<String> statement() {
            return remaining.isEmpty() ? Optional.empty() : Optional.of(notErasedStatement(source, remaining, known));
        }
    }

    private static String summary(List<CategoryOutcome> outcomes, OutcomeKind kind) {
        String s = outcomes.stream().filter(o -> o.kind() == kind).map(o -> o.category().id() + ":" + o.records())
                .collect(Collectors.joining(","));
        return s.isEmpty() ? "-" : s;
    }

    // --- finish ------------------------------------------------------------------------------------

    /**
     * Completes an erasure once every source is done, without looking at the sources again: as
     * {@link #finish(RequestRecord, ErasurePlan, Collection)} with no source. The tests' shorthand for
     * the re-checks of tags and holds alone; the engine always passes its sources.
     *
     * @param request the erasure request
     * @param plan its plan
     * @return what it did, with the statements of the answer
     * @throws InvalidInputException if an argument is null or the plan is another request's
     * @throws ConfigurationException if the kit has no erasure ledger
     * @throws StoreException if a store or the ledger failed: the erasure is not complete, call again
     */
    ErasureFinish finish(RequestRecord request, ErasurePlan plan) {
        return finish(request, plan, List.of());
    }

    /**
     * Completes an erasure once every source is done. Appends the ledger entry first if no
     * {@link #applyAt} did (written ahead, idempotent). Then destroys the subject's keys of each
     * planned key scope that nothing kept needs now: decided again against the retention store (a
     * hold placed since the plan keeps its scope) and against the given sources with FIND (a record
     * the obligation keeps, added since the plan, keeps its scope); each destruction is audited
     * ({@code rights.erasure.shred}) before it is done, so a crash never loses its entry. A scope
     * destroyed by an earlier call counts as destroyed. Erases the subject's token-vault mappings and
     * removes the contact directory's entry when the plan says so and no hold keeps their categories
     * now (queued notifications then end as dead letters, {@code no-address} or
     * {@code key-destroyed}, never sent); the consent ledger's personal evidence is shredded with its
     * key scope, when that scope is destroyed. The statements name, per source with categories to
     * erase that cannot erase (no ERASE), what stays there, searchable columns (blind indexes,
     * deterministic columns) included, which the kit cannot reach ({@link #notErasedStatement}).
     * Idempotent: safe to call again after a crash or a
     * failure; a repeat destroys, deletes and appends nothing more.
     *
     * @param request the erasure request
     * @param plan its plan
     * @param sources the sources to check again before a scope is destroyed (those with FIND are)
     * @return what it did, with the statements of the answer
     * @throws InvalidInputException if an argument is null or the plan is another request's
     * @throws ConfigurationException if the kit has no erasure ledger
     * @throws StoreException if a store or the ledger failed: the erasure is not complete, call again
     */
    public ErasureFinish finish(RequestRecord request, ErasurePlan plan, Collection<PersonalDataSource> sources) {
        notNull(request, "request");
        notNull(plan, "plan");
        notNull(sources, "sources");
        samePlan(request, plan);
        boolean appended = writeAhead(request, plan);
        SubjectId subject = request.subject();
        Facts f = new Facts(subject);
        Policy p = f.p;
        Map<KeyScope, String> neededNow = neededScopes(f);
        neededAtSources(f, plan.shred(), sources).forEach(neededNow::putIfAbsent);
        Map<KeyScope, String> kept = new TreeMap<>(BY_NAME);
        kept.putAll(plan.keptScopes());
        Set<KeyScope> destroyed = new TreeSet<>(BY_NAME);
        int versions = 0;
        for (KeyScope scope : plan.shred()) {
            if (parts.keys().isDestroyed(subject, scope)) {
                destroyed.add(scope);
                continue;
            }
            String why = neededNow.get(scope);
            if (why != null) {
                kept.put(scope, why);
                continue;
            }
            AuditEvent shred = AuditEvent.of(ACTOR, "rights.erasure.shred", AuditOutcome.SUCCESS).withSubject(subject)
                    .withCategories(Set.copyOf(p.categoriesIn(scope))).withDetail("request", request.id())
                    .withDetail("keyScope", scope.name()).withDetail("mode", "DESTROY");
            parts.audit().record(shred);
            try {
                versions += parts.keys().destroy(subject, scope);
            } catch (RuntimeException e) {
                parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.shred", AuditOutcome.FAILED)
                        .withSubject(subject).withDetail("request", request.id()).withDetail("keyScope", scope.name())
                        .withDetail("failure", e.getClass().getSimpleName()));
                throw e;
            }
            destroyed.add(scope);
        }
        Optional<String> vaultKept = plan.vaultKept().or(() -> vaultCategories(p).stream().filter(f::held).findFirst()
                .map(c -> "a legal hold keeps your " + c.id() + " data"));
        Optional<String> contactsKept = plan.contactsKept().or(() -> f.held(CONTACT)
                ? Optional.of("a legal hold keeps your " + CONTACT_ID + " data") : Optional.empty());
        int vaultDeleted = vaultKept.isEmpty() ? parts.vault().deleteSubject(subject) : 0;
        boolean contactsRemoved = contactsKept.isEmpty() && parts.contacts().remove(subject);
        boolean evidenceShredded = plan.consentEvidenceScope().filter(destroyed::contains).isPresent();
        String evidence = evidence(plan, destroyed, kept);

        List<String> statements = new ArrayList<>();
        kept.forEach((scope, why) -> statements.add("The keys of scope " + scope.name() + " were kept: " + why + "."));
        statements.add("Consent evidence: " + evidence + ".");
        statements.add(contactsKept.map(why -> "Your notification contacts were kept: " + why + "."
                + (plan.full() && !why.startsWith("a legal hold") ? " Notices the law requires us to send you, such"
                        + " as changes to your contract, must still reach you; the contacts are erased with that data."
                        : "")).orElse("Your notification contacts were removed."));
        statements.add(ErasureFinish.vaultStatement(vaultKept));
        statements.addAll(notErased(f, plan, sources));
        statements.add(ErasureFinish.PSEUDONYMS_STATEMENT);
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.finish", AuditOutcome.SUCCESS).withSubject(subject)
                .withDetail("request", request.id()).withDetail("shredded", names(destroyed))
                .withDetail("kept", names(kept.keySet())).withDetail("vault", vaultKept.isEmpty() ? "ERASED" : "KEPT")
                .withDetail("contacts", contactsKept.isEmpty() ? "REMOVED" : "KEPT")
                .withDetail("consentEvidence", evidenceShredded ? "SHREDDED" : "KEPT")
                .withDetail("ledger", appended ? "APPENDED" : "PRESENT"));
        LOG.info("Erasure {} finished: {} key scope(s) destroyed, {} kept", request.id(), destroyed.size(), kept.size());
        return new ErasureFinish(request.id(), destroyed, kept, versions, vaultKept.isEmpty(), vaultDeleted,
                contactsRemoved, contactsKept, evidenceShredded, evidence, appended, statements);
    }

    /**
     * The statements of the sources the plan has categories to erase at that cannot erase (no ERASE):
     * the data and its searchable columns remain. A source given with FIND names only the categories
     * it holds now; one not given, or without FIND, names every planned category.
     */
    private static List<String> notErased(Facts f, ErasurePlan plan, Collection<PersonalDataSource> sources) {
        Map<String, PersonalDataSource> byName = new HashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        List<String> out = new ArrayList<>();
        for (SourcePlan part : plan.sources().values()) {
            if (part.canErase() || part.erase().isEmpty()) {
                continue;
            }
            PersonalDataSource source = byName.get(part.source());
            Census census = source == null ? null : census(source, f);
            Set<DataCategory> remaining = new TreeSet<>(BY_ID);
            part.erase().stream().filter(c -> census == null || census.records().getOrDefault(c, 0) > 0)
                    .forEach(remaining::add);
            if (!remaining.isEmpty()) {
                out.add(notErasedStatement(part.source(), remaining, census != null));
            }
        }
        return out;
    }

    /** The scopes of {@code scopes} that a category kept now at one of the sources with FIND needs. */
    private Map<KeyScope, String> neededAtSources(Facts f, Set<KeyScope> scopes, Collection<PersonalDataSource> sources) {
        Map<KeyScope, String> needed = new TreeMap<>(BY_NAME);
        for (PersonalDataSource source : sources) {
            notNull(source, "sources");
            if (!source.capabilities().contains(SourceCapability.FIND)) {
                continue;
            }
            Set<DataCategory> concerned = new TreeSet<>(BY_ID);
            for (DataCategory category : source.categories()) {
                scopeOf(f.p, category).filter(scopes::contains).ifPresent(s -> concerned.add(category));
            }
            if (concerned.isEmpty()) {
                continue;
            }
            for (Keep kept : decide(f, source.name(), concerned, census(source, f)).keep()) {
                scopeOf(f.p, kept.category()).ifPresent(s -> needed.putIfAbsent(s, "data kept restricted needs it: "
                        + kept.category().id() + " at " + source.name() + " (" + kept.legalGround() + ")"));
            }
        }
        return needed;
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
     * stores was restored. Each entry's seal is checked first: it binds the subject to everything else
     * the entry says, so an entry changed in the ledger store is reported ({@code ENTRY_TAMPERED}, or
     * {@code SEALED_UNDER_ANOTHER_KEY}), audited without a subject, and nothing is done for it. Then
     * every entry is decided again against the restored stores, as {@link #applyAt} decides: at each
     * recorded source registered now, what retention or a hold keeps now is restricted again and the
     * rest of the recorded categories is erased; a recorded key scope is destroyed again only when no
     * record kept now needs it (a tag, a hold, or a kept category at a registered source); the vault
     * mappings and the contact directory entry go again when recorded and nothing keeps their
     * categories now. A failing part is reported and the rest goes on; the ledger itself is only
     * read, page by page until an empty page. Audited per entry ({@code rights.erasure.reapply}).
     *
     * <h4>Which {@code since}</h4>
     * An entry's {@code erasedAt} is when its erasure <em>began</em> (the entry is written ahead, and
     * the ledger is append-only, so it never learns when the erasure ended). An erasure in flight when
     * the backup was taken began before the backup, yet the backup holds data it erased later: with
     * {@code since} = the backup's time that entry is skipped and its data comes back. So {@code since}
     * must be the backup's time minus the longest an erasure request may stay in progress: until its
     * due date, extensions and pauses included (one month, three with an extension, plus any pause).
     * When unsure, pass an earlier instant, or {@link Instant#EPOCH}: re-applying is idempotent and
     * decides everything again against the restored stores, so an earlier {@code since} only costs time
     * (one FIND and ERASE per recorded source and subject).
     *
     * @param since the earliest start of an erasure to re-apply: the backup's time minus the longest
     *     an erasure may stay in progress, or earlier (see above)
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
            if (page.isEmpty()) {
                break;
            }
            for (ErasureEntry entry : page) {
                tally.entries++;
                reapply(entry, byName, tally);
            }
            after = Optional.of(page.get(page.size() - 1));
        }
        LOG.info("Re-applied {} erasure(s) since {}: {} record(s) erased, {} key version(s) destroyed, {} failure(s)",
                tally.entries, since, tally.erased, tally.versions, tally.failures.size() + tally.leftOut);
        return new ReapplyReport(since, tally.entries, tally.erased, tally.restricted, tally.versions, tally.vault,
                tally.contacts, tally.failures, tally.leftOut, tally.keptScopes);
    }

    private void reapply(ErasureEntry entry, Map<String, PersonalDataSource> sources, Tally tally) {
        String id = entry.requestId();
        SubjectId subject;
        try {
            subject = parts.sealer().open(entry);
        } catch (ErasureParts.SealedUnderAnotherKeyException e) {
            refused(id, "SEALED_UNDER_ANOTHER_KEY", tally);
            return;
        } catch (IntegrityException | InvalidInputException e) {
            refused(id, "ENTRY_TAMPERED", tally);
            return;
        }
        int failuresBefore = tally.count();
        long erasedBefore = tally.erased;
        Facts f;
        try {
            f = new Facts(subject);
        } catch (RuntimeException e) {
            tally.fail(id, null, e.getClass().getSimpleName());
            audit(id, subject, tally, failuresBefore, erasedBefore, 0);
            return;
        }
        Set<DataCategory> vaultCategories = vaultCategories(f.p);
        boolean contacts = entry.erased().containsKey(CONTACTS_PART);
        Set<DataCategory> concerned = new TreeSet<>(BY_ID);
        entry.shredded().forEach(s -> concerned.addAll(f.p.categoriesIn(s)));
        if (contacts) {
            concerned.add(CONTACT);
        }
        if (entry.vaultErased()) {
            concerned.addAll(vaultCategories);
        }
        Map<DataCategory, String> keptNow = new TreeMap<>(BY_ID);
        for (PersonalDataSource source : sources.values()) {
            Set<DataCategory> recorded = new TreeSet<>(BY_ID);
            recorded.addAll(entry.erased().getOrDefault(source.name(), Set.of()));
            recorded.retainAll(source.categories());
            Set<DataCategory> decided = new TreeSet<>(BY_ID);
            decided.addAll(recorded);
            source.categories().stream().filter(concerned::contains).forEach(decided::add);
            if (decided.isEmpty()) {
                continue;
            }
            try {
                reapplyAt(source, subject, f, recorded, decided, keptNow, id, tally);
            } catch (RuntimeException e) {
                // What the source holds is unknown: its categories count as kept, their scopes stay.
                decided.forEach(c -> keptNow.putIfAbsent(c, "the source " + source.name() + " failed"));
                tally.fail(id, source.name(), e.getClass().getSimpleName());
            }
        }
        for (String name : entry.erased().keySet()) {
            if (!name.startsWith("@") && !sources.containsKey(name)) {
                tally.fail(id, name, "SOURCE_NOT_REGISTERED");
            }
        }
        Map<KeyScope, String> needed = neededScopes(f);
        keptNow.keySet().forEach(c -> scopeOf(f.p, c).ifPresent(s -> needed.putIfAbsent(s, "kept")));
        int keptScopes = 0;
        for (KeyScope scope : entry.shredded()) {
            try {
                if (parts.keys().isDestroyed(subject, scope)) {
                    continue;
                }
                if (needed.containsKey(scope)) {
                    keptScopes++;
                    continue;
                }
                tally.versions += parts.keys().destroy(subject, scope);
            } catch (RuntimeException e) {
                tally.fail(id, null, e.getClass().getSimpleName());
            }
        }
        try {
            if (entry.vaultErased() && vaultCategories.stream().noneMatch(c -> keptNow.containsKey(c) || f.held(c))) {
                tally.vault += parts.vault().deleteSubject(subject);
            }
            if (contacts && !keptNow.containsKey(CONTACT) && !f.held(CONTACT)) {
                tally.contacts += parts.contacts().remove(subject) ? 1 : 0;
            }
        } catch (RuntimeException e) {
            tally.fail(id, null, e.getClass().getSimpleName());
        }
        tally.keptScopes += keptScopes;
        audit(id, subject, tally, failuresBefore, erasedBefore, keptScopes);
    }

    /** At one source: decides again, restricts what is kept now of the recorded categories, erases the rest of them. */
    private void reapplyAt(PersonalDataSource source, SubjectId subject, Facts f, Set<DataCategory> recorded,
            Set<DataCategory> decided, Map<DataCategory, String> keptNow, String id, Tally tally) {
        Set<SourceCapability> capabilities = source.capabilities();
        Decision d = decide(f, source.name(), decided, census(source, f));
        for (Keep kept : d.keep()) {
            keptNow.putIfAbsent(kept.category(), kept.legalGround());
            if (recorded.contains(kept.category()) && capabilities.contains(SourceCapability.RESTRICT)) {
                tally.restricted += source.restrict(subject, Restriction.of(Set.of(kept.category()), kept.ground(),
                        kept.until()));
            }
        }
        Set<DataCategory> erase = new TreeSet<>(BY_ID);
        erase.addAll(d.erase());
        erase.retainAll(recorded);
        if (erase.isEmpty()) {
            return;
        }
        if (!capabilities.contains(SourceCapability.ERASE)) {
            tally.fail(id, source.name(), "ERASE_NOT_SUPPORTED");
            return;
        }
        tally.erased += source.erase(subject, erase).total();
    }

    /** An entry whose seal does not hold: reported and audited without a subject; nothing done. */
    private void refused(String id, String problem, Tally tally) {
        tally.fail(id, null, problem);
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.reapply", AuditOutcome.FAILED)
                .withDetail("request", id).withDetail("problem", problem));
        LOG.warn("Erasure ledger entry {} was not re-applied: {}", id, problem);
    }

    private void audit(String id, SubjectId subject, Tally tally, int failuresBefore, long erasedBefore, int keptScopes) {
        boolean failed = tally.count() > failuresBefore;
        parts.audit().record(AuditEvent.of(ACTOR, "rights.erasure.reapply",
                failed ? AuditOutcome.FAILED : AuditOutcome.SUCCESS).withSubject(subject).withDetail("request", id)
                .withDetail("erased", Long.toString(tally.erased - erasedBefore))
                .withDetail("keptScopes", Integer.toString(keptScopes))
                .withDetail("failures", Integer.toString(tally.count() - failuresBefore)));
    }

    private static final class Tally {
        int entries;
        long erased;
        long restricted;
        int versions;
        int vault;
        int contacts;
        int leftOut;
        int keptScopes;
        final List<ReapplyReport.Failure> failures = new ArrayList<>();

        void fail(String requestId, String source, String problem) {
            if (failures.size() < MAX_FAILURES) {
                failures.add(new ReapplyReport.Failure(requestId, Optional.ofNullable(source), problem));
            } else {
                leftOut++;
            }
        }

        int count() {
            return failures.size() + leftOut;
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
