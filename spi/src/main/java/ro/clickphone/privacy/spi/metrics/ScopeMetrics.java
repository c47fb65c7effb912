package ro.clickphone.privacy.spi.metrics;

/**
 * The events of one key scope: field and stream encryptions and decryptions, and the data-key
 * cache. The kit asks {@link PrivacyMetrics#keyScope} once per scope and keeps the handle, so that
 * an encryption costs one call here and no look-up by scope name (a listener resolves its counters
 * for the scope when it makes the handle).
 *
 * <p><b>Contract:</b> every method is called on the thread doing the work, often on the encryption
 * hot path: it must be thread-safe, must not block, should not throw (the SDK catches and logs what
 * it throws, and the encryption goes on), and should cost no more than an atomic increment. The methods carry no argument: which scope is the handle's, nothing about the subject,
 * the field or the value ever reaches it. All methods do nothing by default.
 *
 * @since 0.1.0
 */
public interface ScopeMetrics {

    /** Counts nothing. */
    ScopeMetrics NONE = new ScopeMetrics() {
        @Override
        public String toString() {
            return "ScopeMetrics.NONE";
        }
    };

    /** A field value was encrypted (or re-encrypted) under the scope's data key. */
    default void fieldEncrypted() {
    }

    /** A field value was decrypted. */
    default void fieldDecrypted() {
    }

    /**
     * A field value failed to decrypt: an integrity failure (edited, truncated, another subject's or
     * field's value), a destroyed key, or a key the key-encryption-key provider could not give. A
     * rise is worth an alert: it is what probing or a copied column looks like.
     */
    default void fieldDecryptionFailed() {
    }

    /** An encrypting stream was opened. */
    default void streamEncrypted() {
    }

    /** A decrypting stream was opened. */
    default void streamDecrypted() {
    }

    /**
     * A data key was found unwrapped in the shared key cache. Look-ups answered by a thread's own
     * key table (which holds the keys that thread used last, in front of the cache, and is on by
     * default) are not counted: on the hot path they are most look-ups, and they cost a few
     * nanoseconds. So hits over hits plus misses is the shared cache's ratio, not the kit's: with
     * thread tables on it can be near 0 while nearly every key use is served from memory; the
     * table hits are about the encryptions and decryptions less the hits and misses.
     */
    default void keyCacheHit() {
    }

    /** A data key was not in the shared key cache: it was read from the key store and unwrapped (or made). */
    default void keyCacheMiss() {
    }
}
