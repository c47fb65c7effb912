package ro.clickphone.privacy.spi.rekey;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import ro.clickphone.privacy.spi.StoreException;

/**
 * One column of a system of record that a job moves to the current key version: the blind index or the
 * deterministic ciphertext of an attribute (a re-index), or a field's ciphertext under the subjects' data
 * keys (a re-encryption). The source reads and writes the column; the job computes the new values.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Order:</b> {@link #rowsAfter} returns rows in one stable, total order of their keys (the
 *       primary key's order), each row once, and only rows whose key comes strictly after the given one.
 *       A row inserted while a job runs may or may not be seen; a job relies on writers using the current
 *       version for new values.</li>
 *   <li><b>Which rows:</b> every row whose column or (for a re-index of a blind index) source attribute
 *       holds a value; a row with neither may be left out. For a re-index of a blind index each row carries
 *       the plaintext, or is {@linkplain RekeyRow#asUnreadable() unreadable}; for a re-encryption each
 *       carries the subject (and record id) of its ciphertext.</li>
 *   <li><b>Conditional update:</b> {@link #replace} sets a row's column only where it still holds exactly
 *       the value the row was read with (null: still empty), and says which rows it changed. A row a writer
 *       changed or deleted meanwhile is left as the writer left it. The changes of one call commit together
 *       or not at all (one transaction): after a failure none may be assumed made, and none was half
 *       made.</li>
 *   <li><b>Count:</b> {@link #count} tests every row, without its plaintext; it is a scan, meant for the
 *       check before a version is retired.</li>
 *   <li><b>Thread safety:</b> safe for concurrent use; several jobs (or instances of one) may work on one
 *       source, the conditional update keeping them apart.</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> {@link StoreException}, retryable when the store is unavailable. Messages name the
 *       source and the operation, never a row's values or a subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface RekeySource {

    /** The position before the first row: {@code rowsAfter(START, n)} reads the first page. */
    String START = "";

    /**
     * A name for the source and its column, for job ids, logs and messages (no personal data), such as
     * {@code customer.email_index}.
     *
     * @return the name
     */
    String name();

    /**
     * The next page of rows.
     *
     * @param afterKey the key of the last row of the previous page, or {@link #START}
     * @param limit the most rows to return, at least 1
     * @return up to {@code limit} rows after {@code afterKey}, in order; empty when none is left
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code afterKey} is null or not a key of
     *     this source's form, or {@code limit} is below 1
     * @throws StoreException if the store failed
     */
    List<RekeyRow> rowsAfter(String afterKey, int limit);

    /**
     * One row read again (after its conditional update lost to a writer).
     *
     * @param key the row key
     * @return the row as it is now, empty if it was deleted or holds nothing any more
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code key} is null or not of this source's
     *     form
     * @throws StoreException if the store failed
     */
    Optional<RekeyRow> row(String key);

    /**
     * Sets the column of several rows, each only if it still holds what the row was read with, in one
     * transaction.
     *
     * @param changes the changes, at most one per row key
     * @return the keys of the rows changed
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code changes} is null, holds null or two
     *     changes of one key
     * @throws StoreException if the store failed; then no change was made
     */
    Set<String> replace(List<RekeyChange> changes);

    /**
     * Counts the rows a test accepts: a scan of the key, stored value, subject and record id of every row
     * (the plaintext is not read).
     *
     * @param test the test, given each row without its plaintext
     * @return how many rows it accepted
     * @throws ro.clickphone.privacy.spi.InvalidInputException if {@code test} is null
     * @throws StoreException if the store failed
     */
    long count(Predicate<RekeyRow> test);
}
