package ro.clickphone.privacy.spi.incident;

import java.util.Optional;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * Where the authority and the subjects obtain more information about an incident: the data
 * protection officer, as the policy names them (GDPR art. 33(3)(b)). The kit copies it from the
 * policy document into every version of an incident, so that the register keeps who was named at
 * the time.
 *
 * <p>{@link #toString()} says which contact points are present, never their values: the name is a
 * person's.
 *
 * @param name the officer's name (at most 200 characters)
 * @param email their e-mail address, if any (at most 254 characters)
 * @param phone their telephone number, if any (at most 64 characters)
 *
 * @since 0.1.0
 */
public record IncidentContact(String name, Optional<String> email, Optional<String> phone) {

    /**
     * Validates the components.
     *
     * @param name the name, as the type describes it
     * @param email the e-mail address, as the type describes it
     * @param phone the telephone number, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public IncidentContact {
        Checks.text(name, "contact.name", 200);
        Checks.notNull(email, "contact.email");
        Checks.notNull(phone, "contact.phone");
        email.ifPresent(e -> Checks.text(e, "contact.email", 254));
        phone.ifPresent(p -> Checks.text(p, "contact.phone", 64));
    }

    /**
     * Which contact points are present.
     *
     * @return e.g. {@code IncidentContact[name, email, phone]}
     */
    @Override
    public String toString() {
        return "IncidentContact[name" + (email.isPresent() ? ", email" : "") + (phone.isPresent() ? ", phone" : "")
                + "]";
    }
}
