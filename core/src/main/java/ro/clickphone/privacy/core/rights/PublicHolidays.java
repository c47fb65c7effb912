package ro.clickphone.privacy.core.rights;

import java.io.Reader;
import java.time.LocalDate;
import java.util.Collection;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Public holidays on which a deadline cannot end. Romanian by default ({@link #romania()}), kept as
 * data a user can replace: explicit dates ({@link #of}), or rules in the format of {@link #parse}.
 * Saturdays and Sundays are not holidays here; {@link RightsDeadlines} skips them itself.
 *
 * <p><b>Contract.</b> Implementations are immutable and thread-safe; {@link #isHoliday} is a pure
 * function of the date and throws {@link InvalidInputException} for a null date.
 *
 * @since 0.1.0
 */
public interface PublicHolidays {

    /**
     * Whether a date is a public holiday.
     *
     * @param date the date, a calendar date in Romania
     * @return {@code true} if no deadline may end on it
     * @throws InvalidInputException if {@code date} is null
     */
    boolean isHoliday(LocalDate date);

    /**
     * The Romanian public holidays of the Labour Code (Codul muncii, art. 139): 1–2 January,
     * 6–7 January (since 2024), 24 January, Orthodox Good Friday (since 2018), Orthodox Easter Sunday
     * and Monday, 1 May, 1 June, Orthodox Pentecost Sunday and Monday, 15 August, 30 November,
     * 1 December, 25–26 December. Read from the resource
     * {@code ro/clickphone/privacy/core/rights/ro-public-holidays.txt} in the format of {@link #parse};
     * when the law changes, a user passes a corrected copy through {@link #parse} instead.
     *
     * @return the Romanian holidays
     * @throws ConfigurationException if the bundled resource is missing or malformed
     */
    static PublicHolidays romania() {
        return HolidayRules.romania();
    }

    /**
     * Exactly the given dates.
     *
     * @param dates the holidays; copied
     * @return the holidays
     * @throws InvalidInputException if {@code dates} or one of them is null
     */
    static PublicHolidays of(Collection<LocalDate> dates) {
        return HolidayRules.ofDates(dates);
    }

    /**
     * Reads holiday rules, one a line, UTF-8 text as the reader gives it:
     * <pre>{@code
     * # comment (also after a rule)
     * 12-01                 # fixed month-day, every year
     * 01-06 since 2024      # only from 2024 on
     * easter-2 since 2018   # Orthodox Good Friday
     * easter+1              # Orthodox Easter Monday
     * 05-02 since 2020 until 2021
     * }</pre>
     * A rule is a fixed {@code MM-DD} date or an offset in days from Orthodox Easter Sunday,
     * {@code easter+N} or {@code easter-N} (N from 0 to 120), then optionally {@code since YYYY}
     * and {@code until YYYY}, each at most once, both years inclusive (for an Easter-relative rule, the
     * year of that Easter). Words are lower case and separated by spaces or tabs; blank lines and
     * {@code #} comments are ignored. A {@code 02-29} rule applies in leap years only. Orthodox
     * Easter is computed with Meeus' Julian algorithm converted to the Gregorian calendar, for the
     * years 1583 to 9999; an Easter-relative rule matches no date outside them.
     *
     * @param rules the rule text; read to its end, not closed
     * @return the holidays the rules describe
     * @throws ConfigurationException if the text is malformed (the message names the line number
     *     and the rule it breaks, never the line's content) or cannot be read
     * @throws InvalidInputException if {@code rules} is null
     */
    static PublicHolidays parse(Reader rules) {
        return HolidayRules.parse(rules, "Public holiday rules");
    }

    /**
     * No public holidays: only Saturdays and Sundays move a deadline.
     *
     * @return holidays that never match
     */
    static PublicHolidays none() {
        return HolidayRules.NONE;
    }
}
