package ro.clickphone.privacy.spi;

/**
 * The six lawful bases of GDPR article 6(1). Every purpose of processing rests on exactly one.
 *
 * @since 0.1.0
 */
public enum LegalBasis {

    /** Art. 6(1)(a): the data subject has given consent; it can be withdrawn at any time, for the future. */
    CONSENT('a'),
    /** Art. 6(1)(b): necessary for a contract with the data subject, or steps before entering one. */
    CONTRACT('b'),
    /** Art. 6(1)(c): necessary for a legal obligation of the controller (fiscal code, ANCOM rules). */
    LEGAL_OBLIGATION('c'),
    /** Art. 6(1)(d): necessary to protect the vital interests of a natural person. */
    VITAL_INTERESTS('d'),
    /** Art. 6(1)(e): necessary for a task in the public interest or in official authority. */
    PUBLIC_TASK('e'),
    /** Art. 6(1)(f): necessary for legitimate interests not overridden by the subject's rights. */
    LEGITIMATE_INTERESTS('f');

    private final char letter;

    LegalBasis(char letter) {
        this.letter = letter;
    }

    /**
     * The letter of article 6(1) this basis is.
     *
     * @return {@code 'a'} to {@code 'f'}
     */
    public char letter() {
        return letter;
    }

    /**
     * The article reference, for records of processing and notices.
     *
     * @return e.g. {@code "GDPR art. 6(1)(a)"}
     */
    public String article() {
        return "GDPR art. 6(1)(" + letter + ")";
    }

    /**
     * Whether processing on this basis needs the subject's consent, which the subject can withdraw.
     *
     * @return {@code true} for {@link #CONSENT} only
     */
    public boolean requiresConsent() {
        return this == CONSENT;
    }

    /**
     * Whether the subject may object to processing on this basis (GDPR art. 21(1)): processing for a
     * public task or for legitimate interests.
     *
     * @return {@code true} for {@link #PUBLIC_TASK} and {@link #LEGITIMATE_INTERESTS}
     */
    public boolean allowsObjection() {
        return this == PUBLIC_TASK || this == LEGITIMATE_INTERESTS;
    }

    /**
     * Returns the basis for a letter of article 6(1).
     *
     * @param letter {@code 'a'} to {@code 'f'}
     * @return the basis
     * @throws InvalidInputException if the letter is not one of a–f
     */
    public static LegalBasis ofLetter(char letter) {
        for (LegalBasis basis : values()) {
            if (basis.letter == letter) {
                return basis;
            }
        }
        throw new InvalidInputException("legalBasis", "must be one of the letters a-f of GDPR art. 6(1)");
    }
}
