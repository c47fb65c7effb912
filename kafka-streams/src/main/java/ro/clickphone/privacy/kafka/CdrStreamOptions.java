package ro.clickphone.privacy.kafka;

import java.io.Serializable;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How the pseudonymizing processor reads and writes records. Immutable; none of it is secret.
 *
 * <pre>{@code
 * CdrStreamOptions options = CdrStreamOptions.defaults()
 *         .withFormats(CdrFormat.JSON, CdrFormat.CSV)
 *         .withOutputKey(OutputKey.CALLER_PSEUDONYM);
 * }</pre>
 *
 * @param inputFormat how the CDRs read are written
 * @param outputFormat how the pseudonymized CDRs are written
 * @param outputKey the key of the records written; see {@link OutputKey} for why the input key is
 *     not copied unless asked
 * @param copyHeaders whether the input record's headers go on with the pseudonymized record and
 *     the dead letter; off by default, since a producer's headers (a trace, a routing hint) may
 *     carry the very numbers the value had
 * @param pseudonymMemo how many numbers each processor (one per stream task) may remember with
 *     their pseudonyms, per number technique of the profile: 0 (the default) remembers none, else 2
 *     to {@value ro.clickphone.privacy.crypto.cdr.CdrJob#MAX_MEMO_ENTRIES}, rounded down to a power
 *     of two. The memo is the task's {@link CdrJob}: it holds clear numbers in the heap while the
 *     task lives and is emptied when the task closes ({@link CdrJob} has the trade-off)
 * @param outputTimestamp the Kafka timestamp of the records written; by default the pseudonymized
 *     start, see {@link OutputTimestamp} for why the input timestamp is not copied unless asked
 *
 * @since 0.1.0
 * @serial exclude its serialized form is its components, documented above (javadoc 17 does not
 *     carry a record's {@code @param} over to the serialized-form page)
 */
public record CdrStreamOptions(CdrFormat inputFormat, CdrFormat outputFormat, OutputKey outputKey,
        boolean copyHeaders, int pseudonymMemo, OutputTimestamp outputTimestamp) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Validates the options.
     *
     * @param inputFormat the input format
     * @param outputFormat the output format
     * @param outputKey the output key
     * @param copyHeaders whether headers are copied
     * @param pseudonymMemo the memo bound, 0 for none
     * @param outputTimestamp the output timestamp
     * @throws InvalidInputException if a value is missing or out of range
     */
    public CdrStreamOptions {
        if (inputFormat == null || outputFormat == null) {
            throw new InvalidInputException("format", "must be given");
        }
        if (outputKey == null) {
            throw new InvalidInputException("outputKey", "must be given");
        }
        if (outputTimestamp == null) {
            throw new InvalidInputException("outputTimestamp", "must be given");
        }
        if (pseudonymMemo < 0 || pseudonymMemo == 1 || pseudonymMemo > CdrJob.MAX_MEMO_ENTRIES) {
            throw new InvalidInputException("pseudonymMemo", "must be 0 (no memo) or between 2 and "
                    + CdrJob.MAX_MEMO_ENTRIES);
        }
    }

    /**
     * CSV lines in and out, keyed by record id, stamped with the pseudonymized start, no headers
     * copied, no memo.
     *
     * @return the default options
     */
    public static CdrStreamOptions defaults() {
        return new CdrStreamOptions(CdrFormat.CSV, CdrFormat.CSV, OutputKey.RECORD_ID, false, 0,
                OutputTimestamp.PSEUDONYMIZED_START);
    }

    /**
     * These options with other formats.
     *
     * @param input how the CDRs read are written
     * @param output how the pseudonymized CDRs are written
     * @return the changed copy
     * @throws InvalidInputException if a format is null
     */
    public CdrStreamOptions withFormats(CdrFormat input, CdrFormat output) {
        return new CdrStreamOptions(input, output, outputKey, copyHeaders, pseudonymMemo, outputTimestamp);
    }

    /**
     * These options with another output key.
     *
     * @param key the key of the records written
     * @return the changed copy
     * @throws InvalidInputException if the key is null
     */
    public CdrStreamOptions withOutputKey(OutputKey key) {
        return new CdrStreamOptions(inputFormat, outputFormat, key, copyHeaders, pseudonymMemo, outputTimestamp);
    }

    /**
     * These options, copying the input record's headers or not.
     *
     * @param copy whether the headers go on with the pseudonymized record and the dead letter
     * @return the changed copy
     */
    public CdrStreamOptions withCopyHeaders(boolean copy) {
        return new CdrStreamOptions(inputFormat, outputFormat, outputKey, copy, pseudonymMemo, outputTimestamp);
    }

    /**
     * These options with a pseudonym memo per processor.
     *
     * @param entries the memo bound per number technique, 0 for none
     * @return the changed copy
     * @throws InvalidInputException if the bound is 1, negative or too large
     */
    public CdrStreamOptions withPseudonymMemo(int entries) {
        return new CdrStreamOptions(inputFormat, outputFormat, outputKey, copyHeaders, entries, outputTimestamp);
    }

    /**
     * These options with another output timestamp.
     *
     * @param timestamp the Kafka timestamp of the records written
     * @return the changed copy
     * @throws InvalidInputException if the timestamp choice is null
     */
    public CdrStreamOptions withOutputTimestamp(OutputTimestamp timestamp) {
        return new CdrStreamOptions(inputFormat, outputFormat, outputKey, copyHeaders, pseudonymMemo, timestamp);
    }
}
