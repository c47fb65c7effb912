package ro.clickphone.privacy.spi.rekey;

import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * One row of a {@link RekeySource}, as read: its key, the value stored in the source's column, and what a
 * job needs to compute the value under the current key version.
 *
 * <ul>
 *   <li>{@code key}: the row's key in the source's text form (a primary key such as {@code 4711}), never
 *       personal data; at most {@value #MAX_KEY_LENGTH} characters. Jobs keep it in checkpoints.</li>
 *   <li>{@code stored}: the column's value (an index value or a ciphertext); null when the column is
 *       empty (a re-index then fills it from the plaintext).</li>
 *   <li>{@code plaintext}: for a re-index of a blind index, the value the index is computed from, which the
 *       source decrypted; null when the source has none for this row (a re-encryption, or a row read
 *       without it).</li>
 *   <li>{@code subject} and {@code recordId}: for a re-encryption, whose data key the value is under and the
 *       record id its field context binds (null when the context binds none).</li>
 *   <li>{@code unreadable}: the source could not produce the plaintext (the subject's key was shredded, or
 *       the stored ciphertext does not decrypt); a job counts such a row as failed and leaves it.</li>
 * </ul>
 *
 * <p>{@link #toString()} shows which parts are present, never the key (a source whose rows are keyed by their
 * subject has keys that are subject ids, and an unsalted hash of a short id can be reversed), a value or a
 * subject.
 *
 * @param key the row key
 * @param stored the column's value, or null
 * @param plaintext the plaintext of a blind index's source attribute, or null
 * @param subject the data subject, or null
 * @param recordId the record id bound into the value's field context, or null
 * @param unreadable whether the source could not read the plaintext
 * @since 0.1.0
 */
public record RekeyRow(String key, String stored, String plaintext, SubjectId subject, String recordId,
        boolean unreadable) {

    /** The longest row key. */
    public static final int MAX_KEY_LENGTH = 256;

    /**
     * Validates the row.
     *
     * @param key the key, as the type describes it
     * @param stored the stored, as the type describes it
     * @param plaintext the plaintext, as the type describes it
     * @param subject the subject, as the type describes it
     * @param recordId the recordId, as the type describes it
     * @param unreadable the unreadable, as the type describes it
     * @throws InvalidInputException if the key is null, empty or longer than {@value #MAX_KEY_LENGTH} characters
     *     (any other string primary key is one: white space or control characters included), an
     *     unreadable row carries a plaintext, or the record id is blank
     */
    public RekeyRow {
        checkKey(key, "key");
        if (unreadable && plaintext != null) {
            throw new InvalidInputException("plaintext", "must be null in an unreadable row");
        }
        if (recordId != null && recordId.isBlank()) {
            throw new InvalidInputException("recordId", "must not be blank");
        }
    }

    /**
     * A row with a stored value and nothing else (a deterministic column, or a count).
     *
     * @param key the row key
     * @param stored the column's value, or null
     * @return the row
     * @throws InvalidInputException if the key is not valid
     */
    public static RekeyRow of(String key, String stored) {
        return new RekeyRow(key, stored, null, null, null, false);
    }

    /**
     * A copy with the plaintext a blind index is computed from.
     *
     * @param value the plaintext
     * @return the copy
     * @throws InvalidInputException if {@code value} is null
     */
    public RekeyRow withPlaintext(String value) {
        return new RekeyRow(key, stored, Checks.notNull(value, "plaintext"), subject, recordId, false);
    }

    /**
     * A copy with the subject and record id of a ciphertext's field context.
     *
     * @param owner the data subject
     * @param record the record id bound into the context, or null when it binds none
     * @return the copy
     * @throws InvalidInputException if {@code owner} is null or {@code record} blank
     */
    public RekeyRow withSubject(SubjectId owner, String record) {
        return new RekeyRow(key, stored, plaintext, Checks.notNull(owner, "subject"), record, unreadable);
    }

    /**
     * A copy that says the source could not read the plaintext (without one).
     *
     * @return the copy
     */
    public RekeyRow asUnreadable() {
        return new RekeyRow(key, stored, null, subject, recordId, true);
    }

    /**
     * The same row without its plaintext: what a count is given.
     *
     * @return the copy
     */
    public RekeyRow withoutPlaintext() {
        return plaintext == null ? this : new RekeyRow(key, stored, null, subject, recordId, unreadable);
    }

    /**
     * Checks a row key: any string id of 1 to {@value #MAX_KEY_LENGTH} characters (a key is never shown in a
     * message or {@code toString}, so white space or control characters in it do no harm).
     *
     * @param key the key
     * @param name the argument's name, for the message
     * @return the key
     * @throws InvalidInputException if it is null, empty or too long
     */
    static String checkKey(String key, String name) {
        Checks.notNull(key, name);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException(name, "must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        return key;
    }

    @Override
    public String toString() {
        return "RekeyRow[key present, stored=" + (stored == null ? "none" : "present")
                + ", plaintext="
                + (plaintext == null ? "none" : "present") + (subject == null ? "" : ", with subject")
                + (unreadable ? ", unreadable" : "") + "]";
    }
}
