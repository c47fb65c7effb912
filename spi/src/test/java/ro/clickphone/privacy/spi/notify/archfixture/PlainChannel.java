package ro.clickphone.privacy.spi.notify.archfixture;

import java.util.Set;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** Fixture: a channel that sees the message only. */
public final class PlainChannel implements NotificationChannel {

    @Override
    public String id() {
        return "plain";
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.SMS);
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return new DeliveryReceipt("plain", "p-1", java.time.Instant.EPOCH);
    }
}
