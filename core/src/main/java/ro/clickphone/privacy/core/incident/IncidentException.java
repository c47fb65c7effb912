package ro.clickphone.privacy.core.incident;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A call to the incident register broke one of its rules: the exception names the rule and the
 * argument, never the value that broke it (a subject, a free text that may name people).
 *
 * @since 0.1.0
 */
public final class IncidentException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** The rules the register's calls are checked against. */
    public enum Rule {
        /** No incident has that id. */
        UNKNOWN_INCIDENT,
        /** An instant (a discovery, a notice sent, a cooperation entry) lies in the future beyond the clock-skew bound. */
        IN_THE_FUTURE,
        /**
         * A notice (to the authority, to the subjects, or a public communication) would have been
         * made before the incident was discovered: given so, or by moving the discovery after it.
         */
        BEFORE_DISCOVERY,
        /** An authority notice names a clock that does not apply to the incident, or is the customers' clock. */
        CLOCK_NOT_APPLICABLE,
        /** Only one of the two clocks of Regulation (EU) No 611/2013 was chosen: they apply together. */
        EPRIVACY_CLOCKS_APART,
        /** An update changes nothing. */
        NOTHING_CHANGED,
        /** Subjects to notify were asked for, and none given. */
        NO_SUBJECTS,
        /**
         * Breach notices were asked for, and the incident has no text written for the customers
         * ({@code withNotice(...)}): the register's own texts never go to them.
         */
        NO_NOTICE_TEXT,
        /**
         * Breach notices were asked for, and what the law requires in them is missing: the data
         * protection officer's contact details (GDPR art. 34(2), 33(3)(b)) or the supervisory
         * authority to complain to (the policy's {@code supervisoryAuthority}, Cap. 7).
         */
        NOTICE_INCOMPLETE
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
    public IncidentException(String argument, Rule broken, String rule) {
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
