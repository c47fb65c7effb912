package ro.clickphone.privacy.core.rights.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import ro.clickphone.privacy.core.policy.KeyScopeDefinition;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PseudonymContextDefinition;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.SourceProgress;
import ro.clickphone.privacy.spi.rights.SourceStatus;

/**
 * The statements of a completed erasure, derived again from what is recorded: the request's scope
 * and its outcomes per source and category (the stored {@link RequestRecord}), the policy in force
 * (key scopes and their categories, the pseudonym contexts, the consent evidence's category), and
 * two facts of the kit's stores — which of the subject's key scopes are destroyed (tombstones) and
 * whether the contact directory still holds the subject's entry. Deterministic: the same record and
 * stores give the same sentences, in the words of {@link ErasureFinish} (its pseudonym and vault
 * statements are reused as they are).
 *
 * <p>What the completion did is kept in the request itself, in the same write that marks its step
 * done ({@link #encode}): the step's {@link SourceProgress#outcomes()} carry marker rows, since a
 * {@link RequestRecord} has no field for text. Each key scope destroyed gives one row per category of
 * the scope (the {@code CONTACT} category when the policy gives it none) of kind
 * {@link OutcomeKind#ERASED}, 0 records and the legal ground {@code KEY_SCOPE_DESTROYED:<scope>}; the
 * contacts give one {@code CONTACT} row, 0 records, of kind {@link OutcomeKind#ERASED} with
 * {@code CONTACTS_REMOVED} or of kind {@link OutcomeKind#NONE} with {@code CONTACTS_KEPT}. The rows hold
 * no count, so nothing that counts records (recipients, kept categories, reasons) sees them. These
 * facts ({@link #decode}, a {@link Recorded}) are used rather than the stores, so a restore of the main
 * stores does not make the statements say the keys or contacts were kept, and rather than the audit
 * trail, where anyone holding {@code kit.audit()} can record an entry. A step done before this encoding
 * (no marker row) falls back to the stores. A key scope kept for a reason the record does not show (a tag
 * or a hold on a record at no source of the request) is stated as kept "for a record kept under a
 * retention rule or a legal hold"; the vault statement follows the plan's rule (the request covers
 * every category of the pseudonym contexts and none is kept) and does not see a hold placed on a
 * vault category after the plan. Not API: the engine builds {@code RequestOutcome} with it.
 *
 * @since 0.1.0
 */
public final class ErasureStatements {

    /**
     * What the engine records as the last failure of a source that had data to erase and cannot erase:
     * a stable code (it passes {@link SourceProgress}'s check of a class-name-like identifier).
     */
    static final String ERASE_NOT_SUPPORTED = "ERASE_NOT_SUPPORTED";
    /** What records stored before {@link #ERASE_NOT_SUPPORTED} hold instead: the exception's class name then. */
    private static final String ERASE_NOT_SUPPORTED_BEFORE =
            "ro.clickphone.privacy.core.rights.internal.Eraser$EraseNotSupportedException";

    private static final Comparator<DataCategory> BY_ID = Comparator.comparing(DataCategory::id);
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");

    private final Supplier<Policy> policy;
    private final ErasureParts.KeyShredder keys;
    private final ContactDirectory contacts;
    private final DataCategory evidenceCategory;

    /**
     * Creates the statements' source.
     *
     * @param policy the policy in force
     * @param keys the kit's key shredder (asked whether a scope is destroyed)
     * @param contacts the contact directory
     * @param evidenceCategory the category whose key scope encrypts the consent ledger's personal evidence
     * @throws InvalidInputException if an argument is null
     */
    public ErasureStatements(Supplier<Policy> policy, ErasureParts.KeyShredder keys, ContactDirectory contacts,
            DataCategory evidenceCategory) {
        if (policy == null || keys == null || contacts == null || evidenceCategory == null) {
            throw new InvalidInputException("erasureStatements", "every part is required");
        }
        this.policy = policy;
        this.keys = keys;
        this.contacts = contacts;
        this.evidenceCategory = evidenceCategory;
    }

    /**
     * The statements of a completed erasure, one sentence each: every key scope the request concerns
     * (destroyed, or kept and why), the consent evidence, the notification contacts, the token vault,
     * {@link ErasureFinish#PSEUDONYMS_STATEMENT}, and what the recipients were told (only when every one
     * was: {@link ErasureFinish#RECIPIENTS_TOLD_STATEMENT}; when some could not be:
     * {@link ErasureFinish#RECIPIENTS_NOT_ALL_TOLD_STATEMENT}).
     *
     * @param r the erasure request, its completion done
     * @param isStep tells the engine's own progress steps from sources
     * @return the statements
     */
    public List<String> of(RequestRecord r, Predicate<String> isStep) {
        return of(r, isStep, Optional.empty());
    }

