package ro.clickphone.privacy.jpa.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;

/** A test entity: a customer's contact data, with a blind index on the e-mail. */
@Entity(name = "Account")
@Table(name = "src_account")
@PersonalDataCategory(category = "CONTACT")
public class Account {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @DataSubject
    @Column(name = "customer_id", length = 128, updatable = false)
    private String customerId;

    @Encrypted(field = "notification_email")
    @BlindIndex(target = "emailIndex")
    @Column(name = "email", length = 512)
    private String email;

    @Column(name = "email_index", length = 128)
    private String emailIndex;

    @Column(name = "note", length = 512)
    private String note;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Account() {
    }

    public Account(String id, String customerId, String email, String emailIndex, String note) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
        this.emailIndex = emailIndex;
        this.note = note;
    }

    public String getId() {
        return id;
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getEmailIndex() {
        return emailIndex;
    }

    public void setEmailIndex(String emailIndex) {
        this.emailIndex = emailIndex;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    public long getVersion() {
        return version;
    }
}
