package ro.clickphone.privacy.core.audit;

import java.util.Optional;

/**
 * The result of {@link AuditTrail#verify()}.
 *
 * @param entriesChecked how many entries were read and checked
 * @param checkpointsChecked how many checkpoints were checked
 * @param firstBreak the first break found, or empty if the trail is intact
 *
 * @since 0.1.0
 */
public record AuditVerification(long entriesChecked, long checkpointsChecked, Optional<ChainBreak> firstBreak) {

    /**
     * Whether the trail verified.
     *
     * @return {@code true} if no break was found
     */
    public boolean intact() {
        return firstBreak.isEmpty();
    }
}
