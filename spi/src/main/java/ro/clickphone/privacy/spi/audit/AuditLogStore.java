package ro.clickphone.privacy.spi.audit;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;

/**
 * Where the audit trail is kept: an append-only sequence of {@link AuditRecord}s and of the signed
 * {@link AuditCheckpoint}s over it. A database, a file, a WORM bucket implement it; the SDK computes
 * the hashes and signatures, the store only keeps them.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> implementations are safe for concurrent use, also by several SDK
 *       instances sharing one store.</li>
 *   <li><b>Append:</b> {@link #append(AuditRecord)} stores the record if and only if its sequence is
 *       exactly one more than the last stored (1 for an empty log); otherwise it throws
 *       {@link SequenceConflictException} and stores nothing. When it returns, the record is
 *       durable: an acknowledged append is never lost.</li>
 *   <li><b>Reads</b> return records in ascending sequence as stored; they never repair, re-sort or
 *       filter what is stored, since the verifier must see tampering as it is.</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException} with
 *       {@link StoreException#isRetryable()} true; a corrupt one, false. Messages name the store
 *       and the sequence, never the contents of a record.</li>
 *   <li>The store must not log record contents.</li>
 * </ul>
 * Plugin authors test their store by extending {@code AuditLogStoreContract} from the
 * {@code clickphone-privacy-spi} test jar.
 *
 * @since 0.1.0
 */
public interface AuditLogStore {

    /**
     * Appends a record at the next sequence.
     *
     * @param record the record, whose sequence must be the last stored plus one
     * @throws SequenceConflictException if another record took that sequence first, or the sequence
     *     is not the next one
     * @throws StoreException if the store failed; nothing was stored
     */
    void append(AuditRecord record);

    /**
     * Reads records from a sequence on, in stored order.
     *
     * @param fromSequence the first sequence wanted, at least 1
     * @param maxCount the most records to return, at least 1
     * @return up to {@code maxCount} records; empty past the end
     * @throws StoreException if the store failed
     */
    List<AuditRecord> read(long fromSequence, int maxCount);

    /**
     * The last record stored.
     *
     * @return the record with the highest sequence, or empty for an empty log
     * @throws StoreException if the store failed
     */
    Optional<AuditRecord> last();

    /**
     * Stores a signed checkpoint.
     *
     * @param checkpoint the checkpoint; its sequence must be higher than the latest checkpoint's
     * @throws SequenceConflictException if a checkpoint at that or a later sequence exists
     * @throws StoreException if the store failed
     */
    void appendCheckpoint(AuditCheckpoint checkpoint);

    /**
     * Reads checkpoints from a sequence on, in stored order.
     *
     * @param fromSequence the lowest checkpoint sequence wanted
     * @param maxCount the most checkpoints to return, at least 1
     * @return up to {@code maxCount} checkpoints
     * @throws StoreException if the store failed
     */
    List<AuditCheckpoint> readCheckpoints(long fromSequence, int maxCount);

    /**
     * The latest checkpoint.
     *
     * @return the checkpoint with the highest sequence, or empty if none
     * @throws StoreException if the store failed
     */
    Optional<AuditCheckpoint> latestCheckpoint();
}
