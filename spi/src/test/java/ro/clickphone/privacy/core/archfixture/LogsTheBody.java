package ro.clickphone.privacy.core.archfixture;

import java.util.Set;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** Fixture: a channel in core that reads the message's text, which core's channels must not. */
public final class LogsTheBody implements NotificationChannel {

    @Override
    public String id() {
        return "leaky";
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return DeliveryFailure.transientFailure(message.body().isEmpty() ? "empty" : "full");
    }
}
