package ro.clickphone.privacy.core.rights.internal;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;

/**
 * What {@link Eraser#finish} did once every source was done: the key scopes destroyed and those kept
 * (with why), the token vault and the contact directory, the consent ledger's personal evidence, the
 * erasure ledger entry, and the statements the answer to the subject carries. Holds no personal data.
 *
 * @param requestId the erasure request
 * @param shredded the key scopes whose subject keys are destroyed (by this call or an earlier one)
 * @param keptScopes the key scopes kept, each with why
 * @param keyVersionsDestroyed how many key versions this call destroyed (0 on a repeat)
 * @param vaultErased whether the subject's token-vault mappings were erased (the request covers all
 *     categories of the policy's pseudonym contexts and nothing keeps one)
 * @param vaultEntriesDeleted how many mappings this call deleted
 * @param contactsRemoved whether this call removed the contact directory's entry (false when there was
 *     none, or a retried call finds it removed already)
 * @param contactsKept why the contact directory's entry is kept, or empty when it is not (removed now,
 *     before, or never there): what the answer states, never {@code contactsRemoved}
 * @param consentEvidenceShredded whether the consent ledger's personal evidence is shredded (its key
 *     scope is among {@code shredded})
 * @param consentEvidence what happened to that evidence, in words: shredded, or why not
 * @param ledgerAppended whether this call appended the erasure ledger entry (false when an earlier
 *     {@code applyAt} or call wrote it ahead)
 * @param statements what the answer to the subject states, in English
 *
 * @since 0.1.0
 */
public record ErasureFinish(String requestId, Set<KeyScope> shredded, Map<KeyScope, String> keptScopes,
        int keyVersionsDestroyed, boolean vaultErased, int vaultEntriesDeleted, boolean contactsRemoved,
        Optional<String> contactsKept, boolean consentEvidenceShredded, String consentEvidence, boolean ledgerAppended,
        List<String> statements) {

    /**
     * What the answer states about pseudonyms already handed out: they are outside the controller's
     * systems and not found by identity, yet not anonymous to the controller.
     */
    public static final String PSEUDONYMS_STATEMENT = "Copies of your data that were pseudonymized and handed out"
            + " before this erasure (keyed tokens, FF1-encrypted numbers, Crypto-PAn-anonymized IP addresses, for"
            + " example to a partner or in statistics) are outside our systems: we cannot find or erase them by your"
            + " identity. They are not anonymous: we keep the pseudonymization keys and, where the law requires us"
            + " to keep them, the underlying numbers and addresses, so we can still recompute or reverse these"
            + " pseudonyms; our policy allows a reversal only for the reasons it declares (such as fraud"
            + " investigation or a request of the authorities), and each one is audited. Crypto-PAn keeps the"
            + " network prefix of an address.";

    /**
     * Said only when every recipient the subject's data was disclosed to was told of the erasure
     * (GDPR art. 19: the request's recipients step done) and there was at least one.
     */
    public static final String RECIPIENTS_TOLD_STATEMENT = "The recipients to whom your data was disclosed were told"
            + " of this erasure (GDPR art. 19).";

    /**
     * Said instead of {@link #RECIPIENTS_TOLD_STATEMENT} when some recipients to tell could not be told
     * (no recipient notifier, or a notice that failed for good): the request is answered in part.
     */
    public static final String RECIPIENTS_NOT_ALL_TOLD_STATEMENT = "Some of the recipients to whom your data was"
            + " disclosed could not be told of this erasure (GDPR art. 19).";

    /**
     * What the answer states about the token vault.
     *
     * @param keptBecause why the vault mappings were kept, or empty when they were erased
     * @return the statement
     */
    public static String vaultStatement(Optional<String> keptBecause) {
        return keptBecause.map(why -> "Your token-vault mappings were kept (" + why + "): tokens handed out from the"
                + " vault can still be turned back into your data by us, for the reasons our policy declares.")
                .orElse("Your token-vault mappings were erased: tokens handed out from the vault can no longer be"
                        + " turned back into your data.");
    }

    /**
     * Checks and copies the components.
     *
     * @param requestId the requestId, as the type describes it
     * @param shredded the shredded, as the type describes it
     * @param keptScopes the keptScopes, as the type describes it
     * @param keyVersionsDestroyed the keyVersionsDestroyed, as the type describes it
     * @param vaultErased the vaultErased, as the type describes it
     * @param vaultEntriesDeleted the vaultEntriesDeleted, as the type describes it
     * @param contactsRemoved the contactsRemoved, as the type describes it
     * @param contactsKept the contactsKept, as the type describes it
     * @param consentEvidenceShredded the consentEvidenceShredded, as the type describes it
     * @param consentEvidence the consentEvidence, as the type describes it
     * @param ledgerAppended the ledgerAppended, as the type describes it
     * @param statements the statements, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or a count is negative
     */
    public ErasureFinish {
        if (requestId == null || shredded == null || keptScopes == null || contactsKept == null
                || consentEvidence == null
                || statements == null || shredded.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("erasureFinish", "components must not be null");
        }
        if (keyVersionsDestroyed < 0 || vaultEntriesDeleted < 0) {
            throw new InvalidInputException("erasureFinish", "counts must not be negative");
        }
        TreeSet<KeyScope> scopes = new TreeSet<>(Comparator.comparing(KeyScope::name));
        scopes.addAll(shredded);
        shredded = Collections.unmodifiableSet(scopes);
        TreeMap<KeyScope, String> kept = new TreeMap<>(Comparator.comparing(KeyScope::name));
        keptScopes.forEach((s, why) -> {
            if (s == null || why == null) {
                throw new InvalidInputException("erasureFinish.keptScopes", "must not hold null");
            }
            kept.put(s, why);
        });
        keptScopes = Collections.unmodifiableMap(kept);
        statements = List.copyOf(statements);
    }

    /**
     * Why a key scope was kept, if it was.
     *
     * @param scope the scope
     * @return why, or empty if it was shredded or never concerned
     */
    public Optional<String> whyKept(KeyScope scope) {
        return Optional.ofNullable(keptScopes.get(scope));
    }
}
