package ro.clickphone.privacy.spi.notify;

import java.io.IOException;
import java.io.InputStream;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * An attachment as a channel reads it: a name, a media type and content that is opened — and, for
 * an encrypted one, decrypted — only while it is read. Each {@link #open()} starts from the
 * beginning, so a channel may read it twice (a retry, a size check).
 *
 * <p>{@link #toString()} prints the media type only: a file name may name a person.
 *
 * @param fileName the file name shown to the reader, without a path
 * @param contentType the media type, e.g. {@code audio/wav}
 * @param content opens the bytes
 *
 * @since 0.1.0
 */
public record Attachment(String fileName, String contentType, Content content) {

    /**
     * Validates the components.
     *
     * @param fileName the file name: no path separators, no line breaks, at most 200 characters
     * @param contentType a media type {@code type/subtype}
     * @param content the opener
     * @throws InvalidInputException if a component is null or malformed
     */
    public Attachment {
        Checks.notNull(fileName, "attachment.fileName");
        if (fileName.isBlank() || fileName.length() > 200 || fileName.matches("(?s).*[/\\\\\r\n\0].*")) {
            throw new InvalidInputException("attachment.fileName",
                    "must be a file name without a path or line breaks, at most 200 characters");
        }
        Checks.notNull(contentType, "attachment.contentType");
        if (!contentType.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
            throw new InvalidInputException("attachment.contentType", "must be a media type such as audio/wav");
        }
        Checks.notNull(content, "attachment.content");
    }

    /**
     * Opens the content from its beginning.
     *
     * @return a stream the caller closes
     * @throws IOException if it cannot be read
     */
    public InputStream open() throws IOException {
        return content.open();
    }

    @Override
    public String toString() {
        return "Attachment[" + contentType + "]";
    }

    /**
     * Opens an attachment's bytes.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Content {

        /**
         * Opens the bytes from their beginning.
         *
         * @return a stream the caller closes
         * @throws IOException if they cannot be read
         */
        InputStream open() throws IOException;
    }
}
