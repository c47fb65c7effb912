package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * The breach notice to one affected subject: planned when the kit is asked to notify the subject,
 * sent once the notification is in the outbox (its message id and the time). The kit keys it by the
 * subject's keyed audit pseudonym, never the raw subject id: the register of incidents outlives the
 * subject's other records.
 *
 * <p>{@link #toString()} prints the incident and whether the notice was sent; no subject.
 *
 * @param incidentId the incident
 * @param subject the subject, as the kit gives it: its keyed audit pseudonym
 * @param plannedAt when the notice was planned
 * @param messageId the outbox message id, once sent
 * @param sentAt when the message was accepted by the outbox, once sent; not before the planning
 *
 * @since 0.1.0
 */
public record SubjectNotice(String incidentId, SubjectId subject, Instant plannedAt, Optional<String> messageId,
        Optional<Instant> sentAt) {

    /**
     * Validates the components.
     *
     * @param incidentId the incident, as the type describes it
     * @param subject the subject, as the type describes it
     * @param plannedAt the planning time, as the type describes it
     * @param messageId the message id, as the type describes it
     * @param sentAt the sending time, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, only one of the message id
     *     and the sending time is present, or the notice was sent before it was planned
     */
    public SubjectNotice {
        IncidentChecks.id(incidentId, "subjectNotice.incidentId");
        Checks.notNull(subject, "subjectNotice.subject");
        IncidentChecks.instant(plannedAt, "subjectNotice.plannedAt");
        Checks.notNull(messageId, "subjectNotice.messageId");
        Checks.notNull(sentAt, "subjectNotice.sentAt");
        messageId.ifPresent(m -> IncidentChecks.messageId(m, "subjectNotice.messageId"));
        sentAt.ifPresent(s -> IncidentChecks.instant(s, "subjectNotice.sentAt"));
        if (messageId.isPresent() != sentAt.isPresent()) {
            throw new InvalidInputException("subjectNotice.messageId", "is present exactly when the notice was sent");
        }
        if (sentAt.filter(plannedAt::isAfter).isPresent()) {
            throw new InvalidInputException("subjectNotice.sentAt", "must not be before subjectNotice.plannedAt");
        }
    }

    /**
     * A notice planned, not yet sent.
     *
     * @param incidentId the incident
     * @param subject the subject's keyed audit pseudonym
     * @param plannedAt when
     * @return the notice
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static SubjectNotice planned(String incidentId, SubjectId subject, Instant plannedAt) {
        return new SubjectNotice(incidentId, subject, plannedAt, Optional.empty(), Optional.empty());
    }

    /**
     * Whether the notice was sent.
     *
     * @return {@code true} once it has a message id
     */
    public boolean isSent() {
        return messageId.isPresent();
    }

    /**
     * This notice, sent.
     *
     * @param messageId the outbox message id
     * @param at when the outbox accepted it
     * @return the sent notice
     * @throws InvalidInputException if an argument is null or malformed, {@code at} is before the
     *     planning, or the notice was sent already
     */
    public SubjectNotice sent(String messageId, Instant at) {
        if (isSent()) {
            throw new InvalidInputException("subjectNotice", "was sent already; a notice is sent once");
        }
        return new SubjectNotice(incidentId, subject, plannedAt, Optional.ofNullable(Checks.notNull(messageId,
                "messageId")), Optional.ofNullable(Checks.notNull(at, "at")));
    }

    /**
     * The incident and whether the notice was sent.
     *
     * @return e.g. {@code SubjectNotice[i-3fa9..., sent]}
     */
    @Override
    public String toString() {
        return "SubjectNotice[" + incidentId + ", " + (isSent() ? "sent" : "planned") + "]";
    }
}
