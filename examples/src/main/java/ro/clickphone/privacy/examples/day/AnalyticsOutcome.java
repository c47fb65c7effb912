package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.util.List;

/**
 * Step 3: the day's call records, pseudonymized for analytics.
 *
 * @param csv the pseudonymized CSV
 * @param rowsRead the rows read
 * @param rowsWritten the rows written
 * @param rowsRejected the rows rejected
 * @param startsOnTheHour whether every start cell is cut to the hour ({@code T..:00:00Z})
 * @param durationsBucketed whether every duration cell is a bucket, not seconds
 * @param problems the expectations that did not hold
 */
public record AnalyticsOutcome(Path csv, long rowsRead, long rowsWritten, long rowsRejected,
        boolean startsOnTheHour, boolean durationsBucketed, List<String> problems)
        implements StepOutcome {

    /**
     * Copies the list.
     *
     * @param csv the pseudonymized CSV
     * @param rowsRead the rows read
     * @param rowsWritten the rows written
     * @param rowsRejected the rows rejected
     * @param startsOnTheHour whether every start cell is cut to the hour ({@code T..:00:00Z})
     * @param durationsBucketed whether every duration cell is a bucket, not seconds
     * @param problems the expectations that did not hold
     */
    public AnalyticsOutcome {
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 3;
    }
}
