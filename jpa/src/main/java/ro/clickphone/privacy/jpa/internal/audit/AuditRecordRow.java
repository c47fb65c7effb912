package ro.clickphone.privacy.jpa.internal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One audit record as stored: every field of {@code AuditRecord} in a column of its own, the enums as
 * their names in plain strings (so that an edited name surfaces as the SPI's validation error, not as a
 * provider's), the timestamp exactly (it is hashed). Categories and details are rows of their own.
 */
@Entity
@Table(name = "cpp_audit_record")
public class AuditRecordRow {

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Convert(converter = EpochNanos.class)
    @Column(name = "recorded_at", nullable = false)
    private Instant timestamp;

    @Column(name = "actor_kind", length = 16, nullable = false)
    private String actorKind;

    @Column(name = "actor_ref", length = 128, nullable = false)
    private String actorRef;

    @Column(name = "action", length = 64, nullable = false)
    private String action;

    @Column(name = "purpose", length = 64)
    private String purpose;

    @Column(name = "subject_ref", length = 34)
    private String subjectRef;

    @Column(name = "outcome", length = 16, nullable = false)
    private String outcome;

    @Column(name = "previous_hash", length = 64, nullable = false)
    private String previousHash;

    @Column(name = "hash", length = 64, nullable = false)
    private String hash;

    /** For JPA. */
    protected AuditRecordRow() {
    }

    AuditRecordRow(long sequence, Instant timestamp, String actorKind, String actorRef, String action, String purpose,
            String subjectRef, String outcome, String previousHash, String hash) {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.actorKind = actorKind;
        this.actorRef = actorRef;
        this.action = action;
        this.purpose = purpose;
        this.subjectRef = subjectRef;
        this.outcome = outcome;
        this.previousHash = previousHash;
        this.hash = hash;
    }

    long sequence() {
        return sequence;
    }

    Instant timestamp() {
        return timestamp;
    }

    String actorKind() {
        return actorKind;
    }

    String actorRef() {
        return actorRef;
    }

    String action() {
        return action;
    }

    String purpose() {
        return purpose;
    }

    String subjectRef() {
        return subjectRef;
    }

    String outcome() {
        return outcome;
    }

    String previousHash() {
        return previousHash;
    }

    String hash() {
        return hash;
    }
}
