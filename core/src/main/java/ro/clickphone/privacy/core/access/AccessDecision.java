package ro.clickphone.privacy.core.access;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;

/**
 * The outcome of an access check: permitted or denied, and why. A denial is a value, not an exception.
 *
 * @param reason why; {@link AccessReason#permits()} says whether access is permitted
 * @param category the category asked for
 * @param purpose the purpose asked for
 * @param auditSequence the sequence of the audit entry that records this decision
 *
 * @since 0.1.0
 */
public record AccessDecision(AccessReason reason, DataCategory category, Purpose purpose, long auditSequence) {

    /**
     * Validates the components.
     *
     * @param reason the reason
     * @param category the category
     * @param purpose the purpose
     * @param auditSequence the audit sequence
     * @throws InvalidInputException if a component is null
     */
    public AccessDecision {
        if (reason == null || category == null || purpose == null) {
            throw new InvalidInputException("accessDecision", "reason, category and purpose must not be null");
        }
    }

    /**
     * Whether access is permitted.
     *
     * @return {@code true} if permitted
     */
    public boolean permitted() {
        return reason.permits();
    }
}
