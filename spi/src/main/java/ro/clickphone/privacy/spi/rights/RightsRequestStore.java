package ro.clickphone.privacy.spi.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Keeps rights requests and their human-review tasks. In memory in {@code spi.memory}; the JPA plugin
 * gives a durable one; {@code RightsRequestStoreContract} in the spi test kit is the contract.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Versions:</b> a request (a task) is written only over the version it was made from:
 *       {@link #replace} writes {@code next} when the stored version is {@code next.version() - 1}
 *       and returns false otherwise, so two writers never both win. The kit re-reads and retries.</li>
 *   <li><b>Claims:</b> {@link #claim} hands a request to one worker at a time: it succeeds when the
 *       request has not ended and holds no lease still valid at {@code now} other than the caller's
 *       own, and stores the new lease in a new version. A worker whose lease expired may lose the
 *       request to another; its later writes then fail on the version.</li>
 *   <li><b>Idempotency:</b> inserting a request or a task whose id is stored already returns false
 *       and changes nothing.</li>
 *   <li><b>Order:</b> {@link #open} answers by due date, then id.</li>
 *   <li><b>Thread safety:</b> safe for concurrent use; every method is atomic.</li>
 *   <li><b>Null handling:</b> a null argument is an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> a {@link StoreException}, whose message never carries a subject.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface RightsRequestStore {

    /**
     * Stores a new request (version 1).
     *
     * @param request the request
     * @return true if stored, false if a request with its id exists (nothing changed)
     */
    boolean insert(RequestRecord request);

    /**
     * Finds a request.
     *
     * @param id its id
     * @return the stored version, or empty
     */
    Optional<RequestRecord> find(String id);

    /**
     * Writes the next version of a request over the one it was made from.
     *
     * @param next the next version; the stored one must be {@code next.version() - 1}
     * @return true if written, false if the stored version is another (or there is none)
     */
    boolean replace(RequestRecord next);

    /**
     * Claims a request for a worker: see the contract.
     *
     * @param id the request's id
     * @param lease the worker's lease
     * @param now the time to judge other leases by
     * @return the claimed request (its new version holding the lease), or empty when it is unknown,
     *     ended, or leased to another worker until after {@code now}; a database store may also answer
     *     empty while another transaction holds the request's row at this moment ({@code SKIP LOCKED}):
     *     "not claimable now", which the kit treats like a lease held elsewhere and tries on its next pass
     */
    Optional<RequestRecord> claim(String id, Lease lease, Instant now);

    /**
     * Requests that have not ended, due on or before a date, by due date then id, after a position.
     *
     * @param dueOnOrBefore the last due date wanted ({@link LocalDate#MAX} for every open request)
     * @param after the last request of the previous page, or empty for the first page
     * @param limit at most how many, at least 1
     * @return the page
     */
    List<RequestRecord> open(LocalDate dueOnOrBefore, Optional<RequestRecord> after, int limit);

    /**
     * A subject's requests, oldest first (ended ones too).
     *
     * @param subject the subject
     * @return the requests
     */
    List<RequestRecord> ofSubject(SubjectId subject);

    /**
     * Stores a new review task (version 1).
     *
     * @param task the task
     * @return true if stored, false if a task with its id exists
     */
    boolean insertTask(ReviewTask task);

    /**
     * Finds a review task.
     *
     * @param id its id
     * @return the stored version, or empty
     */
    Optional<ReviewTask> findTask(String id);

    /**
     * Writes the next version of a task over the one it was made from.
     *
     * @param next the next version; the stored one must be {@code next.version() - 1}
     * @return true if written, false otherwise
     */
    boolean replaceTask(ReviewTask next);

    /**
     * Tasks not decided yet, oldest id first.
     *
     * @param limit at most how many, at least 1
     * @return the tasks
     */
    List<ReviewTask> undecidedTasks(int limit);
}
