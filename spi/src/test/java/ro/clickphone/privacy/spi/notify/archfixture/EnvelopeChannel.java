package ro.clickphone.privacy.spi.notify.archfixture;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.keys.StoredKey;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** Fixture: a channel whose extra method returns an envelope that holds, deep down, the subject's keys. */
public final class EnvelopeChannel implements NotificationChannel {

    /** What the channel hands back: the message and, in a nested generic, the subject's keys. */
    public record Envelope(OutboundMessage message, Optional<List<StoredKey>> keys) {
    }

    @Override
    public String id() {
        return "envelope";
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return DeliveryFailure.permanentFailure("no-envelope");
    }

    public Envelope last() {
        return null;
    }
}
