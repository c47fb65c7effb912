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
 *       paused ({@link #wholeDaysPaused});</li>
 *   <li>when the last day is a Saturday, Sunday or public holiday, the period ends on the next
 *       working day (28 February 2026 is a Saturday → Monday 2 March 2026): {@link #due}.</li>
 * </ul>
 * <pre>{@code
 * RightsDeadlines deadlines = new RightsDeadlines(PublicHolidays.romania());
 * LocalDate base = deadlines.baseDue(Instant.parse("2026-01-31T09:00:00Z"));   // 2026-02-28
 * LocalDate due = deadlines.due(base, 0);                                       // 2026-03-02
 * }</pre>
 * Immutable and thread-safe. Dates are accepted in the years 1900 to 9998; an argument outside
 * throws {@link InvalidInputException}.
 *
 * @since 0.1.0
 */
public final class RightsDeadlines {

    /** The zone in which receipt days and pauses are counted. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Bucharest");

    /** The earliest date accepted. */
    private static final LocalDate FIRST = LocalDate.of(1900, 1, 1);

    /** The latest date accepted; leaves room for three months, a long pause and a run of holidays. */
    private static final LocalDate LAST = LocalDate.of(9998, 12, 31);

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
        if (receivedAt == null) {
            throw new InvalidInputException("receivedAt", "must not be null");
        }
        if (receivedAt.isBefore(FIRST.atStartOfDay(ZONE).toInstant())
                || !receivedAt.isBefore(LAST.plusDays(1).atStartOfDay(ZONE).toInstant())) {
            throw new InvalidInputException("receivedAt", "must be in the years 1900 to 9998");
        }
        return LocalDate.ofInstant(receivedAt, ZONE);
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
     * @throws InvalidInputException if {@code baseDue} is null or outside the years 1900–9998
     */
    public LocalDate extendedBase(LocalDate baseDue) {
        return inRange(baseDue, "baseDue").plusMonths(2);
    }

    /**
     * The day by which the answer is due: {@code base} plus the whole days paused, then, if that is a
     * Saturday, Sunday or public holiday, the next working day.
     *
     * @param base the unshifted last day ({@link #baseDue} or {@link #extendedBase})
     * @param pausedDays the whole days paused so far, from 0
     * @return the due day, a working day
     * @throws InvalidInputException if {@code base} is null or outside the years 1900–9998, or
     *     {@code pausedDays} is negative or above 36 525
     * @throws ConfigurationException if the holidays leave no working day within a year of the date
     */
    public LocalDate due(LocalDate base, int pausedDays) {
        inRange(base, "base");
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
     * The whole days between two instants as calendar days in Europe/Bucharest, rounded down: from
     * 10:00 one day to 09:59 the next is 0, to 10:00 is 1, also across a change to or from summer
     * time (a day of 23 or 25 hours counts as one). A {@code to} before {@code from} (a clock set
     * back between pause and resume) gives 0.
     *
     * @param from when the pause began
     * @param to when it ended
     * @return the whole days paused, from 0
     * @throws InvalidInputException if an instant is null or outside the years 1900–9998
     */
    public int wholeDaysPaused(Instant from, Instant to) {
        receivedDate(from);
        receivedDate(to);
        if (!to.isAfter(from)) {
            return 0;
        }
        return Math.toIntExact(ChronoUnit.DAYS.between(from.atZone(ZONE), to.atZone(ZONE)));
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

    private static LocalDate inRange(LocalDate date, String name) {
        if (date == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        if (date.isBefore(FIRST) || date.isAfter(LAST)) {
            throw new InvalidInputException(name, "must be in the years 1900 to 9998");
        }
        return date;
    }
}
