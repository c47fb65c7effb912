package ro.clickphone.privacy.core.consent;

import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * The result of {@link ConsentLedger#reconcileWithAudit()}: every consent event the audit trail
 * says was recorded, checked against the consent store. What the seals cannot see (a subject's most
 * recent events deleted, a ledger rolled back to an earlier consistent state) shows here, because the
 * audit trail, with its signed checkpoints, still names each event and its hash.
 *
 * @param entriesChecked how many audit entries of recorded consent events (and of imports) were checked
 * @param missing ids of events the audit trail names that the store no longer has, and
 *     {@code import:<batch>} for an import of which the store holds fewer events than audited
 * @param altered ids of events the store has with another hash than the audit trail recorded, and
 *     {@code import:<batch>} for an import whose events in the store do not match the audited digest
 *
 * @since 0.1.0
 */
public record ConsentReconciliation(long entriesChecked, List<String> missing, List<String> altered) {

    /**
     * Validates and copies the components.
     *
     * @param entriesChecked the count
     * @param missing the missing ids
     * @param altered the altered ids
     * @throws InvalidInputException if a list is or holds null, or the count is negative
     */
    public ConsentReconciliation {
        if (missing == null || altered == null || entriesChecked < 0
                || missing.stream().anyMatch(java.util.Objects::isNull)
                || altered.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("reconciliation",
                    "lists must not be or hold null, the count not negative");
        }
        missing = List.copyOf(missing);
        altered = List.copyOf(altered);
    }

    /**
     * Whether every audited event is in the store as it was recorded.
     *
     * @return {@code true} if nothing is missing or altered
     */
    public boolean intact() {
        return missing.isEmpty() && altered.isEmpty();
    }
}
