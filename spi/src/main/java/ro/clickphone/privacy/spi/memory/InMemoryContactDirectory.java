package ro.clickphone.privacy.spi.memory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * A {@link ContactDirectory} in memory, for tests and demos. Empty by default: a message to a
 * subject whose contacts were never {@linkplain #put put} cannot be delivered.
 *
 * <p>Thread-safe; a {@code put} replaces a subject's contacts atomically.
 *
 * @since 0.1.0
 */
public final class InMemoryContactDirectory implements ContactDirectory {

    private final Map<SubjectId, SubjectContacts> contacts = new ConcurrentHashMap<>();

    /** Creates an empty directory. */
    public InMemoryContactDirectory() {
    }

    @Override
    public Optional<SubjectContacts> find(SubjectId subject) {
        return Optional.ofNullable(contacts.get(notNull(subject, "subject")));
    }

    @Override
    public void put(SubjectId subject, SubjectContacts subjectContacts) {
        notNull(subject, "subject");
        notNull(subjectContacts, "contacts");
        contacts.put(subject, subjectContacts);
    }

    @Override
    public boolean remove(SubjectId subject) {
        return contacts.remove(notNull(subject, "subject")) != null;
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** Counts only: subjects and addresses stay out of logs. */
    @Override
    public String toString() {
        return "InMemoryContactDirectory[" + contacts.size() + " subjects]";
    }
}
