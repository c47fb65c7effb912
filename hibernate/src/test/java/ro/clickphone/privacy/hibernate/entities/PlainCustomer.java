package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The same columns as {@link Customer}, nothing encrypted: the throughput baseline. */
@Entity
@Table(name = "hb_plain_customer")
public class PlainCustomer {

    @Id
    private Long id;

    @Column(name = "customer_id", nullable = false, updatable = false)
    private String customerId;

    @Column(name = "email", length = 512)
    private String email;

    @Column(name = "email_index", length = 64)
    private String emailIndex;

    @Column(name = "ip_address", length = 512)
    private String ipAddress;

    @Column(name = "address", length = 1024)
    private byte[] address;

    @Column(name = "nickname", length = 100)
    private String nickname;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    protected PlainCustomer() {
    }

    public PlainCustomer(long id, String customerId, String email, String ipAddress, byte[] address) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
        this.ipAddress = ipAddress;
        this.address = address;
    }

    public String getEmail() {
        return email;
    }
}
