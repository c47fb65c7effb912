package ro.clickphone.privacy.spi.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.testkit.Race;

/**
 * The contract every {@link PersonalDataSource} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar), give a source and a way to create and look at records:
 *
 * <pre>{@code
 * class BillingSourceTest extends PersonalDataSourceContract {
 *     protected PersonalDataSource newSource() { return new BillingSource(database); }
 *     protected RecordRef newRecord(PersonalDataSource source) { return database.insertInvoice(); }
 *     protected boolean isDisposed(PersonalDataSource source, RecordRef record) { return !database.hasInvoice(record.id()); }
 * }
 * }</pre>
 *
 * <p>A source that declares capabilities ({@link PersonalDataSource#capabilities()}) also says how to
 * create a subject's record ({@link #newSubjectRecord}) and which fields a category's records hold
 * ({@link #fieldNames}); the tests of each optional method run only when the source declares its
 * capability, and use the other declared ones to look (FIND to see what is restricted, EXPORT to read
 * a corrected value, {@link #isDisposed} to see what is erased).
 *
 * <p>A source that keeps searchable columns for a field (a blind index, a deterministic ciphertext:
 * what finds a subject's records by a value without decrypting them) says how to look a value up
 * there ({@link #searchableLookup}); the contract then checks that erasure leaves nothing of the
 * subject findable by its values, and that rectification recomputes the column.
 */
public abstract class PersonalDataSourceContract {

    /** Subjects whose identifiers are personal data: no exception message may carry them. */
    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final SubjectId BOB = SubjectId.of("+40721234567");
    private static final SubjectId NOBODY = SubjectId.of("nobody@example.ro");
    private static final String NO_SUCH_FIELD = "contractNoSuchField";
    private static final DataCategory NOT_HELD = DataCategory.of("CONTRACT_NOT_HELD");
    private static final int THREADS = 8;

    private final AtomicInteger values = new AtomicInteger();

    /** For subclasses. */
    protected PersonalDataSourceContract() {
    }

    /**
     * Creates the source under test.
     *
     * @return the source
     */
    protected abstract PersonalDataSource newSource();

    /**
     * Creates a record in the source.
     *
     * @param source the source
     * @return the new record's reference
     */
    protected abstract RecordRef newRecord(PersonalDataSource source);

    /**
     * Whether a record no longer holds personal data: deleted, or anonymized.
     *
     * @param source the source
     * @param record the record
     * @return {@code true} once disposed of
     */
    protected abstract boolean isDisposed(PersonalDataSource source, RecordRef record);

    /**
     * Creates a record of a subject in the source, of a category it holds, with the fields given (the
     * names {@link #fieldNames} gave, text values). Needed when the source declares a capability; by
     * default it fails the test, saying so.
     *
     * @param source the source
     * @param subject whose record it is
     * @param category its category, one of {@code source.categories()}
     * @param fields its fields by name
     * @return the new record's reference
     */
    protected RecordRef newSubjectRecord(PersonalDataSource source, SubjectId subject, DataCategory category,
            Map<String, String> fields) {
        throw new AssertionError(getClass().getSimpleName() + " tests a source that declares " + source.capabilities()
                + ": override newSubjectRecord so that the contract can create a subject's records");
    }

    /**
     * The names of fields a category's records hold at the source, text-valued and rectifiable; the
     * first is the one the contract rectifies. By default {@code note}.
     *
     * @param category a category of the source
     * @return the field names, at least one
     */
    protected List<String> fieldNames(DataCategory category) {
        return List.of("note");
    }

    /**
     * How the source's searchable column of a category's field is looked up: given a value, the
     * records the column finds by it (a blind-index or deterministic-column lookup, not a scan of the
     * records). By default empty: the source keeps no searchable column for the field, and the tests
     * of searchable columns are skipped. A source that keeps one must give it: erasure must clear it
     * ({@link PersonalDataSource#erase}) and rectification recompute it ({@link PersonalDataSource#rectify}).
     *
     * @param source the source
     * @param category a category of the source
     * @param field a field of {@link #fieldNames}{@code (category)}
     * @return the lookup, or empty when the field has no searchable column
     */
    protected Optional<Function<String, Set<RecordRef>>> searchableLookup(PersonalDataSource source,
            DataCategory category, String field) {
        return Optional.empty();
    }

