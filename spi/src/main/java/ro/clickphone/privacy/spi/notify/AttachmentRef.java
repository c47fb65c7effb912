package ro.clickphone.privacy.spi.notify;

import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * A reference to an attachment kept elsewhere (a voicemail recording, a fax): what the outbox
 * stores instead of the bytes. The dispatcher opens it through the {@link AttachmentSource} named
 * {@link #source()} only while the message is sent, and decrypts it on the way when it is kept in
 * the kit's stream-encrypted form ({@link #encryptedAs()}).
 *
 * <p>{@link #toString()} prints the source and the media type; never the id or the file name.
 *
 * @param source the {@link AttachmentSource#id()} that opens it
 * @param id the attachment's id in that source (letters, digits, {@code . _ : -}, at most 128)
 * @param fileName the file name the reader sees
 * @param contentType the media type, e.g. {@code audio/wav}
 * @param encryptedAs the field the bytes were stream-encrypted as, if they were
 *
 * @since 0.1.0
 */
public record AttachmentRef(String source, String id, String fileName, String contentType,
        Optional<EncryptedAs> encryptedAs) {

    private static final Syntax ID = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 128);

    /**
     * Validates the components.
     *
     * @param source the source id, a lower-case name
     * @param id the attachment id, as the type describes it
     * @param fileName the file name, as {@link Attachment} requires it
     * @param contentType the media type, as {@link Attachment} requires it
     * @param encryptedAs the encryption form, or empty
     * @throws InvalidInputException if a component is null or malformed
     */
    public AttachmentRef {
        if (!Names.isName(source)) {
            throw new InvalidInputException("attachment.source", Names.RULE);
        }
        Checks.identifier(id, "attachment.id", ID, "letters, digits and . _ : -, at most 128");
        new Attachment(fileName, contentType, java.io.InputStream::nullInputStream);
        Checks.notNull(encryptedAs, "attachment.encryptedAs");
    }

    @Override
    public String toString() {
        return "AttachmentRef[source=" + source + ", " + contentType + (encryptedAs.isPresent() ? ", encrypted" : "")
                + "]";
    }

    /**
     * The field a stream-encrypted attachment was written as: the kit decrypts it with the
     * subject's key for that field's scope.
     *
     * @param entity the entity name, e.g. {@code voicemail}
     * @param field the policy's field id, declared by {@code category}
     * @param category the data category
     *
     * @since 0.1.0
     */
    public record EncryptedAs(String entity, String field, DataCategory category) {

        /**
         * Validates the components.
         *
         * @param entity the entity, a lower-case name
         * @param field the field id, a lower-case name
         * @param category the category
         * @throws InvalidInputException if a component is null or malformed
         */
        public EncryptedAs {
            if (!Names.isName(entity)) {
                throw new InvalidInputException("attachment.entity", Names.RULE);
            }
            if (!Names.isName(field)) {
                throw new InvalidInputException("attachment.field", Names.RULE);
            }
            Checks.notNull(category, "attachment.category");
        }
    }
}
