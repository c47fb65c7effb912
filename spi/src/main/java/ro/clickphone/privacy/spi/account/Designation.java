package ro.clickphone.privacy.spi.account;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * That a subject designated a partner, acting as one of the policy's recipients, to receive their
 * data: the integration partner a customer chooses ("în cazul desemnării de către dvs. a unei terțe
 * părți în vederea integrării serviciilor noastre").
 *
 * <p>The partner is named by the organisational reference its processor actor carries
 * ({@link ro.clickphone.privacy.spi.Actor#processor(Recipient, String) Actor.processor(recipient, reference)}),
 * so that a designation of one partner never opens the subject's data to another partner acting as
 * the same recipient.
 *
 * @param subject the subject who designated the partner
 * @param recipient the recipient of the policy the partner acts as, e.g. {@code INTEGRATION_PARTNER}
 * @param partner the partner's organisational reference, e.g. {@code crm-vendor} (letters, digits,
 *     {@code . _ : / -}, a letter at least, at most 64 characters)
 *
 * @since 0.1.0
 */
public record Designation(SubjectId subject, Recipient recipient, String partner) {

    static final Syntax PARTNER = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:/-", 1, 64);

    /**
     * Validates the components.
     *
     * @param subject the subject, as the type describes it
     * @param recipient the recipient, as the type describes it
     * @param partner the partner, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public Designation {
        Checks.notNull(subject, "designation.subject");
        Checks.notNull(recipient, "designation.recipient");
        partner(partner, "designation.partner");
    }

    /**
     * A designation.
     *
     * @param subject the subject
     * @param recipient the recipient the partner acts as
     * @param partner the partner's organisational reference
     * @return the designation
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static Designation of(SubjectId subject, Recipient recipient, String partner) {
        return new Designation(subject, recipient, partner);
    }

    static String partner(String value, String name) {
        Checks.identifier(value, name, PARTNER,
                "an organisational reference such as crm-vendor (letters, digits, . _ : / -; a letter at least)");
        if (!Checks.containsLetter(value) || Checks.looksLikePersonalData(value)) {
            throw new InvalidInputException(name, "must be an organisational reference with a letter, not a number"
                    + " or an address");
        }
        return value;
    }

    /**
     * Prints the recipient and the partner, not the subject.
     *
     * @return e.g. {@code Designation[INTEGRATION_PARTNER crm-vendor]}
     */
    @Override
    public String toString() {
        return "Designation[" + recipient + " " + partner + "]";
    }
}
