package ro.clickphone.privacy.spi.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Where the retention tags of records, the legal holds and the sweepers' leases are kept. The kit
 * computes every date; the store keeps tags, finds them, and makes the few steps atomic that two
 * writers or two sweepers race on: inserting a record's first tag, replacing a tag only if no one
 * changed it since it was read, claiming due records, and marking a record disposed of once.
 *
 * <p>A store may be a database table, or something that generates tags on demand (a benchmark's
 * million due records): the kit never asks for all tags at once, only for batches of due ones in
 * order, and the tags of one subject.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use by several kits (several processes, for a
 *       persistent store).</li>
 *   <li><b>One tag per record:</b> {@link #insert} stores a tag only if the record has none;
 *       {@link #replace} only if the stored tag is undisposed and its revision is the given tag's
 *       minus one. Of two writers racing on one record, exactly one wins each step; the loser reads
 *       again.</li>
 *   <li><b>Due:</b> a tag is due on a day when it is not disposed of, not pending, its due date is
 *       that day or earlier, and no active hold {@linkplain HoldScope#covers covers} it.
 *       {@link #findDue} and {@link #claimDue} return due tags ordered by due date, then record
 *       source, then record id (each compared as Java strings), at most {@code limit} of them.</li>
 *   <li><b>Leases:</b> {@link #claimDue} returns only due tags that no lease holds at the lease's
 *       start ({@link Lease#from()}), its owner's own included, and gives them the lease, atomically:
 *       two sweepers never claim the same record while a lease holds. An expired lease holds
 *       nothing.</li>
 *   <li><b>Once, and only as claimed:</b> {@link #markDisposed} succeeds once per record, and only
 *       while the sweeper's lease on it holds, the stored tag is still the revision it claimed, and
 *       no active hold covers it; otherwise it returns {@code false} and changes nothing. It removes
 *       the record's tag and keeps its {@linkplain RetentionTag#proof proof} under the proof's
 *       (keyed) record reference instead: the record id and the subject are gone from the store,
 *       {@link #find} of the record is empty afterwards and {@link #find} of the proof's reference
 *       gives the proof. A disposed record is never due, replaced or claimed again. The lease is
 *       judged at the mark's time, as the sweeper's clock gives it: a persistent store shared by
 *       several hosts relies on their clocks agreeing within a small fraction of the lease.</li>
 *   <li><b>Events:</b> {@link #putEvent} remembers a subject's event (the end of a contract) and
 *       its day, so that a record tagged later is resolved against it; several days of one event are
 *       kept (several contracts). The kit keys events by the subject's keyed audit pseudonym (as
 *       disposal proofs keep it), not by the raw subject id: the events outlive the subject's records.</li>
 *   <li><b>Holds:</b> releasing a hold is refused (returns {@code false}) when it was released
 *       already or does not exist; a released hold stays findable, with its release time.</li>
 *   <li><b>Missing records:</b> reading an unknown record or hold gives an empty result; marking or
 *       replacing an unknown record returns {@code false}.</li>
 *   <li><b>Holds placed late:</b> a hold placed after a record was claimed still stops its mark;
 *       the sweeper reads the tag and the holds again just before it disposes of the record (the
 *       holds only when {@link #holdsRevision()} says they changed).</li>
 *   <li><b>Null handling:</b> a null argument, a limit below 1 or above {@value #MAX_BATCH} is an
 *       {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException} (retryable when the
 *       same call may succeed later). A failed call changed nothing, or the whole of what it does:
 *       a claim or a mark is never half-done. Messages never carry a subject's identifier or a
 *       record id.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface RetentionStore {

    /** The largest batch a caller asks for. */
    int MAX_BATCH = 10_000;

    /** What {@link #holdsRevision()} returns when the store does not count changes of its holds. */
    long HOLDS_UNTRACKED = -1;

    /**
     * The tag of a record, disposed of or not.
     *
     * @param record the record
     * @return the tag, or empty if the record was never tagged
     * @throws InvalidInputException if {@code record} is null
     * @throws StoreException if the store failed
     */
    Optional<RetentionTag> find(RecordRef record);

    /**
     * Stores the first tag of a record.
     *
     * @param tag the tag, revision 0
     * @return {@code true} if stored; {@code false} if the record already has a tag (nothing changed)
     * @throws InvalidInputException if {@code tag} is null, disposed of, or not of revision 0
     * @throws StoreException if the store failed
     */
    boolean insert(RetentionTag tag);

    /**
     * Replaces a record's undisposed tag, if no one changed it since it was read.
     *
     * @param tag the new tag, whose revision is the stored one's plus one
     * @return {@code true} if replaced; {@code false} if the record has no tag, its tag was disposed
     *     of, or its revision is not {@code tag.revision() - 1}
     * @throws InvalidInputException if {@code tag} is null or disposed of
     * @throws StoreException if the store failed
     */
    boolean replace(RetentionTag tag);

    /**
     * The undisposed tags of a subject, pending and dated, in no particular order.
     *
     * @param subject the subject
     * @return the tags
     * @throws InvalidInputException if {@code subject} is null
     * @throws StoreException if the store failed
     */
    List<RetentionTag> findBySubject(SubjectId subject);

    /**
     * Due tags, for reading only (a dry run): claims nothing.
     *
     * @param today the day, in the policy's time zone
     * @param after the last tag of the previous batch, to continue after it in the order of the
     *     contract; empty for the first batch
     * @param limit at most this many, 1 to {@value #MAX_BATCH}
     * @return the due tags after {@code after}, in order
     * @throws InvalidInputException if an argument is null or the limit out of range
     * @throws StoreException if the store failed
     */
    List<RetentionTag> findDue(LocalDate today, Optional<RetentionTag> after, int limit);

    /**
     * Claims due tags that no lease holds, giving them this lease, atomically.
     *
     * @param today the day, in the policy's time zone
     * @param lease the sweeper's lease
     * @param limit at most this many, 1 to {@value #MAX_BATCH}
     * @return the claimed tags, in order; empty when nothing due is left unclaimed
     * @throws InvalidInputException if an argument is null or the limit out of range
     * @throws StoreException if the store failed; nothing was claimed
     */
    List<RetentionTag> claimDue(LocalDate today, Lease lease, int limit);

    /**
     * Records that a claimed record was disposed of, if nothing changed since it was claimed,
     * atomically: the tag is removed, the proof is stored under its own record reference, and the
     * lease ends.
     *
     * @param claimed the tag as {@link #claimDue} gave it
     * @param lease the lease it was claimed with
     * @param proof {@code claimed.proof(...)}: the disposal proof, one revision later
     * @return {@code true} if marked now; {@code false} (nothing changed) if the record has no
     *     undisposed tag, its tag is of another revision than {@code claimed}, the lease is not the
     *     record's or no longer holds at {@link RetentionTag#disposedAt()}, or an active hold covers
     *     the stored tag
     * @throws InvalidInputException if an argument is null, or {@code proof} is not a proof of
     *     {@code claimed} (disposed of, one revision later, the same source, pseudonym and category)
     * @throws StoreException if the store failed; nothing was marked
     */
    boolean markDisposed(RetentionTag claimed, Lease lease, RetentionTag proof);

    /**
     * Undisposed tags that wait for an event, in batches ordered by record source, then record id
     * (each compared as Java strings): the sweep reconciles the tags kept until consent is
     * withdrawn against the consent ledger with it.
     *
     * @param eventId the awaited event, e.g. {@code consent-withdrawn}
     * @param after the last record of the previous batch; empty for the first batch
     * @param limit at most this many, 1 to {@value #MAX_BATCH}
     * @return the pending tags after {@code after}, in order
     * @throws InvalidInputException if an argument is null or the limit out of range
     * @throws StoreException if the store failed
     */
    List<RetentionTag> findPending(String eventId, Optional<RecordRef> after, int limit);

    /**
     * Remembers that an event happened for a subject on a day. Idempotent.
     *
     * @param subject the subject, as the kit gives it: its keyed audit pseudonym, never the raw id
     * @param eventId the event, e.g. {@code contract-end}
     * @param date the day, in the policy's time zone
     * @return {@code true} if remembered now; {@code false} if that day of that event was known
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed
     */
    boolean putEvent(SubjectId subject, String eventId, LocalDate date);

    /**
     * The days on which an event happened for a subject.
     *
     * @param subject the subject, as given to {@link #putEvent}
     * @param eventId the event
     * @return the days, earliest first; empty if none
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed
     */
    List<LocalDate> findEvents(SubjectId subject, String eventId);

    /**
     * Stores a new legal hold.
     *
     * @param hold the hold, active
     * @throws InvalidInputException if {@code hold} is null, released, or its id is taken
     * @throws StoreException if the store failed
     */
    void putHold(LegalHold hold);

    /**
     * A hold, active or released.
     *
     * @param id the hold's id
     * @return the hold, or empty if unknown
     * @throws InvalidInputException if {@code id} is null
     * @throws StoreException if the store failed
     */
    Optional<LegalHold> findHold(String id);

    /**
     * Releases an active hold.
     *
     * @param id the hold's id
     * @param at when
     * @return {@code true} if released now; {@code false} if unknown or released already
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed
     */
    boolean releaseHold(String id, Instant at);

    /**
     * The holds that stand.
     *
     * @return the active holds, in the order they were placed
     * @throws StoreException if the store failed
     */
    List<LegalHold> activeHolds();

    /**
     * A revision of the holds: a number, never negative, that changes every time a hold is placed
     * ({@link #putHold}) or released ({@link #releaseHold}), as every kit sharing the store sees it
     * (a persistent store bumps a counter row in the same transaction). A sweeper reads it before
     * {@link #activeHolds()} and reads the holds again only when it changed, so it may not change
     * without a change of the holds, and must change with every one. A store that does not count
     * returns {@link #HOLDS_UNTRACKED} (the default), and the holds are read every time.
     *
     * @return the revision, or {@link #HOLDS_UNTRACKED}
     * @throws StoreException if the store failed
     */
    default long holdsRevision() {
        return HOLDS_UNTRACKED;
    }
}
