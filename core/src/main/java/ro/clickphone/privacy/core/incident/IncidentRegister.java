package ro.clickphone.privacy.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.CooperationEntry;
import ro.clickphone.privacy.spi.incident.CooperationKind;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.SubjectNotice;

/**
 * The register of personal data breaches (GDPR art. 33(5)), with the deadlines that run from each
 * discovery: the supervisory authority's 72 hours (art. 33(1)), the 24 hours and 3 days of
 * Regulation (EU) No 611/2013 for a provider of public electronic communications, and the policy's
 * promise of a notice to every affected customer within 24 hours (Cap. 7). Reached through
 * {@code kit.incidents()}; kept in the stores bundle's {@code IncidentStore}.
 *
 * <pre>{@code
 * IncidentRegister incidents = kit.incidents();
 * String id = incidents.report(IncidentReport.of(nature, occurredAt, discoveredAt, AffectedCount.estimate(1200),
 *         Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")), consequences, measures)
 *         .withNotice(new BreachNoticeText(natureForCustomers, consequencesForCustomers, measuresForCustomers,
 *                 whatCustomersCanDo)), staff);
 * incidents.notifySubjects(id, affectedCustomers, staff);                  // the 24-hour promise
 * incidents.recordAuthorityNotice(id, IncidentClock.ANSPDCP_72H, sentAt, "ANSPDCP-2026-118", staff);
 * incidents.update(id, IncidentChanges.none().withStatus(IncidentStatus.CONTAINED), staff);
 * List<Deadline> late = incidents.overdue(clock.instant());               // for an alarm
 * String markdown = incidents.authorityReport(id, IncidentClock.ANSPDCP_72H, staff).toMarkdown();
 * }</pre>
 *
 * <h2>Versions</h2>
 * Every report and update is a version of its incident, kept as recorded, with who recorded it and
 * when; an update never overwrites, it adds the next version. Two updates at once both land, one
 * after the other, each applied to the version the other left. The audit entry of every version
 * carries a SHA-256 digest of it, and of a correction of the occurrence or discovery the times
 * before and after; {@link #verifyHistory} compares the stored versions with those digests, and
 * the authority report lists every correction of the discovery.
 *
 * <h2>Deadlines</h2>
 * Each clock that applies to an incident is due at its discovery plus the clock's period; a notice
 * at that very instant is in time, one after it late. An authority clock is met by recording a
 * notice for it ({@link #recordAuthorityNotice}). The customers' clock is met when every subject
 * given to {@link #notifySubjects} has a notice in the outbox and, where the incident's count of
 * affected subjects is exact, at least that many subjects were notified; or by a public
 * communication in place of individual notices ({@link #recordPublicCommunication}, GDPR
 * art. 34(3)(c)), for the customers who cannot be reached one by one. {@link #overdue} and
 * {@link #dueSoon} list the clocks not yet met; closing an incident meets none.
 *
 * <h2>Audit and personal data</h2>
 * Every step that writes is audited ({@code incident.report}, {@code incident.update},
 * {@code incident.public-communication}, {@code incident.authority-notice},
 * {@code incident.cooperation}, {@code incident.notice} per subject, {@code incident.notify}), as
 * is each authority report made ({@code incident.authority-report}) and each check of the history
 * ({@code incident.verify-history}); the entries carry ids, clocks, counts, categories, instants
 * and digests, never a free text. The free texts of an incident may name people: they are kept in
 * the store, and appear in no log, exception message or {@code toString()}, nor in the breach
 * notice, which carries only the text written for the customers.
 *
 * <p>Thread-safe. Not for implementation outside the SDK (an interface for the tests' wiring;
 * sealing it is not possible across packages on the class path).
 *
 * @since 0.1.0
 */
public interface IncidentRegister {

    /**
     * Records a new incident, as version 1, with the policy's data protection officer as its
     * contact. Audited ({@code incident.report}, with the version's digest).
     *
     * <p>Idempotent: the incident's id is derived from the report and who records it (a keyed
     * digest under the audit trail's pseudonym key, so the id reveals nothing of the texts). The
     * same report by the same actor again, for instance a retry after the audit trail failed and
     * the call threw, returns the id of the incident stored the first time, stores nothing new, and
     * writes the audit entry again (marked {@code repeat=true}), so no entry is lost.
     *
     * @param report what is known
     * @param actor who records it
     * @return the incident's id: {@code i-} and 32 hex digits
     * @throws InvalidInputException if an argument is null
     * @throws IncidentException if the discovery lies in the future beyond the kit's clock-skew bound
     * @throws PolicyViolationException if the policy does not declare one of the categories of data
     *     or of data subjects (the message names which argument, never the id given)
     * @throws StoreException if the store failed, or the audit trail did (then call again with the
     *     same report: the incident is not stored twice)
     */
    String report(IncidentReport report, Actor actor);

