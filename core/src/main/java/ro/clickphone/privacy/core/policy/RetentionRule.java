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
 * type does the calendar arithmetic only, the caller supplies the anchor date in that zone.
 *
 * @param id upper-case identifier, e.g. {@code FINANCIAL_RECORDS}
 * @param kind the form of the rule
 * @param period the period kept, for kinds that {@linkplain RetentionKind#hasPeriod() have one}
 * @param event the event the period counts from, for {@link RetentionKind#AFTER_EVENT} (e.g. {@code contract-end})
 * @param minimum whether the period is a minimum ("at least 3 years") rather than an exact term
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
     * {@link RetentionKind#AFTER_EVENT}. The data may be disposed of from the day after, unless a
     * legal hold extends it.
     *
     * <p>Example: an invoice dated 10 March 2024, financial year ending 31 December, ten years:
     * kept through 31 December 2034.
     *
     * @param anchor the document date or the event date, in the policy's time zone
     * @param financialYearEnd the last day of the financial year ({@link Policy#financialYearEnd()})
     * @return the last day kept, or empty for rules that do not end on a computable date
     *     (until consent is withdrawn, end of session)
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
                return period.map(p -> p.addTo(endOfFinancialYear(anchor, financialYearEnd)));
            case AFTER_EVENT:
                return period.map(p -> p.addTo(anchor));
            default:
                return Optional.empty();
        }
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
