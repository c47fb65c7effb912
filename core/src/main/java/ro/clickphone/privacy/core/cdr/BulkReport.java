package ro.clickphone.privacy.core.cdr;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What a bulk run did.
 *
 * @param rowsRead data rows read, skipped ones included; a run stopped early can be resumed with
 *     {@link BulkOptions#withSkipRows(long)} of {@code rowsRead - 1} (the row that stopped it) or of
 *     {@code rowsRead}
 * @param rowsWritten rows written to the output
 * @param rowsRejected rows left out
 * @param rejections the first rejections, in row order, as many as {@link BulkOptions#rejectionsKept()}
 * @param stopped why the run stopped before the end of the input, if it did (a rejection with
 *     {@link BulkOptions#stopAtFirstRejection()}, input that is no longer CSV, or a record longer
 *     than {@link BulkOptions#maxRecordChars()})
 *
 * @since 0.1.0
 */
public record BulkReport(long rowsRead, long rowsWritten, long rowsRejected, List<Rejection> rejections,
        Optional<String> stopped) {

    /**
     * Copies the list.
     *
     * @param rowsRead the rows read
     * @param rowsWritten the rows written
     * @param rowsRejected the rows rejected
     * @param rejections the kept rejections
     * @param stopped why it stopped early
     * @throws InvalidInputException if the rejections or stopped are null, or a rejection is null
     */
    public BulkReport {
        if (rejections == null || stopped == null) {
            throw new InvalidInputException("bulkReport", "rejections and stopped must be given");
        }
        for (Rejection rejection : rejections) {
            if (rejection == null) {
                throw new InvalidInputException("rejections", "must not contain null");
            }
        }
        rejections = List.copyOf(rejections);
    }
}
