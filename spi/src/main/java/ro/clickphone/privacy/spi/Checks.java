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

    private static final Pattern IPV4 = Pattern.compile(".*(?<![0-9])[0-9]{1,3}(\\.[0-9]{1,3}){3}(?![0-9]).*");
    private static final Pattern IPV6 = Pattern.compile(".*([0-9A-Fa-f]{0,4}::[0-9A-Fa-f]{0,4}|"
            + "[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){3,}).*");
    private static final int PHONE_DIGITS = 9;

    /**
     * Whether a short code has the shape of personal data: an e-mail address, a phone number (nine
     * or more digits once spaces, dots, dashes, slashes, brackets and plus signs are dropped), or an
     * IPv4 or IPv6 address. A heuristic for values that must be codes: it cannot recognise a name.
     */
    static boolean looksLikePersonalData(String value) {
        if (value.indexOf('@') >= 0) {
            return true;
        }
        // A phone number is a run of digits, with separators, that stands on its own: a run glued to
        // letters is part of a code or a hex id, not a number someone dials.
        int digits = 0;
        int runStart = -1;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ' ';
            if (c >= '0' && c <= '9') {
                if (runStart < 0) {
                    runStart = i;
                }
                digits++;
            } else if (runStart >= 0 && " .-/()+".indexOf(c) >= 0 && i < value.length()) {
                continue;
            } else {
                if (digits >= PHONE_DIGITS && !isLetter(value, runStart - 1) && !isLetter(value, i)) {
                    return true;
                }
                digits = 0;
                runStart = -1;
            }
        }
        return IPV4.matcher(value).matches() || IPV6.matcher(value).matches();
    }

    private static boolean isLetter(String value, int index) {
        return index >= 0 && index < value.length() && Character.isLetter(value.charAt(index));
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
