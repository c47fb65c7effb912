package ro.clickphone.privacy.notify.mail;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import ro.clickphone.privacy.notify.mail.internal.Settings;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;

/**
 * Opens a {@link MailboxChannel}: the provider named {@code mailbox}, found by
 * {@link java.util.ServiceLoader}.
 *
 * <p>Settings: {@code folder} (required; created if missing) and {@code id} ({@code mailbox}).
 *
 * @since 0.1.0
 */
public final class MailboxChannelProvider implements NotificationChannelProvider {

    private static final Set<String> KEYS = Set.of("folder", "id");

    /** For {@link java.util.ServiceLoader}. */
    public MailboxChannelProvider() {
        // nothing to set up: a provider is only a factory
    }

    @Override
    public String name() {
        return "mailbox";
    }

    /**
     * Opens a channel on the system clock (UTC).
     *
     * @param settings {@code folder} and optionally {@code id}
     * @return the channel
     * @throws ConfigurationException if a key is unknown, the folder is missing or cannot be written to
     */
    @Override
    public NotificationChannel open(Map<String, String> settings) {
        Settings s = Settings.of("mailbox", settings, KEYS);
        Path folder;
        try {
            folder = Path.of(s.required("folder"));
        } catch (InvalidPathException e) {
            throw new ConfigurationException("the mailbox channel's 'folder' is not a valid path");
        }
        return MailboxChannel.open(s.optional("id").orElse(name()), folder, Clock.systemUTC());
    }

    @Override
    public String toString() {
        return "MailboxChannelProvider";
    }
}
