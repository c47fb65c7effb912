package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One erasure, as the erasure ledger keeps it so that it can be applied again after a backup of
 * the main stores is restored: which request, when it began, the subject as a pseudonymous
 * reference, and what it covers where. The kit writes it ahead, before anything is destroyed, so it
 * may state more than was done: re-applying it decides again what is kept. It holds no personal data
 * in clear: the subject is {@link #sealedSubject() sealed} under a key of the kit that erasure never
 * destroys, bound to every other component, so only the kit that wrote it can turn it back into the
 * subject to erase again, and a changed entry does not open.
 *
 * @param requestId the erasure request
 * @param erasedAt when the erasure began (the entry is written before anything is destroyed); a store
 *     keeps at least millisecond precision
 * @param sealedSubject the subject's id, sealed by the kit (opaque to the ledger)
 * @param erased the categories in the erasure's scope, by source name (those kept are restricted,
 *     not erased, when it is re-applied); names the kit's own stores with a leading {@code @}
 * @param shredded the key scopes whose subject keys are destroyed unless kept data needs them
 * @param vaultErased whether the subject's token-vault mappings were erased
 *
 * @since 0.1.0
 */
public record ErasureEntry(String requestId, Instant erasedAt, String sealedSubject,
        Map<String, Set<DataCategory>> erased, Set<KeyScope> shredded, boolean vaultErased) {

    /**
     * Checks and copies the components.
     *
     * @param requestId the requestId, as the type describes it
     * @param erasedAt the erasedAt, as the type describes it
     * @param sealedSubject the sealedSubject, as the type describes it
     * @param erased the erased, as the type describes it
     * @param shredded the shredded, as the type describes it
     * @param vaultErased the vaultErased, as the type describes it
     * @throws InvalidInputException if a component is null or holds null
     */
    public ErasureEntry {
        Checks.text(requestId, "erasureEntry.requestId", 64);
        Checks.notNull(erasedAt, "erasureEntry.erasedAt");
        Checks.text(sealedSubject, "erasureEntry.sealedSubject", 4096);
        Checks.notNull(erased, "erasureEntry.erased");
        Map<String, Set<DataCategory>> copy = new TreeMap<>();
        for (Map.Entry<String, Set<DataCategory>> e : erased.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || Checks.holdsNull(e.getValue())) {
                throw new InvalidInputException("erasureEntry.erased", "must hold sources with categories, no null");
            }
            TreeSet<DataCategory> categories = new TreeSet<>(Comparator.comparing(DataCategory::id));
            categories.addAll(e.getValue());
            copy.put(e.getKey(), java.util.Collections.unmodifiableSet(categories));
        }
        erased = java.util.Collections.unmodifiableMap(copy);
        Checks.notNull(shredded, "erasureEntry.shredded");
        if (Checks.holdsNull(shredded)) {
            throw new InvalidInputException("erasureEntry.shredded", "must not hold null");
        }
        TreeSet<KeyScope> scopes = new TreeSet<>(Comparator.comparing(KeyScope::name));
        scopes.addAll(shredded);
        shredded = java.util.Collections.unmodifiableSet(scopes);
    }

    @Override
    public String toString() {
        return "ErasureEntry[" + requestId + ", " + erasedAt + ", sources=" + erased.keySet() + "]";
    }
}
