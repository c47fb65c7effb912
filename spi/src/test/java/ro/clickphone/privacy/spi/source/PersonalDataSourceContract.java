package ro.clickphone.privacy.spi.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;

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
 */
public abstract class PersonalDataSourceContract {

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
        String otherName = source.name().equals("other.source") ? "another.source" : "other.source";
        RecordRef foreign = RecordRef.of(otherName, own.id());
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
}
