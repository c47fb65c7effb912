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
 *       de-duplication by idempotency key).</li>
 *   <li><b>The caller's transaction:</b> {@link #append(OutboxMessage, StoreTransaction)} writes
 *       within the caller's transaction: the message exists exactly when that transaction commits.
 *       A store that cannot join the given handle throws
 *       {@link ro.clickphone.privacy.spi.ConfigurationException} and writes nothing.</li>
 *   <li><b>Claims:</b> {@link #claim} returns, for one channel, pending messages whose
 *       {@link OutboxMessage#nextAttemptAt()} is at or before the lease's start and on which no
 *       lease holds then, ordered by next attempt time, then id; at most {@code limit}; and gives
 *       them the lease, atomically: two dispatchers never hold the same message at once.</li>
 *   <li><b>Outcomes:</b> {@link #recordDelivered}, {@link #recordRetry}, {@link #recordDead} and
 *       {@link #release} change a message only while it is pending and its lease names the given
 *       owner ({@link OutboxMessage#heldBy}), applying the matching transition of
 *       {@link OutboxMessage}; otherwise they return {@code false} and change nothing. A delivered,
 *       dead or suppressed message never changes again, except that {@link #requeue} puts a dead
 *       letter back.</li>
 *   <li><b>Reads:</b> {@link #find} of an unknown id is empty; {@link #list} returns messages in one
 *       state ordered by creation time, then id.</li>
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
     * @param message the message, pending or suppressed
     * @return {@code true} if it was added
     */
    boolean append(OutboxMessage message);

    /**
     * Adds a message unless one with its id exists, within the caller's transaction.
     *
     * @param message the message, pending or suppressed
     * @param transaction the caller's transaction
     * @return {@code true} if it was added (to be kept when the transaction commits)
     * @throws ro.clickphone.privacy.spi.ConfigurationException if the store cannot join that transaction
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
}
