package ro.clickphone.privacy.crypto.cdr;

import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * One run of a {@link CdrPseudonymizer} over many records (a file, a batch, a stream partition's
 * task), opened by {@link CdrPseudonymizer#job(int)} and closed when the run ends. With a memo it
 * remembers, per number technique of the profile, the pseudonyms of the numbers it met, so that a
 * number on many rows (a customer's own number is on every row of their calls) is validated and
 * encrypted once. The output is the same with or without a memo: pseudonyms are deterministic,
 * and invalid numbers are never remembered, so they are rejected every time.
 *
 * <pre>{@code
 * try (CdrJob job = cdrs.job(65_536)) {
 *     for (CallDetailRecord record : records) {
 *         out.accept(job.pseudonymize(record));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Trade-off:</b> a memo holds clear numbers beside their pseudonyms in the heap for the job's
 * life: a heap dump taken during the run shows up to {@code memoEntries} numbers per technique
 * that, without the memo, would have lived for one row each. It is bounded (a slot per entry,
 * {@code memoEntries} rounded down to a power of two; a new number replaces the less recently used
 * of its pair of slots). Heap: 4 bytes a slot (compressed references), allocated when the job
 * opens, plus about 150 bytes an entry held (the entry, the clear number and the pseudonym), per
 * number technique of the profile: 65 536 entries are about 10 MB per technique,
 * {@link #MAX_MEMO_ENTRIES} about 600 MB. It belongs to this job alone (never static, never shared
 * with another job, pseudonymizer, context or key) and is emptied by {@link #close()}. Leave it off
 * (0) where that exposure matters more than the speed.
 *
 * <p>Thread-safe: several threads may pseudonymize through one job. After {@link #close()} the
 * memo is empty and stays empty; {@link #pseudonymize(CallDetailRecord)} is refused.
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue may carry the job into stream and batch engines")
public final class CdrJob implements AutoCloseable {

    /** The largest memo bound, per number technique. */
    public static final int MAX_MEMO_ENTRIES = 1 << 22;

    private final CdrPseudonymizer pseudonymizer;
    private final PseudonymMemo[] memos;
    private volatile boolean closed;

    CdrJob(CdrPseudonymizer pseudonymizer, PseudonymMemo[] memos) {
        this.pseudonymizer = pseudonymizer;
        this.memos = memos;
    }

    /**
     * Pseudonymizes a record, as {@link CdrPseudonymizer#pseudonymize(CallDetailRecord)} does.
     *
     * @param record the record
     * @return the pseudonymized record
     * @throws InvalidInputException naming the field whose value is invalid; never repeating the value
     * @throws ConfigurationException if the job is closed
     */
    public PseudonymizedCdr pseudonymize(CallDetailRecord record) {
        if (closed) {
            throw new ConfigurationException("This CDR job is closed (its memo is emptied): open another");
        }
        return pseudonymizer.pseudonymize(record, memos);
    }

    /**
     * How many numbers the memo holds now, over all techniques (0 without a memo or once closed).
     *
     * @return the count
     */
    public int memoSize() {
        int size = 0;
        for (PseudonymMemo memo : memos) {
            size += memo.size();
        }
        return size;
    }

    /**
     * The most numbers the memo can hold, over all techniques (0 without a memo).
     *
     * @return the bound
     */
    public int memoCapacity() {
        int capacity = 0;
        for (PseudonymMemo memo : memos) {
            capacity += memo.capacity();
        }
        return capacity;
    }

    /** Ends the job: empties the memo and refuses later records. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (PseudonymMemo memo : memos) {
            memo.clear();
        }
    }

    @Override
    public String toString() {
        return "CdrJob[" + pseudonymizer.profile().context() + ", memo of " + memoCapacity() + " entries"
                + (closed ? ", closed" : "") + "]";
    }
}
