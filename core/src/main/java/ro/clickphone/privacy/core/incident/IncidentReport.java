package ro.clickphone.privacy.core.incident;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.BreachNoticeText;
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
 *                 occurredAt, discoveredAt, AffectedCount.estimate(1200), Set.of("CUSTOMER"),
 *                 Set.of(DataCategory.of("CONTACT"), DataCategory.of("TRAFFIC")),
 *                 "Phishing of the customers whose addresses were read",
 *                 "Passwords reset, mailboxes closed, customers warned")
 *         .withAffectedRecords(AffectedCount.estimate(40_000))
 *         .withNotice(new BreachNoticeText("Someone read three of our support mailboxes",
 *                 "You may receive phishing e-mails that use your name",
 *                 "We reset the passwords and closed the mailboxes",
 *                 "Do not open links in unexpected e-mails; change your ClickPhone password"));
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
 * @param subjectCategories the categories of data subjects concerned, at least one: ids of the
 *     policy's {@code dataSubjects} such as {@code CUSTOMER}
 * @param categories the categories of personal data concerned, at least one
 * @param likelyConsequences the likely consequences
 * @param measures the measures taken or proposed
 * @param status where the handling stands
 * @param clocks the notification clocks that apply; the two of Regulation (EU) No 611/2013
 *     together or neither
 * @param delayReason the reasons for a delay, when a notice is or will be late (art. 33(1))
 * @param notice what the breach notice tells the customers, written for them, if written yet
 * @param circumstances the circumstances of the breach (loss, theft, copying), for Regulation (EU)
 *     No 611/2013 Annex I
 * @param otherProviders the relevant use of other providers, where applicable (Annex I)
 * @param crossBorder the circumstances involving other Member States (Annex I)
 *
 * @since 0.1.0
 */
