package ro.clickphone.privacy.jpa.internal.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A subject's contacts, whole, in one row: the language and every (medium, address) encoded in one column,
 * so that a replacement is one row update and a read can never mix two writers' values. Mapping only.
 */
@Entity
@Table(name = "cpp_contact")
public class ContactRow {

    /** The longest encoded address list kept, in characters. */
    static final int MAX_ADDRESSES = 8000;

    @Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @Column(name = "language_tag", length = 3, nullable = false)
    private String language;

    @Column(name = "addresses", length = MAX_ADDRESSES, nullable = false)
    private String addresses;

    /** For JPA. */
    protected ContactRow() {
    }

    ContactRow(String subject, String language, String addresses) {
        this.subject = subject;
        this.language = language;
        this.addresses = addresses;
    }

    String language() {
        return language;
    }

    String addresses() {
        return addresses;
    }

    void replace(String newLanguage, String newAddresses) {
        this.language = newLanguage;
        this.addresses = newAddresses;
    }

    /** Names nothing personal. */
    @Override
    public String toString() {
        return "ContactRow";
    }
}
