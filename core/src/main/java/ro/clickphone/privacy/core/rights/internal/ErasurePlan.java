package ro.clickphone.privacy.core.rights.internal;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;

/**
 * What an erasure request does, decided once from the policy, the subject's retention tags and the
 * legal holds ({@link Eraser#plan}): per source, the categories to erase and those to keep
 * restricted with their legal ground and last day; the key scopes to destroy, and those kept with
 * why. Holds no personal data (no subject, no record id): it is safe to log.
 *
 * @param requestId the erasure request
 * @param day the day it was planned, in the policy's time zone
 * @param full whether the request covers all of the subject's data (no categories named)
 * @param sources each source's part, by source name
 * @param shred the key scopes whose subject keys are destroyed once every source is done
 * @param keptScopes the key scopes kept, each with why (data kept restricted still needs it, or the
 *     request does not cover all its categories)
 * @param consentEvidenceScope the key scope of the consent ledger's personal evidence, when the
 *     policy gives one
 * @param contactsKept why the contact directory entry is kept, or empty when it is removed (the
 *     request covers {@code CONTACT} and nothing keeps it)
 * @param vaultKept why the token-vault mappings are kept, or empty when they are erased (the request
 *     covers every category of the policy's pseudonym contexts and nothing keeps one)
 *
 * @since 0.1.0
 */
public record ErasurePlan(String requestId, LocalDate day, boolean full, Map<String, SourcePlan> sources,
        Set<KeyScope> shred, Map<KeyScope, String> keptScopes, Optional<KeyScope> consentEvidenceScope,
        Optional<String> contactsKept, Optional<String> vaultKept) {

    private static final Comparator<DataCategory> BY_ID = Comparator.comparing(DataCategory::id);
    private static final Comparator<KeyScope> BY_NAME = Comparator.comparing(KeyScope::name);

    /**
     * Checks and copies the components.
     *
     * @param requestId the requestId, as the type describes it
     * @param day the day, as the type describes it
     * @param full the full, as the type describes it
     * @param sources the sources, as the type describes it
     * @param shred the shred, as the type describes it
     * @param keptScopes the keptScopes, as the type describes it
     * @param consentEvidenceScope the consentEvidenceScope, as the type describes it
     * @param contactsKept the contactsKept, as the type describes it
     * @param vaultKept the vaultKept, as the type describes it
     * @throws InvalidInputException if a component is null or holds null
     */
    public ErasurePlan {
        if (requestId == null || day == null || sources == null || shred == null || keptScopes == null
                || consentEvidenceScope == null || contactsKept == null || vaultKept == null) {
            throw new InvalidInputException("erasurePlan", "components must not be null");
        }
        Map<String, SourcePlan> bySource = new TreeMap<>();
        sources.forEach((name, plan) -> bySource.put(nonNull(name), nonNull(plan)));
        sources = Collections.unmodifiableMap(bySource);
        TreeSet<KeyScope> scopes = new TreeSet<>(BY_NAME);
        shred.forEach(s -> scopes.add(nonNull(s)));
        shred = Collections.unmodifiableSet(scopes);
        TreeMap<KeyScope, String> kept = new TreeMap<>(BY_NAME);
        keptScopes.forEach((s, why) -> kept.put(nonNull(s), nonNull(why)));
        keptScopes = Collections.unmodifiableMap(kept);
    }

    private static <T> T nonNull(T value) {
        if (value == null) {
            throw new InvalidInputException("erasurePlan", "must not hold null");
        }
        return value;
    }

    /**
     * The part of one source.
     *
     * @param name the source's name
     * @return its part
     * @throws InvalidInputException if the plan has no part for that source
     */
    public SourcePlan of(String name) {
        SourcePlan plan = sources.get(name);
        if (plan == null) {
            throw new InvalidInputException("source", "is not one the erasure was planned for");
        }
        return plan;
    }

    /**
     * One source's part of the erasure.
     *
     * @param source the source's name
     * @param erase the categories erased there
     * @param keep the categories kept restricted there, each with its ground
     * @param canErase whether the source declares ERASE (otherwise nothing is erased there, and only the
     *     key shreds reach its data)
     * @param canRestrict whether the source declares RESTRICT
     *
     * @since 0.1.0
     */
    public record SourcePlan(String source, Set<DataCategory> erase, List<Keep> keep, boolean canErase,
            boolean canRestrict) {

        /**
         * Checks and copies the components.
         *
         * @param source the source, as the type describes it
         * @param erase the erase, as the type describes it
         * @param keep the keep, as the type describes it
         * @param canErase the canErase, as the type describes it
         * @param canRestrict the canRestrict, as the type describes it
         * @throws InvalidInputException if a component is null or holds null
         */
        public SourcePlan {
            nonNull(source);
            TreeSet<DataCategory> categories = new TreeSet<>(BY_ID);
            nonNull(erase).forEach(c -> categories.add(nonNull(c)));
            erase = Collections.unmodifiableSet(categories);
            keep = List.copyOf(nonNull(keep));
        }

        /**
         * Whether the source erases or keeps nothing in scope.
         *
         * @return true if both lists are empty
         */
        public boolean isEmpty() {
            return erase.isEmpty() && keep.isEmpty();
        }
    }

    /**
     * A category kept restricted at a source instead of erased.
     *
     * @param category the category
     * @param ground the restriction's ground: the retention rule's id or {@code LEGAL_HOLD}
     * @param legalGround the ground as the outcome states it, with the policy's legal reference
     * @param until the last day it is kept, when known
     * @param taggedRecords how many of the subject's records there the retention store keeps for it
     *
     * @since 0.1.0
     */
    public record Keep(DataCategory category, String ground, String legalGround, Optional<LocalDate> until,
            int taggedRecords) {

        /**
         * Checks the components.
         *
         * @param category the category, as the type describes it
         * @param ground the ground, as the type describes it
         * @param legalGround the legalGround, as the type describes it
         * @param until the until, as the type describes it
         * @param taggedRecords the taggedRecords, as the type describes it
         * @throws InvalidInputException if a component is null or the count negative
         */
        public Keep {
            nonNull(category);
            nonNull(ground);
            nonNull(legalGround);
            nonNull(until);
            if (taggedRecords < 0) {
                throw new InvalidInputException("keep.taggedRecords", "must not be negative");
            }
        }
    }
}
