package ro.clickphone.privacy.core.rekey;

import java.util.OptionalLong;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;

/**
 * Where a re-index or re-encryption job stands: its counters since the start of its pass (as its last
 * checkpoint holds them), whether the pass reached the end of the source, and, when counted, how many rows
 * of the source still hold a value under an old version.
 *
 * <p>The counters are those of the last saved checkpoint. A batch that committed but whose checkpoint was
 * not saved (a crash in between) is read again on resume, and its rows, which it had moved, are then counted
 * as already current: the position never skips a row, and {@code moved + alreadyCurrent} stays exact.
 *
 * @param jobId the job's id
 * @param batches how many batches were checkpointed in this pass (the checkpoint's sequence)
 * @param scanned rows read
 * @param moved rows changed to the current version by the job
 * @param alreadyCurrent rows found under the current version
 * @param changedByWriter rows whose conditional update lost to a writer at least once (then read again and
 *     also counted as moved, current or failed, or left when the writer had deleted or emptied them)
 * @param failed rows left under an old version: unreadable (shredded or damaged), refused, or still changing
 *     after the retries; they keep the old version from being retired
 * @param finished whether the pass reached the end of the source
 * @param remaining rows of the source whose value is not under the current version, when counted (at the
 *     end of a pass, and by {@code remaining()}); empty between batches
 * @since 0.1.0
 */
public record RekeyProgress(String jobId, long batches, long scanned, long moved, long alreadyCurrent,
        long changedByWriter, long failed, boolean finished, OptionalLong remaining) {

    /**
     * Validates the progress.
     *
     * @param jobId the job's id, as the type describes it
     * @param batches the batches, as the type describes it
     * @param scanned the rows read, as the type describes it
     * @param moved the rows moved, as the type describes it
     * @param alreadyCurrent the rows already current, as the type describes it
     * @param changedByWriter the rows changed by a writer, as the type describes it
     * @param failed the rows failed, as the type describes it
     * @param finished whether finished, as the type describes it
     * @param remaining the rows remaining, as the type describes it
     * @throws InvalidInputException if the job id or {@code remaining} is null or a counter negative
     */
    public RekeyProgress {
        JobCheckpoint.checkJobId(jobId);
        if (remaining == null) {
            throw new InvalidInputException("remaining", "must not be null (OptionalLong.empty() when not counted)");
        }
        if (batches < 0 || scanned < 0 || moved < 0 || alreadyCurrent < 0 || changedByWriter < 0 || failed < 0
                || remaining.isPresent() && remaining.getAsLong() < 0) {
            throw new InvalidInputException("counters", "must not be negative");
        }
    }

    /**
     * The progress a checkpoint records.
     *
     * @param checkpoint the checkpoint
     * @param remaining the rows remaining, when counted
     * @return the progress
     */
    static RekeyProgress of(JobCheckpoint checkpoint, OptionalLong remaining) {
        return new RekeyProgress(checkpoint.jobId(), checkpoint.sequence(), checkpoint.scanned(), checkpoint.moved(),
                checkpoint.alreadyCurrent(), checkpoint.changedByWriter(), checkpoint.failed(), checkpoint.finished(),
                remaining);
    }
}