    /**
     * Records the next version of an incident: its latest version with the changes applied. Audited
     * ({@code incident.update}).
     *
     * @param incidentId the incident
     * @param changes what changes
     * @param actor who records it
     * @return the new version
     * @throws InvalidInputException if an argument is null, or the changed version would be invalid
     *     (a discovery before the occurrence)
     * @throws IncidentException if the incident is unknown, the changes are empty, a changed
     *     discovery lies in the future, or it lies after a notice already given (to the authority,
     *     to a subject, or a public communication: {@link IncidentException.Rule#BEFORE_DISCOVERY})
     * @throws PolicyViolationException if the policy does not declare one of the categories
     * @throws StoreException if the store failed, or the incident kept changing under many attempts
     */
    IncidentVersion update(String incidentId, IncidentChanges changes, Actor actor);

    /**
     * Records a public communication about the incident in place of individual breach notices
     * (GDPR art. 34(3)(c): notifying each would involve disproportionate effort, e.g. customers with
     * no address on file), as the next version of the incident. It meets the customers' clock at
     * its time. Audited ({@code incident.public-communication}).
     *
     * @param incidentId the incident
     * @param at when it was published: not before the discovery, not in the future
     * @param means where and how, one line (at most
     *     {@value ro.clickphone.privacy.spi.incident.PublicCommunication#MAX_TEXT} characters)
     * @param actor who records it
     * @return the new version
     * @throws InvalidInputException if an argument is null or malformed
     * @throws IncidentException if the incident is unknown, or the time is before the discovery or
     *     in the future
     * @throws StoreException if the store failed
     */
    IncidentVersion recordPublicCommunication(String incidentId, Instant at, String means, Actor actor);

    /**
     * Checks the stored versions of an incident against the digests audited when they were
     * recorded: a version rewritten in the store after the fact (a discovery moved later, a
     * consequence softened) is found. Reads the whole audit trail; for an inspection, not for every
     * call. Audited ({@code incident.verify-history}).
     *
     * @param incidentId the incident
     * @param actor who checks
     * @return the versions altered or without an audited digest
     * @throws InvalidInputException if an argument is null
     * @throws IncidentException if the incident is unknown
     * @throws StoreException if the store or the audit trail failed
     */
    HistoryVerification verifyHistory(String incidentId, Actor actor);

    /**
     * The latest version of an incident.
     *
     * @param incidentId the incident
     * @return the latest version, or empty if the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    Optional<IncidentVersion> current(String incidentId);

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
     * The deadlines of an incident, met or not.
     *
     * @param incidentId the incident
     * @return one per clock that applies, in the order of {@link IncidentClock}
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws IncidentException if the incident is unknown
     * @throws StoreException if the store failed
     */
    List<Deadline> deadlines(String incidentId);

    /**
     * The deadlines not met and past due at an instant, over every incident.
     *
     * @param now the instant, e.g. the kit's clock's
     * @return the deadlines whose due instant is before {@code now} and that are not met, earliest
     *     due first
     * @throws InvalidInputException if {@code now} is null or outside the years 1970 to 9999
     * @throws StoreException if the store failed
     */
    List<Deadline> overdue(Instant now);

    /**
     * The deadlines not met that fall due within a window.
     *
     * @param now the instant
     * @param window how far ahead to look, 0 to 366 days
     * @return the deadlines not met whose due instant is {@code now} or later and at most
     *     {@code now + window}, earliest due first
     * @throws InvalidInputException if an argument is null or out of range
     * @throws StoreException if the store failed
     */
    List<Deadline> dueSoon(Instant now, Duration window);

    /**
     * Records a notice sent to the supervisory authority: it meets the clock it names. Audited
     * ({@code incident.authority-notice}, with whether it was late).
     *
     * @param incidentId the incident
     * @param clock the authority clock it meets; one that applies to the incident
     * @param sentAt when it was sent: not before the discovery, not in the future
     * @param reference the authority's registration number, or the controller's own reference
     * @param actor who records it
     * @return the notice
     * @throws InvalidInputException if an argument is null or malformed
     * @throws IncidentException if the incident is unknown, the clock does not apply to it or is not
     *     an authority clock, or the time is before the discovery or in the future
     * @throws StoreException if the store failed
     */
    AuthorityNotice recordAuthorityNotice(String incidentId, IncidentClock clock, Instant sentAt, String reference,
            Actor actor);

