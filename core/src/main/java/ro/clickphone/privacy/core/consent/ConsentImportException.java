package ro.clickphone.privacy.core.consent;

import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * A batch of historical consent events was refused, whole, because of one event: nothing of the
 * batch was stored. The exception names the event's position in the batch and the rule it broke,
 * never its values (the subject, the evidence).
 *
 * @since 0.1.0
 */
public final class ConsentImportException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** The rules a historical event is checked against. */
    public enum Rule {
        /** The event is null. */
        NULL_EVENT,
        /** The proof gives no effective time: a historical event carries the time it took effect. */
        NO_EFFECTIVE_TIME,
        /** The event takes effect after the import. */
        IN_THE_FUTURE,
        /** No policy version of the archive was in force at the event's effective time. */
        NO_POLICY_IN_FORCE,
        /** The policy version in force at the event's effective time does not declare its purpose. */
        UNDECLARED_PURPOSE,
        /** The event does not apply to its purpose (a grant to a purpose that is not consent-based, an objection to one without a right to object). */
        PURPOSE_RULE,
        /** The proof's actor could not have recorded the event (another subject, an external recipient). */
        ACTOR,
        /**
         * The event takes effect at or after the import cutoff ({@link ConsentSettings#withImportCutoff}):
         * from then on the ledger records events itself.
         */
        AFTER_CUTOFF,
        /**
         * The event takes effect at or after the subject's first event recorded through the ledger
         * (not imported): an import cannot outrank what the ledger already knows.
         */
        AFTER_LEDGER_EVENTS,
        /**
         * A lifted restriction or objection without a document reference of its own: one that reopens
         * processing needs its own proof, not only the batch's reference.
         */
        OWN_REFERENCE_REQUIRED,
        /**
         * The explicit-consent marker on an event other than a grant, or on a grant without a document
         * reference of its own (the express statement's document).
         */
        EXPLICIT_MARKER,
        /**
         * A proof naming an announced policy version ({@link ConsentProof#withAnnouncedVersion}): an
         * imported event is stored under the version in force when it took effect.
         */
        ANNOUNCED_VERSION,
        /**
         * The store already holds an imported event of the subject for the same purpose (or restriction)
         * at the same instant with other content, or the batch holds two such events, or the subject's
         * stored events fail verification: an edited batch is refused, not merged.
         */
        CONFLICT
    }

    /** The position of the refused event in the batch, from 0. */
    private final int index;
    /** The rule it broke. */
    private final Rule broken;

    /**
     * Creates the exception.
     *
     * @param index the position of the refused event in the batch, from 0
     * @param broken the rule it broke
     * @param rule the rule in words, without any value of the event
     */
    public ConsentImportException(int index, Rule broken, String rule) {
        super("events[" + index + "]", broken + ": " + rule + "; nothing of the batch was stored");
        this.index = index;
        this.broken = broken;
    }

    /**
     * The position of the refused event in the batch.
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * The rule the refused event broke.
     *
     * @return the rule
     */
    public Rule brokenRule() {
        return broken;
    }
}
