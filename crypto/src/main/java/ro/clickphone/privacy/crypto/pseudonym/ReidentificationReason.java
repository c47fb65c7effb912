package ro.clickphone.privacy.crypto.pseudonym;

import java.util.Optional;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Why a pseudonym is reversed, and by whom: every re-identification must give one, and it is
 * written to the audit trail before the value is returned.
 *
 * @param actor who asks (staff, a job, an authority with its legal request)
 * @param code why, as a code such as {@code FRAUD_INVESTIGATION} or {@code LEGAL_REQUEST}:
 *     upper-case letters, digits and {@code _}, 2 to 64
 * @param reference an optional case or ticket reference such as {@code CASE-2026-113}: letters,
 *     digits, {@code . _ / -}, at most 64; never personal data
 *
 * @since 0.1.0
 */
public record ReidentificationReason(Actor actor, String code, Optional<String> reference) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

    /**
     * Validates the reason.
     *
     * @param actor the actor
     * @param code the code
     * @param reference the reference
     * @throws InvalidInputException if a component is null or malformed
     */
    public ReidentificationReason {
        if (actor == null) {
            throw new InvalidInputException("reason.actor", "must not be null");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new InvalidInputException("reason.code", "must be a code such as FRAUD_INVESTIGATION");
        }
        if (reference == null || reference.isPresent() && !REFERENCE.matcher(reference.get()).matches()) {
            throw new InvalidInputException("reason.reference", "must be a case reference such as CASE-2026-113");
        }
    }

    /**
     * A reason without a case reference.
     *
     * @param actor the actor
     * @param code the code
     * @return the reason
     * @throws InvalidInputException if a component is null or malformed
     */
    public static ReidentificationReason of(Actor actor, String code) {
        return new ReidentificationReason(actor, code, Optional.empty());
    }

    /**
     * This reason with a case reference.
     *
     * @param caseReference the reference
     * @return a new reason
     * @throws InvalidInputException if the reference is malformed
     */
    public ReidentificationReason withReference(String caseReference) {
        return new ReidentificationReason(actor, code, Optional.ofNullable(caseReference == null ? "" : caseReference));
    }
}
