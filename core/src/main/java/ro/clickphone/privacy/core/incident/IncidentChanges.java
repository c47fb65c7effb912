package ro.clickphone.privacy.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * What an update changes in an incident: each present component replaces that fact in the next
 * version; absent ones are carried over from the latest version. Start from {@link #none()}.
 *
 * <pre>{@code
 * kit.incidents().update(id, IncidentChanges.none()
 *         .withStatus(IncidentStatus.CONTAINED)
 *         .withAffectedSubjects(AffectedCount.exactly(1187))
 *         .withMeasures("Passwords reset; the phishing domain was taken down"), staff);
 * }</pre>
 *
 * <p>{@link #toString()} names the changed facts, never their values.
 *
 * @param nature a new description of the nature of the breach
 * @param occurredAt a corrected time of occurrence
 * @param discoveredAt a corrected time of discovery (the clocks move with it; the history keeps the earlier
 *     one, and the authority report lists the correction)
 * @param affectedSubjects a new count of the subjects concerned
 * @param affectedRecords a new count of the records concerned
 * @param subjectCategories the categories of data subjects concerned, all of them
 * @param categories the categories of personal data concerned, all of them (not only the added ones)
 * @param likelyConsequences a new description of the likely consequences
 * @param measures a new description of the measures taken or proposed
 * @param status a new status
 * @param clocks the clocks that apply, all of them
 * @param delayReason the reasons for a delay (art. 33(1))
 * @param notice what the breach notice tells the customers, all four texts
 * @param circumstances the circumstances of the breach (Regulation (EU) No 611/2013 Annex I)
 * @param otherProviders the relevant use of other providers (Annex I)
 * @param crossBorder the circumstances involving other Member States (Annex I)
 *
 * @since 0.1.0
 */
public record IncidentChanges(Optional<String> nature, Optional<Instant> occurredAt, Optional<Instant> discoveredAt,
        Optional<AffectedCount> affectedSubjects, Optional<AffectedCount> affectedRecords,
        Optional<Set<String>> subjectCategories, Optional<Set<DataCategory>> categories,
        Optional<String> likelyConsequences, Optional<String> measures, Optional<IncidentStatus> status,
        Optional<Set<IncidentClock>> clocks, Optional<String> delayReason, Optional<BreachNoticeText> notice,
        Optional<String> circumstances, Optional<String> otherProviders, Optional<String> crossBorder) {

    private static final IncidentChanges NONE = new IncidentChanges(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /**
     * Validates the components and copies the sets.
     *
     * @param nature the nature, as the type describes it
     * @param occurredAt the occurredAt, as the type describes it
     * @param discoveredAt the discoveredAt, as the type describes it
     * @param affectedSubjects the affectedSubjects, as the type describes it
     * @param affectedRecords the affectedRecords, as the type describes it
     * @param subjectCategories the subjectCategories, as the type describes it
     * @param categories the categories, as the type describes it
     * @param likelyConsequences the likelyConsequences, as the type describes it
     * @param measures the measures, as the type describes it
     * @param status the status, as the type describes it
     * @param clocks the clocks, as the type describes it
     * @param delayReason the delayReason, as the type describes it
     * @param notice the notice, as the type describes it
     * @param circumstances the circumstances, as the type describes it
     * @param otherProviders the otherProviders, as the type describes it
     * @param crossBorder the crossBorder, as the type describes it
     * @throws InvalidInputException if a component is null or malformed
     * @throws IncidentException if only one of the two clocks of Regulation (EU) No 611/2013 is chosen
     */
    public IncidentChanges {
        Check.optionalText(nature, "changes.nature", IncidentVersion.MAX_TEXT);
        Check.notNull(occurredAt, "changes.occurredAt").ifPresent(i -> Check.instant(i, "changes.occurredAt"));
        Check.notNull(discoveredAt, "changes.discoveredAt").ifPresent(i -> Check.instant(i, "changes.discoveredAt"));
        Check.notNull(affectedSubjects, "changes.affectedSubjects");
        Check.notNull(affectedRecords, "changes.affectedRecords");
        subjectCategories = Check.notNull(subjectCategories, "changes.subjectCategories")
                .map(c -> Check.subjectCategories(c, "changes.subjectCategories"));
        categories = Check.notNull(categories, "changes.categories")
                .map(c -> Check.categories(c, "changes.categories"));
        Check.optionalText(likelyConsequences, "changes.likelyConsequences", IncidentVersion.MAX_TEXT);
        Check.optionalText(measures, "changes.measures", IncidentVersion.MAX_TEXT);
        Check.notNull(status, "changes.status");
        clocks = Check.notNull(clocks, "changes.clocks").map(c -> Check.clocks(c, "changes.clocks"));
        Check.optionalText(delayReason, "changes.delayReason", IncidentVersion.MAX_TEXT);
        Check.notNull(notice, "changes.notice");
        Check.optionalText(circumstances, "changes.circumstances", IncidentVersion.MAX_TEXT);
        Check.optionalText(otherProviders, "changes.otherProviders", IncidentVersion.MAX_TEXT);
        Check.optionalText(crossBorder, "changes.crossBorder", IncidentVersion.MAX_TEXT);
    }

    /**
     * No change yet.
     *
     * @return the empty changes
     */
    public static IncidentChanges none() {
        return NONE;
    }

    /**
     * These changes with a new description of the nature.
     *
     * @param value the nature, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withNature(String value) {
        return new IncidentChanges(Optional.of(Check.text(value, "nature", IncidentVersion.MAX_TEXT)),
                occurredAt, discoveredAt, affectedSubjects, affectedRecords, subjectCategories, categories,
                likelyConsequences, measures, status, clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with a corrected time of occurrence.
     *
     * @param value the time
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or outside the years 1970 to 9999
     */
    public IncidentChanges withOccurredAt(Instant value) {
        return new IncidentChanges(nature, Optional.of(Check.instant(value, "occurredAt")), discoveredAt,
                affectedSubjects, affectedRecords, subjectCategories, categories, likelyConsequences,
                measures, status, clocks, delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with a corrected time of discovery: the deadlines move with it.
     *
     * @param value the time
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or outside the years 1970 to 9999
     */
    public IncidentChanges withDiscoveredAt(Instant value) {
        return new IncidentChanges(nature, occurredAt, Optional.of(Check.instant(value, "discoveredAt")),
                affectedSubjects, affectedRecords, subjectCategories, categories, likelyConsequences,
                measures, status, clocks, delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with a new count of the subjects concerned.
     *
     * @param value the count
     * @return new changes
     * @throws InvalidInputException if {@code value} is null
     */
    public IncidentChanges withAffectedSubjects(AffectedCount value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, Optional.of(Check.notNull(value,
                "affectedSubjects")), affectedRecords, subjectCategories, categories, likelyConsequences,
                measures, status, clocks, delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with a new count of the records concerned.
     *
     * @param value the count
     * @return new changes
     * @throws InvalidInputException if {@code value} is null
     */
    public IncidentChanges withAffectedRecords(AffectedCount value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects,
                Optional.of(Check.notNull(value, "affectedRecords")), subjectCategories, categories,
                likelyConsequences, measures, status, clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with the categories of data subjects concerned, all of them.
     *
     * @param value the ids of the policy's categories of data subjects, at least one
     * @return new changes
     * @throws InvalidInputException if {@code value} is null, empty or malformed
     */
    public IncidentChanges withSubjectCategories(Set<String> value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                Optional.of(Check.subjectCategories(value, "subjectCategories")), categories,
                likelyConsequences, measures, status, clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with the categories concerned, all of them.
     *
     * @param value the categories, at least one
     * @return new changes
     * @throws InvalidInputException if {@code value} is null, empty or holds null
     */
    public IncidentChanges withCategories(Set<DataCategory> value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, Optional.of(Check.categories(value, "categories")), likelyConsequences,
                measures, status, clocks, delayReason, notice, circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with a new description of the likely consequences.
     *
     * @param value the consequences, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withLikelyConsequences(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, Optional.of(Check.text(value, "likelyConsequences",
                IncidentVersion.MAX_TEXT)), measures, status, clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with a new description of the measures taken or proposed.
     *
     * @param value the measures, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withMeasures(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, Optional.of(Check.text(value, "measures",
                IncidentVersion.MAX_TEXT)), status, clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with a new status.
     *
     * @param value the status
     * @return new changes
     * @throws InvalidInputException if {@code value} is null
     */
    public IncidentChanges withStatus(IncidentStatus value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures,
                Optional.of(Check.notNull(value, "status")), clocks, delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with the clocks that apply, all of them.
     *
     * @param value the clocks (possibly none)
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or holds null
     * @throws IncidentException if only one of the two clocks of Regulation (EU) No 611/2013 is chosen
     */
    public IncidentChanges withClocks(Set<IncidentClock> value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status,
                Optional.of(Check.clocks(value, "clocks")), delayReason, notice, circumstances,
                otherProviders, crossBorder);
    }

    /**
     * These changes with the reasons for a delay (art. 33(1)).
     *
     * @param value the reasons, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withDelayReason(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks,
                Optional.of(Check.text(value, "delayReason", IncidentVersion.MAX_TEXT)), notice,
                circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with what the breach notice tells the customers.
     *
     * @param value the notice's texts
     * @return new changes
     * @throws InvalidInputException if {@code value} is null
     */
    public IncidentChanges withNotice(BreachNoticeText value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason,
                Optional.of(Check.notNull(value, "notice")), circumstances, otherProviders, crossBorder);
    }

    /**
     * These changes with the circumstances of the breach (Regulation (EU) No 611/2013 Annex I).
     *
     * @param value the circumstances, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withCircumstances(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason,
                notice, Optional.of(Check.text(value, "circumstances", IncidentVersion.MAX_TEXT)),
                otherProviders, crossBorder);
    }

    /**
     * These changes with the relevant use of other providers (Annex I).
     *
     * @param value the use of other providers, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withOtherProviders(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason,
                notice, circumstances, Optional.of(Check.text(value, "otherProviders",
                IncidentVersion.MAX_TEXT)), crossBorder);
    }

    /**
     * These changes with the circumstances involving other Member States (Annex I).
     *
     * @param value the cross-border circumstances, one line
     * @return new changes
     * @throws InvalidInputException if {@code value} is null or malformed
     */
    public IncidentChanges withCrossBorder(String value) {
        return new IncidentChanges(nature, occurredAt, discoveredAt, affectedSubjects, affectedRecords,
                subjectCategories, categories, likelyConsequences, measures, status, clocks, delayReason,
                notice, circumstances, otherProviders, Optional.of(Check.text(value, "crossBorder",
                IncidentVersion.MAX_TEXT)));
    }

    /**
     * The names of the facts these changes replace, in the order of the components.
     *
     * @return e.g. {@code [status, measures]}; empty for {@link #none()}
     */
    public List<String> changed() {
        List<String> out = new ArrayList<>();
        add(out, nature, "nature");
        add(out, occurredAt, "occurredAt");
        add(out, discoveredAt, "discoveredAt");
        add(out, affectedSubjects, "affectedSubjects");
        add(out, affectedRecords, "affectedRecords");
        add(out, subjectCategories, "subjectCategories");
        add(out, categories, "categories");
        add(out, likelyConsequences, "likelyConsequences");
        add(out, measures, "measures");
        add(out, status, "status");
        add(out, clocks, "clocks");
        add(out, delayReason, "delayReason");
        add(out, notice, "notice");
        add(out, circumstances, "circumstances");
        add(out, otherProviders, "otherProviders");
        add(out, crossBorder, "crossBorder");
        return List.copyOf(out);
    }

    private static void add(List<String> out, Optional<?> value, String name) {
        if (value.isPresent()) {
            out.add(name);
        }
    }

    /**
     * Whether nothing is changed.
     *
     * @return {@code true} for {@link #none()}
     */
    public boolean isEmpty() {
        return changed().isEmpty();
    }

    /**
     * The names of the changed facts.
     *
     * @return e.g. {@code IncidentChanges[status, measures]}
     */
    @Override
    public String toString() {
        return "IncidentChanges" + changed();
    }
}
