package ro.clickphone.privacy.spi;

import java.time.LocalDate;
import java.util.Comparator;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * One version of the privacy policy: its label and the day it takes effect. Consent is recorded
 * against the version in force, so that a material change of a purpose in a later version can ask
 * for consent again.
 *
 * <p>Versions order by effective date, then by label.
 *
 * @param label the version label, e.g. {@code 2026.1}: a letter or digit, then letters, digits,
 *     {@code .}, {@code -} or {@code _}; at most 32 characters
 * @param effectiveFrom the first day (in the controller's time zone) the version is in force
 *
 * @since 0.1.0
 */
public record PolicyVersion(String label, LocalDate effectiveFrom) implements Comparable<PolicyVersion> {

    private static final Syntax LABEL = Syntax.of("0-9A-Za-z", "0-9A-Za-z._-", 1, 32);
    private static final Comparator<PolicyVersion> ORDER =
            Comparator.comparing(PolicyVersion::effectiveFrom).thenComparing(PolicyVersion::label);

    /**
     * Validates the components.
     *
     * @param label the label, as the type describes it
     * @param effectiveFrom the effectiveFrom, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public PolicyVersion {
        Checks.identifier(label, "policyVersion.label", LABEL,
                "a version label like 2026.1 (A-Z, a-z, 0-9, ., -, _; at most 32)");
        Checks.notNull(effectiveFrom, "policyVersion.effectiveFrom");
    }

    /**
     * Creates a version.
     *
     * @param label the label
     * @param effectiveFrom the first day it is in force
     * @return the version
     * @throws InvalidInputException if either part is malformed
     */
    public static PolicyVersion of(String label, LocalDate effectiveFrom) {
        return new PolicyVersion(label, effectiveFrom);
    }

    /**
     * Orders by effective date, then label.
     *
     * @param other the version to compare with
     * @return negative, zero or positive as this version is earlier than, the same as, or later than {@code other}
     */
    @Override
    public int compareTo(PolicyVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return label + " (from " + effectiveFrom + ")";
    }
}
