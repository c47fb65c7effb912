package ro.clickphone.privacy.core.rights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The holidays behind {@link PublicHolidays}: explicit dates and rules (fixed month-days and
 * Orthodox-Easter-relative offsets, each limited to a span of years).
 */
final class HolidayRules implements PublicHolidays {

    static final HolidayRules NONE = new HolidayRules(List.of(), Set.of());

    /** The bundled Romanian rules. */
    static final String ROMANIA_RESOURCE = "ro-public-holidays.txt";

    /** The first year of the Gregorian calendar; Orthodox Easter is computed from it on. */
    static final int FIRST_GREGORIAN_YEAR = 1583;

    /** The last year whose Orthodox Easter is computed (the rule format's years have four digits). */
    static final int LAST_EASTER_YEAR = 9999;

    /** The largest Easter offset in days; keeps a rule's date within a year of its Easter. */
    static final int MAX_OFFSET = 120;

    private static final int MAX_LINE = 200;
    private static final int MAX_RULES = 1000;

    private final List<Rule> rules;
    private final Set<LocalDate> dates;

    private HolidayRules(List<Rule> rules, Set<LocalDate> dates) {
        this.rules = List.copyOf(rules);
        this.dates = Set.copyOf(dates);
    }

    /** The bundled Romanian holidays, read once. */
    static HolidayRules romania() {
        HolidayRules loaded = Romania.rules;
        return loaded != null ? loaded : Romania.get();
    }

    static HolidayRules ofDates(Collection<LocalDate> given) {
        if (given == null) {
            throw new InvalidInputException("dates", "must not be null");
        }
        Set<LocalDate> copy = new HashSet<>();
        for (LocalDate date : given) {
            if (date == null) {
                throw new InvalidInputException("dates", "must not contain null");
            }
            copy.add(date);
        }
        return new HolidayRules(List.of(), copy);
    }

