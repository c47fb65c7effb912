package ro.clickphone.privacy.spi.rights;

/**
 * Where a rights request stands: {@code RECEIVED → VERIFIED → IN_PROGRESS → COMPLETED |
 * PARTIALLY_COMPLETED | REJECTED}; a request may be rejected from any state before it ends.
 *
 * @since 0.1.0
 */
public enum RequestState {

    /** Received; the requester's identity is not verified yet. */
    RECEIVED,
    /** The identity is verified; nothing has been read or changed yet. */
    VERIFIED,
    /** Being carried out at the sources. */
    IN_PROGRESS,
    /** Carried out in full. */
    COMPLETED,
    /** Carried out in part, with the reason for the rest (e.g. data kept under a legal obligation). */
    PARTIALLY_COMPLETED,
    /** Refused, with the reason. */
    REJECTED;

    /**
     * Whether the request has ended.
     *
     * @return true for completed, partially completed and rejected
     */
    public boolean ended() {
        return this == COMPLETED || this == PARTIALLY_COMPLETED || this == REJECTED;
    }

    /**
     * Whether a request may move from this state to {@code next}.
     *
     * @param next the next state
     * @return true when the transition is one of the lifecycle's
     */
    public boolean canMoveTo(RequestState next) {
        if (next == null || ended()) {
            return false;
        }
        switch (next) {
            case VERIFIED:
                return this == RECEIVED;
            case IN_PROGRESS:
                return this == VERIFIED || this == IN_PROGRESS;
            case COMPLETED:
            case PARTIALLY_COMPLETED:
                return this == IN_PROGRESS;
            case REJECTED:
                return true;
            default:
                return false;
        }
    }
}
