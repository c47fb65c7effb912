package ro.clickphone.privacy.spi.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Argument checks shared by the value types. Every failure names the argument and the rule it
 * broke, never the value: the value may be personal data.
 */
public final class Checks {

    private Checks() {
    }

    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** Copies a list, refusing a null list or a null element; the message names the list only. */
    public static <T> java.util.List<T> noNulls(java.util.List<T> list, String name) {
        notNull(list, name);
        for (T element : list) {
            if (element == null) {
                throw new InvalidInputException(name, "must not hold null");
            }
        }
        return java.util.List.copyOf(list);
    }

    /**
     * Whether a collection holds null, asked by iterating: {@code contains(null)} throws
     * {@code NullPointerException} on the JDK's immutable collections ({@code Set.of}, {@code List.of}).
     */
    public static boolean holdsNull(java.util.Collection<?> collection) {
        for (Object element : collection) {
            if (element == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks a free-form text: present, not blank, at most {@code maxLength} chars, no control
     * characters, no unpaired surrogate (which UTF-8 encodes as {@code ?}, so that two different
     * texts would become one identifier once hashed or stored).
     */
    public static String text(String value, String name, int maxLength) {
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
        wellFormed(value, name);
        if (!value.strip().equals(value)) {
            throw new InvalidInputException(name, "must not start or end with white space");
        }
        return value;
    }

    /**
     * Checks that a text is well-formed UTF-16: every surrogate belongs to a pair. An unpaired one
     * has no Unicode meaning, and encoders replace it with {@code ?}.
     */
    public static String wellFormed(String value, String name) {
        notNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(name, "must not contain an unpaired surrogate (malformed UTF-16)");
            }
        }
        return value;
    }

    /**
     * A short stand-in for an id that may be telling (a caller's idempotency key) in a
     * {@code toString()}: {@code #} and the first 12 hex digits of its SHA-256. Enough to tell two
     * ids apart in a log, not to read one back; it does not hide a key that is guessed and hashed.
     */
    public static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static final int PHONE_DIGITS = 9;
    /** E.164 numbers have at most 15 digits; with an international prefix such as 00, 17. Longer runs are ids. */
    private static final int MAX_DIALLED_DIGITS = 17;

    /**
     * Whether a short code has the shape of personal data: an e-mail address, a phone number (9 to 17
     * digits once spaces, dots, dashes, slashes, brackets and plus signs are dropped, not glued to
     * letters), or an IPv4 or IPv6 address. A heuristic for values that must be codes: it cannot recognise a name.
     */
    public static boolean looksLikePersonalData(String value) {
        // One cheap pass first: most codes have too few digits, dots or colons to be any of these.
        int digitCount = 0;
        int dots = 0;
        int colons = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '@') {
                return true;
            } else if (c >= '0' && c <= '9') {
                digitCount++;
            } else if (c == '.') {
                dots++;
            } else if (c == ':') {
                colons++;
            }
        }
        boolean maybeIpv4 = dots >= 3 && digitCount >= 4;
        boolean maybeIpv6 = colons >= 2;
        if (digitCount < PHONE_DIGITS && !maybeIpv4 && !maybeIpv6) {
            return false;
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
                if (digits >= PHONE_DIGITS && digits <= MAX_DIALLED_DIGITS && !isLetter(value, runStart - 1)
                        && !isLetter(value, i)) {
                    return true;
                }
                digits = 0;
                runStart = -1;
            }
        }
        return (maybeIpv4 && hasIpv4(value)) || (maybeIpv6 && (value.contains("::") || hasIpv6Groups(value)));
    }

    private static boolean isDigit(String s, int i) {
        return i >= 0 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Four dot-separated groups of one to three digits, not inside a longer run of digits. */
    private static boolean hasIpv4(String s) {
        for (int start = 0; start < s.length(); start++) {
            if (!isDigit(s, start) || isDigit(s, start - 1)) {
                continue;
            }
            int i = start;
            int groups = 0;
            while (groups < 4) {
                int digits = 0;
                while (isDigit(s, i) && digits < 4) {
                    i++;
                    digits++;
                }
                if (digits == 0 || digits > 3) {
                    break;
                }
                groups++;
                if (groups < 4) {
                    if (i < s.length() && s.charAt(i) == '.') {
                        i++;
                    } else {
                        break;
                    }
                }
            }
            if (groups == 4 && !isDigit(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** Four or more colon-separated groups of one to four hex digits, as in a full IPv6 address. */
    private static boolean hasIpv6Groups(String s) {
        int groups = 0;
        int groupLength = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (isHex(c)) {
                groupLength++;
                if (groupLength > 4) {
                    groups = 0;
                }
            } else if (c == ':' && groupLength >= 1 && groupLength <= 4) {
                groups++;
                groupLength = 0;
            } else {
                if (groupLength >= 1 && groupLength <= 4 && groups >= 3) {
                    return true;
                }
                groups = 0;
                groupLength = 0;
            }
        }
        return false;
    }

    private static boolean isLetter(String value, int index) {
        return index >= 0 && index < value.length() && Character.isLetter(value.charAt(index));
    }

    /** Checks an identifier against a {@link Syntax}, whose human description is {@code rule}. */
    public static String identifier(String value, String name, Syntax syntax, String rule) {
        notNull(value, name);
        if (value.isEmpty()) {
            throw new InvalidInputException(name, "must not be empty");
        }
        if (!syntax.matches(value)) {
            throw new InvalidInputException(name, "must be " + rule);
        }
        return value;
    }

    public static boolean containsLetter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLetter(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Checks an identifier against {@code pattern}, whose human description is {@code rule}. */
    public static String identifier(String value, String name, Pattern pattern, String rule) {
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
