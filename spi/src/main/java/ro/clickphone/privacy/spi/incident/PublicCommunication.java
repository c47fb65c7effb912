package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * A public communication about an incident in place of the individual notices (GDPR art. 34(3)(c):
 * where notifying each subject "would involve disproportionate effort", a public communication
 * "whereby the data subjects are informed in an equally effective manner"): it meets the customers'
 * clock for those who could not be reached one by one.
 *
 * <p>{@link #toString()} prints the time only.
 *
 * @param at when it was published
 * @param means where and how (e.g. "notice on the home page of clickphone.ro and in two national
 *     newspapers"), at most {@value #MAX_TEXT} characters on one line
 *
 * @since 0.1.0
 */
public record PublicCommunication(Instant at, String means) {

    /** The longest description of the means accepted. */
    public static final int MAX_TEXT = 2000;

    /**
     * Validates the components.
     *
     * @param at the time, as the type describes it
     * @param means the means, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, or the time lies outside
     *     the years 1970 to 9999
     */
    public PublicCommunication {
        IncidentChecks.instant(at, "publicCommunication.at");
        Checks.text(means, "publicCommunication.means", MAX_TEXT);
    }

    /**
     * The time only.
     *
     * @return e.g. {@code PublicCommunication[2026-03-02T10:00:00Z]}
     */
    @Override
    public String toString() {
        return "PublicCommunication[" + at + "]";
    }
}
