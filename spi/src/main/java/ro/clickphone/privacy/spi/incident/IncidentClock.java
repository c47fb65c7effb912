package ro.clickphone.privacy.spi.incident;

import java.time.Duration;
import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A notification deadline that may apply to an incident, each counted from the incident's
 * discovery. Which ones apply is chosen per incident.
 *
 * @since 0.1.0
 */
public enum IncidentClock {

    /**
     * The supervisory authority (ANSPDCP): without undue delay and, where feasible, not later than
     * 72 hours after becoming aware of the breach (GDPR art. 33(1)).
     */
    ANSPDCP_72H(Duration.ofHours(72), true),
    /**
     * The initial notice to the competent national authority by a provider of publicly available
     * electronic communications services: no later than 24 hours after the detection of the breach
     * (Commission Regulation (EU) No 611/2013, art. 2(2)).
     */
    EPRIVACY_INITIAL_24H(Duration.ofHours(24), true),
    /**
     * The full notice to the national authority under Regulation (EU) No 611/2013 art. 2(3). The
     * regulation counts its three days from the initial notification; counted here from the
     * discovery, as for every clock, which is never later: the stricter reading.
     */
    EPRIVACY_FULL_3D(Duration.ofDays(3), true),
    /**
     * The policy's own promise: every affected customer within 24 hours of the discovery ("vom
     * notifica clientul în max. 24 de ore după descoperirea incidentului", Cap. 7).
     */
    CUSTOMERS_24H(Duration.ofHours(24), false);

    private final Duration period;
    private final boolean authority;

    IncidentClock(Duration period, boolean authority) {
        this.period = period;
        this.authority = authority;
    }

    /**
     * How long after the discovery the notice is due.
     *
     * @return the period
     */
    public Duration period() {
        return period;
    }

    /**
     * Whether the clock is satisfied by a notice to the authority (rather than to the subjects).
     *
     * @return {@code true} for the authority's clocks
     */
    public boolean authority() {
        return authority;
    }

    /**
     * The instant the notice is due for an incident discovered at an instant: the discovery plus
     * the {@linkplain #period() period}. A notice at that instant is in time; one after it is late.
     *
     * @param discoveredAt when the incident was discovered
     * @return the due instant
     * @throws InvalidInputException if {@code discoveredAt} is null or outside the years 1970 to 9999
     */
    public Instant dueFrom(Instant discoveredAt) {
        return IncidentChecks.instant(discoveredAt, "discoveredAt").plus(period);
    }
}
