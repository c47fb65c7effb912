package ro.clickphone.privacy.spi.notify;

/**
 * What a {@link NotificationChannel} says of one delivery attempt: a {@link DeliveryReceipt} or a
 * {@link DeliveryFailure}.
 *
 * @since 0.1.0
 */
public sealed interface DeliveryResult permits DeliveryReceipt, DeliveryFailure {

    /**
     * Whether the channel accepted the message.
     *
     * @return {@code true} for a receipt
     */
    default boolean delivered() {
        return this instanceof DeliveryReceipt;
    }
}
