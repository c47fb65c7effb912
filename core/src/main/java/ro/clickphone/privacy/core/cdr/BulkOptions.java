package ro.clickphone.privacy.core.cdr;

import java.time.Instant;
import ro.clickphone.privacy.crypto.cdr.CdrJob;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.spi.Experimental;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * How {@link CdrCsv} runs through a file.
 *
 * @param threads how many threads pseudonymize, 1 to 64
 * @param batchSize rows handed to a thread at once, 1 to 100 000; memory stays bounded by about
 *     {@code 2 * threads + 1} batches
 * @param stopAtFirstRejection whether one bad row stops the file (by default it is reported and skipped)
 * @param rejectionsKept how many rejections the report lists, 0 to 1 000 000; all are counted
 * @param skipRows how many data rows to skip first, to resume a file after {@link BulkReport#rowsRead()}
 * @param maxRecordChars the longest record (header or row, in characters, line breaks included)
 *     the parser may read, {@value #MIN_RECORD_CHARS} to {@value #MAX_RECORD_CHARS} (the parser reads
 *     ahead, so a record may exceed it by up to 8192 characters before it counts); past it the run
 *     stops with a reason (one stray quote would otherwise make the rest of the file one cell, held
 *     in memory)
 * @param earliestStart the earliest {@code start} a row may have (inclusive); a row before it is rejected
 * @param latestStart the instant every row's {@code start} must be before; a row at or after it is rejected
 * @param pseudonymMemo how many numbers the run may remember with their pseudonyms, per number technique
 *     (0, the default, remembers none; else 2 to {@value ro.clickphone.privacy.crypto.cdr.CdrJob#MAX_MEMO_ENTRIES},
 *     rounded down to a power of two). The memo belongs to the run alone and is emptied when it
 *     ends; while it runs it holds clear numbers in the heap ({@link ro.clickphone.privacy.crypto.cdr.CdrJob}
 *     has the trade-off)
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue may reshape the bulk mode around a shared pseudonymization spec")
public record BulkOptions(int threads, int batchSize, boolean stopAtFirstRejection, int rejectionsKept,
        long skipRows, int maxRecordChars, Instant earliestStart, Instant latestStart, int pseudonymMemo) {

    /** The smallest record-size limit: the parser reads ahead by a buffer of 8192 characters. */
    public static final int MIN_RECORD_CHARS = 16_384;
    /** The largest record-size limit. */
    public static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
    /** The default record-size limit: a CDR row is a few hundred characters. */
    public static final int DEFAULT_RECORD_CHARS = 65_536;
    /** The default earliest start: there are no digital CDRs from before 1970. */
    public static final Instant DEFAULT_EARLIEST_START = CdrRows.DEFAULT_EARLIEST_START;
    /** The default bound every start must be before. */
    public static final Instant DEFAULT_LATEST_START = CdrRows.DEFAULT_LATEST_START;

    /**
     * Validates the options.
     *
     * @param threads the threads
     * @param batchSize the batch size
     * @param stopAtFirstRejection whether to stop at the first rejection
     * @param rejectionsKept the rejections kept
     * @param skipRows the rows skipped
     * @param maxRecordChars the record-size limit
     * @param earliestStart the earliest start accepted
     * @param latestStart the bound every start must be before
     * @param pseudonymMemo the memo bound, 0 for none
     * @throws InvalidInputException if a value is out of range or missing
     */
    public BulkOptions {
        if (threads < 1 || threads > 64) {
            throw new InvalidInputException("threads", "must be between 1 and 64");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new InvalidInputException("batchSize", "must be between 1 and 100000");
        }
        if (rejectionsKept < 0 || rejectionsKept > 1_000_000) {
            throw new InvalidInputException("rejectionsKept", "must be between 0 and 1000000");
        }
        if (skipRows < 0) {
            throw new InvalidInputException("skipRows", "must be 0 or more");
        }
        if (maxRecordChars < MIN_RECORD_CHARS || maxRecordChars > MAX_RECORD_CHARS) {
            throw new InvalidInputException("maxRecordChars", "must be between " + MIN_RECORD_CHARS + " and "
                    + MAX_RECORD_CHARS);
        }
        if (earliestStart == null || latestStart == null) {
            throw new InvalidInputException("startRange", "must have both bounds");
        }
        if (!earliestStart.isBefore(latestStart)) {
            throw new InvalidInputException("startRange", "must have its earliest start before its latest");
        }
        if (pseudonymMemo < 0 || pseudonymMemo == 1 || pseudonymMemo > CdrJob.MAX_MEMO_ENTRIES) {
            throw new InvalidInputException("pseudonymMemo", "must be 0 (no memo) or between 2 and "
                    + CdrJob.MAX_MEMO_ENTRIES);
        }
    }

    /**
     * Options without a pseudonym memo.
     *
     * @param threads the threads
     * @param batchSize the batch size
     * @param stopAtFirstRejection whether to stop at the first rejection
     * @param rejectionsKept the rejections kept
     * @param skipRows the rows skipped
     * @param maxRecordChars the record-size limit
     * @param earliestStart the earliest start accepted
     * @param latestStart the bound every start must be before
     * @throws InvalidInputException if a value is out of range or missing
     */
    public BulkOptions(int threads, int batchSize, boolean stopAtFirstRejection, int rejectionsKept, long skipRows,
            int maxRecordChars, Instant earliestStart, Instant latestStart) {
        this(threads, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, maxRecordChars, earliestStart,
                latestStart, 0);
    }

    /**
     * Options with the default record-size limit and start range.
     *
     * @param threads the threads
     * @param batchSize the batch size
     * @param stopAtFirstRejection whether to stop at the first rejection
     * @param rejectionsKept the rejections kept
     * @param skipRows the rows skipped
     * @throws InvalidInputException if a value is out of range
     */
    public BulkOptions(int threads, int batchSize, boolean stopAtFirstRejection, int rejectionsKept, long skipRows) {
        this(threads, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, DEFAULT_RECORD_CHARS,
                DEFAULT_EARLIEST_START, DEFAULT_LATEST_START);
    }

    /**
     * One thread per processor (at most 64), batches of 512 rows, bad rows skipped and reported,
     * the first 1000 rejections listed, records of at most {@value #DEFAULT_RECORD_CHARS} characters,
     * starts from 1970 to before 2100.
     *
     * @return the options
     */
    public static BulkOptions defaults() {
        return new BulkOptions(Math.min(64, Runtime.getRuntime().availableProcessors()), 512, false, 1000, 0);
    }

    /**
     * These options with a number of threads.
     *
     * @param count 1 to 64
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withThreads(int count) {
        return new BulkOptions(count, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, maxRecordChars,
                earliestStart, latestStart, pseudonymMemo);
    }

    /**
     * These options, with another batch size.
     *
     * @param rows rows per batch handed to a thread, 1 to 100 000
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withBatchSize(int rows) {
        return new BulkOptions(threads, rows, stopAtFirstRejection, rejectionsKept, skipRows, maxRecordChars,
                earliestStart, latestStart, pseudonymMemo);
    }

    /**
     * These options, stopping at the first bad row or not.
     *
     * @param stop {@code true} to stop at the first rejected row
     * @return new options
     */
    public BulkOptions withStopAtFirstRejection(boolean stop) {
        return new BulkOptions(threads, batchSize, stop, rejectionsKept, skipRows, maxRecordChars, earliestStart,
                latestStart, pseudonymMemo);
    }

    /**
     * These options, keeping another number of rejections in the report.
     *
     * @param count 0 to 1 000 000
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withRejectionsKept(int count) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, count, skipRows, maxRecordChars,
                earliestStart, latestStart, pseudonymMemo);
    }

    /**
     * These options, skipping rows already done (to resume a stopped run).
     *
     * @param rows data rows to skip, 0 or more
     * @return new options
     * @throws InvalidInputException if negative
     */
    public BulkOptions withSkipRows(long rows) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, rejectionsKept, rows, maxRecordChars,
                earliestStart, latestStart, pseudonymMemo);
    }

    /**
     * These options, with another record-size limit.
     *
     * @param chars the longest record the parser may read, {@value #MIN_RECORD_CHARS} to
     *     {@value #MAX_RECORD_CHARS} characters
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withMaxRecordChars(int chars) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, chars,
                earliestStart, latestStart, pseudonymMemo);
    }

    /**
     * These options, with a memo of pseudonyms for the run: a number met again is not validated and
     * encrypted again. Worth it when numbers repeat (real CDR files: a customer's own number is on
     * every row of their calls); the memo holds clear numbers in the heap until the run ends, when
     * it is emptied (see {@link CdrJob}).
     *
     * @param entries the most numbers remembered per number technique: 0 turns it off, else 2 to
     *     {@value CdrJob#MAX_MEMO_ENTRIES} (rounded down to a power of two)
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withPseudonymMemo(int entries) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, maxRecordChars,
                earliestStart, latestStart, entries);
    }

    /**
     * These options, with another range of accepted {@code start} instants; a row outside it is
     * rejected.
     *
     * @param earliest the earliest start accepted
     * @param latest the bound every start must be before
     * @return new options
     * @throws InvalidInputException if a bound is missing or {@code earliest} is not before {@code latest}
     */
    public BulkOptions withStartRange(Instant earliest, Instant latest) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, rejectionsKept, skipRows, maxRecordChars,
                earliest, latest, pseudonymMemo);
    }
}