    @Test
    void nameAndCategories_areGiven() {
        PersonalDataSource source = newSource();
        assertDoesNotThrow(() -> RecordRef.of(source.name(), "x"), "the name is a record source name");
        assertFalse(source.categories().isEmpty());
    }

    // The kit refuses (PrivacyKit.Builder.source) a source whose declared capabilities and overridden
    // optional methods disagree; this says so to the plugin author before the kit does.
    @Test
    void capabilities_areExactlyTheOptionalMethodsOverridden() throws NoSuchMethodException {
        PersonalDataSource source = newSource();
        Set<SourceCapability> declared = source.capabilities();
        assertNotNull(declared, "capabilities() is not null");
        assertTrue(declared.stream().allMatch(c -> c != null), "capabilities() holds no null");
        for (SourceCapability capability : SourceCapability.values()) {
            for (Method method : PersonalDataSource.class.getMethods()) {
                if (method.isDefault() && method.getName().equals(capability.methodName())) {
                    boolean overridden = source.getClass().getMethod(method.getName(), method.getParameterTypes())
                            .getDeclaringClass() != PersonalDataSource.class;
                    assertEquals(declared.contains(capability), overridden, capability + ": declared exactly when "
                            + method.getName() + " is overridden");
                }
            }
        }
    }

    @Test
    void dispose_twice_isIdempotent_forEveryAction() {
        PersonalDataSource source = newSource();
        for (DisposalAction action : DisposalAction.values()) {
            RecordRef record = newRecord(source);
            assertFalse(isDisposed(source, record));
            source.dispose(record, action);
            assertTrue(isDisposed(source, record), action.name());
            assertDoesNotThrow(() -> source.dispose(record, action), "a second dispose of the same record");
            assertTrue(isDisposed(source, record), action.name());
        }
    }

    @Test
    void dispose_ofARecordThatNeverExisted_returnsNormally() {
        PersonalDataSource source = newSource();
        assertDoesNotThrow(() -> source.dispose(RecordRef.of(source.name(), "never-existed"), DisposalAction.DELETE));
    }

    @Test
    void dispose_disposesOfThatRecordOnly() {
        PersonalDataSource source = newSource();
        RecordRef one = newRecord(source);
        RecordRef other = newRecord(source);
        source.dispose(one, DisposalAction.DELETE);
        assertFalse(isDisposed(source, other));
    }

    @Test
    void dispose_ofARecordOfAnotherSource_isInvalidInput_andDisposesOfNothing() {
        PersonalDataSource source = newSource();
        RecordRef own = newRecord(source);
        RecordRef foreign = foreign(source, own);
        for (DisposalAction action : DisposalAction.values()) {
            assertThrows(InvalidInputException.class, () -> source.dispose(foreign, action), action.name());
        }
        assertFalse(isDisposed(source, own), "the source's own record of the same id is untouched");
    }

    // Two sweepers may dispose of one record at once: one whose lease expired while its call was running, and the
    // one that took its batch over. Both calls return normally, and the record ends disposed of.
    @Test
    void dispose_ofOneRecord_concurrently_returnsNormallyEverywhere() throws Exception {
        PersonalDataSource source = newSource();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (DisposalAction action : DisposalAction.values()) {
                for (int round = 0; round < 20; round++) {
                    RecordRef record = newRecord(source);
                    CyclicBarrier start = new CyclicBarrier(threads);
                    List<Future<?>> calls = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        calls.add(pool.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            source.dispose(record, action);
                            return null;
                        }));
                    }
                    for (Future<?> call : calls) {
                        assertDoesNotThrow(() -> call.get(30, TimeUnit.SECONDS), action.name());
                    }
                    assertTrue(isDisposed(source, record), action.name());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dispose_nullArguments_areInvalidInput() {
        PersonalDataSource source = newSource();
        RecordRef record = newRecord(source);
        assertThrows(InvalidInputException.class, () -> source.dispose(null, DisposalAction.DELETE));
        assertThrows(InvalidInputException.class, () -> source.dispose(record, null));
        assertFalse(isDisposed(source, record));
    }

