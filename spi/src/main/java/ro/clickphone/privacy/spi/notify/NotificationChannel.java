package ro.clickphone.privacy.spi.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers rendered messages on the media it serves: an SMTP server, a folder of {@code .eml}
 * files, an SMS gateway, a webhook.
 *
 * <p>A channel gets only what it must deliver — the {@link OutboundMessage}: the address, subject
 * line, body, attachments and idempotency key — never the subject's record, consent or identity.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Idempotent per key, on one instance:</b> {@link #send} called twice on the same
 *       channel instance with the same {@link OutboundMessage#idempotencyKey()} delivers at most
 *       once; the second call returns a receipt for the first delivery. A failure is not
 *       remembered: a later call with the key tries again (an operator who fixed a refused address
 *       requeues the dead letter, and it must be able to succeed). The dispatcher relies on this to
 *       close the window between a channel's acceptance and the outbox's record of it (an outbox
 *       failure, a lost lease): the message is sent again with the same key and gets the first
 *       receipt.</li>
 *   <li><b>Across restarts only if declared:</b> whether that idempotency survives the instance —
 *       a restart of the process, or another process on the same backing state (the same folder,
 *       the same gateway account) — is what {@link #idempotentAcrossRestarts()} says. If it does
 *       not (the default, and SMTP's case: its memory is per process), a crash or a stop between
 *       the channel's acceptance and the outbox's record can deliver the message twice: once
 *       before, once by the next process.</li>
 *   <li><b>Attachments:</b> read while sending, and every stream opened is closed. A channel that
 *       cannot carry attachments on a medium fails such a message permanently rather than deliver
 *       it without them; one it cannot read now ({@link java.io.IOException}) is a transient
 *       failure, with nothing delivered.</li>
 *   <li><b>Typed failures:</b> a failure is a returned {@link DeliveryFailure}, transient (try again
 *       later: a server down, a timeout) or permanent (never: an address refused). An unchecked
 *       exception thrown from {@code send} counts as a transient failure.</li>
 *   <li><b>No personal data out:</b> receipts' references and failures' codes never carry the
 *       address, subject line or body; the channel never logs them.</li>
 *   <li><b>Thread safety:</b> {@code send} may be called from several threads at once.</li>
 *   <li><b>Bounded:</b> a channel bounds its own network waits (connect and read time-outs), and
 *       declares in {@link #sendTimeLimit()} the longest a whole send can take if it enforces one.
 *       The dispatcher abandons a try that overruns its own time-out but keeps the message claimed
 *       until the abandoned send has ended, and records what it ended with.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface NotificationChannel extends AutoCloseable {

    /**
     * The channel's id, unique within a kit: a lower-case name such as {@code smtp} or {@code mailbox}.
     *
     * @return the id
     */
    String id();

    /**
     * The media this channel delivers on.
     *
     * @return a non-empty set
     */
    Set<Medium> media();

    /**
     * Delivers one message.
     *
     * @param message the message
     * @return a receipt, or a typed failure
     */
    DeliveryResult send(OutboundMessage message);

    /**
     * Whether this channel's idempotency per key survives its instance: a channel opened afresh on
     * the same backing state (after a restart, or in another process: the same folder, the same
     * gateway account that de-duplicates on the key) still delivers a key at most once and returns
     * the first delivery's receipt. {@code NotificationChannelContract} proves a channel that says
     * so. The default, {@code false}, promises idempotency within one instance only.
     *
     * @return {@code true} if a key delivered by any instance on the same backing state is never
     *     delivered again
     */
    default boolean idempotentAcrossRestarts() {
        return false;
    }

    /**
     * The longest one {@link #send} can run, if the channel enforces a limit on the whole send
     * (closing its connection when the limit is reached), whatever its individual waits. The
     * dispatcher refuses an attempt time-out shorter than this limit: it would abandon sends that
     * are still healthy. The default, empty, means the channel does not bound a whole send (its
     * individual waits may still be bounded).
     *
     * @return the limit, or empty
     */
    default Optional<Duration> sendTimeLimit() {
        return Optional.empty();
    }

    /**
     * Releases the channel's resources (connections, files). The kit closes the channels it opened
     * through a {@link NotificationChannelProvider}; a channel given to the builder belongs to the
     * caller. The default does nothing.
     */
    @Override
    default void close() {
    }
}
