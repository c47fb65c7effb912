package ro.clickphone.privacy.hibernate.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** The columns of the test customers: three encrypted attributes (two texts, one binary) and a blind index. */
@MappedSuperclass
public abstract class CustomerBase {

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

    @Encrypted
    @Column(name = "ip_address", length = 512)
    private String ipAddress;

    @Encrypted(field = "service_address")
    @Column(name = "address", length = 1024)
    private byte[] address;

    @Column(name = "nickname", length = 100)
    private String nickname;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    protected CustomerBase() {
    }

    protected CustomerBase(long id, String customerId, String email) {
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

    public void setEmailIndex(String emailIndex) {
        this.emailIndex = emailIndex;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public void setIpAddress(String ipAddress) {
        this.ipAddress = ipAddress;
    }

    public byte[] getAddress() {
        return address;
    }

    public void setAddress(byte[] address) {
        this.address = address;
    }

    public String getNickname() {
        return nickname;
    }

    public void setNickname(String nickname) {
        this.nickname = nickname;
    }

    public int getVersion() {
        return version;
    }

    /** Names the row by id only: no personal data in toString. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