    /**
     * The notices sent to the authority about an incident.
     *
     * @param incidentId the incident
     * @return the notices, in the order recorded; empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<AuthorityNotice> authorityNotices(String incidentId);

    /**
     * Logs a step of the cooperation with the supervisory authority: a request it made, an answer
     * given, an investigation, a note. Audited ({@code incident.cooperation}).
     *
     * @param incidentId the incident
     * @param kind what the entry records
     * @param at when it happened, not in the future
     * @param text what was asked, answered or done, in short (one line, at most
     *     {@value CooperationEntry#MAX_TEXT} characters)
     * @param actor who records it
     * @return the entry
     * @throws InvalidInputException if an argument is null or malformed
     * @throws IncidentException if the incident is unknown or {@code at} lies in the future
     * @throws StoreException if the store failed
     */
    CooperationEntry logCooperation(String incidentId, CooperationKind kind, Instant at, String text, Actor actor);

    /**
     * The log of cooperation with the authority about an incident.
     *
     * @param incidentId the incident
     * @return the entries, in the order logged; empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<CooperationEntry> cooperationLog(String incidentId);

    /**
     * Sends the breach notice ({@code DATA_BREACH_NOTICE}) to each subject through the kit's
     * notifications, and records which went when. A legal duty: no consent gate stops it.
     *
     * <p>The notice carries what the policy's Cap. 7 lists and what GDPR art. 34(2) requires, from
     * the incident's latest version: the nature (as the text written for the customers says it),
     * when the breach happened and when it was discovered, the number of people affected and the
     * categories of data; the likely consequences, the measures taken or proposed and what the
     * customer can do, again from the customers' text; the data protection officer's name and
     * contact details; and the supervisory authority to complain to (the policy's). The register's
     * own texts, which may name people, never go into it. Without a customers' text it refuses
     * ({@link IncidentException.Rule#NO_NOTICE_TEXT}) and plans nothing.
     *
     * <p>Resumable: the subjects are first planned in the store; a subject that has a notice
     * recorded is skipped, and every subject's message carries an idempotency key fixed by the
     * incident and the subject, so a call repeated after a crash, even one between the outbox's
     * acceptance and the notice's record, puts no second message in the outbox. Each notice is
     * audited before it is recorded, so a call after a failed audit writes the entry it lacks (a
     * subject may then have two entries naming its one message, never none). A notice is recorded as
     * sent at the time the outbox accepted its message (not before it was planned, whatever the
     * hosts' clocks say). Give every affected subject in one call: the customers' clock counts as met
     * once every subject planned so far has a notice, and at least as many as the incident's exact
     * count. A subject whose message the notifications refuse is listed in the report's
     * {@link BreachNoticeReport#failed()}, and the others are still sent. Audited per subject
     * ({@code incident.notice}) and as a whole ({@code incident.notify}).
     *
     * @param incidentId the incident
     * @param subjects the subjects to notify, at least one
     * @param actor who asks
     * @return what was sent now, what was sent before, what failed
     * @throws InvalidInputException if an argument is null or {@code subjects} holds null
     * @throws IncidentException if the incident is unknown, no subject is given, the incident has no
     *     text for the customers ({@code NO_NOTICE_TEXT}), or the DPO's contact details or the
     *     supervisory authority are missing ({@code NOTICE_INCOMPLETE}); nothing was planned
     * @throws ConfigurationException if the kit has no notifications configured (nothing was sent)
     * @throws StoreException if the store or the audit trail failed; call again: what was sent is not
     *     sent twice
     */
    BreachNoticeReport notifySubjects(String incidentId, Collection<SubjectId> subjects, Actor actor);

    /**
     * The notices to subjects about an incident, planned and sent.
     *
     * @param incidentId the incident
     * @return the notices, in the order planned, each under its subject's keyed audit pseudonym
     *     ({@code kit.audit().subjectRef(subject)}); empty if none or the incident is unknown
     * @throws InvalidInputException if {@code incidentId} is null
     * @throws StoreException if the store failed
     */
    List<SubjectNotice> subjectNotices(String incidentId);

    /**
     * A notification to the supervisory authority for one of its clocks (GDPR art. 33, or the
     * initial or second notification under Regulation (EU) No 611/2013), from the incident's latest
     * version, at the kit's clock's now. Lateness, and the reasons for a delay, are judged for that
     * clock alone. Audited ({@code incident.authority-report}).
     *
     * @param incidentId the incident
     * @param clock the authority clock the notification answers; one that applies to the incident
     * @param actor who makes it
     * @return the report, to render as JSON or Markdown
     * @throws InvalidInputException if an argument is null
     * @throws IncidentException if the incident is unknown, or the clock is not an authority clock
     *     that applies to it
     * @throws StoreException if the store failed
     */
    AuthorityReport authorityReport(String incidentId, IncidentClock clock, Actor actor);
}
