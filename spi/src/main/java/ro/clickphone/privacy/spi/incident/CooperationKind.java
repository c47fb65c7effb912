package ro.clickphone.privacy.spi.incident;

/**
 * What one entry of the log of cooperation with the supervisory authority records ("va coopera în
 * permanență cu Autoritatea ... cu privire la astfel de incidente").
 *
 * @since 0.1.0
 */
public enum CooperationKind {

    /** The authority asked for something: information, documents, a measure. */
    REQUEST,
    /** The controller answered the authority. */
    ANSWER,
    /** The authority investigated (an inspection, a hearing), as the policy lets it. */
    INVESTIGATION,
    /** Anything else worth keeping: a call, a meeting, a decision of the authority. */
    NOTE
}
