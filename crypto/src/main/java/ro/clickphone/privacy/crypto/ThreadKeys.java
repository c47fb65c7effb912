package ro.clickphone.privacy.crypto;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import ro.clickphone.privacy.crypto.internal.Jce;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * One thread's hot state for one {@link EnvelopeKeys}: a bounded table of the data keys it used
 * last, each with its own AES-GCM {@link Cipher} (the JCE re-expands the AES key schedule whenever
 * a cipher is initialised with another key, which costs more than encrypting a field), a block of
 * nonces read from a per-thread DRBG, and scratch buffers for the associated data and the string
 * forms. Confined to its thread; never shared.
 *
 * <p>Validity (see {@link EnvelopeKeys#thread()}): the table is emptied whenever the key manager's
 * epoch moved since the thread last looked ({@code shred}, {@code retireVersions} and
 * {@code rotate} advance it before they return), and an entry is used only while its key is
 * younger than the staleness bound, counted from when the load that read it from the store began.
 * The table holds at most {@code capacity} entries (an open-addressing array; when it is full, a
 * clock hand evicts an entry not used since the hand last passed it); with a
 * capacity of 0 it holds none, and every call goes through the key cache with one cipher per
 * thread, re-initialised per call.
 */
final class ThreadKeys {

    /** The version a table entry for "the current key of the slot" carries. */
    static final int CURRENT = 0;
    /** How many nonce bytes one DRBG call fills: 341 nonces of 12 bytes. */
    static final int NONCE_BLOCK = 341 * FieldEncryptor.NONCE_BYTES;
    private static final String GCM = "AES/GCM/NoPadding";
    private static final byte[] AAD_DOMAIN = "clickphone-field/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_DOMAIN_V2 = "clickphone-field/v2".getBytes(StandardCharsets.US_ASCII);

    /** The key manager's epoch when this table was last checked; the table is empty or current for it. */
    long epoch;
    private final int capacity;
    private final Provider provider;
    private final Supplier<SecureRandom> randoms;
    /** Open addressing, linear probing, at most half full; null where free. */
    private final Entry[] table;
    private final int shift;
    private int size;
    private int hand;
    private Entry last;
    private Cipher spare;

    private SecureRandom random;
    private final byte[] nonces = new byte[NONCE_BLOCK];
    private int noncesUsed = NONCE_BLOCK;

    /** Associated data: the prefix (domain .. field or record id) stays while subject, context and format do. */
    byte[] aad = new byte[256];
    private int aadPrefix;
    private SubjectId aadSubject;
    private FieldContext aadContext;
    private byte aadFormat;
    private FieldContext encodedContext;
    private byte encodedFormat;
    private byte[] encodedContextBytes;

    /** Scratch for the binary form behind a string form, and for the text of a string form. */
    byte[] binary = new byte[256];
    byte[] text = new byte[256];
    byte[] plain = new byte[256];

    ThreadKeys(int capacity, Provider provider, Supplier<SecureRandom> randoms, long epoch) {
        this.capacity = capacity;
        this.provider = provider;
        this.randoms = randoms;
        this.epoch = epoch;
        int slots = capacity == 0 ? 1 : Integer.highestOneBit(capacity * 2 - 1) * 2;
        this.table = new Entry[slots];
        this.shift = 32 - Integer.numberOfTrailingZeros(slots);
    }

    private int index(int hash) {
        return shift == 32 ? 0 : (hash * 0x9E3779B9) >>> shift;
    }

    private static int hash(SubjectId subject, KeyScope scope, int version) {
        return (subject.value().hashCode() * 31 + scope.name().hashCode()) * 31 + version;
    }

    /** A data key in the table, with the cipher kept for it. */
    static final class Entry {
        final SubjectId subject;
        final KeyScope scope;
        /** The version it was asked under: {@link #CURRENT}, or the key's own. */
        final int version;
        final int hash;
        final EnvelopeKeys.DataKey key;
        Cipher cipher;
        /** Set on each use, cleared by the clock hand. */
        boolean used;
        /** The length-prefixed UTF-8 subject id, as the associated data carries it. */
        private byte[] subjectBytes;
        /**
         * For the current key of a slot: the encryptions this thread may still make under it, a part of
         * the instance's reservation ({@link EnvelopeKeys#currentEntry}); counted down in memory only.
         */
        long uses;
        /** How many uses this entry asks for next: doubles up to {@link EnvelopeKeys#MAX_THREAD_USES}. */
        int chunk = EnvelopeKeys.FIRST_THREAD_USES;
        /** The instance's reservation of the key's version; null when its scope does not count. */
        EnvelopeKeys.Budget budget;

        Entry(SubjectId subject, KeyScope scope, int version, EnvelopeKeys.DataKey key) {
            this.subject = subject;
            this.scope = scope;
            this.version = version;
            this.hash = hash(subject, scope, version);
            this.key = key;
        }

        boolean is(SubjectId s, KeyScope sc, int v) {
            return version == v && (subject == s || subject.equals(s)) && (scope == sc || scope.equals(sc));
        }

        @Override
        public String toString() {
            return "ThreadKeys.Entry[" + key + "]";
        }
    }

    /** The entry of (subject, scope, version), or null. */
    Entry find(SubjectId subject, KeyScope scope, int version) {
        Entry e = last;
        if (e != null && e.is(subject, scope, version)) {
            return e;
        }
        if (capacity == 0) {
            return null;
        }
        int h = hash(subject, scope, version);
        int mask = table.length - 1;
        for (int i = index(h); ; i = (i + 1) & mask) {
            e = table[i];
            if (e == null) {
                return null;
            }
            if (e.hash == h && e.is(subject, scope, version)) {
                e.used = true;
                last = e;
                return e;
            }
        }
    }

    /** Keeps a key the key manager handed out (within this table's epoch) and returns its entry. */
    Entry put(SubjectId subject, KeyScope scope, int version, EnvelopeKeys.DataKey key) {
        return put(subject, scope, version, key, null);
    }

    /**
     * {@link #put(SubjectId, KeyScope, int, EnvelopeKeys.DataKey)}, given the entry it replaces (one
     * whose key outlived the staleness bound), or null. The new entry takes over the cipher of the
     * same key version (the replaced entry's, or the slot's under its other name: current, or its
     * version): a cipher is always initialised with the entry's own key, and one whose last key had
     * equal bytes re-initialises cheaply, so sharing saves the key schedule and changes nothing else.
     */
    Entry put(SubjectId subject, KeyScope scope, int version, EnvelopeKeys.DataKey key, Entry replaced) {
        Entry e = new Entry(subject, scope, version, key);
        if (capacity == 0) {
            return e;
        }
        Entry twin = replaced != null ? replaced : find(subject, scope, version == CURRENT ? key.version : CURRENT);
        if (twin != null && twin.key.version == key.version) {
            e.cipher = twin.cipher;
            e.subjectBytes = twin.subjectBytes;
        }
        if (replaced != null) {
            remove(replaced);
        }
        if (size == capacity) {
            evictOne();
        }
        int mask = table.length - 1;
        int i = index(e.hash);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = e;
        size++;
        e.used = true;
        last = e;
        return e;
    }

    /** The clock: clears the used mark of entries it passes, and evicts the first it finds unmarked. */
    private void evictOne() {
        int mask = table.length - 1;
        while (true) {
            hand = (hand + 1) & mask;
            Entry e = table[hand];
            if (e != null) {
                if (!e.used) {
                    remove(e);
                    return;
                }
                e.used = false;
            }
        }
    }

    /** Drops an entry (its key outlived the staleness bound). */
    void remove(Entry e) {
        if (last == e) {
            last = null;
        }
        if (capacity == 0) {
            return;
        }
        int mask = table.length - 1;
        int i = index(e.hash);
        while (table[i] != e) {
            if (table[i] == null) {
                return; // not in the table (a replaced entry removed already)
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the probe run into the gap.
        table[i] = null;
        size--;
        int gap = i;
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = index(table[j].hash);
            boolean movable = gap <= j ? home <= gap || home > j : home <= gap && home > j;
            if (movable) {
                table[gap] = table[j];
                table[j] = null;
                gap = j;
            }
        }
    }

    /** Drops every entry: the key manager's epoch moved. */
    void clear() {
        last = null;
        if (size > 0) {
            Arrays.fill(table, null);
            size = 0;
        }
    }

    /** Whether the table keeps entries (its capacity is not 0): an entry not kept serves one call. */
    boolean keeps() {
        return capacity > 0;
    }

    /** How many entries the table holds: for this package's tests of the bound. */
    int size() {
        return size;
    }

    /** The cipher for an entry's key: its own (made on first use), or the thread's one when the table is off. */
    Cipher cipher(Entry e) {
        if (capacity == 0) {
            if (spare == null) {
                spare = Jce.cipher(GCM, provider);
            }
            return spare;
        }
        if (e.cipher == null) {
            e.cipher = Jce.cipher(GCM, provider);
        }
        return e.cipher;
    }

    /**
     * Writes a fresh 12-byte nonce: the next 12 bytes of a block read from this thread's DRBG.
     * Nonces are public; only their uniqueness matters, which the DRBG's output gives with
     * overwhelming probability.
     */
    void nonce(byte[] out, int offset) {
        if (noncesUsed == NONCE_BLOCK) {
            if (random == null) {
                random = randoms.get();
            }
            random.nextBytes(nonces);
            noncesUsed = 0;
        }
        System.arraycopy(nonces, noncesUsed, out, offset, FieldEncryptor.NONCE_BYTES);
        noncesUsed += FieldEncryptor.NONCE_BYTES;
    }

    // --- associated data ----------------------------------------------------------------------------

    /**
     * Builds the associated data in {@link #aad}: {@code clickphone-field/v1}, a zero byte, the
     * length-prefixed subject id, entity and field (UTF-8), then the header; in format version 2,
     * {@code clickphone-field/v2} and the length-prefixed record id after the field.
     *
     * @return its length
     */
    int aad(SubjectId subject, Entry entry, FieldContext context, byte[] header, int headerLength, byte format) {
        if (subject != aadSubject || context != aadContext || format != aadFormat) {
            byte[] domain = format == CiphertextHeader.FORMAT_V2 ? AAD_DOMAIN_V2 : AAD_DOMAIN;
            byte[] s = entry.subjectBytes;
            if (s == null) {
                s = lengthPrefixed(subject.value());
                entry.subjectBytes = s;
            }
            byte[] c = contextBytes(context, format);
            int n = domain.length + 1 + s.length + c.length;
            ensureAad(n + headerLength);
            System.arraycopy(domain, 0, aad, 0, domain.length);
            aad[domain.length] = 0;
            System.arraycopy(s, 0, aad, domain.length + 1, s.length);
            System.arraycopy(c, 0, aad, domain.length + 1 + s.length, c.length);
            aadPrefix = n;
            aadSubject = subject;
            aadContext = context;
            aadFormat = format;
        } else {
            ensureAad(aadPrefix + headerLength);
        }
        System.arraycopy(header, 0, aad, aadPrefix, headerLength);
        return aadPrefix + headerLength;
    }

    private void ensureAad(int length) {
        if (length > aad.length) {
            aad = Arrays.copyOf(aad, Math.max(2 * aad.length, length));
        }
    }

    /** The length-prefixed entity, field and (format 2) record id. */
    private byte[] contextBytes(FieldContext context, byte format) {
        if (context != encodedContext || format != encodedFormat) {
            byte[] entity = lengthPrefixed(context.entity());
            byte[] field = lengthPrefixed(context.field());
            byte[] record = format == CiphertextHeader.FORMAT_V2 ? lengthPrefixed(context.recordId().orElseThrow())
                    : new byte[0];
            byte[] all = new byte[entity.length + field.length + record.length];
            System.arraycopy(entity, 0, all, 0, entity.length);
            System.arraycopy(field, 0, all, entity.length, field.length);
            System.arraycopy(record, 0, all, entity.length + field.length, record.length);
            encodedContextBytes = all;
            encodedContext = context;
            encodedFormat = format;
        }
        return encodedContextBytes;
    }

    private static byte[] lengthPrefixed(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + utf8.length];
        int n = utf8.length;
        out[0] = (byte) (n >>> 24);
        out[1] = (byte) (n >>> 16);
        out[2] = (byte) (n >>> 8);
        out[3] = (byte) n;
        System.arraycopy(utf8, 0, out, 4, n);
        return out;
    }

    /*
     * The three scratch buffers are lent, not shared: a call that holds one may run user code (a
     * guard, the key store, the KEK provider) that calls an encryptor again on the same thread; the
     * nested call must not write into the outer call's buffer. While a buffer is lent, a borrower
     * gets a fresh array; giving back the shared one ends the loan.
     */
    private boolean binaryLent;
    private boolean textLent;
    private boolean plainLent;

    /** Lends {@link #binary}, at least {@code length} long, or a fresh array if it is lent already. */
    byte[] binary(int length) {
        if (binaryLent) {
            return new byte[length];
        }
        if (binary.length < length) {
            binary = new byte[Math.max(length, 2 * binary.length)];
        }
        binaryLent = true;
        return binary;
    }

    /** Ends the loan of {@code b} if it is {@link #binary}. */
    void giveBackBinary(byte[] b) {
        if (b == binary) {
            binaryLent = false;
        }
    }

    /** Lends {@link #text}, at least {@code length} long, or a fresh array if it is lent already. */
    byte[] text(int length) {
        if (textLent) {
            return new byte[length];
        }
        if (text.length < length) {
            text = new byte[Math.max(length, 2 * text.length)];
        }
        textLent = true;
        return text;
    }

    /** Ends the loan of {@code b} if it is {@link #text}. */
    void giveBackText(byte[] b) {
        if (b == text) {
            textLent = false;
        }
    }

    /** Lends {@link #plain}, at least {@code length} long, or a fresh array if it is lent already. */
    byte[] plain(int length) {
        if (plainLent) {
            return new byte[length];
        }
        if (plain.length < length) {
            plain = new byte[Math.max(length, 2 * plain.length)];
        }
        plainLent = true;
        return plain;
    }

    /** Ends the loan of {@code b} if it is {@link #plain}. */
    void giveBackPlain(byte[] b) {
        if (b == plain) {
            plainLent = false;
        }
    }

    @Override
    public String toString() {
        return "ThreadKeys[" + size() + " of " + capacity + "]";
    }
}
