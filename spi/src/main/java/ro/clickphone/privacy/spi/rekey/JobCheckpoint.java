package ro.clickphone.privacy.spi.rekey;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * How far a batch job got: the key of the last row of its last committed batch, its counters, and whether
 * its pass is over. Saved after every committed batch; a job that crashed resumes after {@code position}.
 *
 * @param jobId the job's id: letters, digits and {@code . _ - :}, at most {@value #MAX_JOB_ID_LENGTH}
 *     characters, no personal data
 * @param sequence how many checkpoints of this job were saved, this one included (0 for the start, which is
 *     never saved); the store keeps two writers of one job apart by it
 * @param position the key of the last row done, or {@link RekeySource#START}
 * @param finished whether the pass reached the end of the source
 * @param scanned rows read
 * @param moved rows the job changed to the current version
 * @param alreadyCurrent rows that were under the current version already
 * @param changedByWriter rows whose conditional update lost to a writer at least once (read again, then
 *     counted as moved, current, or failed as well)
 * @param failed rows left under an old version: unreadable, refused, or still changing after the retries
 * @since 0.1.0
 */
public record JobCheckpoint(String jobId, long sequence, String position, boolean finished, long scanned,
        long moved, long alreadyCurrent, long changedByWriter, long failed) {

    /** The longest job id. */
    public static final int MAX_JOB_ID_LENGTH = 128;

    /**
     * Validates the checkpoint.
     *
     * @param jobId the jobId, as the type describes it
     * @param sequence the sequence, as the type describes it
     * @param position the position, as the type describes it
     * @param finished the finished, as the type describes it
     * @param scanned the scanned, as the type describes it
     * @param moved the moved, as the type describes it
     * @param alreadyCurrent the alreadyCurrent, as the type describes it
     * @param changedByWriter the changedByWriter, as the type describes it
     * @param failed the failed, as the type describes it
     * @throws InvalidInputException if the job id is not well-formed, the sequence negative, the position
     *     null or longer than a row key, or a counter negative
     */
    public JobCheckpoint {
        checkJobId(jobId);
        if (sequence < 0) {
            throw new InvalidInputException("sequence", "must not be negative");
        }
        Checks.notNull(position, "position");
        if (!position.isEmpty()) {
            RekeyRow.checkKey(position, "position");
        }
        if (scanned < 0 || moved < 0 || alreadyCurrent < 0 || changedByWriter < 0 || failed < 0) {
            throw new InvalidInputException("counters", "must not be negative");
        }
    }

    /**
     * Checks a job id.
     *
     * @param jobId the id
     * @return it
     * @throws InvalidInputException if it is null, empty, too long or holds other characters than letters,
     *     digits and {@code . _ - :}
     */
    public static String checkJobId(String jobId) {
        Checks.notNull(jobId, "jobId");
        if (jobId.isEmpty() || jobId.length() > MAX_JOB_ID_LENGTH) {
            throw new InvalidInputException("jobId", "must be 1 to " + MAX_JOB_ID_LENGTH + " characters long");
        }
        for (int i = 0; i < jobId.length(); i++) {
            char c = jobId.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
                    || c == '_' || c == '-' || c == ':';
            if (!ok) {
                throw new InvalidInputException("jobId", "must hold only ASCII letters, digits and . _ - :");
            }
        }
        return jobId;
    }

    /**
     * The checkpoint a job starts from when its store holds none: sequence 0, at {@link RekeySource#START},
     * every counter 0. A store never holds a checkpoint of sequence 0.
     *
     * @param jobId the job's id
     * @return the starting checkpoint
     * @throws InvalidInputException if the job id is not well-formed
     */
    public static JobCheckpoint start(String jobId) {
        return new JobCheckpoint(jobId, 0, RekeySource.START, false, 0, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "JobCheckpoint[" + jobId + " #" + sequence + (finished ? ", finished" : "") + ", scanned=" + scanned
                + ", moved=" + moved + ", alreadyCurrent=" + alreadyCurrent + ", changedByWriter="
                + changedByWriter + ", failed=" + failed + "]";
    }
}
