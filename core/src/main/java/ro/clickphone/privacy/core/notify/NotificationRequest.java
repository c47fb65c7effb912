package ro.clickphone.privacy.core.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.AttachmentRef;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * One notification to send: its type, its subject, its payload (only the fields the policy declares
 * for the type), references to its attachments, and optionally the caller's own idempotency key.
 *
 * <pre>{@code
 * kit.notifications().send(NotificationRequest.of(NotificationType.of("VOICEMAIL_RECEIVED"), subject,
 *                 Map.of("callerNumber", "+40721234567", "calledNumber", "+40311234567", "receivedAt", now))
 *         .withAttachment(new AttachmentRef("voicemail", recordingId, "mesaj.wav", "audio/wav",
 *                 Optional.of(new AttachmentRef.EncryptedAs("voicemail", "voicemail_audio", DataCategory.of("VOICEMAIL")))))
 *         .withIdempotencyKey("vm-" + recordingId));
 * }</pre>
 *
 * <p>{@link #toString()} prints the type, the payload's keys and the number of attachments: never
 * the subject, a value or the key.
 *
 * @param type the notification type
 * @param subject whom it is for; their address and language come from the contact directory
 * @param payload the payload; a null value is an absent field
 * @param attachments references to the attachments
 * @param idempotencyKey the caller's key, if any: the same key is never sent twice; without one the
 *     kit draws a random key
 *
 * @since 0.1.0
 */
public record NotificationRequest(NotificationType type, SubjectId subject, Map<String, Object> payload,
        List<AttachmentRef> attachments, Optional<String> idempotencyKey) {

    /**
     * Validates the components and copies the collections (keeping the payload's order, without its null values).
     *
     * @param type the type
     * @param subject the subject
     * @param payload the payload
     * @param attachments the attachments
     * @param idempotencyKey the key, or empty
     * @throws InvalidInputException if a component is null, the payload has a null key, an attachment
     *     is null, or the key is malformed or has the shape of personal data (an e-mail address, a phone
     *     number, an IP address: it is stored and audited as it is)
     */
    public NotificationRequest {
        notNull(type, "notification.type");
        notNull(subject, "notification.subject");
        notNull(payload, "notification.payload");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : payload.entrySet()) {
            if (entry.getKey() == null) {
                throw new InvalidInputException("notification.payload", "holds a null key");
            }
            if (entry.getValue() != null) {
                copy.put(entry.getKey(), entry.getValue());
            }
        }
        payload = Collections.unmodifiableMap(copy);
        notNull(attachments, "notification.attachments");
        for (AttachmentRef ref : attachments) {
            notNull(ref, "notification.attachments");
        }
        attachments = List.copyOf(attachments);
        notNull(idempotencyKey, "notification.idempotencyKey");
        idempotencyKey.ifPresent(OutboundMessage::checkCallerKey);
    }

    /**
     * A request without attachments, under a key the kit draws.
     *
     * @param type the type
     * @param subject the subject
     * @param payload the payload
     * @return the request
     * @throws InvalidInputException if an argument is null
     */
    public static NotificationRequest of(NotificationType type, SubjectId subject, Map<String, ?> payload) {
        notNull(payload, "notification.payload");
        return new NotificationRequest(type, subject, new LinkedHashMap<>(payload), List.of(), Optional.empty());
    }

    /**
     * This request under the caller's own idempotency key: a second send with the same key writes
     * nothing ({@link SendStatus#DUPLICATE}), and the channel delivers a key once. Use an opaque id of
     * the business event ({@code order-1234-confirmation}), never personal data.
     *
     * @param key letters, digits and {@code . _ : -}, at most 128
     * @return a new request
     * @throws InvalidInputException if the key is malformed or has the shape of personal data; the
     *     message does not repeat it
     */
    public NotificationRequest withIdempotencyKey(String key) {
        return new NotificationRequest(type, subject, payload, attachments, Optional.of(notNull(key,
                "notification.idempotencyKey")));
    }

    /**
     * This request with one more attachment.
     *
     * @param ref the attachment's reference
     * @return a new request
     * @throws InvalidInputException if {@code ref} is null
     */
    public NotificationRequest withAttachment(AttachmentRef ref) {
        List<AttachmentRef> more = new ArrayList<>(attachments);
        more.add(notNull(ref, "notification.attachment"));
        return new NotificationRequest(type, subject, payload, more, idempotencyKey);
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    @Override
    public String toString() {
        TreeSet<String> keys = new TreeSet<>();
        int others = 0;
        for (String key : payload.keySet()) {
            if (PayloadField.NAME.matcher(key).matches()) {
                keys.add(key);
            } else {
                others++;
            }
        }
        return "NotificationRequest[type=" + type + ", payload=" + keys + (others == 0 ? "" : " and " + others
                + " malformed key(s)") + ", attachments=" + attachments.size()
                + (idempotencyKey.isPresent() ? ", callerKey" : "") + "]";
    }
}
