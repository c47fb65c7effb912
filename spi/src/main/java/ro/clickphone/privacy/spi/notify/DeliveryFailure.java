package ro.clickphone.privacy.spi.notify;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A failed delivery attempt.
 *
 * @param permanent {@code true} if trying again cannot help (an address refused, a message too
 *     large); {@code false} if a later attempt may succeed (a server down, a time-out)
 * @param code a short code for the cause, e.g. {@code smtp-550} or {@code timeout}: lower-case
 *     letters, digits, {@code . _ -}, at most 64; never the address, subject line or body (a code
 *     shaped like a phone number or an IP address is refused)
 *
 * @since 0.1.0
 */
public record DeliveryFailure(boolean permanent, String code) implements DeliveryResult {

    private static final Syntax CODE = Syntax.of("a-z0-9", "a-z0-9._-", 1, 64);

    /**
     * Validates the code.
     *
     * @param permanent whether the failure is permanent
     * @param code the code, as the type describes it
     * @throws InvalidInputException if the code is null, malformed or shaped like personal data (a
     *     phone number, an IP address)
     */
    public DeliveryFailure {
        Checks.identifier(code, "failure.code", CODE, "lower-case letters, digits and . _ -, at most 64");
        if (Checks.looksLikePersonalData(code)) {
            throw new InvalidInputException("failure.code", "must be a code such as smtp-550, not shaped like a phone"
                    + " number or an IP address");
        }
    }

    /**
     * A failure a later attempt may overcome.
     *
     * @param code the code
     * @return the failure
     */
    public static DeliveryFailure transientFailure(String code) {
        return new DeliveryFailure(false, code);
    }

    /**
     * A failure no later attempt can overcome.
     *
     * @param code the code
     * @return the failure
     */
    public static DeliveryFailure permanentFailure(String code) {
        return new DeliveryFailure(true, code);
    }
}
