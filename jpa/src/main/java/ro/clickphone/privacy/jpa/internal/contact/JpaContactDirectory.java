package ro.clickphone.privacy.jpa.internal.contact;

import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.account.Writes;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.ContactDirectory;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.SubjectContacts;

/**
 * A {@link ContactDirectory} over {@code cpp_contact}: one row per subject holding the language and the
 * addresses, one {@code MEDIUM<TAB>address} line per medium, in medium order (an address is one line, a
 * medium id has no tab). A {@link #put} replaces the row under a row lock, so it is atomic per subject
 * across application instances; the encoded addresses take at most 8000 characters.
 *
 * <p>The addresses are stored as given: the SPI does not seal them. Protect the table like the
 * platform's other contact data (database encryption at rest, access control); {@link #remove} deletes
 * the row.
 */
public final class JpaContactDirectory implements ContactDirectory {

    /** The {@code cpp_counter} row whose lock is the turn of the writers of a subject's first contacts. */
    static final String LOCK = "lock.contact";

    private final JpaContext jpa;

    /**
     * A directory over the context's factory.
     *
     * @param jpa the context
     */
    public JpaContactDirectory(JpaContext jpa) {
        if (jpa == null) {
            throw new InvalidInputException("jpa", "must not be null");
        }
        this.jpa = jpa;
    }

    @Override
    public Optional<SubjectContacts> find(SubjectId subject) {
        notNull(subject, "subject");
        return jpa.inTransaction("read a subject's contacts", em -> {
            ContactRow row = em.find(ContactRow.class, subject.value());
            if (row == null) {
                return Optional.<SubjectContacts>empty();
            }
            em.detach(row);
            return Optional.of(new SubjectContacts(decode(row.addresses()), row.language()));
        });
    }

    @Override
    public void put(SubjectId subject, SubjectContacts contacts) {
        notNull(subject, "subject");
        notNull(contacts, "contacts");
        String encoded = encode(contacts.addresses());
        if (encoded.length() > ContactRow.MAX_ADDRESSES) {
            throw new InvalidInputException("contacts.addresses", "take more than the JPA contact directory keeps"
                    + " (" + ContactRow.MAX_ADDRESSES + " characters in all)");
        }
        Writes.idempotent(jpa, "store a subject's contacts", em -> {
            ContactRow row = em.find(ContactRow.class, subject.value());
            if (row == null) {
                Writes.lock(em, LOCK);
                row = em.find(ContactRow.class, subject.value(), LockModeType.PESSIMISTIC_WRITE);
            } else {
                em.refresh(row, LockModeType.PESSIMISTIC_WRITE); // the current row, locked
            }
            if (row == null) {
                row = new ContactRow(subject.value(), contacts.language(), encoded);
                em.persist(row);
            } else {
                row.replace(contacts.language(), encoded);
            }
            em.flush();
            em.detach(row);
            return null;
        });
    }

    @Override
    public boolean remove(SubjectId subject) {
        notNull(subject, "subject");
        return jpa.inTransaction("forget a subject's contacts", em -> em.createQuery(
                "delete from ContactRow c where c.subject = :subject")
                .setParameter("subject", subject.value())
                .executeUpdate() > 0);
    }

    static String encode(Map<Medium, String> addresses) {
        TreeMap<String, String> sorted = new TreeMap<>();
        addresses.forEach((medium, address) -> sorted.put(medium.id(), address));
        StringBuilder out = new StringBuilder();
        sorted.forEach((medium, address) -> {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(medium).append('\t').append(address);
        });
        return out.toString();
    }

    static Map<Medium, String> decode(String encoded) {
        Map<Medium, String> addresses = new HashMap<>();
        if (encoded.isEmpty()) {
            return addresses;
        }
        for (String line : encoded.split("\n", -1)) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new StoreException("The JPA contact directory holds a malformed row (an address line without"
                        + " its medium)", false, null);
            }
            if (addresses.put(Medium.of(line.substring(0, tab)), line.substring(tab + 1)) != null) {
                throw new StoreException("The JPA contact directory holds a malformed row (a medium twice)", false,
                        null);
            }
        }
        return addresses;
    }

    private static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new InvalidInputException(name, "must not be null");
        }
        return value;
    }

    /** Names the context only: subjects and addresses stay out of logs. */
    @Override
    public String toString() {
        return "JpaContactDirectory[" + jpa + "]";
    }
}
