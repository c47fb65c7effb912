package ro.clickphone.privacy.core.incident;

import java.time.Instant;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.IncidentClock;

/**
 * One notification deadline of an incident: the clock, when its notice is due (the discovery plus
 * the clock's period), and when it was satisfied, if it was. An authority clock is satisfied by the
 * first notice to the authority recorded for it. The customers' clock is satisfied at the earlier
 * of two instants: when every subject given to {@code notifySubjects} has a notice in the outbox
 * (at the last of them) provided that, where the incident's count of affected subjects is exact,
 * at least that many were notified; or when a public communication was made in place of the
 * individual notices (GDPR art. 34(3)(c), {@code recordPublicCommunication}).
 *
 * @param incidentId the incident
 * @param clock the clock
 * @param due the last instant at which the notice is in time
 * @param satisfiedAt when the clock was satisfied; empty while it is not
 *
 * @since 0.1.0
 */
public record Deadline(String incidentId, IncidentClock clock, Instant due, Optional<Instant> satisfiedAt) {

    /**
     * Validates the components.
     *
     * @param incidentId the incident, as the type describes it
     * @param clock the clock, as the type describes it
     * @param due the due instant, as the type describes it
     * @param satisfiedAt the satisfaction, as the type describes it
     * @throws InvalidInputException if a component is null
     */
    public Deadline {
        Check.notNull(incidentId, "deadline.incidentId");
        Check.notNull(clock, "deadline.clock");
        Check.notNull(due, "deadline.due");
        Check.notNull(satisfiedAt, "deadline.satisfiedAt");
    }

    /**
     * Whether the notice was given.
     *
     * @return {@code true} once satisfied
     */
    public boolean isSatisfied() {
        return satisfiedAt.isPresent();
    }

    /**
     * Whether the deadline is missed at an instant: satisfied after it was due, or not satisfied and
     * the instant is after the due instant (a notice at the due instant itself is in time).
     *
     * @param now the instant
     * @return whether it is late
     * @throws InvalidInputException if {@code now} is null
     */
    public boolean isLate(Instant now) {
        Check.notNull(now, "now");
        return satisfiedAt.map(at -> at.isAfter(due)).orElse(now.isAfter(due));
    }

    /**
     * The incident, clock, due instant and whether satisfied.
     *
     * @return e.g. {@code Deadline[i-3fa9..., ANSPDCP_72H, due 2026-03-04T08:00:00Z, open]}
     */
    @Override
    public String toString() {
        return "Deadline[" + incidentId + ", " + clock + ", due " + due + ", "
                + satisfiedAt.map(at -> "satisfied " + at).orElse("open") + "]";
    }
}
