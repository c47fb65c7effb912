package ro.clickphone.privacy.examples.day;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;

/**
 * The device a customer uses the service on (DEVICE: hardware model and operating system, encrypted under the
 * subject's device key). Tagged for retention on insert: kept while the contract lasts (through the day it ends).
 */
@Entity(name = "DayDevice")
@Table(name = "day_device")
@PersonalDataCategory(category = "DEVICE")
@Retained(category = "DEVICE")
public class Device {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", nullable = false, updatable = false, length = 128)
    private String customerId;

    @Encrypted(field = "hardware_model")
    @Column(name = "hardware_model", length = 512)
    private String hardwareModel;

    @Encrypted(field = "operating_system")
    @Column(name = "operating_system", length = 512)
    private String operatingSystem;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected Device() {
    }

    /**
     * A new device.
     *
     * @param id the row id
     * @param customerId the subject id
     * @param hardwareModel the hardware model
     * @param operatingSystem the operating system
     */
    public Device(long id, String customerId, String hardwareModel, String operatingSystem) {
        this.id = id;
        this.customerId = customerId;
        this.hardwareModel = hardwareModel;
        this.operatingSystem = operatingSystem;
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
     * The hardware model, decrypted.
     *
     * @return the model
     */
    public String getHardwareModel() {
        return hardwareModel;
    }

    /**
     * The operating system, decrypted.
     *
     * @return the system
     */
    public String getOperatingSystem() {
        return operatingSystem;
    }

    /** Names the row by id only: no personal data. */
    @Override
    public String toString() {
        return "Device[" + id + "]";
    }
}
