package ro.clickphone.privacy.crypto.pseudonym;

import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;

/**
 * A request to pseudonymize in a context, as handed to the {@link PseudonymAuthorizer}: one per
 * context and binding ({@link Pseudonyms#as}), not one per value.
 *
 * @param actor who pseudonymizes (a job or a staff member)
 * @param context the pseudonymization context
 *
 * @since 0.1.0
 */
public record Pseudonymization(Actor actor, String context) {

    /**
     * Validates the request.
     *
     * @param actor the actor
     * @param context the context
     * @throws InvalidInputException if a component is null or the context malformed
     */
    public Pseudonymization {
        if (actor == null) {
            throw new InvalidInputException("actor", "must not be null");
        }
        if (!Names.isName(context)) {
            throw new InvalidInputException("context", "must be a lower-case name such as analytics or fraud");
        }
    }
}
