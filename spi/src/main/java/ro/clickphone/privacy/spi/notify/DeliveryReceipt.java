package ro.clickphone.privacy.spi.notify;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A channel's acceptance of a message.
 *
 * @param channel the channel's id
 * @param reference the channel's own reference for the delivery (a file name, a server's queue id,
 *     a {@code Message-ID}): letters, digits and {@code . _ : @ < > -}, at most 200; never the address
 * @param acceptedAt when the channel accepted it
 *
 * @since 0.1.0
 */
public record DeliveryReceipt(String channel, String reference, Instant acceptedAt) implements DeliveryResult {

    private static final Syntax REFERENCE = Syntax.of("A-Za-z0-9<", "A-Za-z0-9._:@<>+=-", 1, 200);

    /**
     * Validates the components.
     *
     * @param channel the channel id, a lower-case name
     * @param reference the reference, as the type describes it
     * @param acceptedAt the time, as the type describes it
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a component is null or malformed
     */
    public DeliveryReceipt {
        if (!Names.isName(channel)) {
            throw new InvalidInputException("receipt.channel", Names.RULE);
        }
        Checks.identifier(reference, "receipt.reference", REFERENCE, "letters, digits and . _ : @ < > + = -, at most 200");
        Checks.notNull(acceptedAt, "receipt.acceptedAt");
    }
}
