package ro.clickphone.privacy.spi.internal;

/**
 * A compiled "first character, then characters" syntax for identifiers, checked with two table
 * look-ups per character instead of a regular expression: value types are built on hot paths (a
 * consent check, an audit append), where {@link java.util.regex.Pattern} costs more than the work.
 */
public final class Syntax {

    /** Upper-case identifiers such as category and purpose ids: {@code A-Z}, then {@code A-Z0-9_}, 1 to 64. */
    public static final Syntax UPPER_ID = Syntax.of("A-Z", "A-Z0-9_", 1, 64);

    private final boolean[] first = new boolean[128];
    private final boolean[] rest = new boolean[128];
    private final int minLength;
    private final int maxLength;

    private Syntax(String firstChars, String restChars, int minLength, int maxLength) {
        fill(first, firstChars);
        fill(rest, restChars);
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /**
     * A syntax such as {@code of("A-Z", "A-Z0-9_", 1, 64)}. Character sets list single characters and
     * ranges {@code a-z}; a {@code -} at the end stands for itself.
     */
    public static Syntax of(String firstChars, String restChars, int minLength, int maxLength) {
        return new Syntax(firstChars, restChars, minLength, maxLength);
    }

    private static void fill(boolean[] table, String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                for (char x = c; x <= spec.charAt(i + 2); x++) {
                    table[x] = true;
                }
                i += 2;
            } else {
                table[c] = true;
            }
        }
    }

    public boolean matches(String value) {
        int n = value.length();
        if (n < minLength || n > maxLength) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        char c0 = value.charAt(0);
        if (c0 >= 128 || !first[c0]) {
            return false;
        }
        boolean[] table = rest;
        for (int i = 1; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128 || !table[c]) {
                return false;
            }
        }
        return true;
    }
}