    /** The marker rows' legal grounds (see the class comment). */
    static final String SCOPE_DESTROYED = "KEY_SCOPE_DESTROYED:";
    static final String CONTACTS_REMOVED = "CONTACTS_REMOVED";
    static final String CONTACTS_KEPT = "CONTACTS_KEPT";

    /**
     * The completion's facts as the marker rows its step stores (see the class comment).
     *
     * @param finished what the completion did
     * @param policy the policy in force (the categories of each key scope)
     * @return the rows, to be stored with the step done
     */
    static List<CategoryOutcome> encode(ErasureFinish finished, Policy policy) {
        List<CategoryOutcome> rows = new ArrayList<>();
        for (KeyScope scope : finished.shredded()) {
            List<DataCategory> in = policy.categoriesIn(scope);
            for (DataCategory category : in.isEmpty() ? List.of(CONTACT) : in) {
                rows.add(new CategoryOutcome(category, OutcomeKind.ERASED, 0,
                        Optional.of(SCOPE_DESTROYED + scope.name()), Optional.empty()));
            }
        }
        boolean kept = finished.contactsKept().isPresent();
        rows.add(new CategoryOutcome(CONTACT, kept ? OutcomeKind.NONE : OutcomeKind.ERASED, 0,
                Optional.of(kept ? CONTACTS_KEPT : CONTACTS_REMOVED), Optional.empty()));
        return List.copyOf(rows);
    }

    /**
     * The completion's facts from its step's marker rows.
     *
     * @param step the completion's step, done
     * @return the facts, or empty for a step stored without them (before this encoding)
     */
    static Optional<Recorded> decode(SourceProgress step) {
        Set<String> shredded = new TreeSet<>();
        Optional<Boolean> removed = Optional.empty();
        for (CategoryOutcome o : step.outcomes()) {
            if (o.records() != 0 || o.legalGround().isEmpty()) {
                continue;
            }
            String ground = o.legalGround().get();
            if (o.kind() == OutcomeKind.ERASED && ground.startsWith(SCOPE_DESTROYED)) {
                shredded.add(ground.substring(SCOPE_DESTROYED.length()));
            } else if (o.kind() == OutcomeKind.ERASED && ground.equals(CONTACTS_REMOVED)) {
                removed = Optional.of(true);
            } else if (o.kind() == OutcomeKind.NONE && ground.equals(CONTACTS_KEPT)) {
                removed = Optional.of(false);
            }
        }
        return removed.isEmpty() ? Optional.empty() : Optional.of(new Recorded(shredded, removed));
    }

    /**
     * What the erasure's completion did, as its step recorded it when it ran ({@link #decode}): the
     * key scopes destroyed, and whether the contacts were removed.
     *
     * @param shredded the names of the key scopes destroyed
     * @param contactsRemoved whether the contact entry was removed, when recorded
     */
    public record Recorded(Set<String> shredded, Optional<Boolean> contactsRemoved) {

        /**
         * Copies the components.
         *
         * @param shredded the names of the key scopes destroyed
         * @param contactsRemoved whether the contact entry was removed, when recorded
         * @throws InvalidInputException if a component is null
         */
        public Recorded {
            if (shredded == null || contactsRemoved == null) {
                throw new InvalidInputException("recorded", "every component is required");
            }
            shredded = Set.copyOf(shredded);
        }
    }

