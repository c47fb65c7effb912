package ro.clickphone.privacy.core.notify.internal;

import com.samskivert.mustache.MustacheException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * Renders a notification: minimizes and formats the payload ({@link PayloadValues}) and writes the
 * type's template in the subject's language. The kit's own values (the controller's name, the DPO's
 * and the customer service's e-mail) come from the policy, never from the caller.
 *
 * <p>Thread-safe.
 */
public final class MessageRenderer {

    /** The subject line's length past which it is cut (RFC 5322 allows 998; a reader sees far fewer). */
    static final int MAX_SUBJECT = 250;

    private final MessageTemplates templates = new MessageTemplates();

    /** A renderer over the kit's templates. */
    public MessageRenderer() {
    }

    /**
     * The language the kit writes to a subject who prefers one.
     *
     * @param preferred the subject's language from the contact directory, if known
     * @return that language if the kit writes it, else Romanian
     */
    public static String languageFor(Optional<String> preferred) {
        return MessageTemplates.languageFor(preferred);
    }

    /**
     * Checks a payload's keys before anything else is decided about the message.
     *
     * @param type the type
     * @param payload the payload
     * @throws ro.clickphone.privacy.spi.InvalidInputException naming an undeclared or missing key
     */
    public static void checkKeys(NotificationTypeDefinition type, Map<String, ?> payload) {
        PayloadValues.checkKeys(type, payload);
    }

    /**
     * Renders a message.
     *
     * @param policy the policy in force (its time zone, categories, sender and contacts)
     * @param type the type's definition in that policy
     * @param payload the caller's payload
     * @param language a language {@link #languageFor} returned
     * @return the message
     * @throws ro.clickphone.privacy.spi.InvalidInputException if the payload is not what the type declares
     * @throws ConfigurationException if the type has no sender or no template, or its template reads a
     *     name the type does not declare
     */
    public RenderedMessage render(Policy policy, NotificationTypeDefinition type, Map<String, ?> payload,
            String language) {
        PayloadValues.checkKeys(type, payload);
        String sender = type.sender().orElseThrow(() -> new ConfigurationException("Notification type " + type.type()
                + " has no sender in the policy: give it one of $.notificationSenders"));
        String lang = languageFor(Optional.of(language));
        MessageTemplates.Compiled template = templates.find(type.type(), lang)
                .or(() -> templates.find(type.type(), MessageTemplates.DEFAULT_LANGUAGE))
                .orElseThrow(() -> new ConfigurationException("The kit has no message template for notification type "
                        + type.type() + " (ro/clickphone/privacy/core/notify/templates/" + type.type()
                        + ".ro.mustache): it cannot be sent"));
        checkNames(type, template.names());
        Map<String, Object> values = PayloadValues.format(type, payload, policy, LanguageFormat.of(lang),
                templates.categoryLabels(lang));
        values.put("controllerName", policy.controller().name());
        values.put("dpoEmail", policy.dpo().email().orElse(null));
        values.put("supportEmail", policy.contact("CUSTOMER_SERVICE").flatMap(c -> c.email()).orElse(null));
        try {
            String subject = template.subject().execute(values).replaceAll("\\s+", " ").strip();
            if (subject.length() > MAX_SUBJECT) {
                subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
            }
            String body = template.body().execute(values).replace("\r", "").replaceAll("\n{3,}", "\n\n").strip() + "\n";
            return new RenderedMessage(lang, sender, subject, body);
        } catch (MustacheException e) {
            // The names were checked: this is a template the kit cannot run, never the caller's values.
            throw new ConfigurationException("The message template of " + type.type() + " (" + lang
                    + ") failed: " + e.getClass().getSimpleName());
        }
    }

    /** A template reads only the type's declared fields and the kit's own values. */
    private static void checkNames(NotificationTypeDefinition type, Set<String> names) {
        for (String name : names) {
            boolean declared = type.payload().stream().map(PayloadField::name).anyMatch(name::equals);
            if (!declared && !RESERVED.contains(name)) {
                throw new ConfigurationException("The message template of " + type.type() + " reads '" + name
                        + "', which the type does not declare in the policy in force ($.notificationTypes[].payload)");
            }
        }
    }

    /** The names the kit fills in from the policy. */
    static final Set<String> RESERVED = Set.of("controllerName", "dpoEmail", "supportEmail");
}
