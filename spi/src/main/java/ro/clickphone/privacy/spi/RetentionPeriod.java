package ro.clickphone.privacy.spi;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * A calendar length of time a retention rule keeps data, such as the ten years financial documents
 * are kept or the three years after a contract ends. Named apart from {@link java.time.Period} on
 * purpose: a {@code java.time.Period} never equals one of these, and the different name makes that
 * impossible to miss; {@link #toJavaTime()} converts. Calendar arithmetic, not seconds: ten years from 29 February is
 * 28 February, as {@link LocalDate#plusYears(long)} has it.
 *
 * <p>Written and parsed in the date part of ISO 8601: {@code P10Y}, {@code P3Y6M}, {@code P30D},
 * {@code P0D}.
 *
 * @param years whole years, 0 to 200
 * @param months whole months, 0 to 2400
 * @param days whole days, 0 to 73000
 *
 * @since 0.1.0
 */
public record RetentionPeriod(int years, int months, int days) {

    private static final Pattern ISO = Pattern.compile("P(?:(\\d{1,4})Y)?(?:(\\d{1,4})M)?(?:(\\d{1,5})D)?");

    /**
     * Validates the components.
     *
     * @param years the years, as the type describes it
     * @param months the months, as the type describes it
     * @param days the days, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public RetentionPeriod {
        bound(years, 200, "period.years");
        bound(months, 2400, "period.months");
        bound(days, 73_000, "period.days");
    }

    private static void bound(int value, int max, String name) {
        if (value < 0 || value > max) {
            throw new InvalidInputException(name, "must be between 0 and " + max);
        }
    }

    /**
     * A period of whole years.
     *
     * @param years 0 to 200
     * @return the period
     * @throws InvalidInputException if out of range
     */
    public static RetentionPeriod ofYears(int years) {
        return new RetentionPeriod(years, 0, 0);
    }

    /**
     * A period of whole days.
     *
     * @param days 0 to 73000
     * @return the period
     * @throws InvalidInputException if out of range
     */
    public static RetentionPeriod ofDays(int days) {
        return new RetentionPeriod(0, 0, days);
    }

    /**
     * Parses the date part of an ISO 8601 duration, such as {@code P10Y} or {@code P1Y6M}.
     *
     * @param text the text
     * @return the period
     * @throws InvalidInputException if the text is null or not of that form
     */
    public static RetentionPeriod parse(String text) {
        Checks.notNull(text, "period");
        Matcher m = ISO.matcher(text);
        if (!m.matches() || text.equals("P")) {
            throw new InvalidInputException("period", "must be an ISO 8601 period such as P10Y, P3Y6M or P30D");
        }
        return new RetentionPeriod(part(m.group(1)), part(m.group(2)), part(m.group(3)));
    }

    private static int part(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    /**
     * Adds this period to a date: years first, then months, then days, as {@link java.time.Period} does.
     *
     * @param date the start
     * @return the date this period later
     * @throws InvalidInputException if the date is null, or the result is past {@link LocalDate#MAX}
     */
    public LocalDate addTo(LocalDate date) {
        Checks.notNull(date, "date");
        try {
            return date.plusYears(years).plusMonths(months).plusDays(days);
        } catch (java.time.DateTimeException e) {
            throw new InvalidInputException("date", "is too late to add a retention period to");
        }
    }

    /**
     * Whether the period is empty.
     *
     * @return {@code true} for {@code P0D}
     */
    public boolean isZero() {
        return years == 0 && months == 0 && days == 0;
    }

    /**
     * The ISO 8601 form.
     *
     * @return e.g. {@code P10Y}, {@code P3Y6M}, {@code P0D}
     */
    @Override
    public String toString() {
        if (isZero()) {
            return "P0D";
        }
        StringBuilder sb = new StringBuilder("P");
        if (years != 0) {
            sb.append(years).append('Y');
        }
        if (months != 0) {
            sb.append(months).append('M');
        }
        if (days != 0) {
            sb.append(days).append('D');
        }
        return sb.toString();
    }

    /**
     * The same length as a {@link java.time.Period}.
     *
     * @return the java.time period
     */
    public java.time.Period toJavaTime() {
        return java.time.Period.of(years, months, days);
    }
}
