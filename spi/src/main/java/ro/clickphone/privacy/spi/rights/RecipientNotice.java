package ro.clickphone.privacy.spi.rights;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.internal.Checks;

/**
 * What a recipient the subject's data went to is told about a rectification, erasure or restriction
 * (GDPR art. 19): which request, which kind, which subject (the recipient must find its copy) and
 * which categories. {@link #toString()} never prints the subject.
 *
 * @param requestId the request
 * @param recipient the recipient of the policy
 * @param type the right carried out: rectification, erasure or restriction
 * @param subject whose data
 * @param categories the categories concerned
 *
 * @since 0.1.0
 */
public record RecipientNotice(String requestId, Recipient recipient, RightType type, SubjectId subject,
        Set<DataCategory> categories) {

    /**
     * Checks and copies the components.
     *
     * @param requestId the requestId, as the type describes it
     * @param recipient the recipient, as the type describes it
     * @param type the type, as the type describes it
     * @param subject the subject, as the type describes it
     * @param categories the categories, as the type describes it
     * @throws InvalidInputException if a component is null or holds null, or the type changes no data
     */
    public RecipientNotice {
        Checks.text(requestId, "recipientNotice.requestId", 64);
        Checks.notNull(recipient, "recipientNotice.recipient");
        Checks.notNull(type, "recipientNotice.type");
        if (!type.changesData()) {
            throw new InvalidInputException("recipientNotice.type", "must be a rectification, erasure or restriction");
        }
        Checks.notNull(subject, "recipientNotice.subject");
        Checks.notNull(categories, "recipientNotice.categories");
        TreeSet<DataCategory> copy = new TreeSet<>(Comparator.comparing(DataCategory::id));
        for (DataCategory c : categories) {
            copy.add(Checks.notNull(c, "recipientNotice.categories"));
        }
        categories = java.util.Collections.unmodifiableSet(copy);
    }

    @Override
    public String toString() {
        return "RecipientNotice[" + requestId + ", " + recipient.id() + ", " + type + ", " + categories + "]";
    }
}
