package ro.clickphone.privacy.notify.mail.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * A provider's settings, read with checks: an unknown key (a typo) fails, and every message names
 * the provider and the key, never the value (one of them is a password).
 */
public final class Settings {

    private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");

    private final String provider;
    private final Map<String, String> values;

    private Settings(String provider, Map<String, String> values) {
        this.provider = provider;
        this.values = values;
    }

    /**
     * Reads settings.
     *
     * @param provider the provider's name, for messages
     * @param values the settings
     * @param known the keys the provider reads
     * @return the settings
     * @throws ConfigurationException if the map is null, or has a key the provider does not know
     */
    public static Settings of(String provider, Map<String, String> values, Set<String> known) {
        if (values == null) {
            throw new ConfigurationException("the " + provider + " channel's settings are missing");
        }
        for (String key : values.keySet()) {
            if (key == null || !known.contains(key)) {
                throw new ConfigurationException("the " + provider + " channel has no setting named '" + key
                        + "'; it knows " + new TreeSet<>(known));
            }
        }
        return new Settings(provider, Map.copyOf(values));
    }

    /**
     * A setting that must be there.
     *
     * @param key the key
     * @return its value, not blank
     * @throws ConfigurationException if it is missing or blank
     */
    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigurationException(
                "the " + provider + " channel needs the setting '" + key + "'"));
    }

    /**
     * A setting that may be missing; a blank value counts as missing.
     *
     * @param key the key
     * @return its value, trimmed, if given
     */
    public Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * A setting given as is: not trimmed (a password may end in a space).
     *
     * @param key the key
     * @return its value, if given and not empty
     */
    public Optional<String> raw(String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * A whole number in a range.
     *
     * @param key the key
     * @param fallback the value when the setting is missing
     * @param min the least value allowed
     * @param max the greatest value allowed
     * @return the number
     * @throws ConfigurationException if it is not a number in the range
     */
    public int integer(String key, int fallback, int min, int max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("the " + provider + " channel's setting '" + key
                + "' must be a whole number from " + min + " to " + max);
    }

    /**
     * A duration: {@code 500ms}, {@code 10s}, {@code 2m} or ISO-8601 ({@code PT10S}), positive and
     * at most {@code max}.
     *
     * @param key the key
     * @param fallback the value when the setting is missing
     * @param max the longest allowed
     * @return the duration
     * @throws ConfigurationException if it is malformed, not positive or too long
     */
    public Duration duration(String key, Duration fallback, Duration max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Duration value = null;
        Matcher m = SHORT_DURATION.matcher(text.get());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            value = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                value = Duration.parse(text.get());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new ConfigurationException("the " + provider + " channel's setting '" + key
                    + "' must be a positive duration of at most " + max.toSeconds() + "s, such as 500ms, 10s, 2m or PT10S");
        }
        return value;
    }

    /**
     * One of a few words.
     *
     * @param key the key
     * @param fallback the value when the setting is missing
     * @param allowed the words allowed, lower-case
     * @return the word
     * @throws ConfigurationException if it is not one of them
     */
    public String choice(String key, String fallback, Set<String> allowed) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(text.get())) {
            throw new ConfigurationException("the " + provider + " channel's setting '" + key + "' must be one of "
                    + new TreeSet<>(allowed));
        }
        return text.get();
    }
}
