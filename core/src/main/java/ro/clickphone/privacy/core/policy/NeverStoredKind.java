package ro.clickphone.privacy.core.policy;

/**
 * What kind of data a {@link NeverStoredDefinition} is, where the SDK has a rule of its own for that
 * kind beyond refusing the entry's field ids. An entry without a kind is refused by its field ids
 * alone.
 *
 * @since 0.1.0
 */
public enum NeverStoredKind {

    /**
     * Payment card data (card number, type, expiry, security code). While the policy in force has
     * such an entry, the kit's field encryption refuses every context declared for card numbers
     * ({@code FieldContext.withCardNumbersAllowed()}), whatever its field id, so a Luhn-valid card
     * number is refused in every field ("Informațiile privind datele cardului bancar (tip card,
     * număr de card, data expirării) nu ne sunt transferate și deci nu sunt stocate pe serverele
     * noastre.").
     */
    PAYMENT_CARD
}
