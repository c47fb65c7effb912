package ro.clickphone.privacy.spi.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreTransaction;

/**
 * The outbox: every message the kit accepted, kept from {@link #append} until its delivery, dead
 * letter or suppression is recorded. A dispatcher {@linkplain #claim claims} due messages under an
 * expiring lease and records each attempt's outcome; a crashed dispatcher's claims expire and
 * another takes them over, so nothing accepted is lost.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>One message per id:</b> {@link #append} stores the message only if no message has its
 *       id and returns whether it did; a second append of the same id changes nothing (the
 *       de-duplication by idempotency key). Only a new message is appended: pending with no
 *       attempt and no lease, or suppressed.</li>
 *   <li><b>The caller's transaction:</b> {@link #append(OutboxMessage, StoreTransaction)} writes
 *       within the caller's transaction: the message exists exactly when that transaction commits.
 *       A store that cannot join the given handle, or a transaction that has ended, is a
 *       {@link ro.clickphone.privacy.spi.ConfigurationException} and nothing is written.</li>
 *   <li><b>A duplicate never breaks the caller's transaction:</b> if another writer (another
 *       transaction, or an append of the store's own) takes the id before the caller's
 *       transaction commits, the commit still succeeds with the caller's other changes; the
 *       message that was committed first stays and the caller's is dropped. A store writes with a
 *       conditional insert ({@code INSERT ... ON CONFLICT DO NOTHING}, {@code MERGE}, or an insert
 *       that waits for the other transaction and then does nothing), never with an insert whose
 *       unique-key violation would roll back the caller's business change. Such an append may
 *       have returned {@code true}; {@link #find} tells which message stands.</li>
 *   <li><b>Claims:</b> {@link #claim} returns, for one channel, pending messages whose
 *       {@link OutboxMessage#nextAttemptAt()} is at or before the lease's start and on which no
 *       lease holds then, ordered by next attempt time, then id; at most {@code limit}; and gives
 *       them the lease, atomically: two dispatchers never hold the same message at once.</li>
 *   <li><b>Owners name claims:</b> a dispatcher gives every {@link #claim} a lease with an owner
 *       of its own (its id and a claim number), so the owner identifies one claim, not only one
 *       dispatcher.</li>
 *   <li><b>Outcomes:</b> {@link #recordDelivered}, {@link #recordRetry}, {@link #recordDead} and
 *       {@link #release} change a message only while it is pending and its current lease names the
 *       given owner ({@link OutboxMessage#heldBy}), applying the matching transition of
 *       {@link OutboxMessage}; otherwise they return {@code false} and change nothing. An outcome
 *       of an earlier claim, after the message was claimed again, is thus refused. A delivered,
 *       dead or suppressed message never changes again, except that {@link #requeue} puts a dead
 *       letter back.</li>
 *   <li><b>Times:</b> instants are kept to the millisecond at least (the dispatcher's back-offs
 *       are milliseconds): a column that rounds to whole seconds is a defect.</li>
 *   <li><b>Reads:</b> {@link #find} of an unknown id is empty; {@link #list} returns messages in one
 *       state ordered by creation time, then id, and {@link #listAfter} the next page after a
 *       message of the previous one.</li>
 *   <li><b>Null handling:</b> a null argument, a limit below 1 or above {@value #MAX_BATCH} is an
 *       {@link ro.clickphone.privacy.spi.InvalidInputException}.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link ro.clickphone.privacy.spi.StoreException};
 *       a failed call changed nothing. Messages never carry a subject's id or a message's content.</li>
 *   <li><b>Thread safety:</b> safe for concurrent use by several kits (several processes, for a
 *       persistent store).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface OutboxStore {

    /** The largest batch a caller asks for. */
    int MAX_BATCH = 1_000;

    /**
     * Adds a message unless one with its id exists, in a transaction of the store's own.
     *
     * @param message the message: new (pending with no attempt and no lease), or suppressed
     * @return {@code true} if it was added
     * @throws ro.clickphone.privacy.spi.InvalidInputException if the message is null or not new
     */
    boolean append(OutboxMessage message);

    /**
     * Adds a message unless one with its id exists, within the caller's transaction.
     *
     * @param message the message: new (pending with no attempt and no lease), or suppressed
     * @param transaction the caller's transaction, active
     * @return {@code true} if the id was free when appended: the message is kept when the
     *     transaction commits, unless another writer's message with the id was committed first
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the store cannot join that
     *     transaction, or it has ended
     * @throws ro.clickphone.privacy.spi.InvalidInputException if an argument is null or the message is not new
     */
    boolean append(OutboxMessage message, StoreTransaction transaction);

    /**
     * One message.
     *
     * @param id the message's id
     * @return the message, or empty
     */
    Optional<OutboxMessage> find(String id);

    /**
     * Claims due messages of one channel.
     *
     * @param channel the channel's id
     * @param lease the lease to give them
     * @param limit the most to claim
     * @return the claimed messages, with the lease
     */
    List<OutboxMessage> claim(String channel, Lease lease, int limit);

    /**
     * Records a delivery.
     *
     * @param id the message
     * @param owner the lease owner that attempted it
     * @param receipt the channel's receipt
     * @param at when the delivery is recorded
     * @return {@code true} if recorded
     */
    boolean recordDelivered(String id, String owner, DeliveryReceipt receipt, Instant at);

    /**
     * Records a failed attempt to be retried.
     *
     * @param id the message
     * @param owner the lease owner that attempted it
     * @param code the failure's code
     * @param retryAt when it may be tried again
     * @return {@code true} if recorded
     */
    boolean recordRetry(String id, String owner, String code, Instant retryAt);

    /**
     * Records the last failed attempt: the message becomes a dead letter.
     *
     * @param id the message
     * @param owner the lease owner that attempted it
     * @param code the failure's code
     * @param at when
     * @return {@code true} if recorded
     */
    boolean recordDead(String id, String owner, String code, Instant at);

    /**
     * Returns a claimed message to the outbox without counting an attempt (a dispatcher stopping
     * before it tried).
     *
     * @param id the message
     * @param owner the lease owner
     * @return {@code true} if released
     */
    boolean release(String id, String owner);

    /**
     * Puts a dead letter back for delivery, its attempts counted afresh.
     *
     * @param id the message
     * @param at when it may be tried
     * @return {@code true} if it was a dead letter and is pending now
     */
    boolean requeue(String id, Instant at);

    /**
     * Messages in one state, oldest first.
     *
     * @param state the state
     * @param limit the most to return
     * @return the messages
     */
    List<OutboxMessage> list(OutboxState state, int limit);

    /**
     * The next page of messages in one state: those after {@code last} in the order of
     * {@link #list} (creation time, then id). Pass the last message of the previous page, so that
     * every message of the state can be read, however many there are.
     *
     * @param state the state
     * @param last the last message of the previous page (only its creation time and id are used)
     * @param limit the most to return
     * @return the messages
     */
    List<OutboxMessage> listAfter(OutboxState state, OutboxMessage last, int limit);
}