    @Override
    public boolean isHoliday(LocalDate date) {
        if (date == null) {
            throw new InvalidInputException("date", "must not be null");
        }
        if (dates.contains(date)) {
            return true;
        }
        for (Rule rule : rules) {
            if (rule.matches(date)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many rules and dates; never the dates themselves (a calendar is not personal data, but
     * the count is what a log needs).
     *
     * @return e.g. {@code PublicHolidays[15 rules, 0 dates]}
     */
    @Override
    public String toString() {
        return "PublicHolidays[" + rules.size() + " rules, " + dates.size() + " dates]";
    }

    /**
     * Orthodox Easter Sunday of a year as a Gregorian date: Meeus' Julian Easter algorithm, then
     * the Julian calendar's lag behind the Gregorian one (13 days from 1900 to 2099).
     *
     * @param year a year from 1583 to 9999
     * @return the Gregorian date of Orthodox Easter Sunday
     */
    static LocalDate orthodoxEaster(int year) {
        if (year < FIRST_GREGORIAN_YEAR || year > LAST_EASTER_YEAR) {
            throw new InvalidInputException("year", "must be " + FIRST_GREGORIAN_YEAR + " to " + LAST_EASTER_YEAR);
        }
        int a = year % 4;
        int b = year % 7;
        int c = year % 19;
        int d = (19 * c + 15) % 30;
        int e = (2 * a + 4 * b - d + 34) % 7;
        int month = (d + e + 114) / 31;
        int day = (d + e + 114) % 31 + 1;
        // Julian Easter falls in March or April, after the Julian leap day, so the century lag applies
        int lag = year / 100 - year / 400 - 2;
        return LocalDate.of(year, month, 1).plusDays(day - 1L + lag);
    }

    static HolidayRules parse(Reader reader, String source) {
        if (reader == null) {
            throw new InvalidInputException("rules", "must not be null");
        }
        List<Rule> parsed = new ArrayList<>();
        BufferedReader lines = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        int number = 0;
        try {
            String line;
            while ((line = boundedLine(lines, number + 1, source)) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                Rule rule = parseLine(line, source, number);
                if (rule != null) {
                    if (parsed.size() == MAX_RULES) {
                        throw malformed(source, number, "the file exceeds the limit of " + MAX_RULES + " rules");
                    }
                    parsed.add(rule);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Not kept as the cause: an I/O error's message often holds a path, and a path a user's name.
            throw new ConfigurationException(source + " could not be read after line " + number
                    + " (" + e.getClass().getSimpleName() + "); supply a readable UTF-8 text");
        }
        return new HolidayRules(parsed, Set.of());
    }

    /**
     * The next line without its terminator ({@code \n}, {@code \r} or {@code \r\n}), or null at the
     * end; refuses a line longer than {@link #MAX_LINE} as soon as its character {@code MAX_LINE + 1}
     * is read, so a file without line breaks is never buffered whole.
     */
    private static String boundedLine(BufferedReader in, int number, String source) throws IOException {
        StringBuilder line = new StringBuilder();
        int ch = in.read();
        if (ch < 0) {
            return null;
        }
        // a byte-order mark before the first line does not count against the limit
        int limit = number == 1 && ch == '\uFEFF' ? MAX_LINE + 1 : MAX_LINE;
        while (ch >= 0 && ch != '\n' && ch != '\r') {
            if (line.length() == limit) {
                throw malformed(source, number, "the line is longer than " + MAX_LINE + " characters");
            }
            line.append((char) ch);
            ch = in.read();
        }
        if (ch == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
                in.reset();
            }
        }
        return line.toString();
    }

    private static Rule parseLine(String raw, String source, int number) {
        int hash = raw.indexOf('#');
        String line = hash < 0 ? raw : raw.substring(0, hash);
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch > 0x7e)) {
                throw malformed(source, number, "the line holds a character other than printable ASCII, space or tab"
                        + " outside a comment");
            }
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        String[] words = trimmed.split("[ \t]+");
        Rule rule = parseDay(words[0], source, number);
        Integer since = null;
        Integer until = null;
        int i = 1;
        while (i < words.length) {
            String keyword = words[i];
            if (!keyword.equals("since") && !keyword.equals("until")) {
                throw malformed(source, number, "word " + (i + 1) + " is neither 'since' nor 'until'");
            }
            if (i + 1 >= words.length) {
                throw malformed(source, number, "'" + keyword + "' is not followed by a year");
            }
            int year = parseYear(words[i + 1], keyword, source, number);
            if (keyword.equals("since")) {
                if (since != null) {
                    throw malformed(source, number, "'since' appears twice");
                }
                since = year;
            } else {
                if (until != null) {
                    throw malformed(source, number, "'until' appears twice");
                }
                until = year;
            }
            i += 2;
        }
        if (since != null && until != null && since > until) {
            throw malformed(source, number, "the 'since' year is after the 'until' year");
        }
        return rule.during(since == null ? Integer.MIN_VALUE : since, until == null ? Integer.MAX_VALUE : until);
    }

    private static Rule parseDay(String word, String source, int number) {
        if (word.startsWith("easter")) {
            String offset = word.substring("easter".length());
            if (offset.length() < 2 || offset.length() > 4 || (offset.charAt(0) != '+' && offset.charAt(0) != '-')
                    || !digits(offset.substring(1))) {
                throw malformed(source, number, "the Easter rule is not of the form easter+N or easter-N");
            }
            int days = Integer.parseInt(offset.substring(1));
            if (days > MAX_OFFSET) {
                throw malformed(source, number, "the Easter offset is above " + MAX_OFFSET + " days");
            }
            return new Rule(null, offset.charAt(0) == '-' ? -days : days, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (word.length() != 5 || word.charAt(2) != '-' || !digits(word.substring(0, 2)) || !digits(word.substring(3))) {
            throw malformed(source, number, "the rule does not start with a date MM-DD or easter+N / easter-N");
        }
        int month = Integer.parseInt(word.substring(0, 2));
        int day = Integer.parseInt(word.substring(3));
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).maxLength()) {
            throw malformed(source, number, "the month-day is one that no year has");
        }
        return new Rule(MonthDay.of(month, day), 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static int parseYear(String word, String keyword, String source, int number) {
        if (word.length() != 4 || !digits(word)) {
            throw malformed(source, number, "'" + keyword + "' is not followed by a four-digit year");
        }
        int year = Integer.parseInt(word);
        if (year < FIRST_GREGORIAN_YEAR) {
            throw malformed(source, number, "'" + keyword + "' names a year before " + FIRST_GREGORIAN_YEAR);
        }
        return year;
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static ConfigurationException malformed(String source, int line, String problem) {
        return new ConfigurationException(source + ", line " + line + ": " + problem
                + "; expected MM-DD or easter+N / easter-N, optionally followed by 'since YYYY' and 'until YYYY'");
    }

    /**
     * One rule: a fixed month-day ({@code monthDay} present) or an offset from Orthodox Easter,
     * for the years {@code since} to {@code until}, inclusive.
     */
    private record Rule(MonthDay monthDay, int easterOffset, int since, int until) {

        Rule during(int from, int to) {
            return new Rule(monthDay, easterOffset, from, to);
        }

        boolean matches(LocalDate date) {
            if (monthDay != null) {
                return inYears(date.getYear()) && MonthDay.from(date).equals(monthDay);
            }
            // the offset is at most MAX_OFFSET days, so the Easter is in the date's year or a neighbour
            for (int year = date.getYear() - 1; year <= date.getYear() + 1; year++) {
                if (year >= FIRST_GREGORIAN_YEAR && year <= LAST_EASTER_YEAR && inYears(year)
                        && orthodoxEaster(year).plusDays(easterOffset).equals(date)) {
                    return true;
                }
            }
            return false;
        }

        private boolean inYears(int year) {
            return year >= since && year <= until;
        }
    }

    /** The bundled rules, loaded on first use; a failed load is retried on the next call. */
    private static final class Romania {

        private static volatile HolidayRules rules;

        static synchronized HolidayRules get() {
            HolidayRules loaded = rules;
            if (loaded == null) {
                loaded = load();
                rules = loaded;
            }
            return loaded;
        }

        private static HolidayRules load() {
            InputStream in = HolidayRules.class.getResourceAsStream(ROMANIA_RESOURCE);
            if (in == null) {
                throw new ConfigurationException("The bundled Romanian public holidays (" + ROMANIA_RESOURCE
                        + ") are missing from the core jar; supply PublicHolidays.parse(...) or rebuild core");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT))) {
                return parse(reader, "The bundled Romanian public holidays");
            } catch (IOException e) {
                throw new ConfigurationException("The bundled Romanian public holidays could not be read", e);
            }
        }

        private Romania() {
        }
    }
}