    // --- the rights of the data subject: helpers ---------------------------------------------------

    /** A new source; the test is skipped unless it declares every capability given. */
    private PersonalDataSource newSourceDeclaring(SourceCapability... capabilities) {
        PersonalDataSource source = newSource();
        for (SourceCapability capability : capabilities) {
            Assumptions.assumeTrue(declares(source, capability), source.name() + " does not declare " + capability);
        }
        return source;
    }

    private static boolean declares(PersonalDataSource source, SourceCapability capability) {
        return source.capabilities().contains(capability);
    }

    private static List<DataCategory> categoriesOf(PersonalDataSource source) {
        return source.categories().stream().sorted(Comparator.comparing(DataCategory::id)).toList();
    }

    private static DataCategory firstCategory(PersonalDataSource source) {
        return categoriesOf(source).get(0);
    }

    /** A subject's record with fresh values that look like personal data (a name, a phone number). */
    private RecordRef seed(PersonalDataSource source, SubjectId subject, DataCategory category) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : fieldNames(category)) {
            fields.put(name, "Ana Popescu 0721 234 " + (100 + values.incrementAndGet()));
        }
        return newSubjectRecord(source, subject, category, fields);
    }

    /** Two records of the subject in each category of the source, with their categories. */
    private Map<RecordRef, DataCategory> seedTwoOfEachCategory(PersonalDataSource source, SubjectId subject) {
        Map<RecordRef, DataCategory> seeded = new LinkedHashMap<>();
        for (DataCategory category : categoriesOf(source)) {
            seeded.put(seed(source, subject, category), category);
            seeded.put(seed(source, subject, category), category);
        }
        return seeded;
    }

    private static List<RecordRef> foundRecords(PersonalDataSource source, SubjectId subject) {
        return found(source, subject).stream().map(SubjectRecord::record).toList();
    }

    private static List<SubjectRecord> found(PersonalDataSource source, SubjectId subject) {
        List<SubjectRecord> out = new ArrayList<>();
        source.find(subject, out::add);
        return out;
    }

    private static Map<RecordRef, ExportedRecord> exported(PersonalDataSource source, SubjectId subject) {
        Map<RecordRef, ExportedRecord> out = new LinkedHashMap<>();
        source.export(subject, r -> assertTrue(out.put(r.record(), r) == null, "each record exported once"));
        return out;
    }

    private static Set<RecordRef> restricted(PersonalDataSource source, SubjectId subject) {
        Set<RecordRef> out = new HashSet<>();
        for (SubjectRecord r : found(source, subject)) {
            if (r.restricted()) {
                out.add(r.record());
            }
        }
        return out;
    }

    private static Object valueOf(PersonalDataSource source, SubjectId subject, RecordRef record, String field) {
        ExportedRecord r = exported(source, subject).get(record);
        assertNotNull(r, "the record is exported");
        return r.fields().get(field);
    }

    /** Every call is an InvalidInputException whose message names no subject. */
    private static void assertInvalid(List<Executable> calls) {
        for (Executable call : calls) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call);
            assertFalse(e.getMessage().contains(ANA.value()) || e.getMessage().contains(BOB.value()), e.getMessage());
        }
    }

    private static RecordRef foreign(PersonalDataSource source, RecordRef own) {
        return RecordRef.of(source.name().equals("other.source") ? "another.source" : "other.source", own.id());
    }

    // --- FIND ----------------------------------------------------------------------------------------

    @Test
    void find_reportsEachRecordOfTheSubject_withItsCategory_andNoneOfAnother() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.FIND);
        Map<RecordRef, DataCategory> anas = seedTwoOfEachCategory(source, ANA);
        RecordRef bobs = seed(source, BOB, firstCategory(source));
        List<SubjectRecord> found = found(source, ANA);
        assertEquals(anas.size(), found.size(), "each record once");
        for (SubjectRecord r : found) {
            assertEquals(anas.get(r.record()), r.category(), "the record is the subject's, of its category");
            assertFalse(r.restricted());
        }
        assertEquals(List.of(bobs), foundRecords(source, BOB));
        assertEquals(List.of(), found(source, NOBODY));
    }

    @Test
    void find_omitsRecordsDisposedOf() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.FIND);
        RecordRef gone = seed(source, ANA, firstCategory(source));
        RecordRef kept = seed(source, ANA, firstCategory(source));
        source.dispose(gone, DisposalAction.DELETE);
        assertEquals(List.of(kept), foundRecords(source, ANA));
    }

    @Test
    void find_nullArguments_areInvalidInput() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.FIND);
        seed(source, ANA, firstCategory(source));
        assertInvalid(List.of(() -> source.find(null, r -> { }), () -> source.find(ANA, null)));
    }

    // --- EXPORT --------------------------------------------------------------------------------------

    @Test
    void export_streamsEveryRecordOfTheSubject_withItsFields_andNoneOfAnother() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.EXPORT);
        Map<RecordRef, DataCategory> anas = seedTwoOfEachCategory(source, ANA);
        RecordRef bobs = seed(source, BOB, firstCategory(source));
        Map<RecordRef, ExportedRecord> exported = exported(source, ANA);
        assertEquals(anas.keySet(), exported.keySet(), "every record of the subject, and none of another");
        for (ExportedRecord r : exported.values()) {
            assertEquals(anas.get(r.record()), r.category());
            for (String field : fieldNames(r.category())) {
                Object value = r.fields().get(field);
                assertTrue(value instanceof String && ((String) value).startsWith("Ana Popescu"),
                        "field " + field + " in clear");
            }
        }
        assertEquals(Set.of(bobs), exported(source, BOB).keySet());
        assertEquals(Map.of(), exported(source, NOBODY));
    }

    @Test
    void export_letsTheSinksFailureThrough_andStops() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.EXPORT);
        seed(source, ANA, firstCategory(source));
        seed(source, ANA, firstCategory(source));
        AtomicInteger accepted = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("the export file's disk is full");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> source.export(ANA, r -> {
            accepted.incrementAndGet();
            throw failure;
        }));
        assertSame(failure, thrown, "the sink's exception itself");
        assertEquals(1, accepted.get(), "no record after the failure");
    }

    @Test
    void export_includesRestrictedRecords() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.EXPORT, SourceCapability.RESTRICT);
        RecordRef record = seed(source, ANA, firstCategory(source));
        source.restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED"));
        assertEquals(Set.of(record), exported(source, ANA).keySet(), "art. 18 restricts processing, not access");
    }

    @Test
    void export_nullArguments_areInvalidInput() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.EXPORT);
        seed(source, ANA, firstCategory(source));
        assertInvalid(List.of(() -> source.export(null, r -> { }), () -> source.export(ANA, null)));
    }

    // --- RECTIFY -------------------------------------------------------------------------------------

    @Test
    void rectify_correctsTheFieldInEachRecordOfTheSubject_reportingThePreviousValues() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        DataCategory category = firstCategory(source);
        String field = fieldNames(category).get(0);
        RecordRef one = seed(source, ANA, category);
        RecordRef two = seed(source, ANA, category);
        RecordRef bobs = seed(source, BOB, category);
        boolean exports = declares(source, SourceCapability.EXPORT);
        Map<RecordRef, Object> before = new LinkedHashMap<>();
        if (exports) {
            before.put(one, valueOf(source, ANA, one, field));
            before.put(two, valueOf(source, ANA, two, field));
            before.put(bobs, valueOf(source, BOB, bobs, field));
        }
        List<Rectified> done = source.rectify(ANA, Rectification.of(category, field, "Ana Popescu-Ionescu"));
        assertEquals(Set.of(one, two), done.stream().map(Rectified::record).collect(java.util.stream.Collectors.toSet()));
        for (Rectified r : done) {
            assertTrue(r.previous().isPresent(), "the value held before");
            if (exports) {
                assertEquals(Optional.of(String.valueOf(before.get(r.record()))), r.previous());
            }
        }
        if (exports) {
            assertEquals("Ana Popescu-Ionescu", valueOf(source, ANA, one, field));
            assertEquals("Ana Popescu-Ionescu", valueOf(source, ANA, two, field));
            assertEquals(before.get(bobs), valueOf(source, BOB, bobs, field), "another subject's data is untouched");
        }
    }

    @Test
    void rectify_twice_isIdempotent() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        DataCategory category = firstCategory(source);
        String field = fieldNames(category).get(0);
        RecordRef record = seed(source, ANA, category);
        Rectification correction = Rectification.of(category, field, "Ana Popescu-Ionescu");
        source.rectify(ANA, correction);
        List<Rectified> again = source.rectify(ANA, correction);
        assertEquals(List.of(new Rectified(record, Optional.of("Ana Popescu-Ionescu"))), again,
                "a repeat changes nothing and reports the value already held");
    }

    @Test
    void rectify_ofOneRecord_correctsThatRecordOnly() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        DataCategory category = firstCategory(source);
        String field = fieldNames(category).get(0);
        RecordRef one = seed(source, ANA, category);
        RecordRef other = seed(source, ANA, category);
        List<Rectified> done = source.rectify(ANA,
                new Rectification(category, field, "Ana Popescu-Ionescu", Optional.of(one)));
        assertEquals(List.of(one), done.stream().map(Rectified::record).toList());
        if (declares(source, SourceCapability.EXPORT)) {
            assertEquals("Ana Popescu-Ionescu", valueOf(source, ANA, one, field));
            assertFalse("Ana Popescu-Ionescu".equals(valueOf(source, ANA, other, field)));
        }
    }

    @Test
    void rectify_ofASubjectHoldingNoSuchRecord_correctsNothing() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        DataCategory category = firstCategory(source);
        seed(source, ANA, category);
        assertEquals(List.of(), source.rectify(NOBODY, Rectification.of(category, fieldNames(category).get(0),
                "Ana Popescu-Ionescu")));
    }

    @Test
    void rectify_ofAnotherSubjectsOrSourcesRecord_anUnknownFieldOrCategory_orNull_isInvalidInput() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        Assumptions.assumeFalse(source.categories().contains(NOT_HELD));
        DataCategory category = firstCategory(source);
        String field = fieldNames(category).get(0);
        seed(source, ANA, category);
        RecordRef bobs = seed(source, BOB, category);
        Object bobsValue = declares(source, SourceCapability.EXPORT)
                ? valueOf(source, BOB, bobs, field) : null;
        assertInvalid(List.of(
                () -> source.rectify(ANA, new Rectification(category, field, "Ana", Optional.of(bobs))),
                () -> source.rectify(ANA, new Rectification(category, field, "Ana", Optional.of(foreign(source, bobs)))),
                () -> source.rectify(ANA, Rectification.of(category, NO_SUCH_FIELD, "Ana")),
                () -> source.rectify(ANA, Rectification.of(NOT_HELD, field, "Ana")),
                () -> source.rectify(null, Rectification.of(category, field, "Ana")),
                () -> source.rectify(ANA, null)));
        if (bobsValue != null) {
            assertEquals(bobsValue, valueOf(source, BOB, bobs, field), "no refused call changed a record");
        }
    }

    // --- ERASE ---------------------------------------------------------------------------------------

    @Test
    void erase_twice_secondErasesNothing_andOtherCategoriesAndSubjectsAreUntouched() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.ERASE);
        List<DataCategory> categories = categoriesOf(source);
        DataCategory erased = categories.get(0);
        RecordRef one = seed(source, ANA, erased);
        RecordRef two = seed(source, ANA, erased);
        RecordRef bobs = seed(source, BOB, erased);
        Optional<RecordRef> otherCategory = categories.size() > 1
                ? Optional.of(seed(source, ANA, categories.get(1))) : Optional.empty();

        ErasureResult first = source.erase(ANA, Set.of(erased));
        assertEquals(2, first.total());
        assertEquals(Integer.valueOf(2), first.erased().get(erased));
        assertTrue(isDisposed(source, one) && isDisposed(source, two), "the subject's records are erased");
        assertFalse(isDisposed(source, bobs), "another subject's record is untouched");
        otherCategory.ifPresent(r -> assertFalse(isDisposed(source, r), "a category not named is untouched"));

        ErasureResult second = assertDoesNotThrow(() -> source.erase(ANA, Set.of(erased)));
        assertEquals(0, second.total(), "a second erasure erases nothing more");
        if (declares(source, SourceCapability.FIND)) {
            assertEquals(otherCategory.map(List::of).orElse(List.of()),
                    foundRecords(source, ANA));
            assertEquals(List.of(bobs), foundRecords(source, BOB));
        }
    }

    @Test
    void erase_concurrently_erasesEachRecordOnce() throws Exception {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.ERASE);
        DataCategory category = firstCategory(source);
        List<RecordRef> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(seed(source, ANA, category));
        }
        List<ErasureResult> results = Race.race(THREADS, n -> () -> source.erase(ANA, Set.of(category)));
        assertEquals(records.size(), results.stream().mapToInt(ErasureResult::total).sum(),
                "the counts add up to the records: none erased twice");
        assertTrue(records.stream().allMatch(r -> isDisposed(source, r)));
    }

    @Test
    void erase_ofNoCategory_aCategoryNotHeld_orNull_isInvalidInput_andErasesNothing() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.ERASE);
        Assumptions.assumeFalse(source.categories().contains(NOT_HELD));
        DataCategory category = firstCategory(source);
        RecordRef record = seed(source, ANA, category);
        Set<DataCategory> withNull = new HashSet<>();
        withNull.add(null);
        assertInvalid(List.of(
                () -> source.erase(ANA, Set.of()),
                () -> source.erase(ANA, Set.of(category, NOT_HELD)),
                () -> source.erase(ANA, withNull),
                () -> source.erase(ANA, null),
                () -> source.erase(null, Set.of(category))));
        assertFalse(isDisposed(source, record));
    }

    // --- searchable columns (blind indexes, deterministic columns) ------------------------------------

    /** The lookup of the first category's first field, or the test is skipped. */
    private Function<String, Set<RecordRef>> lookupOrSkip(PersonalDataSource source, DataCategory category) {
        Optional<Function<String, Set<RecordRef>>> lookup = searchableLookup(source, category,
                fieldNames(category).get(0));
        Assumptions.assumeTrue(lookup.isPresent(), source.name() + " keeps no searchable column");
        return lookup.get();
    }

    /** A subject's record whose first field holds the value given (the others fresh values). */
    private RecordRef seedWith(PersonalDataSource source, SubjectId subject, DataCategory category, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : fieldNames(category)) {
            fields.put(name, fields.isEmpty() ? value : "Ana Popescu 0721 234 " + (100 + values.incrementAndGet()));
        }
        return newSubjectRecord(source, subject, category, fields);
    }

    // The issue: erasure must "clear blind-index and deterministic columns through the sources". An erased
    // subject must not be findable by a value it gave, even by a column that never decrypts.
    @Test
    void erase_leavesNothingOfTheSubjectFindableByItsSearchableValues() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.ERASE);
        DataCategory category = firstCategory(source);
        Function<String, Set<RecordRef>> lookup = lookupOrSkip(source, category);
        String anasValue = "0721 234 " + (500 + values.incrementAndGet());
        String bobsValue = "0745 678 " + (500 + values.incrementAndGet());
        RecordRef one = seedWith(source, ANA, category, anasValue);
        RecordRef two = seedWith(source, ANA, category, anasValue);
        RecordRef bobs = seedWith(source, BOB, category, bobsValue);
        assertEquals(Set.of(one, two), lookup.apply(anasValue), "the lookup finds the subject's records before");
        assertEquals(Set.of(bobs), lookup.apply(bobsValue));

        source.erase(ANA, Set.of(category));

        assertEquals(Set.of(), lookup.apply(anasValue), "nothing of the erased subject is findable by its value");
        assertEquals(Set.of(bobs), lookup.apply(bobsValue), "another subject's column is untouched");
        source.erase(ANA, Set.of(category));
        assertEquals(Set.of(), lookup.apply(anasValue), "and stays so after a repeat");
    }

    @Test
    void rectify_recomputesTheSearchableColumn() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RECTIFY);
        DataCategory category = firstCategory(source);
        Function<String, Set<RecordRef>> lookup = lookupOrSkip(source, category);
        String old = "0721 234 " + (500 + values.incrementAndGet());
        String corrected = "0721 234 " + (500 + values.incrementAndGet());
        RecordRef record = seedWith(source, ANA, category, old);

        source.rectify(ANA, Rectification.of(category, fieldNames(category).get(0), corrected));

        assertEquals(Set.of(), lookup.apply(old), "the old value no longer finds the record");
        assertEquals(Set.of(record), lookup.apply(corrected), "the corrected value does");
    }

    // --- RESTRICT ------------------------------------------------------------------------------------

    @Test
    void restrict_thenLift_changesTheSubjectsRecordsOnce_each() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RESTRICT);
        DataCategory category = firstCategory(source);
        RecordRef one = seed(source, ANA, category);
        RecordRef two = seed(source, ANA, category);
        RecordRef bobs = seed(source, BOB, category);
        boolean finds = declares(source, SourceCapability.FIND);
        Restriction restriction = Restriction.of(Set.of(category), "ACCURACY_CONTESTED", Optional.empty());

        assertEquals(2, source.restrict(ANA, restriction));
        assertEquals(0, source.restrict(ANA, restriction), "restricting again changes nothing");
        if (finds) {
            assertEquals(Set.of(one, two), restricted(source, ANA));
            assertEquals(Set.of(), restricted(source, BOB), "another subject's record is not restricted");
        }
        assertEquals(2, source.restrict(ANA, restriction.lifted()));
        assertEquals(0, source.restrict(ANA, restriction.lifted()), "lifting again changes nothing");
        if (finds) {
            assertEquals(Set.of(), restricted(source, ANA));
        }
        assertFalse(isDisposed(source, one) || isDisposed(source, two) || isDisposed(source, bobs),
                "a restriction keeps the records");
    }

    @Test
    void restrict_ofNamedRecords_restrictsThoseOnly() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RESTRICT);
        DataCategory category = firstCategory(source);
        RecordRef contested = seed(source, ANA, category);
        seed(source, ANA, category);
        Restriction restriction = Restriction.ofRecords(Set.of(contested), "ACCURACY_CONTESTED");
        assertEquals(1, source.restrict(ANA, restriction));
        if (declares(source, SourceCapability.FIND)) {
            assertEquals(Set.of(contested), restricted(source, ANA));
        }
        assertEquals(1, source.restrict(ANA, restriction.lifted()));
    }

    @Test
    void restrict_ofAnotherSubjectsOrSourcesRecord_aCategoryNotHeld_orNull_isInvalidInput() {
        PersonalDataSource source = newSourceDeclaring(SourceCapability.RESTRICT);
        Assumptions.assumeFalse(source.categories().contains(NOT_HELD));
        DataCategory category = firstCategory(source);
        RecordRef anas = seed(source, ANA, category);
        RecordRef bobs = seed(source, BOB, category);
        assertInvalid(List.of(
                () -> source.restrict(ANA, Restriction.ofRecords(Set.of(anas, bobs), "ACCURACY_CONTESTED")),
                () -> source.restrict(ANA, Restriction.ofRecords(Set.of(foreign(source, anas)), "ACCURACY_CONTESTED")),
                () -> source.restrict(ANA, Restriction.of(Set.of(category, NOT_HELD), "ACCURACY_CONTESTED",
                        Optional.empty())),
                () -> source.restrict(null, Restriction.of(Set.of(category), "ACCURACY_CONTESTED", Optional.empty())),
                () -> source.restrict(ANA, null)));
        if (declares(source, SourceCapability.FIND)) {
            assertEquals(Set.of(), restricted(source, ANA), "no refused call restricted a record");
            assertEquals(Set.of(), restricted(source, BOB));
        }
    }
}
