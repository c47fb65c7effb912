package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** An entity in the second-level cache with an encrypted attribute: refused unless the unit opts in. */
@Entity
@Table(name = "hb_cached_note")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class CachedNote {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Encrypted(field = "notification_email")
    @Column(name = "email", length = 512)
    private String email;

    protected CachedNote() {
    }

    public CachedNote(long id, String customerId, String email) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
    }

    public String getEmail() {
        return email;
    }
}
