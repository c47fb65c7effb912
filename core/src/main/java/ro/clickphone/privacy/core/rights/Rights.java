package ro.clickphone.privacy.core.rights;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.RefusalReason;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.ReviewDecision;
import ro.clickphone.privacy.spi.rights.ReviewTask;

/**
 * The rights of the data subject ({@code kit.rights()}): requests received by e-mail to the DPO or
 * through the customer's account, verified, carried out at every registered
 * {@link ro.clickphone.privacy.spi.source.PersonalDataSource source}, and answered within the deadline
 * of GDPR art. 12(3).
 *
 * <h2>Lifecycle</h2>
 * {@link #submit} stores a request {@code RECEIVED}, with its due date (one month from receipt,
 * Regulation 1182/71 art. 3, in Europe/Bucharest: see {@link RightsDeadlines}); {@link #verify} runs
 * the {@link ro.clickphone.privacy.spi.rights.IdentityVerifier} ({@code VERIFIED}, or {@code REJECTED}
 * with {@link RefusalReason#IDENTITY_NOT_VERIFIED}, or a pause while more is asked of the requester);
 * {@link #process} carries it out ({@code IN_PROGRESS}, then {@code COMPLETED} or
 * {@code PARTIALLY_COMPLETED} with a reason). No data leaves or changes before the request is verified.
 * Every transition is written to the audit trail, with no personal data in its details.
 *
 * <h2>Fan-out</h2>
 * Each source's progress is stored with the request: a source that fails stays pending (its attempts
 * counted, its failure's class kept, never its message), and running {@link #process} again resumes
 * at the unfinished sources only; a source whose completion is recorded is never called again for the
 * request. A worker claims the request with an expiring lease ({@link RightsSettings#lease()}), so two
 * workers never both carry it out.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface Rights {

    /**
     * Receives a request. When it names a delegate requester, the kit asks its access control whether
     * the delegate administers the subject's account (a caller-supplied decision could be forged);
     * without one, the subject asked. Audited: {@code rights.submit.intent} before the request is
     * stored (an audit trail that fails then stores nothing), then {@code rights.submit} SUCCESS, or
     * FAILED when the store failed (that failure is thrown, an audit failure on top of it suppressed).
     *
     * <p><b>Trust boundary.</b> The caller (the platform's request intake) is trusted to say who is
     * asking: a request without a requester is taken as the subject's own, and a delegate's accounts are
     * read from the {@link ro.clickphone.privacy.spi.Actor} the caller built (as for every
     * {@code kit.access()} check). The identity check that protects the subject is {@link #verify},
     * whose verifier the kit owns; the default verifier trusts an authenticated account session, so an
     * intake that lets anyone name any subject must use a stronger verifier for its channel.
     *
     * @param request what is asked
     * @return the stored request, {@code RECEIVED}
     * @throws InvalidInputException if the request is null or received in the future
     * @throws PolicyViolationException if the requester may not ask for the subject (audited DENIED)
     * @throws ConfigurationException if the request carries details to seal (a rectification, a
     *     review's point of view) and the kit has no key settings, or it is an erasure and the kit has
     *     no erasure ledger
     * @throws StoreException if the store or the audit trail failed
     */
    RequestRecord submit(RightsRequest request);

    /**
     * Verifies the requester's identity with the kit's verifier: the request becomes
     * {@code VERIFIED}, is {@code REJECTED} ({@link RefusalReason#IDENTITY_NOT_VERIFIED}), or stays
     * {@code RECEIVED} with its deadline paused until the requester answers (verify again then). A
     * verifier answering a method that is not a code of upper-case letters and {@code _} (a digit could
     * be a document or personal number) is not trusted: the identity counts as not verified, with the
     * method {@code INVALID_METHOD} audited.
     *
     * @param id the request's id
     * @return the request after verification
     * @throws RightsException if the request is unknown or not {@code RECEIVED}
     * @throws StoreException if the store or the audit trail failed
     */
    RequestRecord verify(String id);

    /**
     * Records an identity verified by staff by hand (a request by e-mail to the DPO or by post, whose
     * requester showed an identity document or answered the account's security questions, for
     * example): the request becomes {@code VERIFIED}, and an open pause (waiting for the proof) closes,
     * moving the due date by the whole days paused, as {@link #verify} does. Audited
     * ({@code rights.verify}, the staff member as the actor, the method and {@code manual=true}).
     *
     * @param id the request's id
     * @param method how the identity was checked: an upper-case code such as {@code ID_DOCUMENT_CHECKED}
     *     (letters and {@code _}, at most 64, no digits: a digit could be a document or personal number),
     *     checked before anything is written
     * @param staff who checked it: a staff member (not a job) with a role granted the purpose
     *     {@code RIGHTS_REQUESTS}
     * @return the verified request
     * @throws RightsException if the request is unknown, ended, or not {@code RECEIVED}
     *     ({@link RightsException.Rule#WRONG_STATE})
     * @throws PolicyViolationException if the actor is not a staff member or may not handle rights requests
     *     (audited by access control)
     * @throws InvalidInputException if the method is null or not such a code, or staff is null
     * @throws StoreException if the store or the audit trail failed
     */
    RequestRecord verifyManually(String id, String method, Actor staff);

    /**
     * Carries out a verified request that exports nothing (rectification, erasure, restriction,
     * objection, withdrawal of consent, human review): claims it, calls each unfinished source, and
     * completes it when every source is done. A request another worker holds is returned as stored,
     * untouched.
     *
     * @param id the request's id
     * @return the request after this run: ended, or {@code IN_PROGRESS} with sources still pending
     * @throws RightsException if the request is unknown, not verified, ended, or an export
     * @throws ConfigurationException if an erasure runs without an erasure ledger
     * @throws StoreException if the store or the audit trail failed
     */
    RequestRecord process(String id);

    /**
     * Carries out a verified access or portability request: one JSON document with the subject's data
     * from every exporting source and the information GDPR art. 15 asks for, written to the delivery.
     * The export is done whole or retried whole.
     *
     * @param id the request's id
     * @param delivery where the document goes
     * @return the request after this run
     * @throws RightsException if the request is unknown, not verified, ended, or not an export
     * @throws InvalidInputException if the delivery is null
     * @throws StoreException if the store or the audit trail failed
     */
    RequestRecord process(String id, ExportDelivery delivery);

    /**
     * Extends the deadline by two months (GDPR art. 12(3)), once: the unshifted due date plus two
     * months, clamped to the month's end, then moved by the days paused and to a working day. The
     * subject is told of the extension and why ({@code RIGHTS_REQUEST_EXTENDED}) through the kit's
     * notifications when it has them; otherwise the audit trail records that no notice went out.
     *
     * @param id the request's id
     * @param reason why, for the subject (kept with the request, never audited)
     * @param staff who extends it: staff with a role granted the purpose {@code RIGHTS_REQUESTS}
     * @return the extended request
     * @throws RightsException if the request is unknown, ended or extended already
     * @throws PolicyViolationException if the actor may not handle rights requests
     * @throws InvalidInputException if the reason is blank or too long
     */
    RequestRecord extend(String id, String reason, Actor staff);

    /**
     * Pauses the deadline while the controller waits for the requester (GDPR art. 12(6)).
     *
     * @param id the request's id
     * @param staff who pauses it
     * @return the paused request
     * @throws RightsException if the request is unknown, ended or paused already
     * @throws PolicyViolationException if the actor may not handle rights requests
     */
    RequestRecord pause(String id, Actor staff);

    /**
     * Ends a pause: the due date moves by the whole days paused.
     *
     * @param id the request's id
     * @param staff who resumes it
     * @return the resumed request
     * @throws RightsException if the request is unknown, ended or not paused
     * @throws PolicyViolationException if the actor may not handle rights requests
     */
    RequestRecord resume(String id, Actor staff);

    /**
     * Refuses a request that has not ended, with the reason; the subject is told
     * ({@code RIGHTS_REQUEST_REFUSED}, naming the supervisory authority).
     *
     * @param id the request's id
     * @param reason why
     * @param staff who refuses it
     * @return the rejected request
     * @throws RightsException if the request is unknown or ended
     * @throws PolicyViolationException if the actor may not handle rights requests
     */
    RequestRecord reject(String id, RefusalReason reason, Actor staff);

    /**
     * A request as stored.
     *
     * @param id the request's id
     * @return the request, or empty
     */
    Optional<RequestRecord> find(String id);

    /**
     * What a request came to, from its stored record: state, typed refusal, per source and category
     * what was erased, kept restricted (legal ground, last day), exported, rectified or restricted,
     * the recipients told, and — for an erasure whose completion ran — the statements of its answer:
     * the key scopes destroyed or kept and why, the consent evidence, the notification contacts, the
     * token vault, and that keyed-token, FF1 and Crypto-PAn pseudonyms already handed out cannot be
     * found or erased by the subject's identity. See {@link RequestOutcome} for how the statements
     * are derived. Reads only; not audited (as {@link #find}).
     *
     * @param id the request's id
     * @return the outcome
     * @throws RightsException if the request is unknown ({@link RightsException.Rule#UNKNOWN_REQUEST})
     * @throws InvalidInputException if {@code id} is null
     */
    RequestOutcome outcome(String id);

    /**
     * The open requests whose due date has passed (due before today, in Europe/Bucharest).
     *
     * @param now the instant to judge by
     * @return the requests, by due date then id
     */
    List<RequestRecord> overdue(Instant now);

    /**
     * The open requests due from today until {@code now + window}, in Europe/Bucharest.
     *
     * @param now the instant to judge by
     * @param window how far ahead
     * @return the requests, by due date then id
     */
    List<RequestRecord> dueSoon(Instant now, Duration window);

    /**
     * After a backup of the main stores was restored: applies again every erasure the erasure ledger
     * recorded from {@code since} on, at the sources registered now, and destroys the recorded key
     * scopes again. Every entry is decided again against the restored stores: what retention or a
     * hold keeps now is restricted, not erased, and a key scope that kept data needs now is kept. An
     * entry changed in the ledger store is refused whole and reported.
     *
     * <p><b>Which {@code since}:</b> a ledger entry is written when its erasure <em>begins</em>, so an
     * erasure still in progress when the backup was taken began before the backup. Pass the backup's
     * time minus the longest a request may stay in progress (its due date, with extension and pauses),
     * or {@link Instant#EPOCH}: re-applying is idempotent, so an earlier {@code since} only costs time.
     *
     * @param since the earliest start of an erasure to apply again (see above)
     * @return what was applied
     * @throws ConfigurationException if the kit has no erasure ledger
     */
    ReapplyReport reapplyErasures(Instant since);

    /**
     * Assigns a human review (GDPR art. 22(3)) to a reviewer.
     *
     * @param taskId the task's id
     * @param reviewer staff with a role granted the purpose {@code RIGHTS_REQUESTS}
     * @return the assigned task
     * @throws RightsException if the task is unknown or decided
     * @throws PolicyViolationException if the actor may not handle rights requests
     */
    ReviewTask assignReview(String taskId, Actor reviewer);

    /**
     * Records the reviewer's decision and completes the review request; the rationale is sealed under
     * the subject's key.
     *
     * @param taskId the task's id
     * @param decision the decision
     * @param rationale the reviewer's reasons
     * @param reviewer the reviewer the task is assigned to
     * @return the decided task
     * @throws RightsException if the task is unknown, decided, or assigned to another reviewer
     * @throws PolicyViolationException if the actor may not handle rights requests
     */
    ReviewTask decideReview(String taskId, ReviewDecision decision, String rationale, Actor reviewer);

    /**
     * Opens a human review's sealed details for its reviewer: the subject's point of view and, once
     * decided, the rationale. Staff with a role granted the purpose {@code RIGHTS_REQUESTS} may read a
     * task not yet assigned (to take it); once assigned, only its assignee. Audited
     * ({@code rights.review.read}, naming the request and the task, never the texts). After an erasure
     * destroyed the subject's {@code profile} key the texts no longer open.
     *
     * @param taskId the task's id
     * @param reviewer who reads: a staff member (not a job)
     * @return the opened details; their {@code toString()} hides the texts
     * @throws RightsException if the task is unknown ({@link RightsException.Rule#UNKNOWN_REQUEST}) or
     *     assigned to another reviewer ({@link RightsException.Rule#REVIEW_CLOSED}, audited DENIED)
     * @throws PolicyViolationException if the actor is not a staff member or may not handle rights requests
     *     (audited by access control)
     * @throws InvalidInputException if an argument is null
     * @throws ro.clickphone.privacy.spi.IntegrityException if the sealed texts do not open
     */
    ReviewDetails reviewDetails(String taskId, Actor reviewer);

    /**
     * The reviews not decided yet.
     *
     * @param limit at most how many, at least 1
     * @return the tasks, oldest id first
     */
    List<ReviewTask> openReviews(int limit);
}
