package ro.clickphone.privacy.core.incident;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.IncidentClock;

/** The argument checks of the register's values; every failure names the argument, never the value. */
final class Check {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Check() {
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** A one-line text: present, not blank, no control characters, no surrounding white space, no lone surrogate. */
    static String text(String value, String name, int max) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new InvalidInputException(name, "must not be blank");
        }
        if (value.length() > max) {
            throw new InvalidInputException(name, "must be at most " + max + " characters long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(name, "must not contain control characters (one line)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(name, "must not contain an unpaired surrogate (malformed UTF-16)");
            }
        }
        if (!value.strip().equals(value)) {
            throw new InvalidInputException(name, "must not start or end with white space");
        }
        return value;
    }

    static Optional<String> optionalText(Optional<String> value, String name, int max) {
        notNull(value, name);
        value.ifPresent(v -> text(v, name, max));
        return value;
    }

    static Instant instant(Instant value, String name) {
        notNull(value, name);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidInputException(name, "must lie between 1970-01-01 and 9999-12-31 (UTC)");
        }
        return value;
    }

    /** A copy of a list that holds no null. */
    static <T> java.util.List<T> list(java.util.List<T> values, String name) {
        notNull(values, name);
        for (T value : values) {
            notNull(value, name);
        }
        return java.util.List.copyOf(values);
    }

    static Set<DataCategory> categories(Set<DataCategory> categories, String name) {
        notNull(categories, name);
        TreeSet<DataCategory> sorted = new TreeSet<>(Comparator.comparing(DataCategory::id));
        for (DataCategory category : categories) {
            sorted.add(notNull(category, name));
        }
        if (sorted.isEmpty()) {
            throw new InvalidInputException(name, "must name at least one category of data");
        }
        return Collections.unmodifiableSet(sorted);
    }

    private static final java.util.regex.Pattern SUBJECT_CATEGORY = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /** A sorted, unmodifiable copy of a non-empty set of ids of categories of data subjects. */
    static Set<String> subjectCategories(Set<String> values, String name) {
        notNull(values, name);
        TreeSet<String> sorted = new TreeSet<>();
        for (String value : values) {
            if (value == null || !SUBJECT_CATEGORY.matcher(value).matches()) {
                throw new InvalidInputException(name, "must hold ids of the policy's categories of data subjects:"
                        + " upper-case letters, digits and _, e.g. CUSTOMER");
            }
            sorted.add(value);
        }
        if (sorted.isEmpty()) {
            throw new InvalidInputException(name, "must name at least one category of data subjects");
        }
        return Collections.unmodifiableSet(sorted);
    }

    /** The clocks, copied; the two clocks of Regulation (EU) No 611/2013 only together. */
    static Set<IncidentClock> clocks(Set<IncidentClock> clocks, String name) {
        notNull(clocks, name);
        EnumSet<IncidentClock> copy = EnumSet.noneOf(IncidentClock.class);
        for (IncidentClock clock : clocks) {
            copy.add(notNull(clock, name));
        }
        if (copy.contains(IncidentClock.EPRIVACY_INITIAL_24H) != copy.contains(IncidentClock.EPRIVACY_FULL_3D)) {
            throw new IncidentException(name, IncidentException.Rule.EPRIVACY_CLOCKS_APART, "the initial (24 h) and"
                    + " the full (3 days) notice of Regulation (EU) No 611/2013 apply together: choose both or neither");
        }
        return Collections.unmodifiableSet(copy);
    }
}
