package ro.clickphone.privacy.spi.source;

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
 * retention ends ({@link #dispose}, which every source implements); the rights issue adds find,
 * export, rectify, erase and restrict to this same interface as optional methods, each announced by
 * a {@link SourceCapability} in {@link #capabilities()}. A source written today keeps compiling and
 * keeps its meaning then.
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
 * The rights issue adds, for each operation:
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
}
