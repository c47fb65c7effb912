package ro.clickphone.privacy.core.policy;

/**
 * The forms a retention rule takes.
 *
 * <h2>One convention for every kind: kept through D, due on D + 1</h2>
 * Every rule computes the <em>last day kept</em>, a date D in the policy's time zone
 * (Europe/Bucharest for ClickPhone): the data must be kept through the whole of D and becomes due
 * for disposal on the day after, D + 1 ({@link RetentionRule#dueOn}). Periods are added as
 * {@link java.time.LocalDate#plusYears(long)}, {@code plusMonths} and {@code plusDays} do, in that
 * order: ten years from 29 February is 28 February, a month from 31 January is the last day of
 * February. An anchor given as an instant (a document's timestamp, the time of an event) is
 * turned into its date in the policy's time zone with the kit's clock, never the JVM's default zone.
 *
 * @since 0.1.0
 */
public enum RetentionKind {

    /**
     * Kept for a period counted from the end of the financial year of the document's date: the
     * ten years of MFP Order 2634/2015 for financial-accounting documents. The financial year end is
     * the policy's {@link Policy#financialYearEnd()} (31 December, the calendar year, by default).
     *
     * <p>An invoice dated 15 March 2024 under {@code P10Y}, financial year ending 31 December, is
     * kept through 31 December 2034 and due on 1 January 2035. The document date is the date in the
     * policy's time zone: an invoice of 31 December 2024 23:30 Bucharest time belongs to financial
     * year 2024 (kept through 31 December 2034), one of 31 December 2024 23:30 UTC, which is
     * 1 January 2025 01:30 in Bucharest, to financial year 2025 (kept through 31 December 2035).
     *
     * <p>The end of a financial year is computed for its own year, as {@link java.time.MonthDay#atYear}
     * does, and a period's whole years move from one year end to the one that many years later
     * (months and days are then added as for the other kinds). Only a year ending {@code --02-29}
     * ("the last day of February") is affected: it ends on 29 February in leap years and on
     * 28 February in common years, so a document of 1 March 2027 belongs to the financial year
     * ending 29 February 2028, and one of 28 February 2027 under {@code P1Y} is kept through
     * 29 February 2028 (not 28 February, the day a plain {@code plusYears} would give) and due on
     * 1 March 2028.
     */
    FROM_FINANCIAL_YEAR_END,
    /**
     * Kept for a period after an event the policy names ({@link RetentionRule#event()}, such as
     * {@code contract-end}); {@code P0D} keeps the data until the event and through its day. A record
     * tagged before its event is <em>pending</em>, with no due date, until the event is recorded for
     * its subject or for the record itself.
     *
     * <p>When the rule is a {@linkplain RetentionRule#minimum() minimum} ("at least 3 years after
     * the contract ends", the ANCOM rule), the due date is the first day the record becomes
     * <em>eligible</em> for disposal: disposing of it later than that day is lawful, earlier is not.
     * A CDR of a contract that ended on 30 June 2025, under {@code P3Y}, is kept through
     * 30 June 2028 and due on 1 July 2028.
     */
    AFTER_EVENT,
    /**
     * Kept for a fixed period after the record was created (the anchor is its creation time): a
     * record created on 10 January 2026 under {@code P30D} is kept through 9 February 2026 and due on
     * 10 February 2026.
     */
    AFTER_CREATION,
    /**
     * Kept until the subject withdraws consent: pending from tagging, and due on the day the
     * withdrawal takes effect (kept through the day before), since nothing may be processed on
     * consent once it is withdrawn. A withdrawal recorded in the consent ledger resolves the
     * subject's pending tags of the categories of that purpose by itself.
     */
    UNTIL_CONSENT_WITHDRAWN,
    /**
     * Kept until the end of the session (session cookies): pending from tagging, and due on the day
     * the session ends ({@value #SESSION_END}, recorded for the record), kept through the day before.
     */
    END_OF_SESSION;

    /** The event a withdrawal of consent is, for {@link #UNTIL_CONSENT_WITHDRAWN} rules; only the consent ledger records it. */
    public static final String CONSENT_WITHDRAWN = "consent-withdrawn";

    /** The event that ends a session, for {@link #END_OF_SESSION} rules. */
    public static final String SESSION_END = "session-end";

    /**
     * Whether rules of this kind count a period.
     *
     * @return {@code true} for {@link #FROM_FINANCIAL_YEAR_END}, {@link #AFTER_EVENT} and {@link #AFTER_CREATION}
     */
    public boolean hasPeriod() {
        return this == FROM_FINANCIAL_YEAR_END || this == AFTER_EVENT || this == AFTER_CREATION;
    }

    /**
     * Whether a record under a rule of this kind gets its due date only when something happens
     * after it is tagged (an event, a withdrawal, the end of a session).
     *
     * @return {@code true} for {@link #AFTER_EVENT}, {@link #UNTIL_CONSENT_WITHDRAWN} and {@link #END_OF_SESSION}
     */
    public boolean waitsForEvent() {
        return this == AFTER_EVENT || this == UNTIL_CONSENT_WITHDRAWN || this == END_OF_SESSION;
    }
}
