package ro.clickphone.privacy.spi.rekey;

import java.util.Optional;
import ro.clickphone.privacy.spi.StoreException;

/**
 * Keeps the checkpoints of batch jobs (re-index, re-encryption), one per job id: where the job got and its
 * counters, so that a job resumes after a crash from its last committed batch.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Durability:</b> a checkpoint {@link #save} accepted is there for every later {@link #find},
 *       also through another instance of the store and after a restart (for a persistent store).</li>
 *   <li><b>One writer wins:</b> {@link #save} stores a checkpoint only if it follows the stored one: its
 *       sequence is the stored one's plus 1 (or 1 when none is stored). Of two instances of one job that
 *       save the same sequence, one succeeds and the other is told {@code false}, atomically across
 *       store instances.</li>
 *   <li><b>Thread safety:</b> safe for concurrent use, also by several SDK instances.</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> {@link StoreException}, retryable when the store is unavailable; a failed save
 *       either stored the checkpoint or not (find tells). Messages name the operation, never a position.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface JobCheckpointStore {

    /**
     * The checkpoint of a job.
     *
     * @param jobId the job's id
     * @return its last saved checkpoint, empty if none
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code jobId} is not well-formed
     * @throws StoreException if the store failed
     */
    Optional<JobCheckpoint> find(String jobId);

    /**
     * Stores a checkpoint if it follows the stored one of its job.
     *
     * @param checkpoint the checkpoint, of sequence at least 1
     * @return {@code true} if stored; {@code false} if the stored checkpoint's sequence is not one below
     *     (another instance of the job saved first, or the job was reset)
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code checkpoint} is null or of sequence 0
     * @throws StoreException if the store failed
     */
    boolean save(JobCheckpoint checkpoint);

    /**
     * Forgets a job's checkpoint, so that the job's next run starts a new pass from the start.
     *
     * @param jobId the job's id
     * @return whether there was one
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code jobId} is not well-formed
     * @throws StoreException if the store failed
     */
    boolean delete(String jobId);
}
