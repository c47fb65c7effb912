package ro.clickphone.privacy.jpa.internal.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.AttachmentRef;

/**
 * An outbox message's attachment references as one text column: a count, then seven fields per reference
 * (source, id, file name, content type, and the encrypted entity, field and category or nothing), each
 * written {@code <length>:<characters>}, or {@code ~} for none. Unambiguous whatever a file name holds,
 * and read back through {@link AttachmentRef}'s constructor, so an edited row fails its validation.
 */
final class AttachmentsText {

    private static final String FIELD = "outbox.attachments";

    private AttachmentsText() {
    }

    static String write(List<AttachmentRef> attachments) {
        StringBuilder out = new StringBuilder().append(attachments.size()).append(';');
        for (AttachmentRef a : attachments) {
            field(out, a.source());
            field(out, a.id());
            field(out, a.fileName());
            field(out, a.contentType());
            field(out, a.encryptedAs().map(AttachmentRef.EncryptedAs::entity).orElse(null));
            field(out, a.encryptedAs().map(AttachmentRef.EncryptedAs::field).orElse(null));
            field(out, a.encryptedAs().map(e -> e.category().id()).orElse(null));
        }
        if (out.length() > OutboxEntity.LONG_TEXT) {
            throw new InvalidInputException(FIELD, "hold more than the JPA outbox keeps (1 MiB of characters)");
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append('~');
        } else {
            out.append(value.length()).append(':').append(value);
        }
    }

    static List<AttachmentRef> read(String text) {
        if (text == null) {
            throw malformed();
        }
        Reader reader = new Reader(text);
        int count = reader.number(';');
        if (count < 0 || count > text.length()) {
            throw malformed();
        }
        List<AttachmentRef> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String source = reader.field();
            String id = reader.field();
            String fileName = reader.field();
            String contentType = reader.field();
            String entity = reader.field();
            String field = reader.field();
            String category = reader.field();
            Optional<AttachmentRef.EncryptedAs> encryptedAs = entity == null && field == null && category == null
                    ? Optional.empty()
                    : Optional.of(new AttachmentRef.EncryptedAs(entity, field,
                            category == null ? null : DataCategory.of(category)));
            out.add(new AttachmentRef(source, id, fileName, contentType, encryptedAs));
        }
        if (!reader.atEnd()) {
            throw malformed();
        }
        return out;
    }

    private static InvalidInputException malformed() {
        return new InvalidInputException(FIELD, "the stored value is malformed");
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        int number(char end) {
            int stop = text.indexOf(end, at);
            if (stop <= at || stop - at > 9) {
                throw malformed();
            }
            int value = 0;
            for (int i = at; i < stop; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw malformed();
                }
                value = value * 10 + (c - '0');
            }
            at = stop + 1;
            return value;
        }

        String field() {
            if (at < text.length() && text.charAt(at) == '~') {
                at++;
                return null;
            }
            int length = number(':');
            if (length > text.length() - at) {
                throw malformed();
            }
            String value = text.substring(at, at + length);
            at += length;
            return value;
        }

        boolean atEnd() {
            return at == text.length();
        }
    }
}
