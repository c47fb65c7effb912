package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;

/** A customer with one encrypted, blind-indexed e-mail: the rows of the re-index and re-encryption tests. */
@Entity
@PersonalDataCategory(category = "CONTACT")
@Table(name = "hb_rekey_customer")
public class RekeyCustomer {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Encrypted(field = "notification_email")
    @BlindIndex(target = "emailIndex")
    @Column(name = "email", length = 512)
    private String email;

    @Column(name = "email_index", length = 64)
    private String emailIndex;

    protected RekeyCustomer() {
    }

    public RekeyCustomer(long id, String customerId, String email) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
    }

    public Long getId() {
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
}
