package ro.clickphone.privacy.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RetentionPeriod;

class RetentionRuleTest {

    private static final MonthDay DECEMBER_31 = MonthDay.of(12, 31);

    private static RetentionRule financial(RetentionPeriod period) {
        return new RetentionRule("FINANCIAL_RECORDS", RetentionKind.FROM_FINANCIAL_YEAR_END, Optional.of(period),
                Optional.empty(), false, true, Optional.of("Ordinul MFP nr. 2634/2015"), "10 years");
    }

    @ParameterizedTest
    @CsvSource({
        // document date, financial year end, last day kept (10 years)
        "2024-03-10, 12-31, 2034-12-31",
        "2024-01-01, 12-31, 2034-12-31",
        "2024-12-31, 12-31, 2034-12-31",
        "2025-07-01, 06-30, 2036-06-30",
        "2025-06-30, 06-30, 2035-06-30",
        "2024-02-29, 02-28, 2035-02-28",
    })
    void lastDayKept_fromFinancialYearEnd_countsFromTheEndOfTheDocumentsYear(String document, String yearEnd,
            String expected) {
        MonthDay end = MonthDay.parse("--" + yearEnd);
        assertEquals(LocalDate.parse(expected),
                financial(RetentionPeriod.ofYears(10)).lastDayKept(LocalDate.parse(document), end).orElseThrow());
    }

    // A financial year ending on the last day of February: the year end is computed per target year,
    // 29 February in leap years, 28 February in common years.
    @ParameterizedTest
    @CsvSource({
        // document date, period, last day kept
        "2027-02-28, P1Y, 2028-02-29",
        "2027-01-10, P1Y, 2028-02-29",
        "2027-03-01, P1Y, 2029-02-28",
        "2028-02-29, P1Y, 2029-02-28",
        "2028-02-29, P4Y, 2032-02-29",
        "2028-03-01, P10Y, 2039-02-28",
        "2027-02-28, P10Y, 2037-02-28",
        "2026-02-28, P10Y, 2036-02-29",
        "2027-02-28, P1Y1M, 2028-03-29",
        "2027-02-28, P0D, 2027-02-28",
    })
    void lastDayKept_financialYearEndingOnFebruary29_endsOnTheLastDayOfFebruaryOfEachYear(String document,
            String period, String expected) {
        assertEquals(LocalDate.parse(expected), financial(RetentionPeriod.parse(period))
                .lastDayKept(LocalDate.parse(document), MonthDay.of(2, 29)).orElseThrow());
    }

    @Test
    void lastDayKept_afterEvent_addsThePeriodToTheEventDate() {
        RetentionRule ancom = new RetentionRule("ANCOM", RetentionKind.AFTER_EVENT, Optional.of(RetentionPeriod.ofYears(3)),
                Optional.of("contract-end"), true, true, Optional.empty(), "ANCOM");
        assertEquals(LocalDate.of(2031, 2, 28), ancom.lastDayKept(LocalDate.of(2028, 2, 29), DECEMBER_31).orElseThrow());
        assertTrue(ancom.summary().startsWith("at least 3 years after contract-end"), ancom.summary());
    }

    @Test
    void lastDayKept_consentOrSession_hasNoDate() {
        RetentionRule consent = new RetentionRule("C", RetentionKind.UNTIL_CONSENT_WITHDRAWN, Optional.empty(),
                Optional.empty(), false, false, Optional.empty(), "until withdrawn");
        assertTrue(consent.lastDayKept(LocalDate.of(2026, 1, 1), DECEMBER_31).isEmpty());
        assertEquals("until consent is withdrawn", consent.summary());
    }

    @Test
    void lastDayKept_nullArguments_areInvalidInput() {
        RetentionRule rule = financial(RetentionPeriod.ofYears(10));
        assertThrows(InvalidInputException.class, () -> rule.lastDayKept(null, DECEMBER_31));
        assertThrows(InvalidInputException.class, () -> rule.lastDayKept(LocalDate.of(2026, 1, 1), null));
    }

