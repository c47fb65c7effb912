package ro.clickphone.privacy.core.incident;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentVersion;

/**
 * What is known of a personal data breach when it is first reported to the register: the facts of
 * GDPR art. 33(3) and the notification clocks that apply. The contact (the DPO) is not part of it:
 * the register takes it from the policy.
 *
 * <pre>{@code
 * IncidentReport report = IncidentReport.of("Phishing: three support mailboxes were read by an intruder",
 *                 occurredAt, discoveredAt, AffectedCount.estimate(1200),
 *                 Set.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC")),
 *                 "Phishing of the customers whose addresses were read",
 *                 "Passwords reset, mailboxes closed, customers warned")
 *         .withAffectedRecords(AffectedCount.estimate(40_000));
 * String id = kit.incidents().report(report, staff);
 * }</pre>
 *
 * <p>{@link #toString()} prints no free text.
 *
 * @param nature what happened: the nature of the breach (at most {@value IncidentVersion#MAX_TEXT} characters, one line)
 * @param occurredAt when it happened (or began), as far as known
 * @param discoveredAt when the controller became aware of it: every clock counts from here; not
 *     before {@code occurredAt}
 * @param affectedSubjects how many data subjects it concerns, exactly or estimated
 * @param affectedRecords how many personal data records it concerns, if known
 * @param categories the categories of personal data concerned, at least one
 * @param likelyConsequences the likely consequences
 * @param measures the measures taken or proposed
 * @param status where the handling stands
 * @param clocks the notification clocks that apply; the two of Regulation (EU) No 611/2013
 *     together or neither
 * @param delayReason the reasons for a delay, when a notice is or will be late (art. 33(1))
 *
 * @since 0.1.0
 */
public record IncidentReport(String nature, Instant occurredAt, Instant discoveredAt, AffectedCount affectedSubjects,
        Optional<AffectedCount> affectedRecords, Set<DataCategory> categories, String likelyConsequences,
        String measures, IncidentStatus status, Set<IncidentClock> clocks, Optional<String> delayReason) {

    /**
     * Validates the components and copies the sets.
     *
     * @param nature the nature, as the type describes it
     * @param occurredAt when it happened, as the type describes it
     * @param discoveredAt when it was discovered, as the type describes it
     * @param affectedSubjects the subjects affected, as the type describes it
     * @param affectedRecords the records affected, as the type describes it
     * @param categories the categories, as the type describes it
     * @param likelyConsequences the consequences, as the type describes it
     * @param measures the measures, as the type describes it
     * @param status the status, as the type describes it
     * @param clocks the clocks, as the type describes it
     * @param delayReason the reasons for a delay, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, an instant lies outside the
     *     years 1970 to 9999, or the discovery is before the occurrence
     * @throws IncidentException if only one of the two clocks of Regulation (EU) No 611/2013 is chosen
     */
    public IncidentReport {
        Check.text(nature, "report.nature", IncidentVersion.MAX_TEXT);
        Check.instant(occurredAt, "report.occurredAt");
        Check.instant(discoveredAt, "report.discoveredAt");
        if (discoveredAt.isBefore(occurredAt)) {
            throw new InvalidInputException("report.discoveredAt", "must not be before report.occurredAt");
        }
        Check.notNull(affectedSubjects, "report.affectedSubjects");
        Check.notNull(affectedRecords, "report.affectedRecords");
        categories = Check.categories(categories, "report.categories");
        Check.text(likelyConsequences, "report.likelyConsequences", IncidentVersion.MAX_TEXT);
        Check.text(measures, "report.measures", IncidentVersion.MAX_TEXT);
        Check.notNull(status, "report.status");
        clocks = Check.clocks(clocks, "report.clocks");
        Check.optionalText(delayReason, "report.delayReason", IncidentVersion.MAX_TEXT);
    }

    /**
     * A report of an open incident to which every clock applies (the authority's 72 hours, the two
     * clocks of Regulation (EU) No 611/2013 for a provider of public electronic communications, and
     * the policy's 24 hours to the customers), with no count of records and no reasons for a delay.
     *
     * @param nature what happened
     * @param occurredAt when it happened
     * @param discoveredAt when it was discovered
     * @param affectedSubjects how many data subjects it concerns
     * @param categories the categories of personal data concerned
     * @param likelyConsequences the likely consequences
     * @param measures the measures taken or proposed
     * @return the report
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static IncidentReport of(String nature, Instant occurredAt, Instant discoveredAt,
            AffectedCount affectedSubjects, Set<DataCategory> categories, String likelyConsequences, String measures) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, Optional.empty(), categories,
                likelyConsequences, measures, IncidentStatus.OPEN, EnumSet.allOf(IncidentClock.class),
                Optional.empty());
    }

    /**
     * This report with a count of the personal data records concerned.
     *
     * @param records the count
     * @return a new report
     * @throws InvalidInputException if {@code records} is null
     */
    public IncidentReport withAffectedRecords(AffectedCount records) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects,
                Optional.of(Check.notNull(records, "records")), categories, likelyConsequences, measures, status, clocks,
                delayReason);
    }

    /**
     * This report with other clocks.
     *
     * @param applying the clocks that apply (possibly none)
     * @return a new report
     * @throws InvalidInputException if {@code applying} is null or holds null
     * @throws IncidentException if only one of the two clocks of Regulation (EU) No 611/2013 is chosen
     */
    public IncidentReport withClocks(Set<IncidentClock> applying) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords, categories,
                likelyConsequences, measures, status, Check.notNull(applying, "clocks"), delayReason);
    }

    /**
     * This report with another status.
     *
     * @param newStatus the status
     * @return a new report
     * @throws InvalidInputException if {@code newStatus} is null
     */
    public IncidentReport withStatus(IncidentStatus newStatus) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords, categories,
                likelyConsequences, measures, Check.notNull(newStatus, "status"), clocks, delayReason);
    }

    /**
     * This report with the reasons for a delay (art. 33(1)).
     *
     * @param reasons the reasons, one line
     * @return a new report
     * @throws InvalidInputException if {@code reasons} is null or malformed
     */
    public IncidentReport withDelayReason(String reasons) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords, categories,
                likelyConsequences, measures, status, clocks,
                Optional.of(Check.text(reasons, "delayReason", IncidentVersion.MAX_TEXT)));
    }

    /**
     * The status, categories, counts and clocks; no free text.
     *
     * @return a summary without personal data
     */
    @Override
    public String toString() {
        return "IncidentReport[" + status + ", categories=" + categories + ", subjects=" + affectedSubjects
                + affectedRecords.map(r -> ", records=" + r).orElse("") + ", clocks=" + clocks + "]";
    }
}
