package ro.clickphone.privacy.spi.rights;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * An {@link IdentityVerifier}'s answer: verified, not verified (the request is refused with
 * {@link RefusalReason#IDENTITY_NOT_VERIFIED}), or pending (the controller asked the requester for
 * more, and the deadline pauses until the answer comes, GDPR art. 12(6)).
 *
 * @param outcome the outcome
 * @param method how it was verified or why not: an upper-case code such as {@code ACCOUNT_SESSION},
 *     {@code ID_DOCUMENT_MATCHED} or {@code NO_MATCHING_ACCOUNT}, audited; never personal data
 *
 * @since 0.1.0
 */
public record Verification(Outcome outcome, String method) {

    /** The outcomes. */
    public enum Outcome {
        /** The requester is the subject (or the subject's delegate). */
        VERIFIED,
        /** The requester could not be verified. */
        NOT_VERIFIED,
        /** More is needed from the requester; the deadline pauses. */
        PENDING
    }

    /**
     * Checks the components.
     *
     * @param outcome the outcome, as the type describes it
     * @param method the method, as the type describes it
     * @throws ro.clickphone.privacy.spi.InvalidInputException if a component is null or the method is not
     *     an upper-case code
     */
    public Verification {
        Checks.notNull(outcome, "verification.outcome");
        Checks.identifier(method, "verification.method", Syntax.UPPER_ID, "upper-case letters, digits and _");
    }

    /**
     * Verified.
     *
     * @param method how
     * @return the answer
     */
    public static Verification verified(String method) {
        return new Verification(Outcome.VERIFIED, method);
    }

    /**
     * Not verified.
     *
     * @param method why not
     * @return the answer
     */
    public static Verification notVerified(String method) {
        return new Verification(Outcome.NOT_VERIFIED, method);
    }

    /**
     * Pending: more is asked of the requester.
     *
     * @param method what is asked
     * @return the answer
     */
    public static Verification pending(String method) {
        return new Verification(Outcome.PENDING, method);
    }
}
