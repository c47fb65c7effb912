package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/** One row of {@code cpp_retention_hold}: a legal hold, active or released. Mapping only. */
@Entity
@Table(name = "cpp_retention_hold")
public class LegalHoldEntity {

    @Id
    @Column(name = "id", length = 64, nullable = false)
    String id;

    /** The holds revision this hold was placed at: the order of placing. */
    @Column(name = "placed_seq", nullable = false)
    long placedSeq;

    @Column(name = "kind", length = 16, nullable = false)
    String kind;

    @Column(name = "subject_id", length = 128)
    String subject;

    @Column(name = "record_source", length = 64)
    String recordSource;

    @Column(name = "record_id", length = 256)
    String recordId;

    @Column(name = "category", length = 64)
    String category;

    @Column(name = "reason", length = 500, nullable = false)
    String reason;

    @Column(name = "case_reference", length = 200, nullable = false)
    String caseReference;

    @Convert(converter = EpochNanos.class)
    @Column(name = "placed_at", nullable = false)
    Instant placedAt;

    @Convert(converter = EpochNanos.class)
    @Column(name = "released_at")
    Instant releasedAt;

    /** For JPA. */
    protected LegalHoldEntity() {
    }

    LegalHoldEntity(String id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "LegalHoldEntity[" + id + ", " + kind + "]";
    }
}
