package ro.clickphone.privacy.spi.incident;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One version of an incident in the register: what was known and recorded about it at one time.
 * The first report is version 1; each update adds the next version and leaves the earlier ones as
 * they were, so the register shows what was known when.
 *
 * <p>The free texts (nature, consequences, measures, reasons for a delay, circumstances, other
 * providers, cross-border matters, the notice to the customers, the means of a public
 * communication) are written by people and may name people; {@link #toString()} prints none of
 * them, and no contact point, only the id, the version, the status, the categories, the counts and
 * the clocks. The register's own texts never go to a customer: the breach notice carries
 * {@link #notice()}, written for them.
 *
 * @param incidentId the incident's id (letters, digits and {@code -}, at most 64; never shaped like
 *     personal data)
 * @param version the version, 1 for the first report
 * @param nature what happened: the nature of the breach (GDPR art. 33(3)(a)), at most 4000
 *     characters on one line
 * @param occurredAt when the breach happened (or began), as far as known
 * @param discoveredAt when the controller became aware of it: every clock counts from here; not
 *     before {@code occurredAt}
 * @param affectedSubjects how many data subjects it concerns, exactly or estimated
 * @param affectedRecords how many personal data records it concerns, if known
 * @param subjectCategories the categories of data subjects concerned (art. 33(3)(a)), at least one:
 *     ids of the policy's categories of data subjects, upper-case such as {@code CUSTOMER}
 * @param categories the categories of personal data concerned, at least one
 * @param likelyConsequences the likely consequences (art. 33(3)(c)), at most 4000 characters
 * @param measures the measures taken or proposed, including those to mitigate possible adverse
 *     effects (art. 33(3)(d)), at most 4000 characters
 * @param contact where more information is obtained: the DPO (art. 33(3)(b))
 * @param status where the handling stands
 * @param clocks the notification deadlines that apply to this incident (possibly none: a breach
 *     unlikely to result in a risk is recorded but not notified, art. 33(1) and (5))
 * @param delayReason the reasons for a delay, when a notice is or will be late (art. 33(1)), at
 *     most 4000 characters
 * @param notice what the breach notice tells the customers, written for them; empty until written
 *     (no breach notice goes out without it)
 * @param circumstances the circumstances of the breach, e.g. loss, theft, copying (Regulation (EU)
 *     No 611/2013 Annex I), at most 4000 characters
 * @param otherProviders the relevant use of other providers, where applicable (Annex I), at most
 *     4000 characters
 * @param crossBorder the circumstances involving other Member States and the notification of other
 *     competent authorities (Annex I), at most 4000 characters
 * @param publicCommunication a public communication in place of individual notices (GDPR
 *     art. 34(3)(c)), if one was made; not before the discovery
 * @param recordedAt when this version was recorded
 * @param recordedBy who recorded it: an actor reference (an organisational reference or a keyed
 *     pseudonym, e.g. {@code STAFF:emp-0815}), never personal data
 *
 * @since 0.1.0
 */
public record IncidentVersion(String incidentId, int version, String nature, Instant occurredAt,
        Instant discoveredAt, AffectedCount affectedSubjects, Optional<AffectedCount> affectedRecords,
        Set<String> subjectCategories, Set<DataCategory> categories, String likelyConsequences, String measures,
        IncidentContact contact, IncidentStatus status, Set<IncidentClock> clocks, Optional<String> delayReason,
        Optional<BreachNoticeText> notice, Optional<String> circumstances, Optional<String> otherProviders,
        Optional<String> crossBorder, Optional<PublicCommunication> publicCommunication, Instant recordedAt,
        String recordedBy) {

    /** The longest free text accepted. */
    public static final int MAX_TEXT = 4000;

    /**
     * Validates the components and copies the sets.
     *
     * @param incidentId the id, as the type describes it
     * @param version the version, as the type describes it
     * @param nature the nature, as the type describes it
     * @param occurredAt when it happened, as the type describes it
     * @param discoveredAt when it was discovered, as the type describes it
     * @param affectedSubjects the subjects affected, as the type describes it
     * @param affectedRecords the records affected, as the type describes it
     * @param subjectCategories the categories of data subjects, as the type describes it
     * @param categories the categories, as the type describes it
     * @param likelyConsequences the consequences, as the type describes it
     * @param measures the measures, as the type describes it
     * @param contact the contact, as the type describes it
     * @param status the status, as the type describes it
     * @param clocks the clocks, as the type describes it
     * @param delayReason the reasons for a delay, as the type describes it
     * @param notice the notice to the customers, as the type describes it
     * @param circumstances the circumstances, as the type describes it
     * @param otherProviders the use of other providers, as the type describes it
     * @param crossBorder the cross-border circumstances, as the type describes it
     * @param publicCommunication the public communication, as the type describes it
     * @param recordedAt the recording time, as the type describes it
     * @param recordedBy the actor reference, as the type describes it
     * @throws InvalidInputException if a component is null or malformed, an instant lies outside the
     *     years 1970 to 9999, the discovery is before the occurrence, or a public communication
     *     before the discovery; the message names the component, never its value
     */
    public IncidentVersion {
        IncidentChecks.id(incidentId, "incident.id");
        if (version < 1) {
            throw new InvalidInputException("incident.version", "must be 1 or more");
        }
        Checks.text(nature, "incident.nature", MAX_TEXT);
        IncidentChecks.instant(occurredAt, "incident.occurredAt");
        IncidentChecks.instant(discoveredAt, "incident.discoveredAt");
        if (discoveredAt.isBefore(occurredAt)) {
            throw new InvalidInputException("incident.discoveredAt", "must not be before incident.occurredAt");
        }
        Checks.notNull(affectedSubjects, "incident.affectedSubjects");
        Checks.notNull(affectedRecords, "incident.affectedRecords");
        subjectCategories = IncidentChecks.subjectCategories(subjectCategories, "incident.subjectCategories");
        Checks.notNull(categories, "incident.categories");
        TreeSet<DataCategory> sorted = new TreeSet<>(Comparator.comparing(DataCategory::id));
        for (DataCategory category : categories) {
            sorted.add(Checks.notNull(category, "incident.categories"));
        }
        if (sorted.isEmpty()) {
            throw new InvalidInputException("incident.categories", "must name at least one category of data");
        }
        categories = Collections.unmodifiableSet(sorted);
        Checks.text(likelyConsequences, "incident.likelyConsequences", MAX_TEXT);
        Checks.text(measures, "incident.measures", MAX_TEXT);
        Checks.notNull(contact, "incident.contact");
        Checks.notNull(status, "incident.status");
        clocks = copyClocks(clocks);
        Checks.notNull(delayReason, "incident.delayReason");
        delayReason.ifPresent(r -> Checks.text(r, "incident.delayReason", MAX_TEXT));
        Checks.notNull(notice, "incident.notice");
        optionalText(circumstances, "incident.circumstances");
        optionalText(otherProviders, "incident.otherProviders");
        optionalText(crossBorder, "incident.crossBorder");
        Checks.notNull(publicCommunication, "incident.publicCommunication");
        if (publicCommunication.filter(c -> c.at().isBefore(discoveredAt)).isPresent()) {
            throw new InvalidInputException("incident.publicCommunication", "must not be before incident.discoveredAt");
        }
        IncidentChecks.instant(recordedAt, "incident.recordedAt");
        IncidentChecks.actor(recordedBy, "incident.recordedBy");
    }

    private static void optionalText(Optional<String> value, String name) {
        Checks.notNull(value, name);
        value.ifPresent(v -> Checks.text(v, name, MAX_TEXT));
    }

    private static Set<IncidentClock> copyClocks(Set<IncidentClock> clocks) {
        Checks.notNull(clocks, "incident.clocks");
        EnumSet<IncidentClock> copy = EnumSet.noneOf(IncidentClock.class);
        for (IncidentClock clock : clocks) {
            copy.add(Checks.notNull(clock, "incident.clocks"));
        }
        return Collections.unmodifiableSet(copy);
    }

    /**
     * The id, version, status, categories, counts and clocks; no free text and no contact.
     *
     * @return e.g. {@code IncidentVersion[i-3fa9..., v2, CONTAINED, categories=[TRAFFIC], subjectCategories=[CUSTOMER],
     *     subjects=~120, clocks=[ANSPDCP_72H]]}
     */
    @Override
    public String toString() {
        return "IncidentVersion[" + incidentId + ", v" + version + ", " + status + ", categories=" + categories
                + ", subjectCategories=" + subjectCategories + ", subjects=" + affectedSubjects + affectedRecords.map(r -> ", records=" + r).orElse("")
                + ", clocks=" + clocks + "]";
    }
}
