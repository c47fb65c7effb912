package ro.clickphone.privacy.core.policy;

/**
 * The rights of the data subject (GDPR chapter III) that a policy can declare.
 *
 * @since 0.1.0
 */
public enum DataSubjectRight {

    /** Art. 13–15: information about, and access to, the processing of one's data. */
    INFORMATION("GDPR art. 13-15"),
    /** Art. 16: correction of inaccurate data. */
    RECTIFICATION("GDPR art. 16"),
    /** Art. 17: erasure ("right to be forgotten"), within what the law lets go. */
    ERASURE("GDPR art. 17"),
    /** Art. 18: restriction of processing, e.g. while accuracy is contested. */
    RESTRICTION("GDPR art. 18"),
    /** Art. 20: one's data in a machine-readable format, or sent to another controller. */
    PORTABILITY("GDPR art. 20"),
    /** Art. 21: objection, in particular to processing on legitimate interests and to direct marketing. */
    OBJECTION("GDPR art. 21"),
    /** Art. 22: human intervention in, and contesting of, automated decisions. */
    HUMAN_REVIEW("GDPR art. 22"),
    /** Art. 7(3): withdrawal of consent, with effect for the future only. */
    WITHDRAW_CONSENT("GDPR art. 7(3)"),
    /** Art. 77: a complaint to the supervisory authority. */
    COMPLAINT("GDPR art. 77");

    private final String article;

    DataSubjectRight(String article) {
        this.article = article;
    }

    /**
     * The article that grants the right.
     *
     * @return e.g. {@code "GDPR art. 17"}
     */
    public String article() {
        return article;
    }
}
