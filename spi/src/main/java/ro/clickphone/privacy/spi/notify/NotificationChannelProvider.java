package ro.clickphone.privacy.spi.notify;

import java.util.Map;

/**
 * Opens a {@link NotificationChannel} from settings: what {@link java.util.ServiceLoader} finds
 * (list the implementation in
 * {@code META-INF/services/ro.clickphone.privacy.spi.notify.NotificationChannelProvider}).
 *
 * <p>A provider is only a factory: the kit opens a channel through it only when the kit's settings
 * name the provider. No channel is ever opened by default, so a forgotten configuration fails
 * loudly instead of notifying nobody (or logging what should have been mailed).
 *
 * @since 0.1.0
 */
public interface NotificationChannelProvider {

    /**
     * The name settings use to ask for this provider's channel, e.g. {@code smtp}; also the
     * opened channel's default {@link NotificationChannel#id()}.
     *
     * @return a lower-case name
     */
    String name();

    /**
     * Opens a channel.
     *
     * @param settings the provider's settings, keys without the provider's prefix (e.g.
     *     {@code host}, {@code port}, {@code starttls}); never null
     * @return the channel
     * @throws ro.clickphone.privacy.spi.ConfigurationException if a setting is missing or malformed;
     *     the message names the key, never a password
     */
    NotificationChannel open(Map<String, String> settings);
}
