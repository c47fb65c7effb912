package ro.clickphone.privacy.core.audit;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;

/**
 * What a caller asks the audit trail to record. The trail turns the subject and person actors into
 * keyed pseudonyms before anything is stored.
 *
 * <p>An immutable value that validates itself when it is built (by {@link #of}, the {@code with...}
 * methods or the constructor): the action and every detail are checked there with the rules of
 * {@link ro.clickphone.privacy.spi.audit.AuditRecord#checkAction} and
 * {@link ro.clickphone.privacy.spi.audit.AuditRecord#checkDetail}, so a malformed action or a detail
 * with the shape of personal data fails where it is written, with {@link InvalidInputException}
 * (the message names the field, never the value), and the trail does not check them again on
 * every append.
 *
 * <pre>{@code
 * kit.audit().record(AuditEvent.of(actor, "export.cdr", AuditOutcome.SUCCESS)
 *         .withPurpose(Purpose.of("FRAUD_PREVENTION"))
 *         .withCategories(Set.of(DataCategory.of("TRAFFIC")))
 *         .withSubject(subject)
 *         .withDetail("rows", "1200"));
 * }</pre>
 *
 * @param actor who acted
 * @param action what was done: a lower-case dotted code such as {@code access.check}
 * @param purpose the purpose, if any
 * @param categories the categories of data touched
 * @param subject whose data was touched, if anyone's
 * @param outcome how it ended
 * @param details further facts as short codes; values must not be personal data and are checked
 *     for the shape of one (no {@code @}, letters, digits and {@code . _ : / , = + -} only)
 *
 * @since 0.1.0
 */
public record AuditEvent(Actor actor, String action, Optional<Purpose> purpose, Set<DataCategory> categories,
        Optional<SubjectId> subject, AuditOutcome outcome, Map<String, String> details) {

    /**
     * Validates the components (the action and every detail as an audit record checks them) and
     * copies the collections.
     *
     * @param actor the actor
     * @param action the action
     * @param purpose the purpose
     * @param categories the categories
     * @param subject the subject
     * @param outcome the outcome
     * @param details the details
     * @throws InvalidInputException if a component is null, the action is not a lower-case dotted
     *     code, or a detail breaks its rule (a detail value with the shape of personal data included)
     */
    public AuditEvent {
        notNull(actor, "actor");
        notNull(action, "action");
        notNull(purpose, "purpose");
        notNull(categories, "categories");
        notNull(subject, "subject");
        notNull(outcome, "outcome");
        notNull(details, "details");
        AuditRecord.checkAction(action);
        for (Map.Entry<String, String> e : details.entrySet()) {
            AuditRecord.checkDetail(e.getKey(), e.getValue());
        }
        TreeSet<DataCategory> sorted = new TreeSet<>(Comparator.comparing(DataCategory::id));
        for (DataCategory category : categories) {
            sorted.add(notNull(category, "categories"));
        }
        categories = Collections.unmodifiableSet(sorted);
        details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException("event." + name, "must not be null");
        }
        return value;
    }

    /**
     * An event with no purpose, categories, subject or details yet.
     *
     * @param actor who acted
     * @param action what was done
     * @param outcome how it ended
     * @return the event
     * @throws InvalidInputException if an argument is null or the action is not a lower-case dotted code
     */
    public static AuditEvent of(Actor actor, String action, AuditOutcome outcome) {
        return new AuditEvent(actor, action, Optional.empty(), Set.of(), Optional.empty(), outcome, Map.of());
    }

    /**
     * This event with a purpose.
     *
     * @param purpose the purpose
     * @return a new event
     */
    public AuditEvent withPurpose(Purpose purpose) {
        return new AuditEvent(actor, action, Optional.of(notNull(purpose, "purpose")), categories, subject, outcome,
                details);
    }

    /**
     * This event with the categories of data touched.
     *
     * @param categories the categories
     * @return a new event
     */
    public AuditEvent withCategories(Set<DataCategory> categories) {
        return new AuditEvent(actor, action, purpose, categories, subject, outcome, details);
    }

    /**
     * This event with the subject whose data was touched.
     *
     * @param subject the subject
     * @return a new event
     */
    public AuditEvent withSubject(SubjectId subject) {
        return new AuditEvent(actor, action, purpose, categories, Optional.of(notNull(subject, "subject")), outcome,
                details);
    }

    /**
     * This event with one more detail.
     *
     * @param key the key, e.g. {@code reason}
     * @param value the value: a short code, never personal data
     * @return a new event
     * @throws InvalidInputException if the key or value is null or breaks its rule (a value with the
     *     shape of an e-mail, phone number or IP address included); the message never echoes the value
     */
    public AuditEvent withDetail(String key, String value) {
        Map<String, String> more = new TreeMap<>(details);
        more.put(notNull(key, "detail key"), notNull(value, "detail value"));
        return new AuditEvent(actor, action, purpose, categories, subject, outcome, more);
    }

    /**
     * Prints the action and outcome; the actor and subject only as fingerprints.
     *
     * @return a summary without personal data
     */
    @Override
    public String toString() {
        return "AuditEvent[" + action + " " + outcome + " by " + actor + subject.map(s -> " on " + s).orElse("") + "]";
    }
}
