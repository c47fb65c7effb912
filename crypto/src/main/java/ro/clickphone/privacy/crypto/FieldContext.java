package ro.clickphone.privacy.crypto;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;

/**
 * Where an encrypted value lives: the entity and field it belongs to, and the key scope whose
 * per-subject key encrypts it. The context is the associated data of the encryption: a value copied
 * to another subject's row, another field or another entity fails to decrypt.
 *
 * @param entity the entity (table) name, e.g. {@code account}: lower-case letters, digits, {@code _}; at most 64
 * @param field the field (column) name, e.g. {@code email}: same rules
 * @param scope the key scope, from the policy's category → key scope mapping
 * @param cardNumbersAllowed whether the field is declared to hold payment card numbers; if not,
 *     encrypting a value that is a Luhn-valid card number is refused
 * @param algorithm the algorithm new values are encrypted with
 *
 * @since 0.1.0
 */
public record FieldContext(String entity, String field, KeyScope scope, boolean cardNumbersAllowed,
        FieldAlgorithm algorithm) {


    /**
     * Validates the components.
     *
     * @param entity the entity
     * @param field the field
     * @param scope the key scope
     * @param cardNumbersAllowed whether card numbers are allowed
     * @param algorithm the algorithm
     * @throws InvalidInputException if a component is null or malformed
     */
    public FieldContext {
        if (!Names.isName(entity)) {
            throw new InvalidInputException("fieldContext.entity", "must be a lower-case name such as account");
        }
        if (!Names.isName(field)) {
            throw new InvalidInputException("fieldContext.field", "must be a lower-case name such as email");
        }
        if (scope == null) {
            throw new InvalidInputException("fieldContext.scope", "must not be null");
        }
        if (algorithm == null) {
            throw new InvalidInputException("fieldContext.algorithm", "must not be null");
        }
    }

    /**
     * A context for an ordinary field, which may not hold card numbers.
     *
     * @param entity the entity
     * @param field the field
     * @param scope the key scope
     * @return the context
     * @throws InvalidInputException if an argument is null or malformed
     */
    public static FieldContext of(String entity, String field, KeyScope scope) {
        return new FieldContext(entity, field, scope, false, FieldAlgorithm.AES_256_GCM);
    }

    /**
     * This context, for a field declared to hold payment card numbers.
     *
     * @return a new context
     */
    public FieldContext withCardNumbersAllowed() {
        return new FieldContext(entity, field, scope, true, algorithm);
    }

    /**
     * This context, with another algorithm for new values (AES-GCM-SIV for callers who cannot trust
     * their randomness).
     *
     * @param newAlgorithm the algorithm
     * @return a new context
     * @throws InvalidInputException if {@code newAlgorithm} is null
     */
    public FieldContext withAlgorithm(FieldAlgorithm newAlgorithm) {
        return new FieldContext(entity, field, scope, cardNumbersAllowed, newAlgorithm);
    }
}
