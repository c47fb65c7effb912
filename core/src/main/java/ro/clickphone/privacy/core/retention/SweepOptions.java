package ro.clickphone.privacy.core.retention;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * How a sweep runs: batch size, lease, dry run, and the disposal action of each category.
 *
 * <p>By default a category with a key scope is crypto-shredded ({@link DisposalAction#CRYPTO_SHRED},
 * which becomes a plain delete while another record still needs the key) and one without is
 * deleted; {@link #withAction} chooses otherwise for one category (anonymize CDRs for statistics).
 *
 * @param batchSize how many due records are claimed at a time, 1 to {@value RetentionStore#MAX_BATCH}
 * @param lease how long a claim holds, 1 second to 1 day: longer than a batch takes to dispose of
 * @param dryRun whether to report what would be disposed of, and dispose of nothing
 * @param actions the action of each category given one; the default for the others
 * @param maxFailuresListed how many failures the report lists by record, 0 to 100000 (all are counted)
 *
 * @since 0.1.0
 */
public record SweepOptions(int batchSize, Duration lease, boolean dryRun, Map<DataCategory, DisposalAction> actions,
        int maxFailuresListed) {

    /**
     * Validates the components and copies the map.
     *
     * @param batchSize the batch size, as the type describes it
     * @param lease the lease, as the type describes it
     * @param dryRun the dry run flag
     * @param actions the actions, as the type describes it
     * @param maxFailuresListed the failures listed, as the type describes it
     * @throws InvalidInputException if a component is null or out of range
     */
    public SweepOptions {
        if (batchSize < 1 || batchSize > RetentionStore.MAX_BATCH) {
            throw new InvalidInputException("batchSize", "must be between 1 and " + RetentionStore.MAX_BATCH);
        }
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new InvalidInputException("lease", "must be between 1 second and 1 day");
        }
        if (actions == null) {
            throw new InvalidInputException("actions", "must not be null");
        }
        TreeMap<DataCategory, DisposalAction> copy = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
        actions.forEach((category, action) -> {
            if (category == null || action == null) {
                throw new InvalidInputException("actions", "must hold no null category or action");
            }
            copy.put(category, action);
        });
        actions = java.util.Collections.unmodifiableMap(copy);
        if (maxFailuresListed < 0 || maxFailuresListed > 100_000) {
            throw new InvalidInputException("maxFailuresListed", "must be between 0 and 100000");
        }
    }

    /**
     * Batches of 500, a lease of 5 minutes, not a dry run, the default actions, 1000 failures listed.
     *
     * @return the defaults
     */
    public static SweepOptions defaults() {
        return new SweepOptions(500, Duration.ofMinutes(5), false, Map.of(), 1000);
    }

    /**
     * These options with another batch size.
     *
     * @param size 1 to {@value RetentionStore#MAX_BATCH}
     * @return the changed copy
     * @throws InvalidInputException if out of range
     */
    public SweepOptions withBatchSize(int size) {
        return new SweepOptions(size, lease, dryRun, actions, maxFailuresListed);
    }

    /**
     * These options with another lease.
     *
     * @param duration 1 second to 1 day
     * @return the changed copy
     * @throws InvalidInputException if null or out of range
     */
    public SweepOptions withLease(Duration duration) {
        return new SweepOptions(batchSize, duration, dryRun, actions, maxFailuresListed);
    }

    /**
     * These options as a dry run, or not.
     *
     * @param dry whether to dispose of nothing and only report
     * @return the changed copy
     */
    public SweepOptions withDryRun(boolean dry) {
        return new SweepOptions(batchSize, lease, dry, actions, maxFailuresListed);
    }

    /**
     * These options with the action of one category.
     *
     * @param category the category
     * @param action its action
     * @return the changed copy
     * @throws InvalidInputException if an argument is null
     */
    public SweepOptions withAction(DataCategory category, DisposalAction action) {
        if (category == null || action == null) {
            throw new InvalidInputException("action", "category and action must not be null");
        }
        Map<DataCategory, DisposalAction> more = new TreeMap<>((a, b) -> a.id().compareTo(b.id()));
        more.putAll(actions);
        more.put(category, action);
        return new SweepOptions(batchSize, lease, dryRun, more, maxFailuresListed);
    }

    /**
     * These options listing at most so many failures by record.
     *
     * @param max 0 to 100000
     * @return the changed copy
     * @throws InvalidInputException if out of range
     */
    public SweepOptions withMaxFailuresListed(int max) {
        return new SweepOptions(batchSize, lease, dryRun, actions, max);
    }
}
