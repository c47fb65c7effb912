package ro.clickphone.privacy.core.incident.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * How the incident register puts a breach notice ({@value #TYPE_ID}) for one subject in the
 * outbox: the kit wires it to its notifications, which render the notice in the subject's language,
 * find the address in the contact directory, and deliver it through the dispatcher. A legal duty
 * (the purpose INCIDENT_MANAGEMENT): no consent decision suppresses it.
 *
 * <h2>The payload</h2>
 * {@link #PAYLOAD_FIELDS}, each with its Java type; an optional field is left out of the map (never
 * null, never blank) when the register has no value for it. What the policy's Cap. 7 lists: the
 * nature, when it happened and was discovered, the number of people affected, the categories of
 * data. What GDPR art. 34(2) adds (the items of art. 33(3)(b), (c), (d)) and Regulation (EU)
 * No 611/2013 Annex II: the DPO's name and contact details, the likely consequences, the measures
 * taken or proposed, what the customer can do. And the supervisory authority, for the paragraph on
 * the right to complain that Cap. 7 promises (the template writes that paragraph; the payload gives
 * it the authority's name and contact points). The texts come from the incident's
 * {@code BreachNoticeText}, written for the customers; the register's own texts, which may name
 * people, are never in the payload.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Idempotent per key:</b> a second call with the same idempotency key puts no second
 *       message in the outbox and returns the first message's id and the time the outbox accepted
 *       it, as the first call did.</li>
 *   <li><b>Returns</b> once the outbox holds the message (its delivery comes later, from the
 *       dispatcher): the message id and the acceptance time ({@code OutboxMessage.createdAt}).</li>
 *   <li><b>Failures:</b> {@link ConfigurationException} when the kit has no notifications at all
 *       (the register stops: no subject could be notified); another {@link PrivacyException} when
 *       this subject's message was refused (no address, a shredded key, a store down), and the
 *       register goes on with the next subject.</li>
 * </ul>
 */
@FunctionalInterface
public interface BreachNoticeSender {

    /** The id of the notification type of the breach notice. */
    String TYPE_ID = "DATA_BREACH_NOTICE";

    /** The notification type of the breach notice, as the policy declares it. */
    NotificationType TYPE = NotificationType.of(TYPE_ID);

    /**
     * One field of the breach notice's payload.
     *
     * @param name the key in the payload map (and the template)
     * @param type the Java type of its value ({@code List} holds {@code String}s)
     * @param optional whether the key may be absent (it is never present with null or a blank text)
     */
    record Field(String name, Class<?> type, boolean optional) {

        /**
         * Validates the components.
         *
         * @param name the key
         * @param type the type
         * @param optional whether it may be absent
         */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The fields of the payload, in the order the register puts them in the map:
     * <ul>
     *   <li>{@code nature} (String): the nature of the breach, as the text for the customers says it;</li>
     *   <li>{@code occurredAt}, {@code discoveredAt} ({@link Instant}): when it happened, when it was
     *       discovered (render them in the policy's zone, Europe/Bucharest);</li>
     *   <li>{@code affectedSubjects} (Long), {@code affectedSubjectsEstimated} (Boolean): the number of
     *       people affected, and whether it is an estimate ("aproximativ");</li>
     *   <li>{@code categories} ({@code List<String>}): the ids of the categories of data, sorted;</li>
     *   <li>{@code consequences}, {@code measures}, {@code recommendations} (String): the likely
     *       consequences, the measures taken or proposed, what the customer can do;</li>
     *   <li>{@code contactName} (String), {@code contactEmail}, {@code contactPhone} (String, optional, at least
     *       one present): the data protection officer, as the incident's version records them;</li>
     *   <li>{@code authorityName} (String), {@code authorityWeb}, {@code authorityEmail},
     *       {@code authorityPhone} (String, optional, at least one present): the supervisory
     *       authority to complain to, as the policy in force names it.</li>
     * </ul>
     */
    List<Field> PAYLOAD_FIELDS = List.of(
            new Field("nature", String.class, false),
            new Field("occurredAt", Instant.class, false),
            new Field("discoveredAt", Instant.class, false),
            new Field("affectedSubjects", Long.class, false),
            new Field("affectedSubjectsEstimated", Boolean.class, false),
            new Field("categories", List.class, false),
            new Field("consequences", String.class, false),
            new Field("measures", String.class, false),
            new Field("recommendations", String.class, false),
            new Field("contactName", String.class, false),
            new Field("contactEmail", String.class, true),
            new Field("contactPhone", String.class, true),
            new Field("authorityName", String.class, false),
            new Field("authorityWeb", String.class, true),
            new Field("authorityEmail", String.class, true),
            new Field("authorityPhone", String.class, true));

    /**
     * What the outbox did with a breach notice: the message's id and when it accepted the message
     * (the first time, for a repeated key).
     *
     * @param messageId the outbox message id
     * @param acceptedAt when the outbox accepted it
     */
    record Accepted(String messageId, Instant acceptedAt) {

        /**
         * Validates the components; the register checks their shape.
         *
         * @param messageId the id
         * @param acceptedAt the time
         */
        public Accepted {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }
    }

    /** What a kit without notifications has: every call fails, saying how to configure them. */
    BreachNoticeSender UNCONFIGURED = (subject, payload, idempotencyKey) -> {
        throw new ConfigurationException("notifications are not configured: give the kit a notification channel"
                + " so that kit.incidents().notifySubjects(...) can send the breach notices");
    };

    /**
     * Puts the breach notice for one subject in the outbox.
     *
     * @param subject the subject
     * @param payload the notice's fields: {@link #PAYLOAD_FIELDS}, the optional ones only when present
     * @param idempotencyKey the key fixed by the incident and the subject (letters, digits and
     *     {@code . _ : -}, at most 128)
     * @return the message id and the time the outbox accepted it
     * @throws ConfigurationException if the kit has no notifications
     * @throws PrivacyException if this subject's message was refused
     */
    Accepted send(SubjectId subject, Map<String, Object> payload, String idempotencyKey);
}
