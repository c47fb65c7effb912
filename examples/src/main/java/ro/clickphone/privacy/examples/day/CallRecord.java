package ro.clickphone.privacy.examples.day;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.Retained;
import ro.clickphone.privacy.spi.source.Provenance;

/**
 * A call detail record (TRAFFIC, observed): the caller's and the called number, the device's IP address
 * (encrypted under the subject's traffic key), when the call started, how long it lasted and what it cost.
 * Tagged for retention on insert: the ANCOM rule keeps it three years after the contract ends.
 */
@Entity(name = "DayCallRecord")
@Table(name = "day_call_record")
@Retained(category = "TRAFFIC", anchor = "startedAt")
@PersonalDataCategory(category = "TRAFFIC", provenance = Provenance.OBSERVED)
public class CallRecord {

    @Id
    private Long id;

    @DataSubject
    @Column(name = "customer_id", updatable = false, length = 128)
    private String customerId;

    @Encrypted(field = "caller_number")
    @Column(name = "caller", length = 512)
    private String caller;

    @Encrypted(field = "phone_number")
    @Column(name = "callee", length = 512)
    private String callee;

    @Convert(converter = EpochMillis.class)
    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "duration_seconds")
    private Integer durationSeconds;

    @Encrypted(field = "ip_address")
    @Column(name = "device_ip", length = 512)
    private String deviceIp;

    @NotPersonal
    @Column(name = "cost_bani")
    private Long costBani;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected CallRecord() {
    }

    /**
     * A new record.
     *
     * @param id the row id
     * @param customerId the subject id
     * @param caller the caller's number
     * @param callee the called number
     * @param startedAt when the call started
     * @param durationSeconds its duration (0 for a missed call)
     * @param deviceIp the device's IP address
     * @param costBani what it cost, in bani
     */
    public CallRecord(long id, String customerId, String caller, String callee, Instant startedAt,
            int durationSeconds, String deviceIp, long costBani) {
        this.id = id;
        this.customerId = customerId;
        this.caller = caller;
        this.callee = callee;
        this.startedAt = startedAt;
        this.durationSeconds = durationSeconds;
        this.deviceIp = deviceIp;
        this.costBani = costBani;
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
     * The caller's number, decrypted.
     *
     * @return the number
     */
    public String getCaller() {
        return caller;
    }

    /**
     * The called number, decrypted.
     *
     * @return the number
     */
    public String getCallee() {
        return callee;
    }

    /**
     * When the call started.
     *
     * @return the instant
     */
    public Instant getStartedAt() {
        return startedAt;
    }

    /**
     * How long the call lasted.
     *
     * @return seconds
     */
    public Integer getDurationSeconds() {
        return durationSeconds;
    }

    /**
     * The device's IP address, decrypted.
     *
     * @return the address
     */
    public String getDeviceIp() {
        return deviceIp;
    }

    /**
     * What the call cost.
     *
     * @return bani
     */
    public Long getCostBani() {
        return costBani;
    }

    /** Names the row by id only: no personal data. */
    @Override
    public String toString() {
        return "CallRecord[" + id + "]";
    }
}
