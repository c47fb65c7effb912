package ro.clickphone.privacy.core.notify.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelProvider;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * The kit's channels: those given to the builder, in the order given, then those opened through the
 * {@link NotificationChannelProvider}s the settings name ({@code channels=mailbox,smtp}), in that
 * order. A provider is only ever opened when named; discovery errors are caught per provider and
 * reported when a named one is missing. The kit closes the channels it opened, never those it was given.
 *
 * <p>Immutable once opened; thread-safe.
 */
public final class ChannelRegistry {

    /** The settings key that lists the providers to open. */
    public static final String CHANNELS_KEY = "channels";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    private final Map<String, NotificationChannel> channels;
    private final List<NotificationChannel> opened;

    private ChannelRegistry(Map<String, NotificationChannel> channels, List<NotificationChannel> opened) {
        this.channels = Collections.unmodifiableMap(channels);
        this.opened = List.copyOf(opened);
    }

    /**
     * Checks a channel given to the builder: a lower-case id and at least one medium.
     *
     * @param channel the channel
     * @return its id
     * @throws InvalidInputException if it is null or its id or media are malformed
     */
    public static String checkChannel(NotificationChannel channel) {
        if (channel == null) {
            throw new InvalidInputException("channel", "must not be null");
        }
        String id = channel.id();
        if (!Names.isName(id)) {
            throw new InvalidInputException("channel.id", Names.RULE);
        }
        Set<Medium> media = channel.media();
        if (media == null || media.isEmpty() || media.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("channel.media", "must hold at least one medium (channel " + id + ")");
        }
        return id;
    }

    /**
     * Opens the registry.
     *
     * @param given the channels given to the builder, in order
     * @param settings the channel settings, or null if none were given
     * @param loader where providers are looked for
     * @return the registry
     * @throws ConfigurationException if the settings are malformed, name a provider that is not found
     *     or fails to open, or two channels share an id
     */
    public static ChannelRegistry open(List<NotificationChannel> given, Map<String, String> settings,
            ServiceLoader<NotificationChannelProvider> loader) {
        Map<String, NotificationChannel> channels = new LinkedHashMap<>();
        for (NotificationChannel channel : given) {
            channels.put(checkChannel(channel), channel);
        }
        List<NotificationChannel> opened = new ArrayList<>();
        if (settings == null) {
            return new ChannelRegistry(channels, opened);
        }
        Map<String, Map<String, String>> byProvider = parse(settings);
        if (byProvider.isEmpty()) {
            return new ChannelRegistry(channels, opened);
        }
        Map<String, NotificationChannelProvider> found = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        loader.stream().forEach(p -> {
            try {
                NotificationChannelProvider provider = p.get();
                found.putIfAbsent(provider.name(), provider);
            } catch (ServiceConfigurationError | RuntimeException e) {
                errors.add(e.getClass().getSimpleName());
            }
        });
        try {
            for (Map.Entry<String, Map<String, String>> entry : byProvider.entrySet()) {
                String name = entry.getKey();
                NotificationChannelProvider provider = found.get(name);
                if (provider == null) {
                    throw new ConfigurationException("No notification channel provider named '" + name + "' was found"
                            + " (found: " + found.keySet() + (errors.isEmpty() ? "" : "; providers that failed to load: "
                            + errors) + "): put its module on the class path, e.g. clickphone-privacy-notify-mail for"
                            + " mailbox and smtp");
                }
                NotificationChannel channel = openOne(provider, name, entry.getValue());
                opened.add(channel);
                String id = checkOpened(channel, name);
                if (channels.putIfAbsent(id, channel) != null) {
                    throw new ConfigurationException("Two notification channels have the id '" + id + "'; ids are"
                            + " unique within a kit");
                }
            }
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
        return new ChannelRegistry(channels, opened);
    }

    private static NotificationChannel openOne(NotificationChannelProvider provider, String name,
            Map<String, String> settings) {
        NotificationChannel channel;
        try {
            channel = provider.open(Collections.unmodifiableMap(settings));
        } catch (ConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not the provider's message: a setting's value (a password) might be in it.
            throw new ConfigurationException("The notification channel provider '" + name + "' failed to open: "
                    + e.getClass().getSimpleName());
        }
        if (channel == null) {
            throw new ConfigurationException("The notification channel provider '" + name + "' opened no channel");
        }
        return channel;
    }

    private static String checkOpened(NotificationChannel channel, String name) {
        try {
            return checkChannel(channel);
        } catch (InvalidInputException e) {
            throw new ConfigurationException("The channel of provider '" + name + "' is malformed: " + e.getMessage());
        }
    }

    /** The settings grouped by provider, in the order {@code channels} lists them. */
    private static Map<String, Map<String, String>> parse(Map<String, String> settings) {
        String list = settings.get(CHANNELS_KEY);
        if (list == null) {
            throw new ConfigurationException("Channel settings need '" + CHANNELS_KEY + "', the providers to open,"
                    + " e.g. channels=mailbox,smtp");
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String part : list.split(",", -1)) {
            String name = part.strip();
            if (name.isEmpty() && list.isBlank()) {
                continue;
            }
            if (!Names.isName(name)) {
                throw new ConfigurationException("'" + CHANNELS_KEY + "' lists provider names separated by commas, each "
                        + Names.RULE);
            }
            if (out.putIfAbsent(name, new TreeMap<>()) != null) {
                throw new ConfigurationException("'" + CHANNELS_KEY + "' lists '" + name + "' twice");
            }
        }
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            String key = entry.getKey();
            if (key == null || entry.getValue() == null) {
                throw new ConfigurationException("Channel settings hold a null key or value");
            }
            if (key.equals(CHANNELS_KEY)) {
                continue;
            }
            int dot = key.indexOf('.');
            Map<String, String> own = dot > 0 ? out.get(key.substring(0, dot)) : null;
            if (own == null || dot == key.length() - 1) {
                throw new ConfigurationException("The channel setting '" + shownKey(key) + "' belongs to no provider"
                        + " that '" + CHANNELS_KEY + "' lists " + new TreeSet<>(out.keySet())
                        + "; provider settings are <provider>.<key>, e.g. mailbox.folder");
            }
            own.put(key.substring(dot + 1), entry.getValue());
        }
        return out;
    }

