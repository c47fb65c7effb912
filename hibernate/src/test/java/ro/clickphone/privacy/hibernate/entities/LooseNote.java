package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** An entity whose subject column is nullable: the listeners, not a NOT NULL check, must stop a null subject. */
@Entity
@Table(name = "hb_loose_note")
public class LooseNote {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", updatable = false)
    private String customerId;

    @Encrypted(field = "notification_email")
    @Column(name = "email", length = 512)
    private String email;

    protected LooseNote() {
    }

    public LooseNote(long id, String customerId, String email) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
    }

    public String getEmail() {
        return email;
    }

    @Override
    public String toString() {
        return "LooseNote[" + id + "]";
    }
}
