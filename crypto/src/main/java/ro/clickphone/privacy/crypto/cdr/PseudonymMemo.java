package ro.clickphone.privacy.crypto.cdr;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, two-way set-associative memo of one number technique's pseudonyms within one
 * {@link CdrJob}: value as logged → pseudonym. A value belongs to one pair of slots; the pair keeps
 * the two values used last (a hit in the second slot moves it first; a new value goes first and
 * the first moves second, dropping the second), so the memo never holds more entries than it has
 * slots and needs no lock and no bookkeeping. Races between threads may drop or duplicate an entry
 * within its pair, never mix a value with another's pseudonym (entries are immutable). On
 * {@code CdrBulkBenchmark}'s Zipf file (1 000 000 rows, three number columns each drawn Zipf, s = 1,
 * over 50 000 numbers), 65 536 slots hit 94.9 % of the lookups (an unbounded map: 98.3 %). A
 * colliding value (by chance or by a hostile file) costs a miss, never a wrong answer: a hit
 * requires the whole value to be equal. Only successful pseudonyms are kept; an
 * invalid number is checked again every time, so rejections are the same as without a memo.
 *
 * <p>It holds clear numbers: {@link #clear()} empties every slot and refuses later entries. The
 * close is safe against a worker that is still storing: every slot access is volatile, and a
 * store re-reads {@code closed} after writing, removing its own entry if the memo closed in the
 * meantime (either the closing sweep runs after the store, or the store sees the flag).
 */
final class PseudonymMemo {

    /**
     * An entry; its fields are final, so a racing reader sees it whole. Its {@code toString()} shows
     * neither the clear number nor its pseudonym (a debugger or a log of the slot array would).
     */
    record Entry(String value, String pseudonym) {

        @Override
        public String toString() {
            return "Entry[redacted]";
        }
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int shift;
    private volatile boolean closed;

    /**
     * A memo of at most {@code entries} entries (rounded down to a power of two, at least 2).
     *
     * @param entries the bound
     */
    PseudonymMemo(int entries) {
        int size = Integer.highestOneBit(Math.max(2, entries));
        this.slots = new AtomicReferenceArray<>(size);
        this.shift = 32 - Integer.numberOfTrailingZeros(size);
    }

    /** The first slot of the value's pair. */
    private int pair(String value) {
        // Fibonacci hashing spreads String.hashCode's low-entropy bits over the table.
        return ((value.hashCode() * 0x9E3779B9) >>> shift) & ~1;
    }

    /** The pseudonym of a value, or null. */
    String get(String value) {
        int first = pair(value);
        Entry entry = slots.get(first);
        if (entry != null && entry.value().equals(value)) {
            return entry.pseudonym();
        }
        Entry second = slots.get(first + 1);
        if (second != null && second.value().equals(value)) {
            store(first + 1, entry);
            store(first, second);
            return second.pseudonym();
        }
        return null;
    }

    /** Remembers a pseudonym, unless the memo was cleared. */
    void put(String value, String pseudonym) {
        int first = pair(value);
        store(first + 1, slots.get(first));
        store(first, new Entry(value, pseudonym));
    }

    /**
     * Writes a slot unless the memo is cleared; if it was cleared meanwhile, undoes the write
     * (either the clearing sweep comes after this write, or this re-check sees the flag).
     */
    private void store(int index, Entry entry) {
        if (closed) {
            return;
        }
        slots.set(index, entry);
        if (closed) {
            slots.set(index, null);
        }
    }

    /** Forgets every entry and refuses new ones. */
    void clear() {
        closed = true;
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    /** How many entries are held now. */
    int size() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    /** The most entries it can hold. */
    int capacity() {
        return slots.length();
    }

    @Override
    public String toString() {
        return "PseudonymMemo[" + slots.length() + " slots" + (closed ? ", cleared" : "") + "]";
    }
}
