package ro.clickphone.privacy.spi.notify;

import java.util.List;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.internal.Checks;
import ro.clickphone.privacy.spi.internal.Syntax;

/**
 * What a {@link NotificationChannel} gets to deliver: the rendered message and nothing of the
 * subject's record. Built by the kit's dispatcher at delivery time: the address comes from the
 * {@link ContactDirectory}, the attachments are opened through an {@link AttachmentSource} only now.
 *
 * <p>{@link #toString()} prints a short hash of the key (a caller's key may be telling), the medium,
 * the language and the number of attachments; never the address, subject line or body.
 *
 * @param idempotencyKey the key a channel de-duplicates on (letters, digits, {@code . _ : -}, at most 128)
 * @param medium the medium
 * @param from the sender's address, from the policy document
 * @param to the recipient's address (an e-mail address, a phone number, a URL)
 * @param language the language the message is written in, e.g. {@code ro} or {@code en}
 * @param subjectLine the subject line (empty for media without one)
 * @param body the plain-text body
 * @param attachments the attachments, opened as they are read
 *
 * @since 0.1.0
 */
public record OutboundMessage(String idempotencyKey, Medium medium, String from, String to, String language,
        String subjectLine, String body, List<Attachment> attachments) {

    /** The syntax of idempotency keys, shared with the outbox. */
    public static final String KEY_RULE = "letters, digits and . _ : -, at most 128";
    private static final Syntax KEY = Syntax.of("A-Za-z0-9", "A-Za-z0-9._:-", 1, 128);
    private static final Syntax LANGUAGE = Syntax.of("a-z", "a-z", 2, 3);

    /**
     * Validates the components and copies the attachments.
     *
     * @param idempotencyKey the key, as the type describes it
     * @param medium the medium
     * @param from the sender
     * @param to the recipient
     * @param language the language, two or three lower-case letters
     * @param subjectLine the subject line, at most 998 characters, no line breaks
     * @param body the body
     * @param attachments the attachments
     * @throws InvalidInputException if a component is null or malformed; the message names it, never its value
     */
    public OutboundMessage {
        checkKey(idempotencyKey);
        Checks.notNull(medium, "message.medium");
        Checks.notNull(from, "message.from");
        Checks.notNull(to, "message.to");
        if (to.isBlank()) {
            throw new InvalidInputException("message.to", "must not be blank");
        }
        Checks.identifier(language, "message.language", LANGUAGE, "two or three lower-case letters, e.g. ro");
        Checks.notNull(subjectLine, "message.subjectLine");
        if (subjectLine.length() > 998 || subjectLine.indexOf('\n') >= 0 || subjectLine.indexOf('\r') >= 0) {
            throw new InvalidInputException("message.subjectLine", "must be one line of at most 998 characters");
        }
        Checks.notNull(body, "message.body");
        attachments = Checks.noNulls(attachments, "message.attachments");
    }

    /**
     * Checks an idempotency key.
     *
     * @param key the key
     * @return the key
     * @throws InvalidInputException if it is null or malformed
     */
    public static String checkKey(String key) {
        return Checks.identifier(key, "idempotencyKey", KEY, KEY_RULE);
    }

    /**
     * Checks an idempotency key a caller chose (the kit draws its own otherwise): as {@link #checkKey},
     * and refused if it has the shape of personal data (an e-mail address, a phone number, an IP
     * address), since a key is stored in the outbox as it is (the dispatcher's logs and audit
     * entries, and {@link #toString()}, show it only as a keyed reference or a hash).
     *
     * @param key the key
     * @return the key
     * @throws InvalidInputException if it is null, malformed or has the shape of personal data; the
     *     message does not repeat it
     */
    public static String checkCallerKey(String key) {
        checkKey(key);
        if (Checks.looksLikePersonalData(key)) {
            throw new InvalidInputException("idempotencyKey", "has the shape of personal data (an e-mail address, a"
                    + " phone number or an IP address): it is stored in the outbox as it is; use an opaque id"
                    + " of the business event, such as order-1234-confirmation");
        }
        return key;
    }

    @Override
    public String toString() {
        return "OutboundMessage[key=" + Checks.shortHash(idempotencyKey) + ", medium=" + medium + ", language=" + language
                + ", attachments=" + attachments.size() + "]";
    }
}
