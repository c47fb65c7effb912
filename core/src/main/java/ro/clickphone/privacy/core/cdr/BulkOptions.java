package ro.clickphone.privacy.core.cdr;

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
 *
 * @since 0.1.0
 */
@Experimental("the scale-out issue may reshape the bulk mode around a shared pseudonymization spec")
public record BulkOptions(int threads, int batchSize, boolean stopAtFirstRejection, int rejectionsKept,
        long skipRows) {

    /**
     * Validates the options.
     *
     * @param threads the threads
     * @param batchSize the batch size
     * @param stopAtFirstRejection whether to stop at the first rejection
     * @param rejectionsKept the rejections kept
     * @param skipRows the rows skipped
     * @throws InvalidInputException if a value is out of range
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
    }

    /**
     * One thread per processor (at most 64), batches of 512 rows, bad rows skipped and reported,
     * the first 1000 rejections listed.
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
        return new BulkOptions(count, batchSize, stopAtFirstRejection, rejectionsKept, skipRows);
    }

    /**
     * These options, with another batch size.
     *
     * @param rows rows per batch handed to a thread, 1 to 100 000
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withBatchSize(int rows) {
        return new BulkOptions(threads, rows, stopAtFirstRejection, rejectionsKept, skipRows);
    }

    /**
     * These options, stopping at the first bad row or not.
     *
     * @param stop {@code true} to stop at the first rejected row
     * @return new options
     */
    public BulkOptions withStopAtFirstRejection(boolean stop) {
        return new BulkOptions(threads, batchSize, stop, rejectionsKept, skipRows);
    }

    /**
     * These options, keeping another number of rejections in the report.
     *
     * @param count 0 to 1 000 000
     * @return new options
     * @throws InvalidInputException if out of range
     */
    public BulkOptions withRejectionsKept(int count) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, count, skipRows);
    }

    /**
     * These options, skipping rows already done (to resume a stopped run).
     *
     * @param rows data rows to skip, 0 or more
     * @return new options
     * @throws InvalidInputException if negative
     */
    public BulkOptions withSkipRows(long rows) {
        return new BulkOptions(threads, batchSize, stopAtFirstRejection, rejectionsKept, rows);
    }
}
