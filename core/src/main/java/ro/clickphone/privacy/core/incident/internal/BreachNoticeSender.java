package ro.clickphone.privacy.core.incident.internal;

import java.util.List;
import java.util.Map;
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
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Idempotent per key:</b> a second call with the same idempotency key puts no second
 *       message in the outbox and returns the id of the message the first call put there.</li>
 *   <li><b>Returns</b> the outbox message id once the outbox holds the message (its delivery comes
 *       later, from the dispatcher).</li>
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
     * The fields of the payload, exactly what the policy's Cap. 7 lists: {@code nature} (String),
     * {@code occurredAt} and {@code discoveredAt} ({@link java.time.Instant}), {@code affectedSubjects}
     * (Long) with {@code affectedSubjectsEstimated} (Boolean, whether the number is an estimate),
     * {@code categories} (the category ids, a sorted {@code List<String>}).
     */
    List<String> PAYLOAD_FIELDS = List.of("nature", "occurredAt", "discoveredAt", "affectedSubjects",
            "affectedSubjectsEstimated", "categories");

    /** What a kit without notifications has: every call fails, saying how to configure them. */
    BreachNoticeSender UNCONFIGURED = (subject, payload, idempotencyKey) -> {
        throw new ConfigurationException("notifications are not configured: give the kit a notification channel"
                + " so that kit.incidents().notifySubjects(...) can send the breach notices");
    };

    /**
     * Puts the breach notice for one subject in the outbox.
     *
     * @param subject the subject
     * @param payload the notice's fields, {@link #PAYLOAD_FIELDS} and no other
     * @param idempotencyKey the key fixed by the incident and the subject (letters, digits and
     *     {@code . _ : -}, at most 128)
     * @return the outbox message id
     * @throws ConfigurationException if the kit has no notifications
     * @throws PrivacyException if this subject's message was refused
     */
    String send(SubjectId subject, Map<String, Object> payload, String idempotencyKey);
}
