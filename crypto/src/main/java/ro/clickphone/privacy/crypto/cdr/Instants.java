package ro.clickphone.privacy.crypto.cdr;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse(CharSequence)} and {@link Instant#toString()} for the one form CDR files
 * use, {@code 2026-11-29T07:23:41Z} (with an optional fraction), without the formatter's parse
 * context and builders (about 1.6 KB and 1 KB a call). Anything else goes through the JDK, so both
 * give exactly what the JDK gives; {@code InstantsTest} compares them on random and malformed
 * inputs.
 */
final class Instants {

    private Instants() {
    }

    /**
     * Parses an ISO-8601 instant as {@link Instant#parse(CharSequence)} does.
     *
     * @param text the text
     * @return the instant
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse(CharSequence)} does
     */
    static Instant parse(String text) {
        Instant fast = fastParse(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with years 1000 to 9999, or null for the JDK to decide. */
    private static Instant fastParse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = digits(s, 20, n - 1);
            if (nano < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        } else if (n != 20) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    /** The ASCII digits from {@code from} to {@code to} as a number, or -1 if one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Formats an instant as {@link Instant#toString()} does.
     *
     * @param instant the instant
     * @return the text
     */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400);
        // 1000-01-01 to 9999-12-31: four-digit years, the form the JDK prints without a sign
        if (epochDay < -354_285 || epochDay > 2_932_896) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int secondOfDay = Math.floorMod(seconds, 86_400);
        int nano = instant.getNano();
        int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        char[] out = new char[20 + (fraction == 0 ? 0 : 1 + fraction)];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            out[19] = '.';
            put(out, 20, nano / pow10(9 - fraction), fraction);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
