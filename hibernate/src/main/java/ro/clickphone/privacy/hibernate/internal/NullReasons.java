package ro.clickphone.privacy.hibernate.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.KeyDestroyedException;

/**
 * Which attributes of which loaded entity instances were loaded as null because their key was destroyed:
 * keyed by instance identity (entities may define {@code equals} by id, and two sessions' instances of one
 * row are distinct answers), held weakly, so that an instance the application drops costs nothing.
 */
public final class NullReasons {

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    private static final Map<Key, Map<String, String>> REASONS = new ConcurrentHashMap<>();

    private NullReasons() {
    }

    /**
     * The reason an attribute of an instance is null, if it was loaded as null after shredding.
     *
     * @param entity the instance
     * @param attribute the attribute's Java name
     * @return the reason, or empty
     */
    public static Optional<KeyDestroyedException> of(Object entity, String attribute) {
        expunge();
        Map<String, String> reasons = REASONS.get(new Key(entity, null));
        String reason = reasons == null ? null : reasons.get(attribute);
        return reason == null ? Optional.empty() : Optional.of(new KeyDestroyedException(reason));
    }

    /**
     * Records that an attribute of an instance was loaded as null because its key was destroyed: the
     * message only (no exception, whose stack trace would pin the loading thread's frames).
     */
    static void record(Object entity, String attribute, String reason) {
        expunge();
        REASONS.computeIfAbsent(new Key(entity, QUEUE), k -> new ConcurrentHashMap<>()).put(attribute, reason);
    }

    /** Forgets what was recorded about an instance: it was (re)loaded and every attribute decrypted. */
    static void clear(Object entity) {
        expunge();
        if (!REASONS.isEmpty()) {
            REASONS.remove(new Key(entity, null));
        }
    }

    private static void expunge() {
        for (Object k = QUEUE.poll(); k != null; k = QUEUE.poll()) {
            REASONS.remove(k);
        }
    }

    /** A weak reference compared by the identity of its referent. */
    private static final class Key extends WeakReference<Object> {

        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key key)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == key.get();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