public record IncidentReport(String nature, Instant occurredAt, Instant discoveredAt, AffectedCount affectedSubjects,
        Optional<AffectedCount> affectedRecords, Set<String> subjectCategories, Set<DataCategory> categories,
        String likelyConsequences, String measures, IncidentStatus status, Set<IncidentClock> clocks,
        Optional<String> delayReason, Optional<BreachNoticeText> notice, Optional<String> circumstances,
        Optional<String> otherProviders, Optional<String> crossBorder) {

    /**
     * Validates the components and copies the sets.
     *
     * @param nature the nature, as the type describes it
     * @param occurredAt when it happened, as the type describes it
     * @param discoveredAt when it was discovered, as the type describes it
     * @param affectedSubjects the subjects affected, as the type describes it
     * @param affectedRecords the records affected, as the type describes it
     * @param subjectCategories the categories of data subjects, as the type describes it
     * @param categories the categories, as the type describes it
     * @param likelyConsequences the consequences, as the type describes it
     * @param measures the measures, as the type describes it
     * @param status the status, as the type describes it
     * @param clocks the clocks, as the type describes it
     * @param delayReason the reasons for a delay, as the type describes it
     * @param notice the notice to the customers, as the type describes it
     * @param circumstances the circumstances, as the type describes it
     * @param otherProviders the use of other providers, as the type describes it
     * @param crossBorder the cross-border circumstances, as the type describes it
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
        subjectCategories = Check.subjectCategories(subjectCategories, "report.subjectCategories");
        categories = Check.categories(categories, "report.categories");
        Check.text(likelyConsequences, "report.likelyConsequences", IncidentVersion.MAX_TEXT);
        Check.text(measures, "report.measures", IncidentVersion.MAX_TEXT);
        Check.notNull(status, "report.status");
        clocks = Check.clocks(clocks, "report.clocks");
        Check.optionalText(delayReason, "report.delayReason", IncidentVersion.MAX_TEXT);
        Check.notNull(notice, "report.notice");
        Check.optionalText(circumstances, "report.circumstances", IncidentVersion.MAX_TEXT);
        Check.optionalText(otherProviders, "report.otherProviders", IncidentVersion.MAX_TEXT);
        Check.optionalText(crossBorder, "report.crossBorder", IncidentVersion.MAX_TEXT);
    }

    /**
     * A report of an open incident to which every clock applies (the authority's 72 hours, the two
     * clocks of Regulation (EU) No 611/2013 for a provider of public electronic communications, and
     * the policy's 24 hours to the customers), with no count of records, no reasons for a delay, no
     * notice text for the customers yet and none of Annex I's further facts.
     *
     * @param nature what happened
     * @param occurredAt when it happened
     * @param discoveredAt when it was discovered
     * @param affectedSubjects how many data subjects it concerns
     * @param subjectCategories the categories of data subjects concerned (ids of the policy's, e.g.
     *     {@code CUSTOMER})
     * @param categories the categories of personal data concerned
     * @param likelyConsequences the likely consequences
     * @param measures the measures taken or proposed
     * @return the report
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static IncidentReport of(String nature, Instant occurredAt, Instant discoveredAt,
            AffectedCount affectedSubjects, Set<String> subjectCategories, Set<DataCategory> categories,
            String likelyConsequences, String measures) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, Optional.empty(),
                subjectCategories, categories, likelyConsequences, measures, IncidentStatus.OPEN,
                EnumSet.allOf(IncidentClock.class), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
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
                Optional.of(Check.notNull(records, "records")), subjectCategories, categories, likelyConsequences,
                measures, status, clocks, delayReason, notice, circumstances, otherProviders, crossBorder);
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
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, Check.notNull(applying, "clocks"),
                delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * This report with another status.
     *
     * @param newStatus the status
     * @return a new report
     * @throws InvalidInputException if {@code newStatus} is null
     */
    public IncidentReport withStatus(IncidentStatus newStatus) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, Check.notNull(newStatus, "status"), clocks,
                delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * This report with the reasons for a delay (art. 33(1)).
     *
     * @param reasons the reasons, one line
     * @return a new report
     * @throws InvalidInputException if {@code reasons} is null or malformed
     */
    public IncidentReport withDelayReason(String reasons) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks,
                Optional.of(Check.text(reasons, "delayReason", IncidentVersion.MAX_TEXT)), notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * This report with what the breach notice tells the customers (written for them; the register's
     * own texts never reach them).
     *
     * @param text the notice's texts
     * @return a new report
     * @throws InvalidInputException if {@code text} is null
     */
    public IncidentReport withNotice(BreachNoticeText text) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason,
                Optional.of(Check.notNull(text, "notice")), circumstances, otherProviders, crossBorder);
    }

    /**
     * This report with the circumstances of the breach (Regulation (EU) No 611/2013 Annex I: loss,
     * theft, copying).
     *
     * @param text the circumstances, one line
     * @return a new report
     * @throws InvalidInputException if {@code text} is null or malformed
     */
    public IncidentReport withCircumstances(String text) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason, notice,
                Optional.of(Check.text(text, "circumstances", IncidentVersion.MAX_TEXT)), otherProviders, crossBorder);
    }

    /**
     * This report with the relevant use of other providers (Regulation (EU) No 611/2013 Annex I).
     *
     * @param text the use of other providers, one line
     * @return a new report
     * @throws InvalidInputException if {@code text} is null or malformed
     */
    public IncidentReport withOtherProviders(String text) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason, notice,
                circumstances, Optional.of(Check.text(text, "otherProviders", IncidentVersion.MAX_TEXT)), crossBorder);
    }

    /**
     * This report with the circumstances involving other Member States and the notification of
     * other competent authorities (Regulation (EU) No 611/2013 Annex I).
     *
     * @param text the cross-border circumstances, one line (e.g. "none: all subscribers are in Romania")
     * @return a new report
     * @throws InvalidInputException if {@code text} is null or malformed
     */
    public IncidentReport withCrossBorder(String text) {
        return new IncidentReport(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason, notice,
                circumstances, otherProviders, Optional.of(Check.text(text, "crossBorder", IncidentVersion.MAX_TEXT)));
    }

    /**
     * The status, categories, counts and clocks; no free text.
     *
     * @return a summary without personal data
     */
    @Override
    public String toString() {
        return "IncidentReport[" + status + ", categories=" + categories + ", subjectCategories=" + subjectCategories
                + ", subjects=" + affectedSubjects + affectedRecords.map(r -> ", records=" + r).orElse("")
                + ", clocks=" + clocks + (notice.isPresent() ? ", notice" : "") + "]";
    }
}
