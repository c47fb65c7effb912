package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;

/**
 * The record of every completed erasure, kept apart from the main stores (another database, a file)
 * so that restoring a backup of those does not roll it back: after a restore, the kit reads it and
 * erases again what the backup brought back ({@code kit.rights().reapplyErasures(since)}). It is
 * given to the kit builder apart from {@code .stores(…)} for that reason.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Append-only:</b> entries are never changed or removed.</li>
 *   <li><b>Idempotency:</b> appending an entry whose request id is stored already returns false and
 *       changes nothing (a crash after the append and before the request's completion repeats it).</li>
 *   <li><b>Order:</b> {@link #since} answers by {@code erasedAt}, then request id.</li>
 *   <li><b>Thread safety:</b> safe for concurrent use.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> a {@link StoreException}; an erasure whose ledger entry cannot be written
 *       does not complete.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface ErasureLedger {

    /**
     * Appends an entry.
     *
     * @param entry the entry
     * @return true if appended, false if one for its request exists
     */
    boolean append(ErasureEntry entry);

    /**
     * Entries completed at or after an instant, in order, after a position.
     *
     * @param since the earliest {@code erasedAt} wanted
     * @param after the last entry of the previous page, or empty for the first page
     * @param limit at most how many, at least 1
     * @return the page
     */
    List<ErasureEntry> since(Instant since, Optional<ErasureEntry> after, int limit);
}
