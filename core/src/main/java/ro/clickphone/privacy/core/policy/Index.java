package ro.clickphone.privacy.core.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Definitions of one kind, in document order for listings and in a hash map for look-ups by id.
 * A plain {@link HashMap}, never handed out, keeps the look-up that consent checks make on their
 * hot path as cheap as the raw map (see {@code docs/PERFORMANCE.md}).
 */
final class Index<K, V> {

    private final List<V> ordered;
    private final Map<K, V> byKey;

    Index(List<V> values, Function<V, K> key) {
        this.ordered = List.copyOf(values);
        this.byKey = new HashMap<>();
        for (V value : ordered) {
            byKey.put(key.apply(value), value);
        }
    }

    /** The definition with this key, or {@code null}. */
    V get(K key) {
        return byKey.get(key);
    }

    boolean contains(K key) {
        return byKey.containsKey(key);
    }

    /** Every definition, in document order; immutable. */
    List<V> all() {
        return ordered;
    }

    int size() {
        return ordered.size();
    }
}
