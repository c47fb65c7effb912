package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** An entity whose id the database generates on insert: its values are bound to the subject, not the row. */
@Entity
@Table(name = "hb_identity_note")
public class IdentityNote {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Encrypted(field = "notification_email")
    @Column(name = "email", length = 512)
    private String email;

    protected IdentityNote() {
    }

    public IdentityNote(String customerId, String email) {
        this.customerId = customerId;
        this.email = email;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }
}
