package ro.clickphone.privacy.spi.incident;

/**
 * Where the handling of an incident stands. The status says nothing about the notification
 * deadlines: a closed incident whose authority notice was never recorded is still overdue.
 *
 * @since 0.1.0
 */
public enum IncidentStatus {

    /** Discovered and being handled: the breach may still be going on. */
    OPEN,
    /** The breach is stopped; its consequences are still being dealt with. */
    CONTAINED,
    /** Handled: nothing more is expected, unless the authority asks. */
    CLOSED
}
