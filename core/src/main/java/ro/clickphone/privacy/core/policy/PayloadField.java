package ro.clickphone.privacy.core.policy;

import java.util.Optional;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * One field a notification type's payload may carry: the caller gives a value under {@link #name()},
 * the template writes it, and nothing else reaches the message (data minimization: a key the type does
 * not declare is refused).
 *
 * @param name the key in the payload and the template, in lower camel case such as {@code callerNumber}
 * @param kind what it holds
 * @param masked whether the message shows it masked ({@code +40 7** *** *67}) because the reader does not
 *     need it whole; only for a {@linkplain PayloadKind#maskable() maskable} kind
 * @param optional whether the caller may leave it out
 * @param category the category of personal data it is, one of the type's categories; empty for a field
 *     that is no one's personal data (a tariff, a policy version, the nature of an incident)
 *
 * @since 0.1.0
 */
public record PayloadField(String name, PayloadKind kind, boolean masked, boolean optional,
        Optional<DataCategory> category) {

    /** The syntax of field names. */
    public static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    /**
     * Validates the components.
     *
     * @param name the name, as the type describes it
     * @param kind the kind
     * @param masked whether it is shown masked
     * @param optional whether it may be left out
     * @param category its category, or empty
     * @throws InvalidInputException if a component is null or malformed, or a kind that cannot be
     *     masked is declared masked
     */
    public PayloadField {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("payloadField.name",
                    "must be a lower-camel-case name such as callerNumber (a letter, then letters and digits; at most 64)");
        }
        if (kind == null) {
            throw new InvalidInputException("payloadField.kind", "must not be null");
        }
        if (masked && !kind.maskable()) {
            throw new InvalidInputException("payloadField.masked", "a field of kind " + kind + " cannot be masked");
        }
        if (category == null) {
            throw new InvalidInputException("payloadField.category", "must not be null; use Optional.empty()");
        }
    }
}
