package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One entry of the log of cooperation with the supervisory authority about an incident: a request,
 * an answer, an investigation, a note, with its date and a short text.
 *
 * <p>{@link #toString()} prints the incident, the kind and the date; never the text.
 *
 * @param incidentId the incident
 * @param kind what the entry records
 * @param at when the request came, the answer went, the investigation took place
 * @param text what was asked, answered or done, in short (at most 2000 characters on one line)
 * @param recordedAt when it was recorded in the register
 * @param recordedBy who recorded it: an actor reference, never personal data
 *
 * @since 0.1.0
 */
public record CooperationEntry(String incidentId, CooperationKind kind, Instant at, String text, Instant recordedAt,
        String recordedBy) {

    /** The longest text accepted. */
    public static final int MAX_TEXT = 2000;

    /**
     * Validates the components.
     *
     * @param incidentId the incident, as the type describes it
     * @param kind the kind, as the type describes it
     * @param at the date, as the type describes it
     * @param text the text, as the type describes it
     * @param recordedAt the recording time, as the type describes it
     * @param recordedBy the actor reference, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public CooperationEntry {
        IncidentChecks.id(incidentId, "cooperation.incidentId");
        Checks.notNull(kind, "cooperation.kind");
        IncidentChecks.instant(at, "cooperation.at");
        Checks.text(text, "cooperation.text", MAX_TEXT);
        IncidentChecks.instant(recordedAt, "cooperation.recordedAt");
        IncidentChecks.actor(recordedBy, "cooperation.recordedBy");
    }

    /**
     * The incident, the kind and the date.
     *
     * @return e.g. {@code CooperationEntry[i-3fa9..., REQUEST, 2026-03-05T09:00:00Z]}
     */
    @Override
    public String toString() {
        return "CooperationEntry[" + incidentId + ", " + kind + ", " + at + "]";
    }
}
