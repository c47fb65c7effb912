package ro.clickphone.privacy.core.notify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * A provider on the test class path ({@code META-INF/services}), named {@code probe}: it tells the
 * tests whether the kit opened it, and whether the kit closed what it opened.
 */
public final class ProbeChannelProvider implements NotificationChannelProvider {

    private static final AtomicInteger OPENED = new AtomicInteger();
    private static final AtomicReference<Probe> LAST = new AtomicReference<>();

    /** A channel that delivers nothing and remembers being closed. */
    public static final class Probe implements NotificationChannel {
        private volatile boolean closed;

        @Override
        public String id() {
            return "probe";
        }

        @Override
        public Set<Medium> media() {
            return Set.of(Medium.WEBHOOK);
        }

        @Override
        public DeliveryResult send(OutboundMessage message) {
            return DeliveryFailure.permanentFailure("probe");
        }

        @Override
        public void close() {
            closed = true;
        }

        public boolean closed() {
            return closed;
        }
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public NotificationChannel open(Map<String, String> settings) {
        Probe probe = new Probe();
        OPENED.incrementAndGet();
        LAST.set(probe);
        return probe;
    }

    public static int opened() {
        return OPENED.get();
    }

    public static Probe lastOpened() {
        return LAST.get();
    }
}
