package ro.clickphone.privacy.examples.day;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;

/**
 * A ClickPhone customer account: the e-mail address for notifications (encrypted, with a blind index
 * for look-ups), the contact phone and the service address (encrypted), and the daily spending limit.
 * The field ids are the ones the policy's CONTACT and SERVICE_ADDRESS categories declare. Tagged for retention
 * on insert: the policy keeps account contact data at least three years after the contract ends (ANCOM).
 */
@Entity(name = "DayAccount")
@Table(name = "day_account")
@PersonalDataCategory(category = "CONTACT")
@Retained(category = "CONTACT")
public class Account {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false, length = 128)
    private String customerId;

    @Encrypted(field = "notification_email")
    @BlindIndex(target = "emailIndex")
    @Column(name = "email", length = 512)
    private String email;

    @Column(name = "email_index", length = 64)
    private String emailIndex;

    @Encrypted(field = "contact_phone")
    @Column(name = "phone", length = 512)
    private String phone;

    @Encrypted(field = "service_address")
    @Column(name = "service_address", length = 1024)
    private String serviceAddress;

    @Column(name = "daily_limit_bani")
    private Long dailyLimitBani;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected Account() {
    }

    /**
     * A new account.
     *
     * @param id the row id
     * @param customerId the subject id
     * @param email the notification address
     * @param phone the contact phone
     * @param serviceAddress the service address
     */
    public Account(long id, String customerId, String email, String phone, String serviceAddress) {
        this.id = id;
        this.customerId = customerId;
        this.email = email;
        this.phone = phone;
        this.serviceAddress = serviceAddress;
    }

    /**
     * The row id.
     *
     * @return the id
     */
    public Long getId() {
        return id;
    }

    /**
     * The subject id.
     *
     * @return the customer id
     */
    public String getCustomerId() {
        return customerId;
    }

    /**
     * The notification address, decrypted.
     *
     * @return the address
     */
    public String getEmail() {
        return email;
    }

    /**
     * The blind index of the address.
     *
     * @return the index
     */
    public String getEmailIndex() {
        return emailIndex;
    }

    /**
     * Sets the blind index (the field encryption does it on every write).
     *
     * @param emailIndex the index
     */
    public void setEmailIndex(String emailIndex) {
        this.emailIndex = emailIndex;
    }

    /**
     * The contact phone, decrypted.
     *
     * @return the phone
     */
    public String getPhone() {
        return phone;
    }

    /**
     * The service address, decrypted.
     *
     * @return the address
     */
    public String getServiceAddress() {
        return serviceAddress;
    }

    /**
     * The daily spending limit in bani (1/100 RON), if set.
     *
     * @return the limit, or null
     */
    public Long getDailyLimitBani() {
        return dailyLimitBani;
    }

    /**
     * Sets the daily spending limit.
     *
     * @param bani the limit in bani
     */
    public void setDailyLimitBani(Long bani) {
        this.dailyLimitBani = bani;
    }

    /** Names the row by id only: no personal data. */
    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
