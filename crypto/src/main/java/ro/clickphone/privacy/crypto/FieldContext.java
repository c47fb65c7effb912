package ro.clickphone.privacy.crypto;

import java.util.Optional;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Names;

/**
 * Where an encrypted value lives: the entity and field it belongs to, and the key scope whose
 * per-subject key encrypts it. The context is the associated data of the encryption: a value copied
 * to another subject's row, another field or another entity fails to decrypt.
 *
 * @param entity the entity (table) name, e.g. {@code account}: lower-case letters, digits, {@code _}; at most 64
 * @param field the field id, e.g. {@code notification_email}: same rules. Through the kit it is the
 *     policy's field id, which the category declares; being part of the associated data, every
 *     writer and reader of the value (the kit, the JPA plugin) must use the same id
 * @param scope the key scope, from the policy's category → key scope mapping
 * @param cardNumbersAllowed whether the field is declared to hold payment card numbers; if not,
 *     encrypting a value that is a Luhn-valid card number is refused
 * @param algorithm the algorithm new values are encrypted with
 * @param recordId the row (record) the value belongs to, if bound: then the value cannot move to
 *     another row of the same subject either (field ciphertext format version 2, docs/FORMAT.md);
 *     empty for the format version 1 binding to subject, entity and field only
 *
 * @since 0.1.0
 */
public record FieldContext(String entity, String field, KeyScope scope, boolean cardNumbersAllowed,
        FieldAlgorithm algorithm, Optional<String> recordId) {

    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");


    /**
     * Validates the components.
     *
     * @param entity the entity
     * @param field the field
     * @param scope the key scope
     * @param cardNumbersAllowed whether card numbers are allowed
     * @param algorithm the algorithm
     * @param recordId the record id, if bound
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
        if (recordId == null) {
            throw new InvalidInputException("fieldContext.recordId", "must not be null; empty when not bound");
        }
        if (recordId.isPresent() && !RECORD_ID.matcher(recordId.get()).matches()) {
            throw new InvalidInputException("fieldContext.recordId", "must be 1 to 128 letters, digits or . _ : -");
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
        return new FieldContext(entity, field, scope, false, FieldAlgorithm.AES_256_GCM, Optional.empty());
    }

    /**
     * This context, for a field declared to hold payment card numbers.
     *
     * @return a new context
     */
    public FieldContext withCardNumbersAllowed() {
        return new FieldContext(entity, field, scope, true, algorithm, recordId);
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
        return new FieldContext(entity, field, scope, cardNumbersAllowed, newAlgorithm, recordId);
    }

    /**
     * This context, bound to one record (row): the record id joins the associated data, so a value
     * copied to another row of the same subject, entity and field fails to decrypt. Values are
     * then written in field ciphertext format version 2; values written without a record id (format
     * version 1) still decrypt under it, and {@link FieldEncryptor#reencrypt} binds them.
     *
     * @param id the record's stable id (a primary key, a UUID): 1 to 128 letters, digits or
     *     {@code . _ : -}; never personal data such as a phone number
     * @return a new context
     * @throws InvalidInputException if {@code id} is null or malformed
     */
    public FieldContext withRecordId(String id) {
        if (id == null) {
            throw new InvalidInputException("recordId", "must not be null");
        }
        return new FieldContext(entity, field, scope, cardNumbersAllowed, algorithm, Optional.of(id));
    }

    /**
     * Names the entity, field, scope and options; a record id only as present, since it is the
     * caller's to show.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "FieldContext[" + entity + "." + field + ", scope=" + scope + ", algorithm=" + algorithm
                + (cardNumbersAllowed ? ", cardNumbersAllowed" : "") + (recordId.isPresent() ? ", recordId=(set)" : "")
                + "]";
    }
}
