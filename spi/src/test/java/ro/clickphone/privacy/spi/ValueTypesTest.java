package ro.clickphone.privacy.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    private static final String PHONE = "+40721234567";
    private static final String EMAIL = "ion.popescu@example.ro";

    static Stream<Arguments> badValues() {
        Function<String, Object> subject = SubjectId::of;
        Function<String, Object> category = DataCategory::of;
        Function<String, Object> purpose = Purpose::of;
        Function<String, Object> recipient = Recipient::of;
        Function<String, Object> scope = KeyScope::of;
        Function<String, Object> recordSource = s -> RecordRef.of(s, "42");
        Function<String, Object> recordId = s -> RecordRef.of("billing.invoices", s);
        Function<String, Object> version = s -> PolicyVersion.of(s, LocalDate.of(2026, 1, 1));
        Function<String, Object> period = RetentionPeriod::parse;
        Function<String, Object> notification = NotificationType::of;
        String tooLong = "x".repeat(129);
        return Stream.of(
                Arguments.of("subjectId", subject, null),
                Arguments.of("subjectId", subject, ""),
                Arguments.of("subjectId", subject, "   "),
                Arguments.of("subjectId", subject, tooLong),
                Arguments.of("subjectId", subject, "ion\npopescu"),
                Arguments.of("subjectId", subject, " " + PHONE),
                Arguments.of("subjectId", subject, "\uD800"),
                Arguments.of("subjectId", subject, "ion\uDC00popescu"),
                Arguments.of("subjectId", subject, "popescu\uD83D"),
                Arguments.of("subjectId", subject, "\uDE00\uD83Dion"),
                Arguments.of("dataCategory", category, null),
                Arguments.of("dataCategory", category, ""),
                Arguments.of("dataCategory", category, "traffic"),
                Arguments.of("dataCategory", category, "1TRAFFIC"),
                Arguments.of("dataCategory", category, "TRAFFIC DATA"),
                Arguments.of("dataCategory", category, "T".repeat(65)),
                Arguments.of("dataCategory", category, EMAIL),
                Arguments.of("purpose", purpose, null),
                Arguments.of("purpose", purpose, "marketing"),
                Arguments.of("purpose", purpose, "MARKETING-EMAIL"),
                Arguments.of("recipient", recipient, null),
                Arguments.of("recipient", recipient, "Courier"),
                Arguments.of("keyScope", scope, null),
                Arguments.of("keyScope", scope, "Fiscal"),
                Arguments.of("keyScope", scope, "fiscal scope"),
                Arguments.of("keyScope", scope, "f".repeat(33)),
                Arguments.of("recordRef.source", recordSource, null),
                Arguments.of("recordRef.source", recordSource, "Billing"),
                Arguments.of("recordRef.source", recordSource, PHONE),
                Arguments.of("recordRef.id", recordId, null),
                Arguments.of("recordRef.id", recordId, ""),
                Arguments.of("recordRef.id", recordId, "x".repeat(257)),
                Arguments.of("recordRef.id", recordId, PHONE + "\u0000"),
                Arguments.of("policyVersion.label", version, null),
                Arguments.of("policyVersion.label", version, ".2026"),
                Arguments.of("policyVersion.label", version, "2026 1"),
                Arguments.of("notificationType", notification, null),
                Arguments.of("notificationType", notification, "missed_call"),
                Arguments.of("period", period, null),
                Arguments.of("period", period, ""),
                Arguments.of("period", period, "P"),
                Arguments.of("period", period, "ten years"),
                Arguments.of("period", period, "P-1Y"),
                Arguments.of("period", period, "PT10H"),
                Arguments.of("period.years", period, "P201Y"));
    }

    @ParameterizedTest(name = "{0} <- [{2}]")
    @MethodSource("badValues")
    void construct_withBadValue_failsNamingArgumentNotValue(String argument, Function<String, Object> factory, String value) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> factory.apply(value));
        assertEquals(argument, e.argument());
        assertTrue(e.getMessage().startsWith("Invalid " + argument + ": "), e.getMessage());
        if (value != null && value.strip().length() > 1) {
            assertFalse(e.getMessage().contains(value.strip()), "message echoes the value: " + e.getMessage());
        }
    }

    @Test
    void policyVersion_withoutDate_fails() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PolicyVersion.of("2026.1", null));
        assertEquals("policyVersion.effectiveFrom", e.argument());
    }

    @Test
    void period_withNegativeParts_fails() {
        assertEquals(java.time.Period.of(3, 6, 1), new RetentionPeriod(3, 6, 1).toJavaTime());
        assertNotEquals(java.time.Period.ofYears(10), (Object) RetentionPeriod.ofYears(10));
        assertThrows(InvalidInputException.class, () -> new RetentionPeriod(-1, 0, 0));
        assertThrows(InvalidInputException.class, () -> new RetentionPeriod(0, -1, 0));
        assertThrows(InvalidInputException.class, () -> new RetentionPeriod(0, 0, -1));
        assertThrows(InvalidInputException.class, () -> RetentionPeriod.ofDays(73_001));
    }

    @Test
    void subjectId_withPairedSurrogates_isAccepted() {
        assertEquals("ion\uD83D\uDE00", SubjectId.of("ion\uD83D\uDE00").value());
    }

    @Test
    void subjectId_toString_printsFingerprintNotValue() {
        SubjectId id = SubjectId.of(PHONE);
        assertFalse(id.toString().contains(PHONE));
        assertFalse(id.toString().contains("721234567"));
        assertTrue(id.toString().matches("SubjectId\\[#[0-9a-f]{8}]"), id.toString());
    }

    @Test
    void subjectId_fingerprint_isStableForSameValueAndDiffersOtherwise() {
        assertEquals(SubjectId.of(EMAIL).toString(), SubjectId.of(EMAIL).toString());
        assertNotEquals(SubjectId.of(EMAIL).fingerprint(), SubjectId.of(PHONE).fingerprint());
        assertEquals(SubjectId.of(EMAIL), SubjectId.of(EMAIL));
    }

    @Test
    void subjectId_fingerprint_isKeyedNotAPlainHash() throws Exception {
        // A plain SHA-256 of the value would let anyone with a list of phone numbers reverse it.
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                .digest(PHONE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String plainPrefix = String.format("%02x%02x%02x%02x", sha[0], sha[1], sha[2], sha[3]);
        assertNotEquals(plainPrefix, SubjectId.of(PHONE).fingerprint());
    }

    @Test
    void recordRef_toString_printsSourceAndFingerprintOnly() {
        RecordRef ref = RecordRef.of("cdr.calls", PHONE);
        assertFalse(ref.toString().contains(PHONE));
        assertTrue(ref.toString().matches("RecordRef\\[cdr\\.calls/#[0-9a-f]{8}]"), ref.toString());
    }

    @Test
    void identifiers_printTheirId() {
        assertEquals("TRAFFIC", DataCategory.of("TRAFFIC").toString());
        assertEquals("MARKETING", Purpose.of("MARKETING").toString());
        assertEquals("COURIER", Recipient.of("COURIER").toString());
        assertEquals("fiscal", KeyScope.of("fiscal").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"P10Y", "P3Y", "P0D", "P1Y6M", "P30D", "P2Y3M4D"})
    void period_parseAndPrint_roundTrip(String text) {
        assertEquals(text, RetentionPeriod.parse(text).toString());
    }

    @Test
    void period_addTo_usesCalendarArithmetic() {
        assertEquals(LocalDate.of(2036, 2, 28), RetentionPeriod.ofYears(10).addTo(LocalDate.of(2026, 2, 28)));
        assertEquals(LocalDate.of(2034, 2, 28), RetentionPeriod.ofYears(10).addTo(LocalDate.of(2024, 2, 29)));
        assertEquals(LocalDate.of(2025, 3, 1), RetentionPeriod.parse("P1M1D").addTo(LocalDate.of(2025, 1, 31)));
        assertTrue(RetentionPeriod.parse("P0D").isZero());
        assertFalse(RetentionPeriod.ofYears(3).isZero());
    }

    @Test
    void policyVersion_ordersByEffectiveDateThenLabel() {
        PolicyVersion a = PolicyVersion.of("2018.1", LocalDate.of(2018, 5, 25));
        PolicyVersion b = PolicyVersion.of("2026.1", LocalDate.of(2026, 1, 1));
        PolicyVersion c = PolicyVersion.of("2026.2", LocalDate.of(2026, 1, 1));
        assertTrue(a.compareTo(b) < 0);
        assertTrue(b.compareTo(c) < 0);
        assertEquals(0, b.compareTo(PolicyVersion.of("2026.1", LocalDate.of(2026, 1, 1))));
    }

    @Test
    void legalBasis_lettersAndFlagsFollowArticle6() {
        assertEquals(LegalBasis.CONSENT, LegalBasis.ofLetter('a'));
        assertEquals(LegalBasis.LEGITIMATE_INTERESTS, LegalBasis.ofLetter('f'));
        assertEquals("GDPR art. 6(1)(c)", LegalBasis.LEGAL_OBLIGATION.article());
        assertTrue(LegalBasis.CONSENT.requiresConsent());
        assertFalse(LegalBasis.CONTRACT.requiresConsent());
        assertTrue(LegalBasis.LEGITIMATE_INTERESTS.allowsObjection());
        assertTrue(LegalBasis.PUBLIC_TASK.allowsObjection());
        assertFalse(LegalBasis.CONSENT.allowsObjection());
        assertFalse(LegalBasis.LEGAL_OBLIGATION.allowsObjection());
        assertThrows(InvalidInputException.class, () -> LegalBasis.ofLetter('g'));
    }

    @Test
    void exceptions_shareOneRootAndSayWhetherRetryable() {
        assertTrue(new StoreException("consent store: append failed", true, null).isRetryable());
        assertFalse(new StoreException("consent store: constraint violated", false, null).isRetryable());
        assertFalse(new KeyDestroyedException("key scope traffic was shredded").isRetryable());
        assertTrue(new KeyDestroyedException("x") instanceof KeyUnavailableException);
        assertFalse(new IntegrityException("decryption failed").isRetryable());
        assertFalse(new PolicyViolationException("card numbers are never stored").isRetryable());
        assertFalse(new ConfigurationException("no policy").isRetryable());
        assertFalse(new InvalidInputException("x", "must not be null").isRetryable());
    }
    @Test
    void names_oneSyntaxForEveryBoundName() {
        for (String name : List.of("a", "account", "backup_email", "x9", "a".repeat(64))) {
            assertTrue(Names.isName(name), name);
        }
        for (String bad : java.util.Arrays.asList(null, "", "Account", "9a", "_a", "a-b", "a.b", "a b", "\u0131d",
                "a".repeat(65))) {
            assertFalse(Names.isName(bad), String.valueOf(bad));
        }
    }
}
