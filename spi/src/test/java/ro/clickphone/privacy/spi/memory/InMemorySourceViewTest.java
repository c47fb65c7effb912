package ro.clickphone.privacy.spi.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.PersonalDataSourceContract;
import ro.clickphone.privacy.spi.source.SourceCapability;
import ro.clickphone.privacy.spi.testkit.ContractRun;

/**
 * The views declaring fewer capabilities keep the contract (the tests of what they do not declare are
 * skipped), and the contract's tests of the optional methods fail for the defects they are about.
 */
class InMemorySourceViewTest {

    private static final Set<DataCategory> CATEGORIES = Set.of(DataCategory.of("CONTACT"), DataCategory.of("DEVICE"));

    /** Runs the contract on a view of an in-memory source, made by {@link #view}. */
    abstract static class ViewContract extends PersonalDataSourceContract {
        private final AtomicInteger ids = new AtomicInteger();
        private InMemoryPersonalDataSource data;

        abstract PersonalDataSource view(InMemoryPersonalDataSource data);

        @Override
        protected PersonalDataSource newSource() {
            data = new InMemoryPersonalDataSource("crm.profile", CATEGORIES);
            CATEGORIES.forEach(c -> data.searchable(c, "note"));
            return view(data);
        }

        @Override
        protected java.util.Optional<java.util.function.Function<String, Set<RecordRef>>> searchableLookup(
                PersonalDataSource source, DataCategory category, String field) {
            InMemoryPersonalDataSource held = data;
            return java.util.Optional.of(value -> held.findBySearchable(category, field, value));
        }

        @Override
        protected RecordRef newRecord(PersonalDataSource source) {
            return data.add("r-" + ids.incrementAndGet());
        }

        @Override
        protected boolean isDisposed(PersonalDataSource source, RecordRef record) {
            return !data.holds(record) || data.isAnonymized(record);
        }

        @Override
        protected RecordRef newSubjectRecord(PersonalDataSource source, SubjectId subject, DataCategory category,
                Map<String, String> fields) {
            return data.add("s-" + ids.incrementAndGet(), subject, category, new LinkedHashMap<>(fields));
        }
    }

