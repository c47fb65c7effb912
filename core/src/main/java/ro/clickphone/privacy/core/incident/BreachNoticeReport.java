package ro.clickphone.privacy.core.incident;

import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * What one call of {@code notifySubjects} did: how many breach notices it put in the outbox now,
 * how many subjects had theirs already (an earlier call, or one that crashed after the outbox took
 * the message), and which subjects it could not notify (call again for them).
 *
 * <p>{@link #toString()} prints the counts only.
 *
 * @param incidentId the incident
 * @param sent how many notices were put in the outbox by this call
 * @param alreadySent how many subjects had a notice recorded before
 * @param failed the subjects whose notice could not be put in the outbox, in the order given
 *
 * @since 0.1.0
 */
public record BreachNoticeReport(String incidentId, int sent, int alreadySent, List<SubjectId> failed) {

    /**
     * Validates the components and copies the list.
     *
     * @param incidentId the incident, as the type describes it
     * @param sent the count sent, as the type describes it
     * @param alreadySent the count sent before, as the type describes it
     * @param failed the failed subjects, as the type describes it
     * @throws InvalidInputException if a component is null or a count negative
     */
    public BreachNoticeReport {
        Check.notNull(incidentId, "report.incidentId");
        if (sent < 0 || alreadySent < 0) {
            throw new InvalidInputException("report.sent", "counts must not be negative");
        }
        failed = Check.list(failed, "report.failed");
    }

    /**
     * Whether every subject given has a notice recorded now.
     *
     * @return {@code true} if none failed
     */
    public boolean complete() {
        return failed.isEmpty();
    }

    /**
     * The counts.
     *
     * @return e.g. {@code BreachNoticeReport[i-3fa9..., sent=12, alreadySent=3, failed=0]}
     */
    @Override
    public String toString() {
        return "BreachNoticeReport[" + incidentId + ", sent=" + sent + ", alreadySent=" + alreadySent + ", failed="
                + failed.size() + "]";
    }
}
