package ro.clickphone.privacy.core.notify.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import ro.clickphone.privacy.core.internal.KitContexts;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Seals a rendered message for the outbox: its language, sender, subject line and body as one JSON
 * value, encrypted under the subject's {@code profile} key in the kit's own context
 * ({@code notification_outbox.content}) and bound to the message's id, so that the outbox holds no
 * readable text, a sealed text moved to another message (of the same subject or another) does not
 * open, and a subject whose keys are shredded can no longer be written to.
 *
 * <p>The encryptor given here must take that context alone: the kit's public encryptors refuse it.
 * Thread-safe.
 */
public final class Sealer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The format of the sealed JSON; a reader refuses any other. */
    private static final String VERSION = "1";
    /** The most characters the outbox keeps of a sealed message ({@code OutboxMessage.content}). */
    static final int MAX_SEALED = 1 << 20;

    private final FieldEncryptor fields;

    /**
     * A sealer over the kit's own encryptor for the outbox's context.
     *
     * @param fields the encryptor
     */
    public Sealer(FieldEncryptor fields) {
        this.fields = fields;
    }

    /**
     * The context of one message's sealed text.
     *
     * @param messageId the message's id (its idempotency key)
     * @return the context
     */
    public static FieldContext context(String messageId) {
        return FieldContext.of(KitContexts.NOTIFICATION_ENTITY, KitContexts.NOTIFICATION_FIELD,
                KeyScope.of(KitContexts.NOTIFICATION_SCOPE)).withRecordId(messageId);
    }

    /**
     * Seals a message.
     *
     * @param subject whom it is for
     * @param messageId its id
     * @param message the rendered message
     * @return the sealed text
     * @throws InvalidInputException if the sealed text would be too large for the outbox
     * @throws ro.clickphone.privacy.spi.KeyDestroyedException if the subject's profile key was shredded
     */
    public String seal(SubjectId subject, String messageId, RenderedMessage message) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("v", VERSION);
        values.put("language", message.language());
        values.put("from", message.from());
        values.put("subject", message.subjectLine());
        values.put("body", message.body());
        String json;
        try {
            json = JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always writes as JSON", e);
        }
        String sealed = fields.encrypt(subject, context(messageId), json);
        if (sealed.length() > MAX_SEALED) {
            throw new InvalidInputException("payload", "renders a message too large for the outbox (more than "
                    + MAX_SEALED + " characters sealed)");
        }
        return sealed;
    }

    /**
     * Opens a sealed message.
     *
     * @param subject whom it is for
     * @param messageId its id
     * @param sealed the sealed text
     * @return the message
     * @throws IntegrityException if it does not open for this subject and message, or is not a sealed message
     * @throws ro.clickphone.privacy.spi.KeyDestroyedException if the subject's profile key was shredded
     * @throws ro.clickphone.privacy.spi.KeyUnavailableException if the key-encryption key cannot be reached
     */
    public RenderedMessage unseal(SubjectId subject, String messageId, String sealed) {
        String json;
        try {
            json = fields.decrypt(subject, context(messageId), sealed);
        } catch (InvalidInputException e) {
            throw new IntegrityException("The sealed message is malformed");
        }
        try {
            Map<?, ?> values = JSON.readValue(json, Map.class);
            if (!VERSION.equals(values.get("v")) || !(values.get("language") instanceof String language)
                    || !(values.get("from") instanceof String from) || !(values.get("subject") instanceof String line)
                    || !(values.get("body") instanceof String body)) {
                throw new IntegrityException("The sealed message is not in a format this kit reads");
            }
            return new RenderedMessage(language, from, line, body);
        } catch (JsonProcessingException e) {
            throw new IntegrityException("The sealed message is not in a format this kit reads");
        }
    }

    @Override
    public String toString() {
        return "Sealer[" + KitContexts.NOTIFICATION_ENTITY + "." + KitContexts.NOTIFICATION_FIELD + "]";
    }
}
