package ro.clickphone.privacy.core.notify.internal;

import com.samskivert.mustache.MustacheException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.core.policy.Contact;
import ro.clickphone.privacy.core.policy.NotificationTypeDefinition;
import ro.clickphone.privacy.core.policy.PayloadField;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.policy.PayloadKind;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;

/**
 * Renders a notification: minimizes and formats the payload ({@link PayloadValues}) and writes the
 * type's template in the subject's language. The kit's own values (the controller's name, the DPO's
 * and the customer service's e-mail, the supervisory authority's name and site) come from the policy,
 * never from the caller; a type that declares {@code authorityName}/{@code authorityWeb} itself (the
 * breach notice) keeps the caller's values.
 *
 * <p><b>Coded fields.</b> A TEXT field named in {@link #CODED} carries a code, never shown as such: its
 * value must be a key of the label file {@code <labels>.<lang>.properties} beside the templates (e.g.
 * {@code requestTypes.ro.properties}) and the message shows that key's label in the subject's
 * language; any other value is refused ({@link InvalidInputException}), so a raw enum name or a
 * caller's free text never reaches the reader in its place.
 *
 * <p>Thread-safe.
 */
public final class MessageRenderer {

    /** The subject line's length past which it is cut (RFC 5322 allows 998; a reader sees far fewer). */
    static final int MAX_SUBJECT = 250;

    private final MessageTemplates templates = new MessageTemplates();
    private final Map<String, Properties> labels = new ConcurrentHashMap<>();

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
        for (Map.Entry<String, String> coded : CODED.entrySet()) {
            Optional<PayloadField> field = type.payloadField(coded.getKey());
            Object code = values.get(coded.getKey());
            if (field.isPresent() && field.get().kind() == PayloadKind.TEXT && code != null) {
                values.put(coded.getKey(), label(coded.getKey(), coded.getValue(), lang, code.toString()));
            }
        }
        values.put("controllerName", policy.controller().name());
        values.put("dpoEmail", policy.dpo().email().orElse(null));
        values.put("supportEmail", policy.contact("CUSTOMER_SERVICE").flatMap(c -> c.email()).orElse(null));
        Optional<Contact> authority = policy.supervisoryAuthority();
        if (type.payloadField("authorityName").isEmpty()) {
            values.put("authorityName", authority.map(Contact::name).orElse(null));
        }
        if (type.payloadField("authorityWeb").isEmpty()) {
            values.put("authorityWeb", authority.flatMap(Contact::web).orElse(null));
        }
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

    /** The label of a coded field's value in a language; an unknown code is the caller's error. */
    private String label(String field, String file, String lang, String code) {
        Properties known = labels.computeIfAbsent(file + "." + lang, name -> load(name + ".properties"));
        String label = known.getProperty(code);
        if (label == null) {
            throw new InvalidInputException("payload." + field, "must be one of the codes of " + file + "." + lang
                    + ".properties " + new TreeSet<>(known.stringPropertyNames()));
        }
        return label;
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = MessageRenderer.class.getResourceAsStream(TEMPLATES + resource)) {
            if (in == null) {
                throw new ConfigurationException("The kit has no label file " + TEMPLATES + resource);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(reader);
            }
        } catch (IOException e) {
            throw new ConfigurationException("The label file " + resource + " cannot be read");
        }
        return p;
    }

    private static final String TEMPLATES = "/ro/clickphone/privacy/core/notify/templates/";

    /**
     * The names the kit fills in from the policy: the controller, the DPO's and customer service's
     * e-mail, and the supervisory authority ({@code $.supervisoryAuthority}: name and site) to which a
     * subject may complain (GDPR art. 77) — unless the type declares the authority's fields itself.
     */
    static final Set<String> RESERVED = Set.of("controllerName", "dpoEmail", "supportEmail", "authorityName",
            "authorityWeb");

    /**
     * The coded TEXT fields and their label files: a request's type ({@code RightType} names) and the
     * reason for a refusal ({@code RefusalReason} names).
     */
    static final Map<String, String> CODED = Map.of("requestType", "requestTypes", "refusalReason", "refusalReasons");
}
