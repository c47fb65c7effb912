package ro.clickphone.privacy.core.notify.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.core.policy.PayloadKind;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.mask.Masking;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Minimization and formatting of a payload: only the fields the type declares, each checked for its
 * kind, masked where the policy says the reader does not need it whole, and written for the
 * language (times in the policy's zone). Every message names the key, never the value.
 */
final class PayloadValues {

    /** The most characters of a text field. */
    static final int MAX_TEXT = 2000;

    private PayloadValues() {
    }

    /**
     * Checks that a payload carries only declared keys and every required one, before anything else is
     * decided about the message.
     *
     * @throws InvalidInputException naming the first offending key (if it has the shape of a field name)
     */
    static void checkKeys(NotificationTypeDefinition type, Map<String, ?> payload) {
        if (payload == null) {
            throw new InvalidInputException("payload", "must not be null; give Map.of() for a type without fields");
        }
        for (Map.Entry<String, ?> entry : payload.entrySet()) {
            String key = entry.getKey();
            if (key == null) {
                throw new InvalidInputException("payload", "holds a null key");
            }
            if (type.payloadField(key).isEmpty()) {
                throw new InvalidInputException(shownKey(key), "is not a payload field of " + type.type()
                        + ", which declares " + names(type) + ": a message carries only what its type declares");
            }
        }
        for (PayloadField field : type.payload()) {
            if (!field.optional() && payload.get(field.name()) == null) {
                throw new InvalidInputException("payload." + field.name(), "is required for " + type.type());
            }
        }
    }

    /**
     * The template's values: each declared field written for the language, absent optional fields as
     * null (a template's section over them is skipped).
     */
    static Map<String, Object> format(NotificationTypeDefinition type, Map<String, ?> payload, Policy policy,
            LanguageFormat language, Properties categoryLabels) {
        checkKeys(type, payload);
        Map<String, Object> out = new HashMap<>();
        for (PayloadField field : type.payload()) {
            Object value = payload.get(field.name());
            out.put(field.name(), value == null ? null : format(field, value, policy, language, categoryLabels));
        }
        return out;
    }

    private static Object format(PayloadField field, Object value, Policy policy, LanguageFormat language,
            Properties categoryLabels) {
        String key = "payload." + field.name();
        return switch (field.kind()) {
            case PHONE -> {
                String number = text(value, key, 64, "must be a phone number (a String)");
                String masked = masked(() -> Masking.phone(number, "RO"), key, "must be a phone number");
                yield field.masked() ? masked : number.strip();
            }
            case IP_ADDRESS -> {
                String ip = text(value, key, 64, "must be an IP address (a String)");
                String masked = masked(() -> Masking.ip(ip.strip()), key, "must be an IPv4 or IPv6 literal");
                yield field.masked() ? masked : ip.strip();
            }
            case AMOUNT -> language.amount(amount(value, key));
            case DATE_TIME -> language.dateTime(instant(value, key), policy.timeZone());
            case DATE -> {
                if (!(value instanceof LocalDate day)) {
                    throw new InvalidInputException(key, "must be a LocalDate");
                }
                yield language.date(day);
            }
            case DURATION -> {
                if (!(value instanceof Duration duration) || duration.isNegative()) {
                    throw new InvalidInputException(key, "must be a Duration, not negative");
                }
                yield language.duration(duration);
            }
            case COUNT -> language.count(count(value, key));
            case TEXT -> {
                String text = text(value, key, MAX_TEXT, "must be a String of at most " + MAX_TEXT + " characters");
                if (text.isBlank()) {
                    throw new InvalidInputException(key, "must not be blank; leave out an optional field instead");
                }
                yield field.masked() ? Masking.text(text) : text.strip();
            }
            case URL -> url(value, key);
            case CATEGORY_LIST -> categories(value, key, policy, categoryLabels);
            case FLAG -> {
                if (!(value instanceof Boolean flag)) {
                    throw new InvalidInputException(key, "must be a Boolean");
                }
                yield flag;
            }
        };
    }

    private interface Masker {
        String mask();
    }

    /** Masks, and turns the masker's refusal into one that names the payload key. */
    private static String masked(Masker masker, String key, String rule) {
        try {
            return masker.mask();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(key, rule);
        }
    }

    /** One or more lines of text without control characters other than line breaks and tabs. */
    private static String text(Object value, String key, int max, String rule) {
        if (!(value instanceof CharSequence chars) || chars.length() > max) {
            throw new InvalidInputException(key, rule);
        }
        String text = chars.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new InvalidInputException(key, "must not hold control characters other than line breaks and tabs");
            }
        }
        return text.replace("\r", "");
    }

    private static BigDecimal amount(Object value, String key) {
        BigDecimal amount;
        if (value instanceof BigDecimal decimal) {
            amount = decimal;
        } else if (value instanceof BigInteger integer) {
            amount = new BigDecimal(integer);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            amount = BigDecimal.valueOf(((Number) value).longValue());
        } else {
            throw new InvalidInputException(key, "must be a BigDecimal, BigInteger, Long or Integer (an amount of"
                    + " money is never a binary floating-point number)");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidInputException(key, "must have at most two decimals (bani)");
        }
        if (amount.abs().compareTo(new BigDecimal("1e15")) >= 0) {
            throw new InvalidInputException(key, "is out of range");
        }
        return amount;
    }

    private static BigInteger count(Object value, String key) {
        BigInteger count;
        if (value instanceof BigInteger integer) {
            count = integer;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            count = BigInteger.valueOf(((Number) value).longValue());
        } else {
            throw new InvalidInputException(key, "must be an Integer, Long or BigInteger");
        }
        if (count.signum() < 0 || count.bitLength() > 63) {
            throw new InvalidInputException(key, "must be a whole number from 0 to Long.MAX_VALUE");
        }
        return count;
    }

    private static Instant instant(Object value, String key) {
        if (value instanceof Instant instant) {
            return instant;
        } else if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        } else if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new InvalidInputException(key, "must be an Instant, ZonedDateTime or OffsetDateTime (a LocalDateTime"
                + " has no zone)");
    }

    private static String url(Object value, String key) {
        String text = value instanceof URI uri ? uri.toString() : value instanceof CharSequence c ? c.toString() : null;
        String rule = "must be an https link without user information, at most " + MAX_TEXT + " characters";
        if (text == null || text.length() > MAX_TEXT) {
            throw new InvalidInputException(key, rule);
        }
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new InvalidInputException(key, rule);
            }
            return uri.toASCIIString();
        } catch (URISyntaxException e) {
            throw new InvalidInputException(key, rule);
        }
    }

    private static List<String> categories(Object value, String key, Policy policy, Properties labels) {
        if (!(value instanceof Collection<?> items) || items.isEmpty()) {
            throw new InvalidInputException(key, "must be a non-empty collection of data categories");
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            DataCategory category;
            if (item instanceof DataCategory c) {
                category = c;
            } else if (item instanceof String id) {
                try {
                    category = DataCategory.of(id);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(key, "holds a malformed category id");
                }
            } else {
                throw new InvalidInputException(key, "must hold DataCategory values or their ids");
            }
            if (!policy.declares(category)) {
                throw new InvalidInputException(key, "holds category " + category.id() + ", which the policy does not"
                        + " declare");
            }
            String label = labels.getProperty(category.id(), policy.category(category).name());
            if (!out.contains(label)) {
                out.add(label);
            }
        }
        return out;
    }

    /** The key as the message may show it: a field name's shape, or not at all. */
    private static String shownKey(String key) {
        return PayloadField.NAME.matcher(key).matches() ? "payload." + key : "payload (key not shown)";
    }

    private static String names(NotificationTypeDefinition type) {
        List<String> names = new ArrayList<>();
        type.payload().forEach(f -> names.add(f.name()));
        return names.isEmpty() ? "no fields" : names.toString();
    }

    /** Lower-case of a language tag, in the root locale (a Turkish JVM lower-cases I to a dotless ı). */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
