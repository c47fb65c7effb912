package ro.clickphone.privacy.spi;

import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Fingerprints;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * Points at one record held by a source of personal data: a CDR row, an invoice, a voicemail file.
 *
 * <p>The id may be personal data (a phone number used as a key), so {@link #toString()} prints the
 * source and a keyed fingerprint of the id only.
 *
 * @param source the source that owns the record: a lower-case name such as {@code billing.invoices}
 *     (a letter, then letters, digits, {@code .}, {@code -} or {@code _}; at most 64 characters)
 * @param id the record's identifier within its source: 1 to 256 characters, no control characters
 *
 * @since 0.1.0
 */
public record RecordRef(String source, String id) {

    private static final Syntax SOURCE = Syntax.of("a-z", "a-z0-9._-", 1, 64);

    /** The longest record identifier accepted. */
    public static final int MAX_ID_LENGTH = 256;

    /**
     * Validates the components.
     *
     * @param source the source, as the type describes it
     * @param id the id, as the type describes it
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public RecordRef {
        Checks.identifier(source, "recordRef.source", SOURCE,
                "a lower-case name like billing.invoices (a-z, 0-9, ., -, _; at most 64)");
        Checks.text(id, "recordRef.id", MAX_ID_LENGTH);
    }

    /**
     * Creates a reference.
     *
     * @param source the owning source
     * @param id the record's identifier within the source
     * @return the reference
     * @throws InvalidInputException if either part is malformed
     */
    public static RecordRef of(String source, String id) {
        return new RecordRef(source, id);
    }

    /**
     * Prints the source and a fingerprint of the id, never the id.
     *
     * @return {@code RecordRef[source/#xxxxxxxx]}
     */
    @Override
    public String toString() {
        return "RecordRef[" + source + "/#" + Fingerprints.of("record", id) + "]";
    }
}
