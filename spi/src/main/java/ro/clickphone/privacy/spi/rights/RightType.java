package ro.clickphone.privacy.spi.rights;

/**
 * What a rights request asks for. A complaint to the supervisory authority (art. 77) goes to the
 * authority, not to the controller, so it is no request type: the kit's answers name the authority.
 *
 * @since 0.1.0
 */
public enum RightType {

    /** Art. 15: a copy of one's data and the information about its processing. */
    ACCESS,
    /** Art. 20: the data one provided, or that was observed under consent or contract, machine-readable. */
    PORTABILITY,
    /** Art. 16: correction of inaccurate data. */
    RECTIFICATION,
    /** Art. 17: erasure of what no obligation keeps. */
    ERASURE,
    /** Art. 18: restriction of the contested data. */
    RESTRICTION,
    /** Art. 21: objection to processing for a purpose. */
    OBJECTION,
    /** Art. 7(3): withdrawal of consent to a purpose, for the future. */
    WITHDRAW_CONSENT,
    /** Art. 22(3): human intervention in an automated decision. */
    HUMAN_REVIEW;

    /**
     * Whether the right changes data at the sources (and so is told to recipients under art. 19).
     *
     * @return true for rectification, erasure and restriction
     */
    public boolean changesData() {
        return this == RECTIFICATION || this == ERASURE || this == RESTRICTION;
    }
}
