package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/** The holiday calendars: the bundled Romanian rules, Orthodox Easter, explicit dates and the rule parser. */
class PublicHolidaysTest {

    private static Set<LocalDate> holidaysOf(PublicHolidays holidays, int year) {
        Set<LocalDate> found = new TreeSet<>();
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
            if (holidays.isHoliday(day)) {
                found.add(day);
            }
        }
        return found;
    }

    private static Set<LocalDate> dates(String... isoDates) {
        Set<LocalDate> set = new TreeSet<>();
        Arrays.stream(isoDates).map(LocalDate::parse).forEach(set::add);
        return set;
    }

    @ParameterizedTest
    @CsvSource({
        "2018, 2018-04-08", "2019, 2019-04-28", "2020, 2020-04-19", "2021, 2021-05-02", "2022, 2022-04-24",
        "2023, 2023-04-16", "2024, 2024-05-05", "2025, 2025-04-20", "2026, 2026-04-12", "2027, 2027-05-02",
        "2028, 2028-04-16", "2029, 2029-04-08", "2030, 2030-04-28"})
    void orthodoxEaster_matchesThePublishedDates(int year, LocalDate easter) {
        assertEquals(easter, HolidayRules.orthodoxEaster(year));
    }

    @Test
    void orthodoxEaster_isASundayBetween4AprilAnd8May_from1900To2099() {
        for (int year = 1900; year <= 2099; year++) {
            LocalDate easter = HolidayRules.orthodoxEaster(year);
            assertEquals(DayOfWeek.SUNDAY, easter.getDayOfWeek(), "year " + year);
            assertFalse(easter.isBefore(LocalDate.of(year, 4, 4)), "year " + year);
            assertFalse(easter.isAfter(LocalDate.of(year, 5, 8)), "year " + year);
        }
    }

    @Test
    void orthodoxEaster_beforeTheGregorianCalendar_isRefused() {
        assertThrows(InvalidInputException.class, () -> HolidayRules.orthodoxEaster(1582));
        assertThrows(InvalidInputException.class, () -> HolidayRules.orthodoxEaster(10_000));
    }

    @Test
    void romania_2026_isExactlyTheLabourCodeList() {
        assertEquals(dates("2026-01-01", "2026-01-02", "2026-01-06", "2026-01-07", "2026-01-24",
                "2026-04-10", "2026-04-12", "2026-04-13", "2026-05-01", "2026-05-31", "2026-06-01",
                "2026-08-15", "2026-11-30", "2026-12-01", "2026-12-25", "2026-12-26"),
                holidaysOf(PublicHolidays.romania(), 2026));
    }

    @Test
    void romania_2024_hasGoodFridayAndEasterAroundLabourDay() {
        assertEquals(dates("2024-01-01", "2024-01-02", "2024-01-06", "2024-01-07", "2024-01-24",
                "2024-05-01", "2024-05-03", "2024-05-05", "2024-05-06", "2024-06-01", "2024-06-23",
                "2024-06-24", "2024-08-15", "2024-11-30", "2024-12-01", "2024-12-25", "2024-12-26"),
                holidaysOf(PublicHolidays.romania(), 2024));
    }

    @Test
    void romania_sinceYears_areHonoured() {
        PublicHolidays ro = PublicHolidays.romania();
        assertFalse(ro.isHoliday(LocalDate.of(2023, 1, 6)), "Epiphany became a holiday in 2024");
        assertFalse(ro.isHoliday(LocalDate.of(2023, 1, 7)));
        assertTrue(ro.isHoliday(LocalDate.of(2024, 1, 6)));
        assertFalse(ro.isHoliday(LocalDate.of(2017, 4, 14)), "Good Friday became a holiday in 2018");
        assertTrue(ro.isHoliday(LocalDate.of(2018, 4, 6)), "Good Friday 2018");
        assertTrue(ro.isHoliday(LocalDate.of(2017, 4, 16)), "Easter was a holiday before 2018");
    }

    @Test
    void romania_isReadOnce_andDescribesItselfWithoutDates() {
        assertSame(PublicHolidays.romania(), PublicHolidays.romania());
        assertEquals("PublicHolidays[17 rules, 0 dates]", PublicHolidays.romania().toString());
    }

    @Test
    void romania_copiedThroughParse_isTheSameCalendar() throws IOException {
        try (InputStream in = PublicHolidays.class.getResourceAsStream(HolidayRules.ROMANIA_RESOURCE);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            PublicHolidays copy = PublicHolidays.parse(reader);
            for (int year = 2015; year <= 2035; year++) {
                assertEquals(holidaysOf(PublicHolidays.romania(), year), holidaysOf(copy, year), "year " + year);
            }
        }
    }

    @Test
    void of_isExactlyTheGivenDates_andCopiesThem() {
        List<LocalDate> given = new ArrayList<>(List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3)));
        PublicHolidays holidays = PublicHolidays.of(given);
        given.add(LocalDate.of(2026, 3, 4));
        assertEquals(dates("2026-03-02", "2026-03-03"), holidaysOf(holidays, 2026));
        assertEquals(Set.of(), holidaysOf(holidays, 2027), "a date, not a yearly rule");
        assertEquals(Set.of(), holidaysOf(PublicHolidays.of(List.of()), 2026));
    }

    @Test
    void none_hasNoHoliday() {
        assertEquals(Set.of(), holidaysOf(PublicHolidays.none(), 2026));
    }

    @Test
    void extremeDates_areAnswered_easterRulesOnlyWithinTheirYears() {
        PublicHolidays ro = PublicHolidays.romania();
        assertTrue(ro.isHoliday(LocalDate.of(100_000, 12, 1)), "a fixed date holds in any year");
        assertFalse(ro.isHoliday(LocalDate.MAX));
        assertTrue(ro.isHoliday(LocalDate.MIN), "LocalDate.MIN is a 1 January");
        assertFalse(ro.isHoliday(LocalDate.of(10_000, 1, 3)), "no Easter rule beyond 9999");
    }

    @Test
    void nulls_areRefused() {
        assertThrows(InvalidInputException.class, () -> PublicHolidays.of(null));
        assertThrows(InvalidInputException.class, () -> PublicHolidays.of(Arrays.asList(LocalDate.MIN, null)));
        assertThrows(InvalidInputException.class, () -> PublicHolidays.parse(null));
        assertThrows(InvalidInputException.class, () -> PublicHolidays.romania().isHoliday(null));
        assertThrows(InvalidInputException.class, () -> PublicHolidays.none().isHoliday(null));
        assertThrows(InvalidInputException.class, () -> PublicHolidays.of(List.of()).isHoliday(null));
    }

    @Test
    void parse_fixedAndEasterRules_withYearSpans_commentsAndBlankLines() {
        PublicHolidays holidays = PublicHolidays.parse(new StringReader("""
                \uFEFF# a user's own calendar
                03-08\t\t# Women's day, every year

                easter-7 since 2026 until 2027
                07-04 until 2025
                02-29
                """));
        assertTrue(holidays.isHoliday(LocalDate.of(1990, 3, 8)));
        assertTrue(holidays.isHoliday(LocalDate.of(2026, 4, 5)), "a week before Easter 2026");
        assertTrue(holidays.isHoliday(LocalDate.of(2027, 4, 25)), "a week before Easter 2027");
        assertFalse(holidays.isHoliday(LocalDate.of(2028, 4, 9)), "after 'until'");
        assertFalse(holidays.isHoliday(LocalDate.of(2025, 4, 13)), "before 'since'");
        assertTrue(holidays.isHoliday(LocalDate.of(2025, 7, 4)));
        assertFalse(holidays.isHoliday(LocalDate.of(2026, 7, 4)));
        assertTrue(holidays.isHoliday(LocalDate.of(2028, 2, 29)));
        assertFalse(holidays.isHoliday(LocalDate.of(2026, 2, 28)), "29 February does not move in common years");
        assertFalse(holidays.isHoliday(LocalDate.of(1500, 3, 31)), "no Easter before the Gregorian calendar");
        assertEquals("PublicHolidays[4 rules, 0 dates]", holidays.toString());
    }

    @Test
    void parse_anEasterOffsetCrossingTheYear_matchesInTheNeighbouringYear() {
        PublicHolidays holidays = PublicHolidays.parse(new StringReader("easter-120 since 2026 until 2026\n"));
        LocalDate day = LocalDate.of(2026, 4, 12).minusDays(120);
        assertEquals(2025, day.getYear());
        assertTrue(holidays.isHoliday(day), "the rule of Easter 2026 lands in December 2025");
        assertEquals(Set.of(), holidaysOf(holidays, 2026));
    }

    @Test
    void parse_anEmptyText_isACalendarWithoutHolidays() {
        assertEquals(Set.of(), holidaysOf(PublicHolidays.parse(new StringReader("# nothing\n\n")), 2026));
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("13-01", "no year has"),
                Arguments.of("02-30", "no year has"),
                Arguments.of("00-10", "no year has"),
                Arguments.of("1-01", "does not start with a date"),
                Arguments.of("12/01", "does not start with a date"),
                Arguments.of("Dec-01", "does not start with a date"),
                Arguments.of("easter", "easter+N or easter-N"),
                Arguments.of("easter*3", "easter+N or easter-N"),
                Arguments.of("easter+1d", "easter+N or easter-N"),
                Arguments.of("easter+121", "above 120"),
                Arguments.of("EASTER+1", "does not start with a date"),
                Arguments.of("12-01 since", "not followed by a year"),
                Arguments.of("12-01 since 99", "four-digit year"),
                Arguments.of("12-01 since 1400", "before 1583"),
                Arguments.of("12-01 since 2024 since 2025", "'since' appears twice"),
                Arguments.of("12-01 until 2024 until 2025", "'until' appears twice"),
                Arguments.of("12-01 since 2025 until 2024", "is after the 'until' year"),
                Arguments.of("12-01 from 2024", "neither 'since' nor 'until'"),
                Arguments.of("12-01 Ziua Națională", "printable ASCII"),
                Arguments.of("12-0\u0661", "printable ASCII"),
                Arguments.of("12-01 " + "x".repeat(300), "longer than 200"));
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void parse_aMalformedLine_namesItsNumberAndTheRule_neverItsContent(String line, String rule) {
        String marker = " # ion.popescu@example.ro 0722123456";
        String text = "# header\n01-01\n" + line + marker + "\n12-25\n";
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PublicHolidays.parse(new StringReader(text)));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        for (String secret : List.of("popescu", "0722", "Națion", "Dec-", "xxxx", "from 2024", "12/01")) {
            assertFalse(e.getMessage().contains(secret), "echoes the line: " + e.getMessage());
        }
        // a sentence, not "the line 'since' is ..." or "the line word 2 ..."
        assertTrue(e.getMessage().matches("Public holiday rules, line 3: (the |word \\d |'(since|until)' )[^;]+; expected .*"),
                e.getMessage());
        assertFalse(e.getMessage().matches(".*the line (has|'|word|is not|does).*"), e.getMessage());
    }

    /** A file without line breaks is refused after the limit, not read whole into one line first. */
    @Test
    void parse_aLineWithoutEnd_isRefusedAfter200Characters_withoutBufferingTheRest() {
        long[] served = {0};
        Reader endless = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                if (served[0] >= 50_000_000L) {
                    return -1;
                }
                Arrays.fill(buffer, offset, offset + length, 'x');
                served[0] += length;
                return length;
            }

            @Override
            public void close() {
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PublicHolidays.parse(endless));
        assertTrue(e.getMessage().contains("line 1: the line is longer than 200 characters"), e.getMessage());
        assertTrue(served[0] <= 64 * 1024, "read " + served[0] + " characters before refusing");
    }

    @Test
    void parse_aByteOrderMarkAndEveryLineEnd_areAccepted_200CharactersStillFit() {
        String full = "12-25" + " ".repeat(195);
        PublicHolidays parsed = PublicHolidays.parse(new StringReader("\uFEFF" + full + "\r\n01-01\r05-01\n\r\n08-15"));
        for (String day : List.of("2026-12-25", "2026-01-01", "2026-05-01", "2026-08-15")) {
            assertTrue(parsed.isHoliday(LocalDate.parse(day)), day);
        }
        assertFalse(parsed.isHoliday(LocalDate.parse("2026-12-01")));
        assertThrows(ConfigurationException.class, () -> PublicHolidays.parse(new StringReader("01-01\n" + full + " ")));
    }

    /** The laws that added the newer holidays, as published in the Monitorul Oficial (review S2). */
    @Test
    void romania_citesTheLawsThatAddedTheNewerHolidays() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = HolidayRules.class.getResourceAsStream(HolidayRules.ROMANIA_RESOURCE)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        assertTrue(lineOf(lines, "01-06 ").contains("Legea 52/2023"), lineOf(lines, "01-06 "));
        assertTrue(lineOf(lines, "01-07 ").contains("Legea 52/2023"), lineOf(lines, "01-07 "));
        assertTrue(lineOf(lines, "01-24 ").contains("Legea 176/2016"), lineOf(lines, "01-24 "));
        assertTrue(lineOf(lines, "easter-2 ").contains("Legea 64/2018"), lineOf(lines, "easter-2 "));
    }

    private static String lineOf(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void parse_tooManyRules_isRefused() {
        String text = "01-01\n".repeat(1001);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PublicHolidays.parse(new StringReader(text)));
        assertTrue(e.getMessage().contains("line 1001"), e.getMessage());
    }

    @Test
    void parse_aReaderThatFails_isAConfigurationException_afterTheLinesItRead() {
        Reader failing = new Reader() {
            private final Reader start = new StringReader("01-01\n12-25\n");

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = start.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("disk gone /home/ion.popescu");
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PublicHolidays.parse(failing));
        assertTrue(e.getMessage().contains("after line 2"), e.getMessage());
        // the I/O error's message (a path with a name) is neither in the message nor down the cause chain
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("popescu"), t.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1583, 1900, 2099, 2100, 4000, 9999})
    void romania_worksOverTheWholeGregorianRange(int year) {
        Set<LocalDate> found = holidaysOf(PublicHolidays.romania(), year);
        assertTrue(found.contains(HolidayRules.orthodoxEaster(year)));
        assertTrue(found.contains(LocalDate.of(year, Month.DECEMBER, 1)));
    }
}
