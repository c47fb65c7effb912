package ro.clickphone.privacy.spi.source;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A restriction of processing to record at a source (GDPR art. 18), or its lifting: the contested
 * data only — the subject's records of some categories, or some records — never the whole subject
 * (the consent ledger's subject-wide restriction is for "restrict all processing").
 *
 * <p>Erasure uses it too: data an obligation keeps (invoices for 10 years, traffic data under ANCOM
 * rules, a legal hold) is restricted instead of erased, with the {@link #ground() legal ground} and
 * the date {@link #until() until} which it is kept.
 *
 * @param categories the categories restricted at the source (every record of the subject in them);
 *     may be empty when {@code records} is not
 * @param records the single records restricted; may be empty when {@code categories} is not
 * @param ground why: a code such as {@code ACCURACY_CONTESTED}, {@code OBJECTION_PENDING} or, for
 *     data erasure keeps, the retention rule's id ({@code FINANCIAL_RECORDS}) or {@code LEGAL_HOLD}
 * @param until the last day the restriction is meant to last, when known (a retention term)
 * @param lift true to lift this restriction instead of placing it
 *
 * @since 0.1.0
 */
public record Restriction(Set<DataCategory> categories, Set<RecordRef> records, String ground,
        Optional<LocalDate> until, boolean lift) {

    private static final Syntax GROUND = Syntax.UPPER_ID;

    /**
     * Checks and copies the components.
     *
     * @param categories the categories, as the type describes it
     * @param records the records, as the type describes it
     * @param ground the ground, as the type describes it
     * @param until the until, as the type describes it
     * @param lift the lift, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, both sets are empty, or
     *     the ground is not an upper-case identifier
     */
    public Restriction {
        Checks.notNull(categories, "restriction.categories");
        Checks.notNull(records, "restriction.records");
        if (Checks.holdsNull(categories) || Checks.holdsNull(records)) {
            throw new InvalidInputException("restriction", "categories and records must not hold null");
        }
        categories = Set.copyOf(categories);
        records = Set.copyOf(records);
        if (categories.isEmpty() && records.isEmpty()) {
            throw new InvalidInputException("restriction", "must name at least one category or record");
        }
        Checks.identifier(ground, "restriction.ground", GROUND, "upper-case letters, digits and _, at most 64");
        Checks.notNull(until, "restriction.until");
    }

    /**
     * Restricts every record of the subject in some categories.
     *
     * @param categories the categories
     * @param ground why
     * @param until the last day, when known
     * @return the restriction
     */
    public static Restriction of(Set<DataCategory> categories, String ground, Optional<LocalDate> until) {
        return new Restriction(categories, Set.of(), ground, until, false);
    }

    /**
     * Restricts some records.
     *
     * @param records the records
     * @param ground why
     * @return the restriction
     */
    public static Restriction ofRecords(Set<RecordRef> records, String ground) {
        return new Restriction(Set.of(), records, ground, Optional.empty(), false);
    }

    /**
     * The same scope, lifted.
     *
     * @return the lifting
     */
    public Restriction lifted() {
        return new Restriction(categories, records, ground, until, true);
    }
}