    static final class WithoutExportAndErase extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return data.withoutExportAndErase();
        }
    }

    static final class FindingOnly extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return data.findingOnly();
        }
    }

    static final class DisposingOnly extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return data.disposingOnly();
        }
    }

    /** Reports the first erasure's counts again on every later call: not idempotent. */
    static final class CountsErasureAgain extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return new InMemorySourceView(data) {
                private ro.clickphone.privacy.spi.source.ErasureResult first;

                @Override
                public synchronized ro.clickphone.privacy.spi.source.ErasureResult erase(SubjectId subject,
                        Set<DataCategory> categories) {
                    ro.clickphone.privacy.spi.source.ErasureResult now = data().erase(subject, categories);
                    if (first == null) {
                        first = now;
                    }
                    return first;
                }
            };
        }
    }

    /** Leaves restricted records out of the export, and counts a repeated restriction again. */
    static final class HidesRestricted extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return new InMemorySourceView(data) {
                @Override
                public void find(SubjectId subject, java.util.function.Consumer<
                        ro.clickphone.privacy.spi.source.SubjectRecord> sink) {
                    data().find(subject, sink);
                }

                @Override
                public void export(SubjectId subject, ro.clickphone.privacy.spi.source.ExportSink sink) {
                    data().export(subject, r -> {
                        if (!data().isRestricted(r.record())) {
                            sink.accept(r);
                        }
                    });
                }

                @Override
                public int restrict(SubjectId subject, ro.clickphone.privacy.spi.source.Restriction restriction) {
                    int changed = data().restrict(subject, restriction);
                    return changed == 0 ? data().recordsOf(subject).size() : changed;
                }
            };
        }
    }

    /** Corrects every record of the subject even when one record is named. */
    static final class RectifiesTooMuch extends ViewContract {
        @Override
        PersonalDataSource view(InMemoryPersonalDataSource data) {
            return new InMemorySourceView(data) {
                @Override
                public void export(SubjectId subject, ro.clickphone.privacy.spi.source.ExportSink sink) {
                    data().export(subject, sink);
                }

                @Override
                public java.util.List<ro.clickphone.privacy.spi.source.Rectified> rectify(SubjectId subject,
                        ro.clickphone.privacy.spi.source.Rectification r) {
                    return data().rectify(subject, ro.clickphone.privacy.spi.source.Rectification.of(r.category(),
                            r.field(), r.value()));
                }
            };
        }
    }

    @Test
    void viewsDeclareWhatTheyOverride() {
        InMemoryPersonalDataSource data = new InMemoryPersonalDataSource("crm.profile", CATEGORIES);
        assertEquals(Set.of(), data.disposingOnly().capabilities());
        assertEquals(Set.of(SourceCapability.FIND), data.findingOnly().capabilities());
        assertEquals(Set.of(SourceCapability.FIND, SourceCapability.RECTIFY, SourceCapability.RESTRICT),
                data.withoutExportAndErase().capabilities());
        assertEquals(Set.of(SourceCapability.values()), data.capabilities());
        assertEquals("crm.profile", data.withoutExportAndErase().name());
        assertEquals(CATEGORIES, data.findingOnly().categories());
    }

    @Test
    void aViewWithoutExportAndErase_keepsTheContract_skippingExportAndErase() {
        ContractRun run = ContractRun.of(WithoutExportAndErase.class);
        assertEquals(Set.of(), run.failed(), run.report());
        assertEquals(Set.of("export_streamsEveryRecordOfTheSubject_withItsFields_andNoneOfAnother",
                "export_letsTheSinksFailureThrough_andStops", "export_includesRestrictedRecords",
                "export_nullArguments_areInvalidInput",
                "erase_twice_secondErasesNothing_andOtherCategoriesAndSubjectsAreUntouched",
                "erase_concurrently_erasesEachRecordOnce",
                "erase_ofNoCategory_aCategoryNotHeld_orNull_isInvalidInput_andErasesNothing",
                "erase_leavesNothingOfTheSubjectFindableByItsSearchableValues"), run.skipped());
    }

    @Test
    void theFindingAndTheDisposingViews_keepTheContract() {
        for (Class<?> contract : new Class<?>[] {FindingOnly.class, DisposingOnly.class}) {
            ContractRun run = ContractRun.of(contract);
            assertEquals(Set.of(), run.failed(), run.report());
        }
        assertEquals(Set.of("capabilities_areExactlyTheOptionalMethodsOverridden", "nameAndCategories_areGiven",
                "dispose_twice_isIdempotent_forEveryAction", "dispose_ofARecordThatNeverExisted_returnsNormally",
                "dispose_disposesOfThatRecordOnly", "dispose_ofARecordOfAnotherSource_isInvalidInput_andDisposesOfNothing",
                "dispose_ofOneRecord_concurrently_returnsNormallyEverywhere", "dispose_nullArguments_areInvalidInput"),
                ContractRun.of(DisposingOnly.class).passed(), "a source of no capability runs the disposal tests only");
    }

    @Test
    void anErasureCountedAgain_failsTheIdempotencyAndConcurrencyTests() {
        ContractRun run = ContractRun.of(CountsErasureAgain.class);
        assertEquals(Set.of("erase_twice_secondErasesNothing_andOtherCategoriesAndSubjectsAreUntouched",
                "erase_concurrently_erasesEachRecordOnce"), run.failed(), run.report());
    }

    @Test
    void anExportHidingRestrictedRecords_aRestrictionCountedAgain_andANullSinkLetThrough_fail() {
        ContractRun run = ContractRun.of(HidesRestricted.class);
        // its wrapped sink also lets a null sink through as a NullPointerException
        assertEquals(Set.of("export_includesRestrictedRecords", "restrict_thenLift_changesTheSubjectsRecordsOnce_each",
                "export_nullArguments_areInvalidInput"), run.failed(), run.report());
    }

    @Test
    void aRectificationOfOneRecordReachingOthers_fails() {
        ContractRun run = ContractRun.of(RectifiesTooMuch.class);
        assertEquals(Set.of("rectify_ofOneRecord_correctsThatRecordOnly",
                "rectify_ofAnotherSubjectsOrSourcesRecord_anUnknownFieldOrCategory_orNull_isInvalidInput"),
                run.failed(), run.report());
    }
}
