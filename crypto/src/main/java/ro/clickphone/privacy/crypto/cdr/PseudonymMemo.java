package ro.clickphone.privacy.crypto.cdr;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, direct-mapped memo of one number technique's pseudonyms within one {@link CdrJob}:
 * value as logged → pseudonym. A slot holds one entry; a new value whose slot is taken replaces
 * the old one, so the memo never holds more entries than it has slots and needs no lock and no
 * bookkeeping. A colliding value (by chance or by a hostile file) costs a miss, never a wrong
 * answer: a hit requires the whole value to be equal. Only successful pseudonyms are kept; an
 * invalid number is checked again every time, so rejections are the same as without a memo.
 *
 * <p>It holds clear numbers: {@link #clear()} empties every slot and refuses later entries. The
 * close is safe against a worker that is still storing: every slot access is volatile, and a
 * store re-reads {@code closed} after writing, removing its own entry if the memo closed in the
 * meantime (either the closing sweep runs after the store, or the store sees the flag).
 */
final class PseudonymMemo {

    /** An entry; its fields are final, so a racing reader sees it whole. */
    private record Entry(String value, String pseudonym) {
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int shift;
    private volatile boolean closed;

    /**
     * A memo of at most {@code entries} entries (rounded down to a power of two, at least 1).
     *
     * @param entries the bound
     */
    PseudonymMemo(int entries) {
        int size = Integer.highestOneBit(Math.max(1, entries));
        this.slots = new AtomicReferenceArray<>(size);
        this.shift = 32 - Integer.numberOfTrailingZeros(size);
    }

    private int index(String value) {
        if (shift == 32) {
            return 0;
        }
        // Fibonacci hashing spreads String.hashCode's low-entropy bits over the table.
        return (value.hashCode() * 0x9E3779B9) >>> shift;
    }

    /** The pseudonym of a value, or null. */
    String get(String value) {
        Entry entry = slots.get(index(value));
        return entry != null && entry.value().equals(value) ? entry.pseudonym() : null;
    }

    /** Remembers a pseudonym, unless the memo was cleared. */
    void put(String value, String pseudonym) {
        if (closed) {
            return;
        }
        int index = index(value);
        slots.set(index, new Entry(value, pseudonym));
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