    @Test
    void summary_namesTermLawAndLegalHold() {
        assertEquals("10 years from the end of the financial year of the document (Ordinul MFP nr. 2634/2015);"
                + " extended while a legal hold or investigation lasts", financial(RetentionPeriod.ofYears(10)).summary());
        assertEquals("1 year 6 months from the end of the financial year of the document (Ordinul MFP nr. 2634/2015);"
                + " extended while a legal hold or investigation lasts", financial(RetentionPeriod.parse("P1Y6M")).summary());
    }

    @Test
    void lastDayKept_afterCreation_addsThePeriodToTheCreationDate_dueTheDayAfter() {
        RetentionRule fixed = new RetentionRule("LOGS_30_DAYS", RetentionKind.AFTER_CREATION,
                Optional.of(RetentionPeriod.ofDays(30)), Optional.empty(), false, false, Optional.empty(), "30 days");
        LocalDate last = fixed.lastDayKept(LocalDate.of(2026, 1, 10), DECEMBER_31).orElseThrow();
        assertEquals(LocalDate.of(2026, 2, 9), last);
        assertEquals(LocalDate.of(2026, 2, 10), RetentionRule.dueOn(last));
        assertEquals("30 days after the record is created", fixed.summary());
        assertTrue(fixed.awaitedEvent().isEmpty());
    }

    @Test
    void lastDayKeptOnEvent_ancom_cdrOfAContractEnded30June2025_isDueOn1July2028() {
        // "sunt păstrate cel puțin 3 ani după expirarea contractului dintre părți"
        RetentionRule ancom = new RetentionRule("ANCOM", RetentionKind.AFTER_EVENT, Optional.of(RetentionPeriod.ofYears(3)),
                Optional.of("contract-end"), true, true, Optional.empty(), "ANCOM");
        assertEquals(Optional.of("contract-end"), ancom.awaitedEvent());
        LocalDate last = ancom.lastDayKeptOnEvent(LocalDate.of(2025, 6, 30));
        assertEquals(LocalDate.of(2028, 6, 30), last);
        assertEquals(LocalDate.of(2028, 7, 1), RetentionRule.dueOn(last));
    }

    @Test
    void lastDayKeptOnEvent_consentAndSession_areDueOnTheDayOfTheEvent() {
        RetentionRule consent = new RetentionRule("C", RetentionKind.UNTIL_CONSENT_WITHDRAWN, Optional.empty(),
                Optional.empty(), false, false, Optional.empty(), "until withdrawn");
        RetentionRule session = new RetentionRule("S", RetentionKind.END_OF_SESSION, Optional.empty(),
                Optional.empty(), false, false, Optional.empty(), "session");
        assertEquals(Optional.of(RetentionKind.CONSENT_WITHDRAWN), consent.awaitedEvent());
        assertEquals(Optional.of(RetentionKind.SESSION_END), session.awaitedEvent());
        assertEquals(LocalDate.of(2026, 3, 1), RetentionRule.dueOn(consent.lastDayKeptOnEvent(LocalDate.of(2026, 3, 1))));
        assertEquals(LocalDate.of(2026, 3, 1), RetentionRule.dueOn(session.lastDayKeptOnEvent(LocalDate.of(2026, 3, 1))));
    }

    @Test
    void lastDayKeptOnEvent_ruleWithoutEvent_isInvalidInputNamingTheRule() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> financial(RetentionPeriod.ofYears(10)).lastDayKeptOnEvent(LocalDate.of(2026, 1, 1)));
        assertTrue(e.getMessage().contains("FINANCIAL_RECORDS"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> RetentionRule.dueOn(LocalDate.MAX));
        assertThrows(InvalidInputException.class, () -> RetentionRule.dueOn(null));
    }
}