    /**
     * The statements as {@link #of(RequestRecord, Predicate)}, with what the completion recorded when
     * it ran taking the place of the stores' facts: after a backup of the main stores is restored (and
     * before {@code reapplyErasures}) the key store and the contact directory show the subject's keys
     * and contacts again, but the answer states what the erasure did.
     *
     * @param r the erasure request, its completion done
     * @param isStep tells the engine's own progress steps from sources
     * @param recorded what the completion recorded in its step, when it did ({@link #decode})
     * @return the statements
     */
    public List<String> of(RequestRecord r, Predicate<String> isStep, Optional<Recorded> recorded) {
        Policy p = policy.get();
        boolean full = r.categories().isEmpty();
        Set<DataCategory> scope = r.categories();
        Map<DataCategory, String> kept = new TreeMap<>(BY_ID);
        for (SourceProgress progress : r.progress()) {
            if (isStep.test(progress.source())) {
                continue;
            }
            for (CategoryOutcome o : progress.outcomes()) {
                if (o.kind() == OutcomeKind.KEPT_RESTRICTED) {
                    kept.putIfAbsent(o.category(), o.category().id() + " at " + progress.source()
                            + o.legalGround().map(g -> " (" + g + ")").orElse(""));
                }
            }
        }
        List<String> out = new ArrayList<>();
        Set<KeyScope> destroyed = new TreeSet<>(Comparator.comparing(KeyScope::name));
        for (KeyScopeDefinition definition : p.keyScopes()) {
            KeyScope keyScope = definition.scope();
            List<DataCategory> in = p.categoriesIn(keyScope);
            if (!full && in.stream().noneMatch(scope::contains)) {
                continue;
            }
            boolean gone = recorded.map(x -> x.shredded().contains(keyScope.name()))
                    .orElseGet(() -> keys.isDestroyed(r.subject(), keyScope));
            if (gone) {
                destroyed.add(keyScope);
                out.add("The keys of scope " + keyScope.name() + " were destroyed: data encrypted under them, backups"
                        + " included, can no longer be read.");
                continue;
            }
            String why;
            Optional<DataCategory> keeping = in.stream().filter(kept::containsKey).findFirst();
            if (!full && !scope.containsAll(in)) {
                why = "the request does not cover all of its categories (" + ids(in) + ")";
            } else if (keeping.isPresent()) {
                why = "data kept restricted needs it: " + kept.get(keeping.get());
            } else {
                why = "a record kept under a retention rule or a legal hold needs it";
            }
            out.add("The keys of scope " + keyScope.name() + " were kept: " + why + ".");
        }
        out.add("Consent evidence: " + evidence(p, destroyed) + ".");
        boolean removed = recorded.flatMap(Recorded::contactsRemoved)
                .orElseGet(() -> contacts.find(r.subject()).isEmpty());
        out.add(contacts(removed, full, scope, kept));
        out.add(ErasureFinish.vaultStatement(vaultKept(p, full, scope, kept)));
        for (SourceProgress progress : r.progress()) {
            if (!isStep.test(progress.source()) && progress.status() == SourceStatus.NOT_SUPPORTED
                    && progress.lastFailure().filter(f -> f.equals(ERASE_NOT_SUPPORTED)
                            || f.equals(ERASE_NOT_SUPPORTED_BEFORE)).isPresent()) {
                out.add(Eraser.notErasedStatement(progress.source()));
            }
        }
        out.add(ErasureFinish.PSEUDONYMS_STATEMENT);
        // Art. 19: "were told" only when every recipient to tell was (the recipients step done).
        Optional<SourceStatus> recipients = r.progressOf(RightsEngine.RECIPIENTS_STEP).map(SourceProgress::status);
        if (recipients.filter(x -> x == SourceStatus.DONE).isPresent() && !r.recipientsTold().isEmpty()) {
            out.add(ErasureFinish.RECIPIENTS_TOLD_STATEMENT);
        } else if (recipients.filter(x -> x == SourceStatus.NOT_SUPPORTED).isPresent()) {
            out.add(ErasureFinish.RECIPIENTS_NOT_ALL_TOLD_STATEMENT);
        }
        return List.copyOf(out);
    }

    private String evidence(Policy p, Set<KeyScope> destroyed) {
        Optional<KeyScope> evidence = p.declares(evidenceCategory) ? p.keyScopeOf(evidenceCategory) : Optional.empty();
        if (evidence.isEmpty()) {
            return "the policy gives its category no key scope, so the consent ledger keeps no personal evidence"
                    + " encrypted";
        }
        if (destroyed.contains(evidence.get())) {
            return "shredded with key scope " + evidence.get().name() + ": the network and user-agent evidence of"
                    + " your consent events is unreadable; the sealed events, which prove lawful past processing,"
                    + " stay unchanged";
        }
        return "not shredded: its key scope " + evidence.get().name() + " was kept (see the keys above)";
    }

    /** Whether the contact entry is gone comes from the completion's record, or the directory. */
    private String contacts(boolean removed, boolean full, Set<DataCategory> scope, Map<DataCategory, String> kept) {
        if (removed) {
            return "Your notification contacts were removed.";
        }
        String why;
        if (!full && !scope.contains(CONTACT)) {
            why = "the request does not name " + CONTACT.id();
        } else if (kept.containsKey(CONTACT)) {
            why = "your " + CONTACT.id() + " data is kept (" + kept.get(CONTACT) + "). Notices the law requires us to"
                    + " send you, such as changes to your contract, must still reach you; the contacts are erased with"
                    + " that data";
        } else {
            why = "a legal hold keeps your " + CONTACT.id() + " data";
        }
        return "Your notification contacts were kept: " + why + ".";
    }

    private static Optional<String> vaultKept(Policy p, boolean full, Set<DataCategory> scope,
            Map<DataCategory, String> kept) {
        Set<DataCategory> vault = new TreeSet<>(BY_ID);
        for (PseudonymContextDefinition context : p.pseudonymContexts()) {
            vault.addAll(context.categories());
        }
        if (!full && !scope.containsAll(vault)) {
            return Optional.of("the request does not name all of its categories (" + ids(vault) + ")");
        }
        for (DataCategory category : vault) {
            if (kept.containsKey(category)) {
                return Optional.of("your " + category.id() + " data is kept (" + kept.get(category) + ")");
            }
        }
        return Optional.empty();
    }

    private static String ids(Collection<DataCategory> categories) {
        return categories.stream().map(DataCategory::id).sorted().collect(Collectors.joining(", "));
    }

    /**
     * Names the type only.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return "ErasureStatements";
    }
}
