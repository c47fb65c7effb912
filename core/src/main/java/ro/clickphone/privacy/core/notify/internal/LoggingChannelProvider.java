package ro.clickphone.privacy.core.notify.internal;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import ro.clickphone.privacy.core.notify.LoggingChannel;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;

/**
 * Opens the {@link LoggingChannel} when the settings name {@code logging}; its one setting is
 * {@code media}, a comma-separated list of medium ids ({@code EMAIL} when absent). Found by
 * {@link java.util.ServiceLoader}; public for it alone.
 */
public final class LoggingChannelProvider implements NotificationChannelProvider {

    /** The constructor {@link java.util.ServiceLoader} calls. */
    public LoggingChannelProvider() {
    }

    @Override
    public String name() {
        return LoggingChannel.ID;
    }

    @Override
    public NotificationChannel open(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!key.equals("media")) {
                throw new ConfigurationException("The logging channel has no setting '" + key + "'; it takes media");
            }
        }
        String list = settings.getOrDefault("media", Medium.EMAIL.id());
        Set<Medium> media = new HashSet<>();
        for (String id : list.split(",", -1)) {
            try {
                media.add(Medium.of(id.strip()));
            } catch (InvalidInputException e) {
                throw new ConfigurationException("logging.media must list medium ids such as EMAIL,SMS");
            }
        }
        return new LoggingChannel(media, Clock.systemUTC());
    }

    @Override
    public String toString() {
        return "LoggingChannelProvider";
    }
}
