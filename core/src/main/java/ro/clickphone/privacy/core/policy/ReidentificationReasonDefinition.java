package ro.clickphone.privacy.core.policy;

import ro.clickphone.privacy.spi.Purpose;

/**
 * A reason for which pseudonyms may be reversed, from the closed set the policy declares: a
 * re-identification must give one of these codes, and is then a processing for the reason's purpose.
 *
 * @param code the code given in the reversal's reason, such as {@code FRAUD_INVESTIGATION}
 * @param purpose the purpose the reversal serves; the actor needs a role granted it
 * @param caseReferenceRequired whether the reversal must carry a case reference (a legal request's
 *     number, a dispute's ticket), which the audit entry keeps
 * @param description when the reason applies
 *
 * @since 0.1.0
 */
public record ReidentificationReasonDefinition(String code, Purpose purpose, boolean caseReferenceRequired,
        String description) {
}
