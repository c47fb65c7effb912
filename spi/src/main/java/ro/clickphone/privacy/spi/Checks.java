package ro.clickphone.privacy.spi;

import java.util.regex.Pattern;

/**
 * Argument checks shared by the value types. Every failure names the argument and the rule it
 * broke, never the value: the value may be personal data.
 */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** Checks a free-form text: present, not blank, at most {@code maxLength} chars, no control characters. */
    static String text(String value, String name, int maxLength) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new InvalidInputException(name, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(name, "must be at most " + maxLength + " characters long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(name, "must not contain control characters");
            }
        }
        if (!value.strip().equals(value)) {
            throw new InvalidInputException(name, "must not start or end with white space");
        }
        return value;
    }

    /** Checks an identifier against {@code pattern}, whose human description is {@code rule}. */
    static String identifier(String value, String name, Pattern pattern, String rule) {
        notNull(value, name);
        if (value.isEmpty()) {
            throw new InvalidInputException(name, "must not be empty");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInputException(name, "must be " + rule);
        }
        return value;
    }
}
