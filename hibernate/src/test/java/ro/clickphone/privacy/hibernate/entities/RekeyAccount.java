package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;

/** An account keyed by its subject id (a String): the rows of the source test with string keys. */
@Entity
@PersonalDataCategory(category = "CONTACT")
@Table(name = "hb_rekey_account")
public class RekeyAccount {

    @Id
    @DataSubject
    @Column(name = "id", length = 256)
    private String id;

    @Encrypted(field = "notification_email")
    @BlindIndex(target = "emailIndex")
    @Column(name = "email", length = 512)
    private String email;

    @Column(name = "email_index", length = 64)
    private String emailIndex;

    protected RekeyAccount() {
    }

    public RekeyAccount(String id, String email) {
        this.id = id;
        this.email = email;
    }

    public String getId() {
        return id;
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
}
