package ro.clickphone.privacy.examples.day;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
 * A call detail record (TRAFFIC, observed): the call's direction, the customer's own number (the policy's
 * {@code phone_number}) and the other party's (its {@code caller_number}: the policy has no callee field), the
 * device's IP address (all encrypted under the subject's traffic key), when the call started, how long it lasted
 * and what it cost.
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

    @Enumerated(EnumType.STRING)
    @Column(name = "direction", nullable = false, length = 8)
    private Direction direction;

    @Encrypted(field = "phone_number")
    @Column(name = "customer_number", length = 512)
    private String customerNumber;

    @Encrypted(field = "caller_number")
    @Column(name = "other_party", length = 512)
    private String otherParty;

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

    /** Whether the customer received or placed the call. */
    public enum Direction {
        /** The other party called the customer. */
        INBOUND,
        /** The customer called the other party. */
        OUTBOUND
    }

    /**
     * A new record.
     *
     * @param id the row id
     * @param customerId the subject id
     * @param direction whether the customer received or placed the call
     * @param customerNumber the customer's own number
     * @param otherParty the other party's number
     * @param startedAt when the call started
     * @param durationSeconds its duration (0 for a missed call)
     * @param deviceIp the device's IP address
     * @param costBani what it cost, in bani
     */
    public CallRecord(long id, String customerId, Direction direction, String customerNumber, String otherParty,
            Instant startedAt, int durationSeconds, String deviceIp, long costBani) {
        this.id = id;
        this.customerId = customerId;
        this.direction = direction;
        this.customerNumber = customerNumber;
        this.otherParty = otherParty;
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
     * Whether the customer received or placed the call.
     *
     * @return the direction
     */
    public Direction getDirection() {
        return direction;
    }

    /**
     * The customer's own number, decrypted.
     *
     * @return the number
     */
    public String getCustomerNumber() {
        return customerNumber;
    }

    /**
     * The other party's number, decrypted.
     *
     * @return the number
     */
    public String getOtherParty() {
        return otherParty;
    }

    /**
     * The caller's number: the other party's for an inbound call, the customer's for an outbound one.
     *
     * @return the number
     */
    public String caller() {
        return direction == Direction.INBOUND ? otherParty : customerNumber;
    }

    /**
     * The called number: the customer's for an inbound call, the other party's for an outbound one.
     *
     * @return the number
     */
    public String callee() {
        return direction == Direction.INBOUND ? customerNumber : otherParty;
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
