package ro.clickphone.privacy.spi.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The details of a record the audit trail made: an immutable map over sorted, distinct keys, held in
 * an array of entries instead of a tree (the trail makes one per entry, and most have two to four
 * details). Built only by {@link AuditRecord}'s trusted maker, after the keys and values were checked;
 * entries are made when someone iterates (the verifier, a reader), not when the trail appends.
 */
final class CodeMap extends AbstractMap<String, String> implements SortedMap<String, String> {

    private final String[] keys;
    private final String[] values;
    private final int size;
    /**
     * AuditRecord's private token only from the trusted maker's check of the details to the record constructor that takes
     * them, on one thread, before the map is reachable from anywhere else; the constructor clears it,
     * so a map taken from a record (or a record's details passed again) is checked in full.
     */
    private Object vouched;

    /**
     * Takes the arrays as they are, without a copy: the first {@code size} keys sorted, distinct, no
     * nulls, and neither array changed by anyone afterwards (the trail makes them for one record).
     */
    CodeMap(String[] keys, String[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /**
     * The trusted maker's mark (see {@link #vouched}): {@code token} counts only if it is the private
     * object {@link AuditRecord} alone holds, so a class in this package (a split package on the class
     * path) that calls this with anything else makes a map that is checked in full.
     */
    CodeMap vouch(Object token) {
        vouched = token;
        return this;
    }

    /**
     * Whether the maker vouched for the record being made with {@code token}; answers true once, and
     * false for a null token. The mark is cleared either way and never handed out.
     */
    boolean takeVouch(Object token) {
        Object was = vouched;
        vouched = null;
        return token != null && was == token;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = keys[mid].compareTo((String) key);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public String firstKey() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return keys[0];
    }

    @Override
    public String lastKey() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return keys[size - 1];
    }

    /** Views of a range are rare (nothing in the SDK asks for one): an unmodifiable copy. */
    private SortedMap<String, String> copy() {
        TreeMap<String, String> tree = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            tree.put(keys[i], values[i]);
        }
        return tree;
    }

    @Override
    public SortedMap<String, String> subMap(String fromKey, String toKey) {
        return Collections.unmodifiableSortedMap(copy().subMap(fromKey, toKey));
    }

    @Override
    public SortedMap<String, String> headMap(String toKey) {
        return Collections.unmodifiableSortedMap(copy().headMap(toKey));
    }

    @Override
    public SortedMap<String, String> tailMap(String fromKey) {
        return Collections.unmodifiableSortedMap(copy().tailMap(fromKey));
    }

}
