package ro.clickphone.privacy.core.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * What a sweep did (or, for a dry run, would do): how many records of each category were disposed
 * of by each action, how many keys were shredded, and which records failed. It is returned and
 * audited ({@code retention.sweep}).
 *
 * @param day the day swept, in the policy's time zone: records due on it or earlier
 * @param startedAt when the sweep started
 * @param finishedAt when it finished
 * @param dryRun whether nothing was disposed of
 * @param disposed the records of each category disposed of by each action (for a dry run: that
 *     would be); a crypto-shred that had to keep the key counts as {@link DisposalAction#DELETE}
 * @param keysShredded how many (subject, key scope) data keys were destroyed (for a dry run: would be)
 * @param failed how many records failed
 * @param failures the first failures, by record, up to {@link SweepOptions#maxFailuresListed()}
 *
 * @since 0.1.0
 */
public record SweepReport(LocalDate day, Instant startedAt, Instant finishedAt, boolean dryRun,
        Map<DataCategory, Map<DisposalAction, Integer>> disposed, int keysShredded, int failed,
        List<SweepFailure> failures) {

    /**
     * Validates the components and copies the collections.
     *
     * @param day the day
     * @param startedAt the start
     * @param finishedAt the end
     * @param dryRun the dry run flag
     * @param disposed the counts
     * @param keysShredded the keys shredded
     * @param failed the failure count
     * @param failures the failures listed
     * @throws InvalidInputException if a component is null or a count negative
     */
    public SweepReport {
        if (day == null || startedAt == null || finishedAt == null || disposed == null || failures == null) {
            throw new InvalidInputException("sweepReport", "day, times, counts and failures must not be null");
        }
        if (keysShredded < 0 || failed < failures.size()) {
            throw new InvalidInputException("sweepReport", "counts must not be negative, nor below the failures listed");
        }
        TreeMap<DataCategory, Map<DisposalAction, Integer>> copy = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
        disposed.forEach((category, counts) -> {
            if (category == null || counts == null) {
                throw new InvalidInputException("sweepReport.disposed", "must hold no null category or counts");
            }
            EnumMap<DisposalAction, Integer> c = new EnumMap<>(DisposalAction.class);
            counts.forEach((action, n) -> {
                if (action == null || n == null || n < 0) {
                    throw new InvalidInputException("sweepReport.disposed", "must hold no null action and no null or"
                            + " negative count");
                }
                c.put(action, n);
            });
            copy.put(category, Collections.unmodifiableMap(c));
        });
        disposed = Collections.unmodifiableMap(copy);
        if (failures.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("sweepReport.failures", "must hold no null");
        }
        failures = List.copyOf(failures);
    }

    /**
     * How many records of a category were disposed of by an action.
     *
     * @param category the category
     * @param action the action
     * @return the count, 0 if none
     */
    public int count(DataCategory category, DisposalAction action) {
        return disposed.getOrDefault(category, Map.of()).getOrDefault(action, 0);
    }

    /**
     * How many records were disposed of in all.
     *
     * @return the total
     */
    public int total() {
        return disposed.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }
}
