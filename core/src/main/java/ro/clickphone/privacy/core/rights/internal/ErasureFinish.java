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
 * @param vaultErased whether the subject's token-vault mappings were erased (a full erasure only)
 * @param vaultEntriesDeleted how many mappings this call deleted
 * @param contactsRemoved whether this call removed the contact directory's entry
 * @param consentEvidenceShredded whether the consent ledger's personal evidence is shredded (its key
 *     scope is among {@code shredded})
 * @param consentEvidence what happened to that evidence, in words: shredded, or why not
 * @param ledgerAppended whether this call appended the erasure ledger entry (false on a repeat)
 * @param statements what the answer to the subject states, in English
 *
 * @since 0.1.0
 */
public record ErasureFinish(String requestId, Set<KeyScope> shredded, Map<KeyScope, String> keptScopes,
        int keyVersionsDestroyed, boolean vaultErased, int vaultEntriesDeleted, boolean contactsRemoved,
        boolean consentEvidenceShredded, String consentEvidence, boolean ledgerAppended, List<String> statements) {

    /** What the answer states about pseudonyms already handed out. */
    public static final String PSEUDONYMS_STATEMENT = "Keyed-token, FF1 and Crypto-PAn pseudonyms of your data that"
            + " were already exported (for example to a partner or in statistics) are not reachable by your identity:"
            + " the kit keeps no index from a person to them, so they could not be found to erase; without the"
            + " pseudonymization keys, which only the controller holds, they cannot be linked back to you.";

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
     * @param consentEvidenceShredded the consentEvidenceShredded, as the type describes it
     * @param consentEvidence the consentEvidence, as the type describes it
     * @param ledgerAppended the ledgerAppended, as the type describes it
     * @param statements the statements, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or a count is negative
     */
    public ErasureFinish {
        if (requestId == null || shredded == null || keptScopes == null || consentEvidence == null
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
