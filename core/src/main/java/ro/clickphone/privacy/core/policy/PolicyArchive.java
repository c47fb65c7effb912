package ro.clickphone.privacy.core.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.LegalBasis;
import ro.clickphone.privacy.spi.PolicyVersion;
import ro.clickphone.privacy.spi.Purpose;

/**
 * Every version of a privacy policy, oldest first. The policy promises to archive earlier versions
 * so that subjects can read them; the SDK also needs them to tell which version was in force on a
 * day and whether a purpose changed materially since a subject consented.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PolicyArchive archive = PolicyArchive.of(policy2025, policy2026);
 * Policy inForce = archive.inForceOn(LocalDate.of(2026, 3, 1)).orElseThrow();
 * boolean askAgain = archive.changedMateriallySince(Purpose.of("MARKETING"), consentedUnder, inForce.version());
 * String text = archive.text("2026.1").orElseThrow().content();           // the Romanian text of 2026.1
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PolicyArchive {

    private final List<Policy> versions;

    private PolicyArchive(List<Policy> versions) {
        this.versions = versions;
    }

    /**
     * An archive of the given versions, in any order.
     *
     * @param versions at least one policy
     * @return the archive
     * @throws ConfigurationException if there is no version, two versions share a label or an
     *     effective date, the versions disagree on the time zone, a purpose declared on consent
     *     in one version rests on another basis in a later one, or a change diminishing rights is
     *     still in effect in a version where its purpose rests on legal obligation or vital interests
     * @throws InvalidInputException if an argument is null
     */
    public static PolicyArchive of(Policy... versions) {
        if (versions == null) {
            throw new InvalidInputException("versions", "must not be null");
        }
        return of(Arrays.asList(versions));
    }

    /**
     * An archive of the given versions, in any order.
     *
     * @param versions at least one policy
     * @return the archive
     * @throws ConfigurationException if there is no version, two versions share a label or an
     *     effective date, the versions disagree on the time zone, a purpose declared on consent
     *     in one version rests on another basis in a later one, or a change diminishing rights is
     *     still in effect in a version where its purpose rests on legal obligation or vital interests
     * @throws InvalidInputException if an argument or an element is null
     */
    public static PolicyArchive of(List<Policy> versions) {
        if (versions == null || versions.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("versions", "must not be null or contain null");
        }
        if (versions.isEmpty()) {
            throw new ConfigurationException("A policy archive needs at least one policy version");
        }
        List<Policy> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Policy::version));
        Set<String> labels = new HashSet<>();
        Set<LocalDate> dates = new HashSet<>();
        for (Policy p : sorted) {
            if (!labels.add(p.version().label())) {
                throw new ConfigurationException("Two policy versions share the label " + p.version().label());
            }
            if (!dates.add(p.version().effectiveFrom())) {
                throw new ConfigurationException("Two policy versions take effect on " + p.version().effectiveFrom()
                        + "; which one is in force that day would be ambiguous");
            }
            if (!p.timeZone().equals(sorted.get(0).timeZone())) {
                throw new ConfigurationException("Policy versions " + sorted.get(0).version().label() + " and "
                        + p.version().label() + " use different time zones");
            }
        }
        refuseMovesAwayFromConsent(sorted);
        refuseDiminishingMarksOnTheLaw(sorted);
        return new PolicyArchive(List.copyOf(sorted));
    }

    /**
     * A purpose once declared on consent stays on consent under its id: were a later version to put
     * it on another basis, every withdrawal recorded against it would stop counting (a withdrawal
     * denies only a consent-based purpose). A new basis needs a new purpose id; other corrections of
     * the basis, and moves to consent, stay possible.
     */
    private static void refuseMovesAwayFromConsent(List<Policy> sorted) {
        Map<Purpose, String> onConsentIn = new HashMap<>();
        for (Policy p : sorted) {
            for (PurposeDefinition d : p.purposes()) {
                if (d.legalBasis() == LegalBasis.CONSENT) {
                    onConsentIn.putIfAbsent(d.purpose(), p.version().label());
                } else if (onConsentIn.containsKey(d.purpose())) {
                    throw new ConfigurationException("Purpose " + d.purpose().id() + " rests on consent in policy"
                            + " version " + onConsentIn.get(d.purpose()) + " and on " + d.legalBasis() + " in version "
                            + p.version().label() + ": moving a purpose away from consent would void the withdrawals"
                            + " recorded against it; declare the new basis under a new purpose id");
                }
            }
        }
    }

    /**
     * A change marked as diminishing rights stays in effect in the versions after it (processing for
     * the purpose waits for the subject's explicit agreement). A later version that puts the purpose
     * on legal obligation or vital interests would carry the mark onto processing that does not wait
     * for the subject (GDPR art. 6(1)(c), (d)); the loader refuses such a mark within one version, and
     * this refuses it carried across versions.
     */
    private static void refuseDiminishingMarksOnTheLaw(List<Policy> sorted) {
        Map<Purpose, String> markedIn = new HashMap<>();
        for (Policy p : sorted) {
            for (MaterialChange change : p.materialChanges()) {
                if (change.diminishesRights()) {
                    markedIn.put(change.purpose(), p.version().label());
                }
            }
            for (PurposeDefinition d : p.purposes()) {
                LegalBasis basis = d.legalBasis();
                if ((basis == LegalBasis.LEGAL_OBLIGATION || basis == LegalBasis.VITAL_INTERESTS)
                        && markedIn.containsKey(d.purpose())) {
                    throw new ConfigurationException("Purpose " + d.purpose().id() + " has a change diminishing"
                            + " rights in policy version " + markedIn.get(d.purpose()) + ", still in effect in version "
                            + p.version().label() + ", where it rests on " + basis + ": that processing does not"
                            + " wait for the subject's consent; declare the new basis under a new purpose id");
                }
            }
        }
    }

    /**
     * Every version, oldest first.
     *
     * @return the versions
     */
    public List<Policy> versions() {
        return versions;
    }

    /**
     * The version with the latest effective date, which may not be in force yet.
     *
     * @return the latest version
     */
    public Policy latest() {
        return versions.get(versions.size() - 1);
    }

    /**
     * The version in force on a day: the latest one whose effective date is not after it.
     *
     * @param day a day in the policy's time zone
     * @return the version, or empty if the day is before the first version
     * @throws InvalidInputException if {@code day} is null
     */
    public Optional<Policy> inForceOn(LocalDate day) {
        if (day == null) {
            throw new InvalidInputException("day", "must not be null");
        }
        Policy found = null;
        for (Policy p : versions) {
            if (p.version().effectiveFrom().isAfter(day)) {
                break;
            }
            found = p;
        }
        return Optional.ofNullable(found);
    }

    /**
     * The version in force at an instant, the day counted in the policy's time zone.
     *
     * @param instant the instant
     * @return the version, or empty if the instant is before the first version
     * @throws InvalidInputException if {@code instant} is null or beyond the range of dates
     */
    public Optional<Policy> inForceAt(Instant instant) {
        if (instant == null) {
            throw new InvalidInputException("instant", "must not be null");
        }
        LocalDate day;
        try {
            day = LocalDate.ofInstant(instant, latest().timeZone());
        } catch (DateTimeException e) {
            throw new InvalidInputException("instant", "is beyond the range of dates");
        }
        return inForceOn(day);
    }

    /**
     * A version by label.
     *
     * @param label the label, e.g. {@code 2026.1}
     * @return the version, if archived
     */
    public Optional<Policy> version(String label) {
        for (Policy p : versions) {
            if (p.version().label().equals(label)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a purpose changed materially after one version, up to and including another: the
     * question a consent check asks to decide whether consent given under {@code since} still holds.
     *
     * @param purpose the purpose
     * @param since the version the subject consented under
     * @param upTo the version now in force
     * @return {@code true} if a version after {@code since} and not after {@code upTo} marks the
     *     purpose as materially changed
     * @throws InvalidInputException if an argument is null or a version is not in this archive
     */
    public boolean changedMateriallySince(Purpose purpose, PolicyVersion since, PolicyVersion upTo) {
        if (purpose == null) {
            throw new InvalidInputException("purpose", "must not be null");
        }
        int from = indexOf(since, "since");
        int to = indexOf(upTo, "upTo");
        for (int i = from + 1; i <= to; i++) {
            if (versions.get(i).changedMaterially(purpose)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The version whose diminishing change of a purpose is in effect at another: the latest version
     * not after {@code upTo} that marks a change of the purpose as diminishing rights. A diminishing
     * change stays in effect in the versions after it, so processing for the purpose waits for a
     * grant under that version or a later one ("Drepturile dvs. [...] nu vor fi diminuate fără
     * consimțământul dvs. explicit").
     *
     * @param purpose the purpose
     * @param upTo the version in force
     * @return the version that introduced the diminishing change in effect; empty if none
     * @throws InvalidInputException if an argument is null or the version is not in this archive
     */
    public Optional<Policy> rightsDiminishedSince(Purpose purpose, PolicyVersion upTo) {
        if (purpose == null) {
            throw new InvalidInputException("purpose", "must not be null");
        }
        for (int i = indexOf(upTo, "upTo"); i >= 0; i--) {
            if (versions.get(i).diminishesRights(purpose)) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The archived text of a version, so that a subject can read the version they consented under.
     *
     * @param label the version's label
     * @return the text; empty if no version has the label or the version has no text
     */
    public Optional<PolicyText> text(String label) {
        return version(label).flatMap(Policy::text);
    }

    private int indexOf(PolicyVersion version, String argument) {
        if (version == null) {
            throw new InvalidInputException(argument, "must not be null");
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(version)) {
                return i;
            }
        }
        throw new InvalidInputException(argument, "is not a version in this archive");
    }

    @Override
    public String toString() {
        return "PolicyArchive" + versions.stream().map(p -> p.version().label()).toList();
    }
}
