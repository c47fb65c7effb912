package ro.clickphone.privacy.jpa.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.spi.source.Provenance;

/** A test entity: a call detail record, observed data, with an integer id and field access only. */
@Entity(name = "CallRecord")
@Table(name = "src_call_record")
@PersonalDataCategory(category = "TRAFFIC", provenance = Provenance.OBSERVED)
public class CallRecord {

    @Id
    @Column(name = "id")
    private Integer id;

    @DataSubject
    @Column(name = "customer_id", length = 128, updatable = false)
    private String customerId;

    @Column(name = "callee", length = 512)
    private String callee;

    @NotPersonal
    @Column(name = "duration_seconds")
    private Integer durationSeconds;

    /** A business code, not personal: neither anonymized nor rectifiable. */
    @NotPersonal
    @Column(name = "tariff", length = 32)
    private String tariff;

    /** Written once at insert: not rectifiable. */
    @Column(name = "network", length = 64, updatable = false)
    private String network;

    protected CallRecord() {
    }

    public CallRecord(Integer id, String customerId, String callee, Integer durationSeconds) {
        this.id = id;
        this.customerId = customerId;
        this.callee = callee;
        this.durationSeconds = durationSeconds;
    }
}
