package ro.clickphone.privacy.spi.source;

import java.util.EnumSet;
import java.util.Set;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;

/**
 * A system of record that owns personal data: the billing database, the CDR store, the voicemail
 * file store. The kit reaches a record through the source whose {@linkplain #name() name} the
 * record's {@link RecordRef#source()} gives; sources are registered with the kit builder
 * ({@code PrivacyKit.builder().source(...)}).
 *
 * <p>One interface per system, growing with the library: today it disposes of records when their
 * retention ends; the rights issue adds find, export, rectify, erase and restrict to this same
 * interface as default methods that refuse until a source implements them, each announced by a
 * {@link SourceCapability} in {@link #capabilities()}. A source written today keeps compiling and
 * keeps its meaning then.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use: two sweepers (or a sweeper and a rights
 *       request) may call it at once, on different records.</li>
 *   <li><b>Idempotency:</b> {@link #dispose} is idempotent per record: disposing of a record
 *       already disposed of, or that never existed, returns normally and changes nothing. The kit
 *       relies on it: a sweeper that crashed between a source's disposal and the mark in the
 *       retention store calls {@code dispose} again for that record.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> a failure is an exception ({@link StoreException}, retryable or not, or any
 *       runtime exception); the record is then taken as not disposed, and disposed of again on a
 *       later sweep. Messages never carry a record's content or a subject's identifier.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface PersonalDataSource {

    /**
     * The source's name, the {@link RecordRef#source()} of its records: a lower-case name such as
     * {@code billing.invoices}, unique among the sources of one kit.
     *
     * @return the name
     */
    String name();

    /**
     * The categories of the policy whose data this source holds. The kit refuses to tag a record of
     * a category its source does not hold.
     *
     * @return the categories, not empty
     */
    Set<DataCategory> categories();

    /**
     * What this source can do beyond disposing of records.
     *
     * @return the capabilities; {@link SourceCapability#DISPOSE} alone unless overridden
     */
    default Set<SourceCapability> capabilities() {
        return EnumSet.of(SourceCapability.DISPOSE);
    }

    /**
     * Disposes of a record: deletes it ({@link DisposalAction#DELETE} and
     * {@link DisposalAction#CRYPTO_SHRED}: the kit destroys the key itself) or anonymizes it
     * ({@link DisposalAction#ANONYMIZE}). Idempotent per record, see the contract.
     *
     * @param record the record, one of this source's
     * @param action how to dispose of it
     * @throws InvalidInputException if an argument is null, or the record is not this source's
     * @throws StoreException if the source failed; the record is then not disposed of
     */
    void dispose(RecordRef record, DisposalAction action);
}
