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
 * details). Built only by {@link AuditRecord}'s trusted maker, after the keys and values were checked.
 */
final class CodeMap extends AbstractMap<String, String> implements SortedMap<String, String> {

    private final Entry<String, String>[] entries;

    /** Takes the entries as they are: sorted by key, distinct, no nulls, never changed after. */
    private CodeMap(Entry<String, String>[] entries) {
        this.entries = entries;
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    static CodeMap of(String[] keys, String[] values, int count) {
        Entry<String, String>[] entries = new Entry[count];
        for (int i = 0; i < count; i++) {
            entries[i] = new SimpleImmutableEntry<>(keys[i], values[i]);
        }
        return new CodeMap(entries);
    }

    private int indexOf(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        int low = 0;
        int high = entries.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = entries[mid].getKey().compareTo((String) key);
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
        return entries.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i].getValue();
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
                        return next < entries.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        return entries[next++];
                    }
                };
            }

            @Override
            public int size() {
                return entries.length;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public String firstKey() {
        if (entries.length == 0) {
            throw new NoSuchElementException();
        }
        return entries[0].getKey();
    }

    @Override
    public String lastKey() {
        if (entries.length == 0) {
            throw new NoSuchElementException();
        }
        return entries[entries.length - 1].getKey();
    }

    /** Views of a range are rare (nothing in the SDK asks for one): an unmodifiable copy. */
    private SortedMap<String, String> copy() {
        TreeMap<String, String> tree = new TreeMap<>();
        for (Entry<String, String> e : entries) {
            tree.put(e.getKey(), e.getValue());
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
