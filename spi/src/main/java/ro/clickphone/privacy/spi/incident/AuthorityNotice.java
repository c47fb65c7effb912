package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * A notice of an incident sent to the supervisory authority, and the deadline it answers.
 *
 * <p>{@link #toString()} prints the incident, the clock and the time sent; never the reference.
 *
 * @param incidentId the incident
 * @param clock the authority clock the notice satisfies ({@link IncidentClock#authority()})
 * @param sentAt when it was sent (not after it was recorded)
 * @param reference the authority's registration number or the controller's own reference for the
 *     notice (at most 200 characters)
 * @param recordedAt when it was recorded in the register
 * @param recordedBy who recorded it: an actor reference, never personal data
 *
 * @since 0.1.0
 */
public record AuthorityNotice(String incidentId, IncidentClock clock, Instant sentAt, String reference,
        Instant recordedAt, String recordedBy) {

    /**
     * Validates the components.
     *
     * @param incidentId the incident, as the type describes it
     * @param clock the clock, as the type describes it
     * @param sentAt the sending time, as the type describes it
     * @param reference the reference, as the type describes it
     * @param recordedAt the recording time, as the type describes it
     * @param recordedBy the actor reference, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, the clock is not an
     *     authority clock, or the notice was sent after it was recorded
     */
    public AuthorityNotice {
        IncidentChecks.id(incidentId, "notice.incidentId");
        Checks.notNull(clock, "notice.clock");
        if (!clock.authority()) {
            throw new InvalidInputException("notice.clock", "must be an authority clock; " + clock
                    + " is satisfied by the notices to the subjects");
        }
        IncidentChecks.instant(sentAt, "notice.sentAt");
        Checks.text(reference, "notice.reference", 200);
        IncidentChecks.instant(recordedAt, "notice.recordedAt");
        if (sentAt.isAfter(recordedAt)) {
            throw new InvalidInputException("notice.sentAt", "must not be after notice.recordedAt");
        }
        IncidentChecks.actor(recordedBy, "notice.recordedBy");
    }

    /**
     * The incident, the clock and the time sent.
     *
     * @return e.g. {@code AuthorityNotice[i-3fa9..., ANSPDCP_72H, 2026-03-02T10:00:00Z]}
     */
    @Override
    public String toString() {
        return "AuthorityNotice[" + incidentId + ", " + clock + ", " + sentAt + "]";
    }
}
