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
 * @param problems the expectations that did not hold
 */
public record AnalyticsOutcome(Path csv, long rowsRead, long rowsWritten, long rowsRejected, List<String> problems)
        implements StepOutcome {

    /**
     * Copies the list.
     *
     * @param csv as the type describes it
     * @param rowsRead as the type describes it
     * @param rowsWritten as the type describes it
     * @param rowsRejected as the type describes it
     * @param problems as the type describes it
     */
    public AnalyticsOutcome {
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 3;
    }
}
