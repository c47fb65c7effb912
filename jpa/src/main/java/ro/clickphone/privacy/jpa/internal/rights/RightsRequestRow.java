package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * A rights request's latest version ({@code cpp_rights_request}). Mapping only: {@link JpaRightsRequestStore}
 * converts it to and from {@code RequestRecord}. The nested parts (requester, categories, records, purposes,
 * progress, recipients told) are {@link Codec} texts; enums are their names; dates are epoch days.
 */
@Entity
@Table(name = "cpp_rights_request")
public class RightsRequestRow {

    @Id
    @Column(name = "id", length = 35, nullable = false, updatable = false)
    String id;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "type", length = 32, nullable = false)
    String type;

    /** The subject's id as the SPI value holds it: {@code ofSubject} finds requests by it. */
    @Column(name = "subject", length = 128, nullable = false)
    String subject;

    @Column(name = "channel", length = 32, nullable = false)
    String channel;

    @Convert(converter = EpochNanos.class)
    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    @Column(name = "requester")
    String requester;

    @Column(name = "categories", nullable = false)
    String categories;

    @Column(name = "records", nullable = false)
    String records;

    @Column(name = "purposes", nullable = false)
    String purposes;

    @Column(name = "sealed")
    String sealed;

    @Column(name = "state", length = 32, nullable = false)
    String state;

    @Column(name = "refusal", length = 64)
    String refusal;

    @Column(name = "base_due_day", nullable = false)
    long baseDueDay;

    @Column(name = "due_day", nullable = false)
    long dueDay;

    /** {@link #dueDay} while the request is open, null once it ended: the index {@code open()} pages on. */
    @Column(name = "open_due_day")
    Long openDueDay;

    @Column(name = "extended", nullable = false)
    int extended;

    @Column(name = "extension_reason", length = 1000)
    String extensionReason;

    @Convert(converter = EpochNanos.class)
    @Column(name = "paused_since")
    Instant pausedSince;

    @Column(name = "paused_days", nullable = false)
    int pausedDays;

    @Column(name = "progress", nullable = false)
    String progress;

    @Column(name = "recipients_told", nullable = false)
    String recipientsTold;

    @Column(name = "lease_owner", length = 64)
    String leaseOwner;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_from")
    Instant leaseFrom;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_until")
    Instant leaseUntil;

    @Convert(converter = EpochNanos.class)
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    /** For JPA. */
    protected RightsRequestRow() {
    }

    static RightsRequestRow empty() {
        return new RightsRequestRow();
    }

    @Override
    public String toString() {
        return "RightsRequestRow[" + id + ", v" + version + "]";
    }
}
