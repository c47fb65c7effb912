package ro.clickphone.privacy.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.Provenance;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/** What the in-memory source offers the kit's tests beyond the contract. */
class InMemoryPersonalDataSourceFakeTest {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final DataCategory CONTACT = DataCategory.of("CONTACT");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final String PHONE = "0721234567";

    private final InMemoryPersonalDataSource source = new InMemoryPersonalDataSource("billing", Set.of(CONTACT,
            FINANCIAL));

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void failNext_failsThatManyCalls_beforeChangingAnything_thenWorks() {
        RecordRef record = source.add("inv-1", ANA, FINANCIAL, fields("total", 120L));
        source.failNext(SourceCapability.ERASE, 2);
        for (int i = 0; i < 2; i++) {
            StoreException e = assertThrows(StoreException.class, () -> source.erase(ANA, Set.of(FINANCIAL)));
            assertTrue(e.isRetryable());
            assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
            assertTrue(source.holds(record), "a failed call erased nothing");
        }
        assertEquals(1, source.erase(ANA, Set.of(FINANCIAL)).total());
        assertEquals(3, source.calls(SourceCapability.ERASE), "failed calls are counted");
        assertEquals(0, source.calls(SourceCapability.EXPORT));
        assertThrows(InvalidInputException.class, () -> source.failNext(SourceCapability.FIND, -1));
        assertThrows(InvalidInputException.class, () -> source.failNext(null, 1));
    }

    @Test
    void failNext_reachesTheViews() {
        source.add("c-1", ANA, CONTACT, fields("email", "ana@example.ro"));
        source.failNext(SourceCapability.FIND, 1);
        assertThrows(StoreException.class, () -> source.withoutExportAndErase().find(ANA, r -> { }));
        List<SubjectRecord> found = new ArrayList<>();
        source.withoutExportAndErase().find(ANA, found::add);
        assertEquals(1, found.size());
        assertEquals(2, source.calls(SourceCapability.FIND));
    }

    @Test
    void restrictions_areKeptPerGround_andLiftingOneLeavesTheOther() {
        RecordRef invoice = source.add("inv-1", ANA, FINANCIAL, fields("total", 120L));
        LocalDate until = LocalDate.of(2036, 12, 31);
        assertEquals(1, source.restrict(ANA, Restriction.of(Set.of(FINANCIAL), "FINANCIAL_RECORDS", Optional.of(until))));
        assertEquals(1, source.restrict(ANA, Restriction.ofRecords(Set.of(invoice), "ACCURACY_CONTESTED")));
        assertEquals(Map.of("FINANCIAL_RECORDS", Optional.of(until), "ACCURACY_CONTESTED", Optional.empty()),
                source.restrictions(invoice));
        assertEquals(1, source.restrict(ANA, Restriction.ofRecords(Set.of(invoice), "ACCURACY_CONTESTED").lifted()));
        assertTrue(source.isRestricted(invoice), "the retention ground still holds");
        assertEquals(Map.of("FINANCIAL_RECORDS", Optional.of(until)), source.restrictions(invoice));
        assertEquals(1, source.restrict(ANA, new Restriction(Set.of(FINANCIAL), Set.of(), "FINANCIAL_RECORDS",
                Optional.of(until.plusYears(1)), false)), "a new until-date is a change");
    }

    @Test
    void backupAndRestore_bringErasedRecordsBack_withTheirFields() {
        RecordRef record = source.add("c-1", ANA, CONTACT, fields("phone", PHONE));
        InMemoryPersonalDataSource.Backup backup = source.backup();
        source.erase(ANA, Set.of(CONTACT));
        assertFalse(source.holds(record));
        source.restore(backup);
        assertEquals(Optional.of(fields("phone", PHONE)), source.fields(record));
        assertEquals(List.of(record), source.recordsOf(ANA));
        assertFalse(backup.toString().contains(PHONE));
        InMemoryPersonalDataSource other = new InMemoryPersonalDataSource("crm", Set.of(CONTACT));
        assertThrows(InvalidInputException.class, () -> other.restore(backup));
    }

    @Test
    void anonymizedRecords_areNoLongerTheSubjects() {
        RecordRef record = source.add("c-1", ANA, CONTACT, fields("phone", PHONE));
        source.dispose(record, DisposalAction.ANONYMIZE);
        assertTrue(source.holds(record));
        assertEquals(List.of(), source.recordsOf(ANA));
        assertEquals(Optional.of(Map.of()), source.fields(record));
        assertEquals(0, source.erase(ANA, Set.of(CONTACT)).total());
    }

