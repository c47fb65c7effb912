package ro.clickphone.privacy.spi.vault;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Keeps the mappings of random tokens to encrypted values, for callers who must re-identify a
 * token without holding a key for the whole data set. The vault never holds a value in clear: each
 * is encrypted under its subject's own data key before it arrives.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use, also by several SDK instances.</li>
 *   <li>{@link #putIfAbsent(VaultEntry)} is atomic on (context, lookup): it stores the entry only if
 *       no entry has that look-up value in that context, and returns the entry stored afterwards,
 *       so two writers tokenizing the same value of a subject at once end up with one token. A token
 *       already used in the context by another entry is refused with an {@link InvalidInputException}.</li>
 *   <li>{@link #deleteSubject(SubjectId)} deletes every entry of the subject in every context, from
 *       the store's own storage (not merely marked), and is idempotent.</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> {@link StoreException}, retryable when the store is unavailable. Messages name
 *       the store and the context, never a subject, a token's value or a look-up value.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface TokenVaultStore {

    /**
     * Stores an entry unless its (context, lookup) is taken.
     *
     * @param entry the entry
     * @return the entry stored afterwards: {@code entry} or the one stored before
     * @throws InvalidInputException if its token is taken in its context by another entry
     * @throws StoreException if the store failed
     */
    VaultEntry putIfAbsent(VaultEntry entry);

    /**
     * Finds an entry by token.
     *
     * @param context the context
     * @param token the token
     * @return the entry, or empty
     * @throws StoreException if the store failed
     */
    Optional<VaultEntry> findByToken(String context, String token);

    /**
     * Finds an entry by look-up value.
     *
     * @param context the context
     * @param lookup the look-up value
     * @return the entry, or empty
     * @throws StoreException if the store failed
     */
    Optional<VaultEntry> findByLookup(String context, String lookup);

    /**
     * Deletes every entry of a subject.
     *
     * @param subject the subject
     * @return how many entries were deleted
     * @throws StoreException if the store failed
     */
    int deleteSubject(SubjectId subject);
}
