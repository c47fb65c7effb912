package ro.clickphone.privacy.spi.notify;

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
 *   <li><b>Idempotent per key:</b> {@link #send} called twice with the same
 *       {@link OutboundMessage#idempotencyKey()} delivers at most once; the second call returns a
 *       receipt for the first delivery (or the same permanent failure). The dispatcher relies on it to close
 *       the window between a channel's acceptance and the outbox's record of it: after a crash in
 *       that window, the message is sent again with the same key. A transient failure does not use
 *       the key up: a later call with it tries again.</li>
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
 *   <li><b>Bounded:</b> a channel bounds its own network waits (connect and read time-outs); the
 *       dispatcher also abandons an attempt that overruns its time-out and counts it as transient.</li>
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
     * Releases the channel's resources (connections, files). The kit closes the channels it opened
     * through a {@link NotificationChannelProvider}; a channel given to the builder belongs to the
     * caller. The default does nothing.
     */
    @Override
    default void close() {
    }
}
