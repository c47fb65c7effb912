package ro.clickphone.privacy.core.rekey;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.RekeyChange;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * The batch loop both jobs share. One batch: read the page after the checkpoint's position, decide every
 * row, apply the changes in one conditional {@code replace} (the source commits them together), read again
 * and retry each row a writer changed meanwhile, then save the next checkpoint at the page's last key.
 * The position moves only after the source committed the page: a crash before that re-reads the page, a
 * crash after it re-reads a page whose rows are now current. No row is passed without being moved, found
 * current, or counted as failed.
 */
final class RekeyEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RekeyEngine.class);

    /** The default number of rows per batch. */
    static final int DEFAULT_BATCH_SIZE = 500;
    /** The largest batch. */
    static final int MAX_BATCH_SIZE = 10_000;
    /** How often a row a writer keeps changing is read again and retried before it is counted as failed. */
    static final int RETRIES = 3;

    private final String jobId;
    private final RekeySource source;
    private final Rekeyer rekeyer;
    private final JobCheckpointStore checkpoints;
    private final int batchSize;
    private final Consumer<RekeyProgress> listener;

    RekeyEngine(String jobId, RekeySource source, Rekeyer rekeyer, JobCheckpointStore checkpoints, int batchSize,
            Consumer<RekeyProgress> listener) {
        this.jobId = JobCheckpoint.checkJobId(jobId);
        if (source == null) {
            throw new InvalidInputException("source", "must not be null");
        }
        if (checkpoints == null) {
            throw new InvalidInputException("checkpoints", "must not be null");
        }
        this.source = source;
        this.rekeyer = rekeyer;
        this.checkpoints = checkpoints;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("batchSize", "must be 1 to " + MAX_BATCH_SIZE);
        }
        return batchSize;
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    RekeyEngine withBatchSize(int size) {
        return new RekeyEngine(jobId, source, rekeyer, checkpoints, checkBatchSize(size), listener);
    }

    RekeyEngine withListener(Consumer<RekeyProgress> progress) {
        return new RekeyEngine(jobId, source, rekeyer, checkpoints, batchSize, notNull(progress, "listener"));
    }

    String jobId() {
        return jobId;
    }

    RekeySource source() {
        return source;
    }

    int batchSize() {
        return batchSize;
    }

    RekeyProgress run(long maxBatches) {
        if (maxBatches < 1) {
            throw new InvalidInputException("maxBatches", "must be at least 1");
        }
        JobCheckpoint checkpoint = current();
        for (long done = 0; !checkpoint.finished() && done < maxBatches; done++) {
            checkpoint = batch(checkpoint);
            listener.accept(RekeyProgress.of(checkpoint, OptionalLong.empty()));
        }
        return RekeyProgress.of(checkpoint, checkpoint.finished() ? OptionalLong.of(remaining()) : OptionalLong.empty());
    }

    RekeyProgress progress() {
        return RekeyProgress.of(current(), OptionalLong.empty());
    }

    long remaining() {
        return source.count(rekeyer::stale);
    }

    boolean restart() {
        return checkpoints.delete(jobId);
    }

    private JobCheckpoint current() {
        return checkpoints.find(jobId).orElseGet(() -> JobCheckpoint.start(jobId));
    }

    private JobCheckpoint batch(JobCheckpoint from) {
        List<RekeyRow> rows = source.rowsAfter(from.position(), batchSize);
        checkPage(from.position(), rows);
        JobCheckpoint next;
        if (rows.isEmpty()) {
            // A finished pass keeps no row key (it may be a subject id): restart() starts from the first row anyway.
            next = new JobCheckpoint(jobId, from.sequence() + 1, RekeySource.START, true, from.scanned(), from.moved(),
                    from.alreadyCurrent(), from.changedByWriter(), from.failed());
        } else {
            Counts counts = new Counts();
            Map<String, RekeyChange> changes = new LinkedHashMap<>();
            for (RekeyRow row : rows) {
                Rekeyer.Decision decision = rekeyer.decide(row);
                switch (decision.kind()) {
                    case CURRENT -> counts.current++;
                    case FAILED -> counts.failed++;
                    case MOVE -> changes.put(row.key(), new RekeyChange(row, decision.replacement()));
                    default -> throw new IllegalStateException("unknown decision");
                }
            }
            Set<String> replaced = changes.isEmpty() ? Set.of() : source.replace(List.copyOf(changes.values()));
            for (RekeyChange change : changes.values()) {
                if (replaced.contains(change.row().key())) {
                    counts.moved++;
                } else {
                    counts.changedByWriter++;
                    resolve(change.row().key(), counts);
                }
            }
            next = new JobCheckpoint(jobId, from.sequence() + 1, rows.get(rows.size() - 1).key(), false,
                    from.scanned() + rows.size(), from.moved() + counts.moved, from.alreadyCurrent() + counts.current,
                    from.changedByWriter() + counts.changedByWriter, from.failed() + counts.failed);
        }
        if (!checkpoints.save(next)) {
            throw new SequenceConflictException("Another run of job " + jobId + " saved its checkpoint "
                    + next.sequence() + " first (or the job was restarted): this run stopped; run again to resume"
                    + " from the stored checkpoint");
        }
        LOG.debug("Job {}: checkpoint {} saved ({} rows scanned, {} moved, {} failed)", jobId, next.sequence(),
                next.scanned(), next.moved(), next.failed());
        return next;
    }

    /**
     * A row whose conditional update lost to a writer: read it again and decide anew, up to {@link #RETRIES}
     * times; a row still changing then is counted as failed (it stays under its old version, and the count
     * before a retirement sees it).
     */
    private void resolve(String key, Counts counts) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Optional<RekeyRow> now = source.row(key);
            if (now.isEmpty()) {
                return; // deleted or emptied by the writer: nothing is left under an old version
            }
            Rekeyer.Decision decision = rekeyer.decide(now.get());
            if (decision.kind() == Rekeyer.Kind.CURRENT) {
                counts.current++;
                return;
            }
            if (decision.kind() == Rekeyer.Kind.FAILED) {
                counts.failed++;
                return;
            }
            if (source.replace(List.of(new RekeyChange(now.get(), decision.replacement()))).contains(key)) {
                counts.moved++;
                return;
            }
        }
        counts.failed++;
    }

    /** Refuses a page that breaks the source's contract: a repeated key, or the position itself again. */
    private void checkPage(String position, List<RekeyRow> rows) {
        if (rows == null || rows.size() > batchSize) {
            throw new StoreException("The source " + source.name() + " returned a page larger than asked for", false,
                    null);
        }
        Set<String> keys = new HashSet<>();
        for (RekeyRow row : rows) {
            if (row == null || !keys.add(row.key()) || row.key().equals(position)) {
                throw new StoreException("The source " + source.name() + " returned a null or repeated row in one"
                        + " page, or the row at the position again: its order is not stable", false, null);
            }
        }
    }

    /** The counters of one batch. */
    private static final class Counts {
        long moved;
        long current;
        long changedByWriter;
        long failed;
    }
}