    @Test
    void export_keepsProvenanceOriginAndFieldTypes() {
        source.add("c-1", ANA, CONTACT, Provenance.THIRD_PARTY, Optional.of("your Custom PBX administrator"),
                fields("extension", 204, "since", LocalDate.of(2024, 5, 1)));
        List<ExportedRecord> out = new ArrayList<>();
        source.export(ANA, out::add);
        assertEquals(1, out.size());
        assertEquals(Provenance.THIRD_PARTY, out.get(0).provenance());
        assertEquals(Optional.of("your Custom PBX administrator"), out.get(0).origin());
        assertEquals(fields("extension", 204, "since", LocalDate.of(2024, 5, 1)), out.get(0).fields());
    }

    @Test
    void rectify_ofAFieldTheCategoryNeverHeld_isRefused_andAFieldHeldElsewhereIsNot() {
        SubjectId bob = SubjectId.of("+40721234567");
        source.add("c-1", bob, CONTACT, fields("email", "bob@example.ro"));
        assertThrows(InvalidInputException.class, () -> source.rectify(ANA, Rectification.of(CONTACT, "phone", PHONE)));
        assertEquals(List.of(), source.rectify(ANA, Rectification.of(CONTACT, "email", "ana@example.ro")),
                "the category holds the field; Ana has no such record");
    }

    @Test
    void add_refusesACategoryNotHeld_andAnotherSourcesRecord() {
        assertThrows(InvalidInputException.class, () -> source.add("t-1", ANA, DataCategory.of("TRAFFIC"), Map.of()));
        assertThrows(InvalidInputException.class, () -> source.add(ANA,
                ExportedRecord.provided(RecordRef.of("crm", "c-1"), CONTACT, Map.of())));
        assertThrows(InvalidInputException.class, () -> source.add(null,
                ExportedRecord.provided(RecordRef.of("billing", "c-1"), CONTACT, Map.of())));
        assertEquals(List.of(), source.recordsOf(ANA));
    }

    @Test
    void toString_namesNoSubjectNorValue() {
        source.add("c-1", ANA, CONTACT, fields("phone", PHONE));
        for (Object o : List.of(source, source.withoutExportAndErase(), source.backup())) {
            assertFalse(o.toString().contains(PHONE) || o.toString().contains(ANA.value()), o.toString());
        }
        assertTrue(source.toString().contains("1 records"), source.toString());
    }

    @Test
    void aViewOfYourOwn_declaresWhatItOverrides() {
        InMemorySourceView erasing = new InMemorySourceView(source) {
            @Override
            public ro.clickphone.privacy.spi.source.ErasureResult erase(SubjectId subject, Set<DataCategory> c) {
                return data().erase(subject, c);
            }
        };
        assertEquals(Set.of(SourceCapability.ERASE), erasing.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> erasing.find(ANA, r -> { }));
        assertThrows(InvalidInputException.class, () -> new InMemorySourceView(null) { });
    }

    @Test
    void theBlindIndex_followsDisposalAndRestore_andRefusesAFieldNotSearchable() {
        DataCategory traffic = DataCategory.of("TRAFFIC");
        InMemoryPersonalDataSource source = new InMemoryPersonalDataSource("cdr.store", Set.of(traffic));
        RecordRef kept = source.add("c-1", ANA, traffic, Map.of("caller", "0721234567", "note", "x"));
        RecordRef gone = source.add("c-2", ANA, traffic, Map.of("caller", "0721234567"));
        source.searchable(traffic, "caller");
        assertEquals(Set.of(kept, gone), source.findBySearchable(traffic, "caller", "0721234567"),
                "records held before the field was made searchable are indexed");
        InMemoryPersonalDataSource.Backup backup = source.backup();
        source.dispose(gone, DisposalAction.DELETE);
        source.dispose(kept, DisposalAction.ANONYMIZE);
        assertEquals(Set.of(), source.findBySearchable(traffic, "caller", "0721234567"));
        source.restore(backup);
        assertEquals(Set.of(kept, gone), source.findBySearchable(traffic, "caller", "0721234567"),
                "a restore brings the index back with the records");
        assertThrows(InvalidInputException.class, () -> source.findBySearchable(traffic, "note", "x"));
        assertThrows(InvalidInputException.class, () -> source.searchable(DataCategory.of("NETWORK"), "caller"));
    }
}
