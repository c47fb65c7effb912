package ro.clickphone.privacy.examples.day;

import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.core.audit.ChainBreak;

/**
 * Step 7: the audit trail verified, and a tampered copy of it.
 *
 * @param entries the entries checked
 * @param checkpoints the signed checkpoints checked
 * @param intact whether the trail verified
 * @param tamperedSequence the sequence of the entry edited in the copy
 * @param breakKind the kind of break found in the copy, if any
 * @param breakSequence the sequence the copy's verification reported, if any
 * @param problems the expectations that did not hold
 */
public record AuditOutcome(long entries, long checkpoints, boolean intact, long tamperedSequence,
        Optional<ChainBreak.Kind> breakKind, Optional<Long> breakSequence, List<String> problems)
        implements StepOutcome {

    /**
     * Copies the list.
     *
     * @param entries the entries checked
     * @param checkpoints the signed checkpoints checked
     * @param intact whether the trail verified
     * @param tamperedSequence the sequence of the entry edited in the copy
     * @param breakKind the kind of break found in the copy, if any
     * @param breakSequence the sequence the copy's verification reported, if any
     * @param problems the expectations that did not hold
     */
    public AuditOutcome {
        problems = List.copyOf(problems);
    }

    @Override
    public int step() {
        return 7;
    }
}
