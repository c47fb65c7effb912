package ro.clickphone.privacy.core.rights;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * What re-applying the erasure ledger did ({@code kit.rights().reapplyErasures(since)}), after a
 * backup of the main stores was restored: how many completed erasures were read and applied again,
 * what that erased and destroyed, and what could not be done. Counts and request ids only, never a
 * subject.
 *
 * @param since the earliest erasure re-applied: entries whose erasure began at or after it (see
 *     {@code Rights.reapplyErasures} for how far before the backup it must lie)
 * @param entries how many ledger entries were read
 * @param recordsErased how many records the sources erased again
 * @param recordsRestricted how many records kept now (a retention tag not due, a legal hold placed on
 *     the restored stores) were restricted again instead of erased
 * @param keyVersionsDestroyed how many key versions were destroyed again (a restored key store
 *     brings back the keys an erasure destroyed)
 * @param vaultEntriesDeleted how many token-vault mappings were deleted again
 * @param contactsRemoved how many contact directory entries were removed again
 * @param failures what could not be re-applied, at most {@code Eraser.MAX_FAILURES}; each is retried
 *     by re-applying again
 * @param failuresLeftOut how many more failures there were, counted but not listed
 * @param keyScopesKept how many recorded key scopes were not destroyed again because data kept now
 *     (a tag, a hold, a kept category at a source) still needs them
 *
 * @since 0.1.0
 */
public record ReapplyReport(Instant since, int entries, long recordsErased, long recordsRestricted,
        int keyVersionsDestroyed, int vaultEntriesDeleted, int contactsRemoved, List<Failure> failures,
        int failuresLeftOut, int keyScopesKept) {

    /**
     * Checks and copies the components.
     *
     * @param since the since, as the type describes it
     * @param entries the entries, as the type describes it
     * @param recordsErased the recordsErased, as the type describes it
     * @param recordsRestricted the recordsRestricted, as the type describes it
     * @param keyVersionsDestroyed the keyVersionsDestroyed, as the type describes it
     * @param vaultEntriesDeleted the vaultEntriesDeleted, as the type describes it
     * @param contactsRemoved the contactsRemoved, as the type describes it
     * @param failures the failures, as the type describes it
     * @param failuresLeftOut the failuresLeftOut, as the type describes it
     * @param keyScopesKept the keyScopesKept, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or a count is negative
     */
    public ReapplyReport {
        if (since == null || failures == null || failures.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("reapplyReport", "components must not be null");
        }
        if (entries < 0 || recordsErased < 0 || recordsRestricted < 0 || keyVersionsDestroyed < 0
                || vaultEntriesDeleted < 0 || contactsRemoved < 0 || failuresLeftOut < 0 || keyScopesKept < 0) {
            throw new InvalidInputException("reapplyReport", "counts must not be negative");
        }
        failures = List.copyOf(failures);
    }

    /**
     * Whether every entry was re-applied in full.
     *
     * @return true when there is no failure
     */
    public boolean complete() {
        return failures.isEmpty() && failuresLeftOut == 0;
    }

    /**
     * One part of an erasure that could not be re-applied.
     *
     * @param requestId the erasure request of the ledger entry
     * @param source the source concerned, or empty when the entry as a whole failed (its seal did
     *     not hold, a key store or the vault failed)
     * @param problem a code: {@code SOURCE_NOT_REGISTERED}, {@code ERASE_NOT_SUPPORTED},
     *     {@code ENTRY_TAMPERED} (the entry does not match its seal: it was changed in the ledger store,
     *     nothing was done for it), {@code SEALED_UNDER_ANOTHER_KEY} (written by another kit or under
     *     another ledger secret), or the failing exception's simple class name (never its message)
     *
     * @since 0.1.0
     */
    public record Failure(String requestId, Optional<String> source, String problem) {

        /**
         * Checks the components.
         *
         * @param requestId the requestId, as the type describes it
         * @param source the source, as the type describes it
         * @param problem the problem, as the type describes it
         * @throws InvalidInputException if a component is null
         */
        public Failure {
            if (requestId == null || source == null || problem == null) {
                throw new InvalidInputException("reapplyReport.failure", "components must not be null");
            }
        }
    }
}
