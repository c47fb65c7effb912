package ro.clickphone.privacy.spi.source;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * A system of record that owns personal data: the billing database, the CDR store, the voicemail
 * file store. The kit reaches a record through the source whose {@linkplain #name() name} the
 * record's {@link RecordRef#source()} gives; sources are registered with the kit builder
 * ({@code PrivacyKit.builder().source(...)}).
 *
 * <p>One interface per system: every source disposes of records when their retention ends
 * ({@link #dispose}); the rights of the data subject reach a source through optional methods, each
 * announced by a {@link SourceCapability} in {@link #capabilities()}: {@link #find} (which records
 * of a subject it holds), {@link #export} (access and portability), {@link #rectify},
 * {@link #erase} and {@link #restrict}. A source that declares none of them only disposes of records;
 * a rights request then records it as not reachable for that right, never as done.
 *
 * <h2>Capabilities</h2>
 * A source's {@link #capabilities()} are exactly the capabilities whose methods its class overrides
 * (its own or inherited from a superclass or another interface). The kit checks it when the source
 * is registered ({@code PrivacyKit.Builder.source}): a source that declares a capability without
 * overriding each of its methods, or overrides an optional method without declaring its capability,
 * is refused with a {@code ConfigurationException} that names the source and the capability. So a
 * forgotten declaration never silently skips a source, and a declaration never promises a method
 * that then fails at run time. (A decorator that forwards every method must therefore declare what
 * it forwards, and be written for one set of capabilities.)
 *
 * <h2>Growing: how a capability is added</h2>
 * Each optional method was added this way, and a later one is too:
 * <ol>
 *   <li>a default method on this interface whose default refuses (it is only called on sources that
 *       declare its capability, so the default is never reached through the kit);</li>
 *   <li>a {@link SourceCapability} constant naming that method, e.g. {@code EXPORT("export")};</li>
 *   <li>the contract tests of that method in {@code PersonalDataSourceContract}, run only when the
 *       source declares the capability.</li>
 * </ol>
 * Nothing else: the kit's registration check and the contract's agreement test pick the constant up,
 * and core's {@code SourceCapabilitiesTest} fails while a default method of this interface (other than
 * {@link #capabilities()}) has no capability naming it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use: two sweepers (or a sweeper and a rights
 *       request) may call it at once, on different records, and on the same record: a sweeper whose
 *       lease expired while its call was still running and the sweeper that took its batch over may
 *       dispose of one record at once; both calls return normally and the record ends disposed of.</li>
 *   <li><b>Idempotency:</b> {@link #dispose} is idempotent per record: disposing of a record
 *       already disposed of, or that never existed, returns normally and changes nothing. The kit
 *       relies on it: a sweeper that crashed between a source's disposal and the mark in the
 *       retention store calls {@code dispose} again for that record.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Other sources' records:</b> a record whose {@link RecordRef#source()} is not this source's
 *       name is an {@link InvalidInputException}, and nothing is disposed of (not even a record of
 *       this source with the same id).</li>
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
     * What this source can do beyond disposing of records: the capabilities whose optional methods
     * its class overrides, and no other (see "Capabilities" above; the kit refuses a source whose
     * declaration disagrees with its methods).
     *
     * @return the capabilities, not null and without null; none unless overridden
     */
    default Set<SourceCapability> capabilities() {
        return Set.of();
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

    /**
     * Reports every record this source holds about a subject, one call of {@code sink} per record,
     * with its category and whether it is restricted; records already erased or disposed of are not
     * reported. Reads only. Capability {@link SourceCapability#FIND}.
     *
     * @param subject the subject
     * @param sink where each record goes, on the calling thread
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the source failed
     * @throws UnsupportedOperationException if the source does not declare {@link SourceCapability#FIND}
     */
    default void find(SubjectId subject, Consumer<SubjectRecord> sink) {
        throw new UnsupportedOperationException(name() + " does not declare FIND");
    }

    /**
     * Exports every record this source holds about a subject, with its fields in clear (decrypted for
     * the export only), one call of {@code sink} per record, streaming: the source never needs to hold
     * them all. Restricted records are exported too (art. 18 restricts processing, not the subject's
     * access). Capability {@link SourceCapability#EXPORT}.
     *
     * @param subject the subject
     * @param sink where each record goes, on the calling thread
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the source failed; the kit then retries the export whole
     * @throws UnsupportedOperationException if the source does not declare {@link SourceCapability#EXPORT}
     */
    default void export(SubjectId subject, ExportSink sink) {
        throw new UnsupportedOperationException(name() + " does not declare EXPORT");
    }

    /**
     * Corrects a field of the subject's data (GDPR art. 16): in the one record named, or in every
     * record of the subject holding the field. The source encrypts what it stores encrypted and
     * recomputes its blind indexes and deterministic columns. Idempotent: correcting to the value the
     * field already holds changes nothing and reports the record with that value as previous.
     * Capability {@link SourceCapability#RECTIFY}.
     *
     * @param subject the subject
     * @param rectification the field and its corrected value
     * @return the records corrected, each with the value it held before (the kit hashes it for the
     *     audit and keeps it nowhere); empty when the source holds no such field of the subject
     * @throws InvalidInputException if an argument is null, the record is not this source's or not the
     *     subject's, or the source holds no such field in the category
     * @throws StoreException if the source failed; nothing was corrected, or the call is repeated
     * @throws UnsupportedOperationException if the source does not declare {@link SourceCapability#RECTIFY}
     */
    default List<Rectified> rectify(SubjectId subject, Rectification rectification) {
        throw new UnsupportedOperationException(name() + " does not declare RECTIFY");
    }

    /**
     * Erases the subject's records in some categories (GDPR art. 17): deletes them, or removes every
     * field that identifies the subject, including blind indexes and deterministic columns. The kit
     * passes only categories no obligation keeps. Idempotent per subject: a second call erases
     * nothing more and returns normally. Capability {@link SourceCapability#ERASE}.
     *
     * @param subject the subject
     * @param categories the categories to erase, a subset of {@link #categories()}, not empty
     * @return how many records were erased per category by this call
     * @throws InvalidInputException if an argument is null or empty, or names a category the source
     *     does not hold
     * @throws StoreException if the source failed; the call is then repeated
     * @throws UnsupportedOperationException if the source does not declare {@link SourceCapability#ERASE}
     */
    default ErasureResult erase(SubjectId subject, Set<DataCategory> categories) {
        throw new UnsupportedOperationException(name() + " does not declare ERASE");
    }

    /**
     * Restricts processing of some of the subject's records (GDPR art. 18), or lifts it: the records
     * of the restriction's categories, or the records it names. A restricted record is kept and
     * exported, but the source does no other processing with it until the restriction is lifted.
     * Idempotent. Capability {@link SourceCapability#RESTRICT}.
     *
     * @param subject the subject
     * @param restriction what to restrict or lift, why and until when
     * @return how many records changed state by this call
     * @throws InvalidInputException if an argument is null, a record is not this source's or not the
     *     subject's, or a category is not one the source holds
     * @throws StoreException if the source failed; the call is then repeated
     * @throws UnsupportedOperationException if the source does not declare {@link SourceCapability#RESTRICT}
     */
    default int restrict(SubjectId subject, Restriction restriction) {
        throw new UnsupportedOperationException(name() + " does not declare RESTRICT");
    }
}
