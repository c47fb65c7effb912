package ro.clickphone.privacy.spi.notify.archfixture;

import java.util.Set;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** Fixture: a channel that is handed the subject beside the message. */
public final class SubjectAwareChannel implements NotificationChannel {

    @Override
    public String id() {
        return "aware";
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        return DeliveryFailure.permanentFailure("no-subject");
    }

    public DeliveryResult send(OutboundMessage message, SubjectId subject) {
        return send(message);
    }
}
