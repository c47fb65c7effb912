package ro.clickphone.privacy.core.retention;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A retention call broke one of the retention rules: the exception names the rule, never the
 * value that broke it (a subject, a record id, a date that may identify a person).
 *
 * @since 0.1.0
 */
public final class RetentionException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** The rules retention calls are checked against. */
    public enum Rule {
        /** An anchor (document date, creation time) lies in the future beyond the clock-skew bound. */
        ANCHOR_IN_THE_FUTURE,
        /** An event's date lies after today, in the policy's time zone. */
        EVENT_IN_THE_FUTURE,
        /** The policy in force declares no category of that id, so no retention rule governs it. */
        CATEGORY_WITHOUT_RULE,
        /** No registered source is the record's source and holds the category. */
        NO_SOURCE_HOLDS_CATEGORY,
        /** The event is none the policy's rules wait for (or is the consent ledger's to record). */
        UNKNOWN_EVENT,
        /** A record already tagged for one subject was tagged for another. */
        RECORD_OF_ANOTHER_SUBJECT,
        /** A record would wait for two different events; one record waits for one. */
        TWO_EVENTS_AWAITED,
        /** The record was never tagged. */
        UNKNOWN_RECORD,
        /** A hold names a category the policy does not declare, a record never tagged or already disposed of, or a subject with no undisposed record. */
        UNKNOWN_HOLD_SCOPE,
        /** No hold has that id. */
        UNKNOWN_HOLD,
        /** The hold was released already. */
        HOLD_RELEASED_ALREADY,
        /** A release would come before the hold was placed, by the kit's clock (clock skew between hosts). */
        RELEASE_BEFORE_PLACEMENT,
        /** The record was disposed of already; a disposed record is not tagged again. */
        RECORD_DISPOSED_ALREADY,
        /** A record hold names a record whose retention rule a legal hold does not extend. */
        HOLD_NOT_EXTENDING_RULE
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
    public RetentionException(String argument, Rule broken, String rule) {
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
