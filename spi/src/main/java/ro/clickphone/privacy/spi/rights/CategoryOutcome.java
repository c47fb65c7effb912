package ro.clickphone.privacy.spi.rights;

import java.time.LocalDate;
import java.util.Optional;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * What a request did to one category of the subject's data at one source: erased, kept restricted on
 * a legal ground until a date, exported, corrected. Holds counts and legal references, never values.
 *
 * @param category the category
 * @param kind what happened
 * @param records how many records
 * @param legalGround for data kept: the retention rule's id or {@code LEGAL_HOLD}, with its legal
 *     reference when the policy gives one (e.g. {@code FINANCIAL_RECORDS (Ordinul MFP nr. 2634/2015)});
 *     empty otherwise
 * @param until for data kept: the last day it is kept, when known (a record waiting for the end of a
 *     contract, or held, has none yet)
 *
 * @since 0.1.0
 */
public record CategoryOutcome(DataCategory category, OutcomeKind kind, int records, Optional<String> legalGround,
        Optional<LocalDate> until) {

    /**
     * Checks the components.
     *
     * @param category the category, as the type describes it
     * @param kind the kind, as the type describes it
     * @param records the records, as the type describes it
     * @param legalGround the legalGround, as the type describes it
     * @param until the until, as the type describes it
     * @throws InvalidInputException if a component is null or the count is negative
     */
    public CategoryOutcome {
        Checks.notNull(category, "categoryOutcome.category");
        Checks.notNull(kind, "categoryOutcome.kind");
        if (records < 0) {
            throw new InvalidInputException("categoryOutcome.records", "must not be negative");
        }
        Checks.notNull(legalGround, "categoryOutcome.legalGround");
        legalGround.ifPresent(g -> Checks.text(g, "categoryOutcome.legalGround", 512));
        Checks.notNull(until, "categoryOutcome.until");
    }

    /**
     * An outcome with no legal ground.
     *
     * @param category the category
     * @param kind what happened
     * @param records how many records
     * @return the outcome
     */
    public static CategoryOutcome of(DataCategory category, OutcomeKind kind, int records) {
        return new CategoryOutcome(category, kind, records, Optional.empty(), Optional.empty());
    }
}
