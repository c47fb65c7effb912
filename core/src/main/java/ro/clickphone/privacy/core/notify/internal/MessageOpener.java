package ro.clickphone.privacy.core.notify.internal;

import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.notify.OutboxMessage;

/**
 * Turns a claimed outbox message into what its channel gets, at delivery time (address from the
 * ContactDirectory, unsealed text, attachments opened and decrypted lazily).
 *
 * <p>Called by the {@link Dispatcher} once per try, from the channel's worker thread; may be called
 * from several threads at once.
 */
public interface MessageOpener {

    /**
     * Prepares a message for its channel.
     *
     * @param message the claimed message
     * @return what the channel sends
     * @throws DeliveryProblem if the message cannot be prepared; permanent() tells whether a retry can help
     */
    OutboundMessage open(OutboxMessage message);
}
