package ro.clickphone.privacy.spi.audit;

/**
 * Somewhere outside the audit store that keeps the latest signed checkpoint: a file on another
 * machine, a WORM bucket, a transparency log, a message to the DPO. Whoever can write the audit
 * store can drop its tail together with the checkpoints over it, and the store alone then shows
 * nothing; a checkpoint kept where that writer cannot reach lets a later verification
 * ({@code AuditTrail.verify(AuditCheckpoint)}) prove that the trail still reaches it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #publish(AuditCheckpoint)} is called with each checkpoint after the store has it,
 *       from the thread that appended the entry, while the trail holds its append lock: every
 *       append waits for it, so it should be quick (hand slow work to a queue).</li>
 *   <li>Keep every checkpoint, not only the latest: a store writer who rewrites a stretch within
 *       the verifier's tolerance can get a later checkpoint signed over it, and only the earlier,
 *       anchored one then shows the rewrite.</li>
 *   <li>A checkpoint is signed and carries no personal data, so it may be kept anywhere.</li>
 *   <li>A failure (any exception) is logged by the trail and otherwise ignored: the entry and the
 *       checkpoint are already stored, and the next checkpoint is published again.</li>
 *   <li>Implementations are safe for concurrent use.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CheckpointAnchor {

    /**
     * Keeps a checkpoint that the audit store now holds.
     *
     * @param checkpoint the checkpoint, never null
     */
    void publish(AuditCheckpoint checkpoint);
}
