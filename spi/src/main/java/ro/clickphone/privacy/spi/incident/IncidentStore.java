package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Where the register of personal data breaches is kept (GDPR art. 33(5): "the controller shall
 * document any personal data breaches, comprising the facts relating to the personal data breach,
 * its effects and the remedial action taken"): the versions of every incident, the notices to the
 * supervisory authority, the log of cooperation with it, and the notices to the affected subjects.
 * The kit computes every deadline and writes every value; the store keeps them, never changes one
 * after the fact, and makes atomic the few steps two writers race on.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread safety:</b> safe for concurrent use by several kits (several processes, for a
 *       persistent store).</li>
 *   <li><b>Versions are never overwritten:</b> {@link #append} stores version 1 of an incident only
 *       if the incident has no version, and version {@code n + 1} only if its latest version is
 *       {@code n}; otherwise it returns {@code false} and changes nothing. Of two writers racing to
 *       add the same version, exactly one wins; the loser reads the latest version again. A stored
 *       version is never changed or removed, and {@link #history} gives every one, in order.</li>
 *   <li><b>Append-only logs:</b> authority notices and cooperation entries are appended and never
 *       changed or removed; each list reads back in the order appended. Appending to an incident
 *       that has no version is refused ({@code false}, nothing stored).</li>
 *   <li><b>Subject notices:</b> {@link #planSubjectNotices} plans one notice per (incident,
 *       subject), once: planning a subject again keeps the first plan. {@link #markNoticeSent}
 *       marks a planned notice sent once: of two writers racing, exactly one wins, and the loser's
 *       message id is not kept. A sent notice is never changed or removed. The kit gives subjects
 *       as their keyed audit pseudonyms, never raw ids.</li>
 *   <li><b>Order and identity:</b> {@link #latestVersions} pages through the incidents in the order
 *       of their ids compared as Java strings ({@code "i-B"} before {@code "i-a"}); ids that differ
 *       only in case are different incidents. A store on a case-insensitive collation must use a
 *       binary one for these columns.</li>
 *   <li><b>Values read back equal:</b> every instant to the nanosecond, every text to the last
 *       character (4000 characters of Romanian diacritics or emoji are 4000 {@code char}s, more
 *       bytes), every optional component present or absent as written.</li>
 *   <li><b>Missing incidents:</b> reading an unknown incident gives an empty result.</li>
 *   <li><b>Null handling:</b> a null argument, or a limit below 1 or above {@value #MAX_BATCH}, is
 *       an {@link InvalidInputException}.</li>
 *   <li><b>Failures:</b> an unavailable store throws {@link StoreException} (retryable when the
 *       same call may succeed later). A failed call changed nothing, or the whole of what it does:
 *       a plan of several subjects is never half-stored; two plans racing with overlapping subjects
 *       both succeed, and their counts add up to the subjects planned. Messages, and the messages of
 *       every cause (where a database driver echoes bound values), never carry a subject's
 *       identifier, a free text of an incident or a contact point.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface IncidentStore {

    /** The largest page a caller asks for. */
    int MAX_BATCH = 1000;

    /**
     * Appends the next version of an incident, if no one appended it first.
     *
     * @param version version 1 of a new incident, or the version after the incident's latest
     * @return {@code true} if stored; {@code false} (nothing changed) if the incident's latest
     *     version is not {@code version.version() - 1} (for version 1: if the incident exists)
     * @throws InvalidInputException if {@code version} is null
     * @throws StoreException if the store failed
     */
    boolean append(IncidentVersion version);

    /**
     * The latest version of an incident.
     *
     * @param incidentId the incident
     * @return the version with the highest number, or empty if the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    Optional<IncidentVersion> latest(String incidentId);

    /**
     * Every version of an incident.
     *
     * @param incidentId the incident
     * @return the versions, version 1 first; empty if the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<IncidentVersion> history(String incidentId);

    /**
     * The latest version of each incident, a page at a time, in the order of the incident ids.
     *
     * @param afterIncidentId the last incident of the previous page; empty for the first page
     * @param limit at most this many, 1 to {@value #MAX_BATCH}
     * @return the latest versions of the incidents after {@code afterIncidentId}, in order
     * @throws InvalidInputException if an argument is null or the limit out of range
     * @throws StoreException if the store failed
     */
    List<IncidentVersion> latestVersions(Optional<String> afterIncidentId, int limit);

    /**
     * Appends a notice sent to the authority.
     *
     * @param notice the notice
     * @return {@code true} if stored; {@code false} if the incident is unknown (nothing stored)
     * @throws InvalidInputException if {@code notice} is null
     * @throws StoreException if the store failed
     */
    boolean appendAuthorityNotice(AuthorityNotice notice);

    /**
     * The notices sent to the authority about an incident.
     *
     * @param incidentId the incident
     * @return the notices, in the order appended; empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<AuthorityNotice> authorityNotices(String incidentId);

    /**
     * Appends an entry to the log of cooperation with the authority.
     *
     * @param entry the entry
     * @return {@code true} if stored; {@code false} if the incident is unknown (nothing stored)
     * @throws InvalidInputException if {@code entry} is null
     * @throws StoreException if the store failed
     */
    boolean appendCooperation(CooperationEntry entry);

    /**
     * The log of cooperation with the authority about an incident.
     *
     * @param incidentId the incident
     * @return the entries, in the order appended; empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<CooperationEntry> cooperationLog(String incidentId);

    /**
     * Plans a notice to each subject that has none for the incident, atomically.
     *
     * @param incidentId the incident
     * @param subjects the subjects, as their keyed audit pseudonyms
     * @param at when
     * @return how many notices were planned now (subjects already planned, sent or not, are not
     *     counted); 0 if the incident is unknown, and nothing is planned
     * @throws InvalidInputException if an argument is null or {@code subjects} holds null
     * @throws StoreException if the store failed; nothing was planned
     */
    int planSubjectNotices(String incidentId, Set<SubjectId> subjects, Instant at);

    /**
     * Marks a planned notice sent, once.
     *
     * @param incidentId the incident
     * @param subject the subject, as its keyed audit pseudonym
     * @param messageId the outbox message id
     * @param at when the outbox accepted it; not before the planning
     * @return {@code true} if marked now; {@code false} (nothing changed) if no notice to the subject
     *     is planned for the incident, or it was marked sent already
     * @throws InvalidInputException if an argument is null or malformed, or {@code at} is before the planning
     * @throws StoreException if the store failed
     */
    boolean markNoticeSent(String incidentId, SubjectId subject, String messageId, Instant at);

    /**
     * The notice to one subject about an incident.
     *
     * @param incidentId the incident
     * @param subject the subject, as its keyed audit pseudonym
     * @return the notice, planned or sent; empty if none is planned
     * @throws InvalidInputException if an argument is null
     * @throws StoreException if the store failed
     */
    Optional<SubjectNotice> subjectNotice(String incidentId, SubjectId subject);

    /**
     * The notices to subjects about an incident, counted.
     *
     * @param incidentId the incident
     * @return how many are planned and sent, and the first and last sending times;
     *     {@link NoticeSummary#NONE} if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    NoticeSummary noticeSummary(String incidentId);

    /**
     * Every notice to a subject about an incident.
     *
     * @param incidentId the incident
     * @return the notices, planned or sent, in the order planned; empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<SubjectNotice> subjectNotices(String incidentId);
}
