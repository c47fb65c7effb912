package ro.clickphone.privacy.spi.notify;

import java.util.Optional;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * Where the kit finds a subject's addresses and language when it sends them a message — never in
 * the message's payload, so that a caller cannot mail one subject's notice to another's address.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #put} replaces the subject's contacts as a whole; {@link #find} returns the last
 *       value put; {@link #remove} forgets them (returns whether there were any).</li>
 *   <li>Safe for concurrent use; a {@code put} is atomic per subject.</li>
 *   <li>A null argument is an {@link ro.clickphone.privacy.spi.InvalidInputException}; an
 *       unavailable directory throws {@link ro.clickphone.privacy.spi.StoreException}, whose message
 *       never carries the subject or an address.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public interface ContactDirectory {

    /**
     * A subject's contacts.
     *
     * @param subject the subject
     * @return the contacts, or empty if none are known
     */
    Optional<SubjectContacts> find(SubjectId subject);

    /**
     * Sets a subject's contacts.
     *
     * @param subject the subject
     * @param contacts the contacts
     */
    void put(SubjectId subject, SubjectContacts contacts);

    /**
     * Forgets a subject's contacts.
     *
     * @param subject the subject
     * @return {@code true} if there were any
     */
    boolean remove(SubjectId subject);
}
