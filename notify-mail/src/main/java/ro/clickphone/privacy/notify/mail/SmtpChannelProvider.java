package ro.clickphone.privacy.notify.mail;

import java.util.Map;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;

/**
 * Opens an {@link SmtpChannel}: the provider named {@code smtp}, found by
 * {@link java.util.ServiceLoader}. Its settings are those of {@link SmtpSettings#fromMap(Map)}.
 *
 * @since 0.1.0
 */
public final class SmtpChannelProvider implements NotificationChannelProvider {

    /** For {@link java.util.ServiceLoader}. */
    public SmtpChannelProvider() {
        // nothing to set up: a provider is only a factory
    }

    @Override
    public String name() {
        return "smtp";
    }

    /**
     * Opens a channel on the system clock (UTC). No connection is made until the first message.
     *
     * @param settings the settings {@link SmtpSettings#fromMap(Map)} reads
     * @return the channel
     * @throws ro.clickphone.privacy.spi.ConfigurationException if a key is unknown, a required one
     *     is missing or a value is malformed; the message names the key, never a value
     */
    @Override
    public NotificationChannel open(Map<String, String> settings) {
        return SmtpChannel.open(SmtpSettings.fromMap(settings));
    }

    @Override
    public String toString() {
        return "SmtpChannelProvider";
    }
}
