package ro.clickphone.privacy.core.policy;

/**
 * What an objection by the data subject (GDPR art. 21) does to processing for a purpose.
 *
 * @since 0.1.0
 */
public enum ObjectionRule {

    /** No right to object: processing rests on consent (withdraw it instead), contract or law. */
    NONE,
    /**
     * Art. 21(1): on objection the processing stops unless the controller shows compelling
     * legitimate grounds that override the subject's interests (fraud prevention, for instance).
     */
    BALANCING,
    /** Art. 21(2)–(3): direct marketing; an objection stops it, always and at once. */
    ABSOLUTE
}
