package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A kind of notification the policy declares, such as {@code MISSED_CALL} or
 * {@code SECURITY_PASSWORD_CHANGED}. Its purpose, and through it its legal basis, live in the
 * policy document.
 *
 * @param id upper-case identifier: a letter, then letters, digits or underscores, at most 64 characters
 *
 * @since 0.1.0
 */
public record NotificationType(String id) {

    /**
     * Validates the components.
     *
     * @param id the id, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public NotificationType {
        Checks.identifier(id, "notificationType", Syntax.UPPER_ID,
                "an upper-case identifier like MISSED_CALL (A-Z, 0-9, _; at most 64)");
    }

    /**
     * Returns the notification type with this identifier.
     *
     * @param id the identifier
     * @return the notification type
     * @throws InvalidInputException if the identifier is malformed
     */
    public static NotificationType of(String id) {
        return new NotificationType(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
