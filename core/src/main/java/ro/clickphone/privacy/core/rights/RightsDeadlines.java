package ro.clickphone.privacy.core.rights;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The deadline of a data-subject request (GDPR art. 12(3): one month from receipt, extendable by two
 * further months), computed as Regulation (EEC, Euratom) No 1182/71 art. 3 computes periods, in
 * Europe/Bucharest whatever the JVM's default zone:
 * <ul>
 *   <li>a period in months ends on the day of the last month with the same number as the day of
 *       receipt, or on that month's last day when it has no such day (received 31 January 2026 →
 *       28 February 2026): {@link #baseDue};</li>
 *   <li>the extension adds two months to that unshifted date, clamped the same way:
 *       {@link #extendedBase};</li>
 *   <li>a pause while the controller waits for the requester moves the date by the whole days
 *       paused: the Bucharest calendar days lying entirely inside the pause
 *       ({@link #wholeDaysPaused}), counted for each pause on its own and summed; they are added to
 *       the unshifted date <em>before</em> the shift below ({@link #due});</li>
 *   <li>when the last day is a Saturday, Sunday or public holiday, the period ends on the next
 *       working day (28 February 2026 is a Saturday → Monday 2 March 2026): {@link #due}.</li>
 * </ul>
 * <pre>{@code
 * RightsDeadlines deadlines = new RightsDeadlines(PublicHolidays.romania());
 * LocalDate base = deadlines.baseDue(Instant.parse("2026-01-31T09:00:00Z"));   // 2026-02-28
 * LocalDate due = deadlines.due(base, 0);                                       // 2026-03-02
 * }</pre>
 * Immutable and thread-safe. Instants (receipt, pause) are accepted in the years 1900 to 9998 in
 * Bucharest; {@link #extendedBase} takes a base from 1 January 1900 to 31 October 9999 and {@link #due}
 * one to 31 December 9999, so every result of {@link #baseDue} chains into both. An argument outside
 * throws {@link InvalidInputException}.
 *
 * @since 0.1.0
 */
public final class RightsDeadlines {

    /** The zone in which receipt days and pauses are counted. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Bucharest");

    /** The earliest date accepted. */
    private static final LocalDate FIRST = LocalDate.of(1900, 1, 1);

    /** The last day of receipt accepted (its {@link #baseDue} is at most 31 January 9999). */
    private static final LocalDate LAST = LocalDate.of(9998, 12, 31);

    /** The latest base {@link #extendedBase} accepts: its result stays within what {@link #due} accepts. */
    private static final LocalDate LAST_EXTENDABLE = LocalDate.of(9999, 10, 31);

    /** The latest base {@link #due} accepts. */
    private static final LocalDate LAST_BASE = LocalDate.of(9999, 12, 31);

    /** The longest pause: a hundred years of days, far beyond any real one. */
    private static final int MAX_PAUSED_DAYS = 36_525;

    /** How far {@link #due} looks for a working day before it declares the calendar broken. */
    private static final int MAX_SHIFT_DAYS = 366;

    private final PublicHolidays holidays;

    /**
     * Creates the calculator.
     *
     * @param holidays the public holidays on which a deadline cannot end, e.g.
     *     {@link PublicHolidays#romania()}
     * @throws InvalidInputException if {@code holidays} is null
     */
    public RightsDeadlines(PublicHolidays holidays) {
        if (holidays == null) {
            throw new InvalidInputException("holidays", "must not be null");
        }
        this.holidays = holidays;
    }

    /**
     * The calendar day of receipt in Europe/Bucharest: 31 January at 23:30 UTC is already
     * 1 February there.
     *
     * @param receivedAt when the request was received
     * @return the day of receipt
     * @throws InvalidInputException if {@code receivedAt} is null or outside the years 1900–9998
     */
    public LocalDate receivedDate(Instant receivedAt) {
        return dayOf(receivedAt, "receivedAt");
    }

    /**
     * The last day of the month from receipt, before any shift: the day of receipt plus one month,
     * clamped to that month's last day (31 March → 30 April).
     *
     * @param receivedAt when the request was received
     * @return the unshifted last day
     * @throws InvalidInputException if {@code receivedAt} is null or outside the years 1900–9998
     */
    public LocalDate baseDue(Instant receivedAt) {
        return receivedDate(receivedAt).plusMonths(1);
    }

    /**
     * The last day after the extension by two further months, before any shift: {@code baseDue} plus
     * two months, clamped to that month's last day. Pass the unshifted {@link #baseDue}, not a
     * {@link #due} moved past a weekend (28 February 2026 → 28 April 2026, not 2 May).
     *
     * @param baseDue the unshifted last day of the first month
     * @return the unshifted last day of the extended period
     * @throws InvalidInputException if {@code baseDue} is null, before 1900 or after 31 October 9999
     */
    public LocalDate extendedBase(LocalDate baseDue) {
        return inRange(baseDue, "baseDue", LAST_EXTENDABLE).plusMonths(2);
    }

    /**
     * The day by which the answer is due: {@code base} plus the whole days paused, then, if that is a
     * Saturday, Sunday or public holiday, the next working day. The pause is added first: a base on a
     * Saturday with one day paused gives the Sunday, so the Monday after (shifting first, then adding,
     * would give the Tuesday).
     *
     * @param base the unshifted last day ({@link #baseDue} or {@link #extendedBase})
     * @param pausedDays the whole days paused so far, from 0: the sum of {@link #wholeDaysPaused} over
     *     the request's pauses, each counted on its own
     * @return the due day, a working day
     * @throws InvalidInputException if {@code base} is null, before 1900 or after 9999, or
     *     {@code pausedDays} is negative or above 36 525
     * @throws ConfigurationException if the holidays leave no working day within a year of the date
     */
    public LocalDate due(LocalDate base, int pausedDays) {
        inRange(base, "base", LAST_BASE);
        if (pausedDays < 0) {
            throw new InvalidInputException("pausedDays", "must not be negative");
        }
        if (pausedDays > MAX_PAUSED_DAYS) {
            throw new InvalidInputException("pausedDays", "must be at most " + MAX_PAUSED_DAYS);
        }
        LocalDate day = base.plusDays(pausedDays);
        for (int shift = 0; shift <= MAX_SHIFT_DAYS; shift++) {
            if (isWorkingDay(day)) {
                return day;
            }
            day = day.plusDays(1);
        }
        throw new ConfigurationException("The public holidays leave no working day within " + MAX_SHIFT_DAYS
                + " days of a deadline; supply a holiday calendar that has working days");
    }

    /**
     * The whole days of one pause: the Bucharest calendar days that lie entirely inside
     * {@code [from, to)}, that is the dates {@code d} with {@code d}'s midnight at or after
     * {@code from} and the next midnight at or before {@code to}. Monday 23:00 to Tuesday 23:00 is 0
     * (no calendar day was paused whole); Monday 23:00 to Wednesday 01:00 is 1 (Tuesday); Monday
     * 10:00 to Wednesday 10:00 is 1 (Tuesday); Monday 00:00 to Tuesday 00:00 is 1. A day of 23 or 25
     * hours at a change to or from summer time counts as one. A {@code to} at or before {@code from}
     * (a clock set back between pause and resume) gives 0. A request paused several times adds the
     * whole days of each pause, counted one by one (two pauses of 1.5 days each count 0 or 1 each,
     * never 3 together); the sum goes to {@link #due}, which adds it before moving to a working day.
     *
     * @param from when the pause began
     * @param to when it ended
     * @return the whole days paused, from 0
     * @throws InvalidInputException naming {@code from} or {@code to} if it is null or outside the
     *     years 1900–9998
     */
    public int wholeDaysPaused(Instant from, Instant to) {
        LocalDate fromDay = dayOf(from, "from");
        LocalDate toDay = dayOf(to, "to");
        if (!to.isAfter(from)) {
            return 0;
        }
        LocalDate first = fromDay.atStartOfDay(ZONE).toInstant().equals(from) ? fromDay : fromDay.plusDays(1);
        // every date from first to the day before toDay ends by toDay's midnight, which is at or before to
        return (int) Math.max(0, ChronoUnit.DAYS.between(first, toDay));
    }

    /**
     * Whether a deadline can end on a day: not a Saturday, Sunday or public holiday.
     *
     * @param date the day
     * @return {@code true} for a working day
     * @throws InvalidInputException if {@code date} is null
     */
    public boolean isWorkingDay(LocalDate date) {
        if (date == null) {
            throw new InvalidInputException("date", "must not be null");
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.isHoliday(date);
    }

    /**
     * The zone and the holidays' summary.
     *
     * @return e.g. {@code RightsDeadlines[Europe/Bucharest, PublicHolidays[17 rules, 0 dates]]}
     */
    @Override
    public String toString() {
        return "RightsDeadlines[" + ZONE + ", " + holidays + "]";
    }

    /** The Bucharest day of an instant in the years 1900 to 9998; errors name the argument. */
    private static LocalDate dayOf(Instant instant, String name) {
        if (instant == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        if (instant.isBefore(FIRST.atStartOfDay(ZONE).toInstant())
                || !instant.isBefore(LAST.plusDays(1).atStartOfDay(ZONE).toInstant())) {
            throw new InvalidInputException(name, "must be in the years 1900 to 9998");
        }
        return LocalDate.ofInstant(instant, ZONE);
    }

    private static LocalDate inRange(LocalDate date, String name, LocalDate last) {
        if (date == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        if (date.isBefore(FIRST) || date.isAfter(last)) {
            throw new InvalidInputException(name, "must be from 1900-01-01 to " + last);
        }
        return date;
    }
}
