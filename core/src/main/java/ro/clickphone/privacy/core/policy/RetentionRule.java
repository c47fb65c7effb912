package ro.clickphone.privacy.core.policy;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RetentionPeriod;

/**
 * How long one kind of personal data is kept, and why.
 *
 * <p>Dates are business dates in the policy's time zone (Europe/Bucharest for ClickPhone); this
 * type does the calendar arithmetic only, the caller supplies the anchor date in that zone. The
 * convention, the same for every kind, is in {@link RetentionKind}: kept through the last day D,
 * due on D + 1.
 *
 * @param id upper-case identifier, e.g. {@code FINANCIAL_RECORDS}
 * @param kind the form of the rule
 * @param period the period kept, for kinds that {@linkplain RetentionKind#hasPeriod() have one}
 * @param event the event the period counts from, for {@link RetentionKind#AFTER_EVENT} (e.g. {@code contract-end})
 * @param minimum whether the period is a minimum ("at least 3 years") rather than an exact term: the
 *     due date is then the first day disposal is lawful; later is lawful too, earlier is not
 * @param extendedByLegalHold whether an investigation or legal hold keeps the data past the period
 * @param legalReference the law behind the rule, if any
 * @param description the rule in words
 *
 * @since 0.1.0
 */
public record RetentionRule(String id, RetentionKind kind, Optional<RetentionPeriod> period, Optional<String> event,
        boolean minimum, boolean extendedByLegalHold, Optional<String> legalReference, String description) {

    /**
     * The last day the data must be kept, counted from an anchor date: the document date for
     * {@link RetentionKind#FROM_FINANCIAL_YEAR_END}, the date of the event for
     * {@link RetentionKind#AFTER_EVENT}, the creation date for {@link RetentionKind#AFTER_CREATION}.
     * The data is kept through that day and may be disposed of from the day after
     * ({@link #dueOn(LocalDate)}), unless a legal hold extends it: the one convention of
     * {@link RetentionKind}.
     *
     * <p>Example: an invoice dated 15 March 2024, financial year ending 31 December, ten years:
     * kept through 31 December 2034, due on 1 January 2035. A financial year ending {@code --02-29}
     * ends on the last day of February of each year ({@link RetentionKind#FROM_FINANCIAL_YEAR_END}).
     *
     * @param anchor the document date, the event date or the creation date, in the policy's time zone
     * @param financialYearEnd the last day of the financial year ({@link Policy#financialYearEnd()})
     * @return the last day kept, or empty for rules that end only when something happens that has
     *     no date yet (until consent is withdrawn, end of session: see {@link #lastDayKeptOnEvent})
     * @throws InvalidInputException if an argument is null
     */
    public Optional<LocalDate> lastDayKept(LocalDate anchor, MonthDay financialYearEnd) {
        if (anchor == null) {
            throw new InvalidInputException("anchor", "must not be null");
        }
        if (financialYearEnd == null) {
            throw new InvalidInputException("financialYearEnd", "must not be null");
        }
        switch (kind) {
            case FROM_FINANCIAL_YEAR_END:
                return period.map(p -> yearEndLater(endOfFinancialYear(anchor, financialYearEnd), financialYearEnd, p));
            case AFTER_EVENT:
            case AFTER_CREATION:
                return period.map(p -> p.addTo(anchor));
            default:
                return Optional.empty();
        }
    }

    /**
     * The event a record under this rule waits for after it is tagged: the rule's
     * {@linkplain #event() event} for {@link RetentionKind#AFTER_EVENT},
     * {@value RetentionKind#CONSENT_WITHDRAWN} and {@value RetentionKind#SESSION_END} for the
     * consent and session kinds.
     *
     * @return the event id, or empty when the due date is known at tagging
     */
    public Optional<String> awaitedEvent() {
        switch (kind) {
            case AFTER_EVENT:
                return event;
            case UNTIL_CONSENT_WITHDRAWN:
                return Optional.of(RetentionKind.CONSENT_WITHDRAWN);
            case END_OF_SESSION:
                return Optional.of(RetentionKind.SESSION_END);
            default:
                return Optional.empty();
        }
    }

    /**
     * The last day kept once the {@linkplain #awaitedEvent() awaited event} happened on a date: the
     * period after it for {@link RetentionKind#AFTER_EVENT} (a contract that ended on 30 June 2025,
     * {@code P3Y}: kept through 30 June 2028), the day before it for the consent and session kinds
     * (due on the day of the withdrawal or of the end of the session).
     *
     * @param eventDate the date of the event, in the policy's time zone
     * @return the last day kept
     * @throws InvalidInputException if {@code eventDate} is null, or the rule awaits no event
     */
    public LocalDate lastDayKeptOnEvent(LocalDate eventDate) {
        if (eventDate == null) {
            throw new InvalidInputException("eventDate", "must not be null");
        }
        switch (kind) {
            case AFTER_EVENT:
                return period.orElse(new RetentionPeriod(0, 0, 0)).addTo(eventDate);
            case UNTIL_CONSENT_WITHDRAWN:
            case END_OF_SESSION:
                if (eventDate.equals(LocalDate.MIN)) {
                    throw new InvalidInputException("eventDate", "is too early");
                }
                return eventDate.minusDays(1);
            default:
                throw new InvalidInputException("eventDate", "rule " + id + " awaits no event: its due date is"
                        + " known when the record is tagged");
        }
    }

    /**
     * The first day a record is due for disposal, the day after its last day kept.
     *
     * @param lastDayKept the last day the record must be kept
     * @return the day after
     * @throws InvalidInputException if {@code lastDayKept} is null or {@link LocalDate#MAX}
     */
    public static LocalDate dueOn(LocalDate lastDayKept) {
        if (lastDayKept == null) {
            throw new InvalidInputException("lastDayKept", "must not be null");
        }
        if (lastDayKept.equals(LocalDate.MAX)) {
            throw new InvalidInputException("lastDayKept", "is the last representable day");
        }
        return lastDayKept.plusDays(1);
    }

    /** {@code P3Y6M} as {@code "3 years 6 months"}. */
    private static String words(RetentionPeriod p) {
        StringBuilder sb = new StringBuilder();
        unit(sb, p.years(), "year");
        unit(sb, p.months(), "month");
        unit(sb, p.days(), "day");
        return sb.length() == 0 ? "0 days" : sb.toString();
    }

    private static void unit(StringBuilder sb, int n, String unit) {
        if (n != 0) {
            sb.append(sb.length() == 0 ? "" : " ").append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
        }
    }

    /**
     * The last day of the financial year that contains {@code date}.
     *
     * @param date a day
     * @param financialYearEnd the last day of every financial year
     * @return the last day of the financial year containing {@code date}
     */
    static LocalDate endOfFinancialYear(LocalDate date, MonthDay financialYearEnd) {
        LocalDate end = financialYearEnd.atYear(date.getYear());
        return date.isAfter(end) ? financialYearEnd.atYear(date.getYear() + 1) : end;
    }

    /**
     * A period after the end of a financial year: its whole years move to the end of the financial
     * year that many years later, computed for that year ({@link MonthDay#atYear}, so a year ending
     * {@code --02-29} ends on 28 February in common years and 29 February in leap years); months
     * and days are then added as {@link RetentionPeriod#addTo} does.
     */
    private static LocalDate yearEndLater(LocalDate end, MonthDay financialYearEnd, RetentionPeriod period) {
        LocalDate yearsLater;
        try {
            yearsLater = financialYearEnd.atYear(Math.addExact(end.getYear(), period.years()));
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new InvalidInputException("date", "is too late to add a retention period to");
        }
        return new RetentionPeriod(0, period.months(), period.days()).addTo(yearsLater);
    }

    /**
     * The rule in a few words, for records of processing and notices.
     *
     * @return e.g. {@code "10 years from the end of the financial year of the document (Ordinul MFP nr. 2634/2015);
     *     extended while a legal hold or investigation lasts"}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String term = (minimum ? "at least " : "") + period.map(RetentionRule::words).orElse("?");
        switch (kind) {
            case FROM_FINANCIAL_YEAR_END:
                sb.append(term).append(" from the end of the financial year of the document");
                break;
            case AFTER_EVENT:
                if (period.filter(RetentionPeriod::isZero).isPresent()) {
                    sb.append("until ").append(event.orElse("?"));
                } else {
                    sb.append(term).append(" after ").append(event.orElse("?"));
                }
                break;
            case AFTER_CREATION:
                sb.append(term).append(" after the record is created");
                break;
            case UNTIL_CONSENT_WITHDRAWN:
                sb.append("until consent is withdrawn");
                break;
            default:
                sb.append("until the end of the session");
                break;
        }
        legalReference.ifPresent(ref -> sb.append(" (").append(ref).append(')'));
        if (extendedByLegalHold) {
            sb.append("; extended while a legal hold or investigation lasts");
        }
        return sb.toString();
    }
}
