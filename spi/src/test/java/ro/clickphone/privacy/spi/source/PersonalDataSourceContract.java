package ro.clickphone.privacy.spi.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 *     protected boolean isGone(PersonalDataSource source, RecordRef record) { return !database.hasInvoice(record.id()); }
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
        assertTrue(source.capabilities().contains(SourceCapability.DISPOSE));
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
    void dispose_nullArguments_areInvalidInput() {
        PersonalDataSource source = newSource();
        RecordRef record = newRecord(source);
        assertThrows(InvalidInputException.class, () -> source.dispose(null, DisposalAction.DELETE));
        assertThrows(InvalidInputException.class, () -> source.dispose(record, null));
        assertFalse(isDisposed(source, record));
    }
}