    /** A key as a message may show it: one that looks like a setting's name, or not at all. */
    private static String shownKey(String key) {
        return key.matches("[A-Za-z0-9._-]{1,64}") ? key : "(key not shown)";
    }

    /**
     * The channels by id, in the order they were given and opened.
     *
     * @return the channels
     */
    public Map<String, NotificationChannel> channels() {
        return channels;
    }

    /**
     * Whether the kit has no channel.
     *
     * @return {@code true} if none was given or opened
     */
    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /**
     * Where a message of a type goes: the first of the type's media that a channel serves and the
     * subject has an address for, else the first a channel serves (the message then dead-letters as
     * {@code no-address} unless an address is added before its delivery).
     *
     * @param type the type
     * @param contacts the subject's contacts, if known
     * @return the channel's id and the medium
     * @throws ConfigurationException if no channel serves any of the type's media
     */
    public Route route(NotificationTypeDefinition type, Optional<SubjectContacts> contacts) {
        Route fallback = null;
        for (String id : type.channels()) {
            Medium medium = Medium.of(id);
            for (NotificationChannel channel : channels.values()) {
                if (channel.media().contains(medium)) {
                    Route route = new Route(channel.id(), medium);
                    if (contacts.flatMap(c -> c.address(medium)).isPresent()) {
                        return route;
                    }
                    if (fallback == null) {
                        fallback = route;
                    }
                    break;
                }
            }
        }
        if (fallback == null) {
            throw new ConfigurationException("No notification channel serves " + type.channels() + ", the media of "
                    + type.type() + ": give the kit's builder .channel(...) or channel settings for one");
        }
        return fallback;
    }

    /**
     * Closes the channels the kit opened through providers, each apart: one that fails is logged by
     * its id and does not keep the others open.
     */
    public void closeOpened() {
        closeAll(opened);
    }

    private static void closeAll(List<NotificationChannel> channels) {
        for (NotificationChannel channel : channels) {
            try {
                channel.close();
            } catch (RuntimeException e) {
                LOG.warn("Notification channel {} failed to close: {}", safeId(channel), e.getClass().getSimpleName());
            }
        }
    }

    private static String safeId(NotificationChannel channel) {
        try {
            String id = channel.id();
            return Names.isName(id) ? id : "(malformed id)";
        } catch (RuntimeException e) {
            return "(no id)";
        }
    }

    /**
     * Where a message goes.
     *
     * @param channel the channel's id
     * @param medium the medium
     */
    public record Route(String channel, Medium medium) {
    }

    @Override
    public String toString() {
        return "ChannelRegistry" + channels.keySet();
    }
}
