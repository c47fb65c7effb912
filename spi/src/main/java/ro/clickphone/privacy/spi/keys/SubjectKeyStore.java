package ro.clickphone.privacy.spi.keys;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Keeps the wrapped data keys, one per (subject, key scope, version), and the record that a
 * (subject, scope) was shredded. Destroying the keys of a (subject, scope) makes everything
 * encrypted under them unreadable through this store at once. Copies of the wrapped keys in backups
 * or replicas of the store stay readable to whoever holds the key-encryption-key versions they were
 * wrapped under: the destruction reaches them only once those versions are retired (and every copy
 * of them is gone) and the backups older than their bounded retention are gone too.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use, also by several SDK instances.</li>
 *   <li>{@link #putIfAbsent(StoredKey)} stores a key only if none exists for its (subject, scope,
 *       version), and returns the key that is stored afterwards, so that two instances generating
 *       the first key of a subject at the same time end up using one key. It stores nothing for a
 *       destroyed (subject, scope).</li>
 *   <li>{@link #destroy(SubjectId, KeyScope)} deletes every version and records a tombstone; the
 *       keys must be gone from the store's own storage, not merely marked.</li>
 *   <li>{@link #retire(SubjectId, KeyScope, int)} deletes the versions up to a given one and
 *       records that floor, without a tombstone: the (subject, scope) takes new versions above the
 *       floor, never one at or below it ({@link #putIfAbsent} stores nothing there and returns
 *       empty). Retention uses it, erasure uses {@link #destroy}.</li>
 *   <li>{@link #replace(StoredKey, StoredKey)} swaps a key's wrapping only if the stored one is still
 *       the expected one (rewrapping under a new KEK version); it keeps the key's reserved uses.</li>
 *   <li>{@link #reserveUses(SubjectId, KeyScope, int, long)} adds to a stored key version's count of
 *       reserved uses atomically, across every instance sharing the store, and returns the total
 *       after the addition: the caller alone owns the uses {@code [total - count, total)}. Two
 *       reservations never return overlapping ranges; a total never goes down and is never reset
 *       while the key is stored (a durable store keeps it across restarts, and a reservation it
 *       acknowledged is durable before the call returns). A key stored by {@link #putIfAbsent}
 *       starts at 0; {@link #destroy} and {@link #retire} delete the count with the key.</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> {@link StoreException}, retryable when the store is unavailable. Messages name
 *       the store and the key scope, never a subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface SubjectKeyStore {

    /**
     * Stores a key unless one exists for its (subject, scope, version).
     *
     * @param key the key
     * @return the key stored afterwards: {@code key}, or the one another writer stored first; empty
     *     if the (subject, scope) was destroyed
     * @throws StoreException if the store failed
     */
    Optional<StoredKey> putIfAbsent(StoredKey key);

    /**
     * A key by version.
     *
     * @param subject the subject
     * @param scope the key scope
     * @param version the version
     * @return the key, if stored
     * @throws StoreException if the store failed
     */
    Optional<StoredKey> find(SubjectId subject, KeyScope scope, int version);

    /**
     * The newest version of a (subject, scope)'s key.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return the key with the highest version, if any
     * @throws StoreException if the store failed
     */
    Optional<StoredKey> latest(SubjectId subject, KeyScope scope);

    /**
     * Replaces a stored key with the same key wrapped anew.
     *
     * @param expected the key as read
     * @param replacement the same (subject, scope, version), wrapped under another KEK version
     * @return {@code true} if replaced; {@code false} if the stored key had changed or was destroyed
     * @throws StoreException if the store failed
     */
    boolean replace(StoredKey expected, StoredKey replacement);

    /**
     * Deletes every version of a (subject, scope)'s key and records that it was destroyed.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return how many key versions were deleted (0 if none or already destroyed)
     * @throws StoreException if the store failed
     */
    int destroy(SubjectId subject, KeyScope scope);

    /**
     * Whether a (subject, scope) was destroyed.
     *
     * @param subject the subject
     * @param scope the key scope
     * @return {@code true} after {@link #destroy(SubjectId, KeyScope)}
     * @throws StoreException if the store failed
     */
    boolean isDestroyed(SubjectId subject, KeyScope scope);

    /**
     * Deletes the versions of a (subject, scope)'s key up to and including {@code throughVersion},
     * and records that floor, so that no version at or below it is ever stored again; versions
     * above it stay, and new ones may be stored. Unlike {@link #destroy} it leaves no tombstone.
     * Idempotent; a floor never goes down.
     *
     * @param subject the subject
     * @param scope the key scope
     * @param throughVersion the highest version to delete, at least 1
     * @return how many key versions were deleted now
     * @throws ro.clickphone.privacy.spi.InvalidInputException if an argument is null or the version below 1
     * @throws StoreException if the store failed; then nothing may be assumed deleted, call again
     * @since 0.1.0
     */
    int retire(SubjectId subject, KeyScope scope, int throughVersion);

    /**
     * The highest version {@link #retire} deleted for a (subject, scope).
     *
     * @param subject the subject
     * @param scope the key scope
     * @return the floor, 0 if none was ever retired
     * @throws StoreException if the store failed
     * @since 0.1.0
     */
    int retiredThrough(SubjectId subject, KeyScope scope);

    /**
     * Reserves uses of a stored data key version (encryptions under it), for several instances that
     * must add up: NIST SP 800-38D bounds how many values one AES-GCM key with random nonces may
     * encrypt, and every instance counts its encryptions in memory against a block it reserved here.
     * Atomic: concurrent calls, also from other instances over the same storage, each get a range
     * of their own. A reservation made in a transaction of the caller's must not be undone by that
     * transaction's rollback (a durable store reserves in a transaction of its own), or the uses
     * handed out could be handed out again.
     *
     * @param subject the subject
     * @param scope the key scope
     * @param version the key version, at least 1
     * @param count how many uses to reserve, 1 to {@value #MAX_RESERVATION}
     * @return the total reserved for that key version after adding {@code count}, so that the
     *     caller owns the uses {@code [total - count, total)}; empty, and nothing reserved, if the
     *     (subject, scope) was destroyed or the version retired, or if no key of that version is
     *     stored. A store whose keys may commit with a caller's transaction (which a reservation
     *     never joins) cannot see a key that transaction is storing, and may reserve for a version
     *     it does not see as for a stored one; it still refuses destroyed slots and retired versions.
     * @throws ro.clickphone.privacy.spi.InvalidInputException if an argument is null, the version
     *     below 1 or the count out of range
     * @throws StoreException if the store failed (retryable when it is unavailable); the uses may
     *     or may not have been reserved, and a caller treats them as spent
     * @since 0.1.0
     */
    OptionalLong reserveUses(SubjectId subject, KeyScope scope, int version, long count);

    /** The most uses one {@link #reserveUses} call may reserve: 2<sup>32</sup>. */
    long MAX_RESERVATION = 1L << 32;

    /**
     * Keys wrapped under a KEK version older than the given one, for rewrapping in batches.
     *
     * @param kekId the KEK
     * @param belowVersion the version to rewrap up to (exclusive)
     * @param maxCount the most keys to return, at least 1
     * @return up to {@code maxCount} keys
     * @throws StoreException if the store failed
     */
    List<StoredKey> wrappedBelow(String kekId, int belowVersion, int maxCount);
}
