package ro.clickphone.privacy.core.rights;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A call to {@code kit.rights()} broke one of its rules: the exception names the rule and the
 * argument, never the value that broke it (a subject, a reason that may name people).
 *
 * @since 0.1.0
 */
public final class RightsException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** The rules the rights calls are checked against. */
    public enum Rule {
        /** No request (or review task) has that id. */
        UNKNOWN_REQUEST,
        /** The request is not in a state that allows the call (e.g. processing before verification). */
        WRONG_STATE,
        /** The deadline was extended already; GDPR art. 12(3) allows one extension. */
        EXTENDED_ALREADY,
        /** The deadline is paused already. */
        PAUSED_ALREADY,
        /** The deadline is not paused. */
        NOT_PAUSED,
        /** An access or portability request needs a delivery, and no other request takes one. */
        DELIVERY_MISMATCH,
        /** The review task is decided already, or assigned to another reviewer. */
        REVIEW_CLOSED,
        /** Another worker took the request over after this worker's lease expired. */
        LEASE_LOST,
        /**
         * The extension comes after the due date: GDPR art. 12(3) has the subject told of it within
         * the first month.
         */
        EXTENSION_TOO_LATE
    }

    /** The rule broken. */
    private final Rule broken;

    /**
     * Creates the exception.
     *
     * @param argument the argument that broke the rule
     * @param broken the rule
     * @param rule the rule in words, without any value
     */
    public RightsException(String argument, Rule broken, String rule) {
        super(argument, broken + ": " + rule);
        this.broken = broken;
    }

    /**
     * The rule broken.
     *
     * @return the rule
     */
    public Rule brokenRule() {
        return broken;
    }
}
