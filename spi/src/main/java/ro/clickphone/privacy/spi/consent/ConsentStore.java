package ro.clickphone.privacy.spi.consent;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Where the consent ledger is kept: an append-only sequence of {@link ConsentEvent}s, readable by
 * subject and as a change feed, so that several SDK instances sharing one store can invalidate
 * their caches.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use, also by several SDK instances.</li>
 *   <li><b>Append</b> assigns the next global sequence (1, 2, …, no gaps) and returns the stored
 *       event. It is idempotent by event id: appending an id already stored returns the stored event
 *       and stores nothing, so a caller may retry after a timeout without recording twice. When it
 *       returns, the event is durable.</li>
 *   <li><b>Visibility in order:</b> sequence n+1 is never visible to any read before sequence n is.
 *       A database store that takes sequences from a counter and commits later must hold the
 *       counter until commit, or serve reads only up to the highest sequence below which every
 *       sequence has committed. The ledger's change feed stops at a gap and waits for it, so a store
 *       that breaks this delays other instances' cache invalidation; it never loses an event.</li>
 *   <li><b>Reads</b> return events in ascending sequence, every component exactly as appended
 *       (the subject and actor references, the encrypted evidence and the seal of the stored form,
 *       see {@link ConsentEvent}); the store never edits or deletes events (erasure is a shred of
 *       the subject's key, which leaves the sealed events as they are).</li>
 *   <li><b>Nulls:</b> no argument may be null; no method returns null.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException} (retryable); messages
 *       name the store and operation, never a subject.</li>
 * </ul>
 * Plugin authors test their store by extending {@code ConsentStoreContract} from the
 * {@code clickphone-privacy-spi} test jar.
 *
 * @since 0.1.0
 */
public interface ConsentStore {

    /**
     * Appends an event, assigning the next sequence.
     *
     * @param event the event, with sequence 0
     * @return the stored event, with its sequence; the earlier one if the id was already stored
     * @throws StoreException if the store failed; nothing was stored
     */
    ConsentEvent append(ConsentEvent event);

    /**
     * A subject's events.
     *
     * @param subject the subject
     * @return the events, ascending by sequence; empty if none
     * @throws StoreException if the store failed
     */
    List<ConsentEvent> eventsOf(SubjectId subject);

    /**
     * The change feed: events appended after a sequence.
     *
     * @param afterSequence the last sequence already seen (0 for all)
     * @param maxCount the most events to return, at least 1
     * @return up to {@code maxCount} events with a higher sequence, ascending
     * @throws StoreException if the store failed
     */
    List<ConsentEvent> changesSince(long afterSequence, int maxCount);

    /**
     * An event by id.
     *
     * @param eventId the id
     * @return the event, if stored
     * @throws StoreException if the store failed
     */
    Optional<ConsentEvent> find(String eventId);

    /**
     * The highest sequence stored.
     *
     * @return the last sequence, 0 when empty
     * @throws StoreException if the store failed
     */
    long lastSequence();
}
