package ro.clickphone.privacy.spi.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;

/** The source's value types: validation, immutability, and no personal data in toString. */
class SourceValuesTest {

    private static final String PHONE = "0721234567";
    private static final String EMAIL = "ana.popescu@example.ro";
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");
    private static final RecordRef RECORD = RecordRef.of("crm", "contact-" + PHONE);

    private static void assertInvalid(Executable... calls) {
        for (Executable call : calls) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call);
            assertFalse(e.getMessage().contains(PHONE) || e.getMessage().contains(EMAIL), e.getMessage());
        }
    }

    private static void assertNoPersonalData(Object value) {
        String text = value.toString();
        assertFalse(text.contains(PHONE) || text.contains(EMAIL) || text.contains("Ana"), text);
    }

    @Test
    void exportedRecord_keepsScalarsInOrder_refusesOthers_andItsToStringShowsNamesOnly() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phone", PHONE);
        fields.put("email", EMAIL);
        fields.put("since", LocalDate.of(2024, 5, 1));
        fields.put("lastCall", Instant.parse("2026-01-01T10:00:00Z"));
        fields.put("balance", new BigDecimal("12.50"));
        fields.put("vip", Boolean.TRUE);
        fields.put("middleName", null);
        ExportedRecord r = new ExportedRecord(RECORD, CONTACT, Provenance.THIRD_PARTY,
                Optional.of("Ana's Custom PBX administrator"), fields);
        fields.clear();
        assertEquals(List.of("phone", "email", "since", "lastCall", "balance", "vip", "middleName"),
                List.copyOf(r.fields().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.fields().put("x", "y"));
        assertNoPersonalData(r);
        assertTrue(r.toString().contains("phone"), r.toString());
        assertInvalid(
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("score", 0.5d)),
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("tags", List.of(PHONE))),
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("e mail", EMAIL)),
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("1st", EMAIL)),
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("ţară", "RO")),
                () -> ExportedRecord.provided(RECORD, CONTACT, Map.of("x".repeat(65), EMAIL)),
                () -> ExportedRecord.observed(null, CONTACT, Map.of()),
                () -> ExportedRecord.observed(RECORD, null, Map.of()),
                () -> ExportedRecord.observed(RECORD, CONTACT, null),
                () -> new ExportedRecord(RECORD, CONTACT, null, Optional.empty(), Map.of()),
                () -> new ExportedRecord(RECORD, CONTACT, Provenance.THIRD_PARTY, Optional.of(""), Map.of()));
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, PHONE);
        assertInvalid(() -> ExportedRecord.provided(RECORD, CONTACT, nullName));
    }

    @Test
    void rectification_takesAFieldNameAndAValue_andItsToStringHidesTheValue() {
        Rectification r = new Rectification(CONTACT, "phone", PHONE, Optional.of(RECORD));
        assertNoPersonalData(r);
        assertTrue(r.toString().contains("CONTACT.phone"), r.toString());
        assertInvalid(
                () -> Rectification.of(CONTACT, "phone number", PHONE),
                () -> Rectification.of(CONTACT, "", PHONE),
                () -> Rectification.of(CONTACT, "phone", ""),
                () -> Rectification.of(CONTACT, "phone", "07\n21"),
                () -> Rectification.of(CONTACT, "phone", "x".repeat(Rectification.MAX_VALUE + 1)),
                () -> Rectification.of(null, "phone", PHONE),
                () -> new Rectification(CONTACT, "phone", PHONE, null));
    }

    @Test
    void rectified_hidesThePreviousValue() {
        Rectified r = new Rectified(RECORD, Optional.of(EMAIL));
        assertNoPersonalData(r);
        assertInvalid(() -> new Rectified(null, Optional.empty()), () -> new Rectified(RECORD, null));
    }

    @Test
    void restriction_namesCategoriesOrRecords_withAnUpperCaseGround() {
        Set<RecordRef> records = new HashSet<>(Set.of(RECORD));
        Restriction r = Restriction.ofRecords(records, "ACCURACY_CONTESTED");
        records.clear();
        assertEquals(Set.of(RECORD), r.records());
        assertThrows(UnsupportedOperationException.class, () -> r.records().clear());
        assertTrue(r.lifted().lift());
        assertEquals(r.records(), r.lifted().records());
        assertNoPersonalData(r);
        Set<RecordRef> withNull = new HashSet<>();
        withNull.add(null);
        assertInvalid(
                () -> Restriction.of(Set.of(), "ACCURACY_CONTESTED", Optional.empty()),
                () -> Restriction.of(Set.of(CONTACT), "accuracy contested", Optional.empty()),
                () -> Restriction.of(Set.of(CONTACT), EMAIL, Optional.empty()),
                () -> Restriction.of(Set.of(CONTACT), "LEGAL_HOLD", null),
                // immutable sets answer contains(null) with a NullPointerException: the check iterates
                () -> new Restriction(Set.of(CONTACT), withNull, "LEGAL_HOLD", Optional.empty(), false),
                () -> Restriction.of(null, "LEGAL_HOLD", Optional.empty()));
    }

    @Test
    void erasureResult_copiesAndSums_andRefusesNegativeCounts() {
        Map<DataCategory, Integer> counts = new HashMap<>(Map.of(CONTACT, 2, DataCategory.of("DEVICE"), 3));
        ErasureResult r = new ErasureResult(counts);
        counts.clear();
        assertEquals(5, r.total());
        assertEquals(List.of("CONTACT", "DEVICE"), r.erased().keySet().stream().map(DataCategory::id).toList());
        assertThrows(UnsupportedOperationException.class, () -> r.erased().clear());
        assertEquals(0, ErasureResult.none().total());
        Map<DataCategory, Integer> nullCount = new HashMap<>();
        nullCount.put(CONTACT, null);
        assertInvalid(() -> new ErasureResult(Map.of(CONTACT, -1)), () -> new ErasureResult(nullCount),
                () -> new ErasureResult(null));
    }

    @Test
    void subjectRecord_needsARecordAndACategory_andShowsNoRecordId() {
        SubjectRecord r = new SubjectRecord(RECORD, CONTACT, true);
        assertNoPersonalData(r);
        assertInvalid(() -> new SubjectRecord(null, CONTACT, false), () -> new SubjectRecord(RECORD, null, false));
    }
}
