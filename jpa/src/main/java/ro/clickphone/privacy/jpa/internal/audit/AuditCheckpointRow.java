package ro.clickphone.privacy.jpa.internal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/** One signed audit checkpoint as stored; its creation time exactly (it is signed). */
@Entity
@Table(name = "cpp_audit_checkpoint")
public class AuditCheckpointRow {

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Column(name = "head_hash", length = 64, nullable = false)
    private String headHash;

    @Convert(converter = EpochNanos.class)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "key_id", length = 64, nullable = false)
    private String keyId;

    @Column(name = "algorithm", length = 64, nullable = false)
    private String algorithm;

    @Column(name = "signature", length = 1026, nullable = false)
    private String signature;

    @Column(name = "format_version", nullable = false)
    private int version;

    @Column(name = "checkpoint_interval", nullable = false)
    private int interval;

    @Column(name = "previous_checkpoint_hash", length = 64, nullable = false)
    private String previousCheckpointHash;

    /** For JPA. */
    protected AuditCheckpointRow() {
    }

    AuditCheckpointRow(long sequence, String headHash, Instant createdAt, String keyId, String algorithm,
            String signature, int version, int interval, String previousCheckpointHash) {
        this.sequence = sequence;
        this.headHash = headHash;
        this.createdAt = createdAt;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.signature = signature;
        this.version = version;
        this.interval = interval;
        this.previousCheckpointHash = previousCheckpointHash;
    }

    long sequence() {
        return sequence;
    }

    String headHash() {
        return headHash;
    }

    Instant createdAt() {
        return createdAt;
    }

    String keyId() {
        return keyId;
    }

    String algorithm() {
        return algorithm;
    }

    String signature() {
        return signature;
    }

    int version() {
        return version;
    }

    int interval() {
        return interval;
    }

    String previousCheckpointHash() {
        return previousCheckpointHash;
    }
}
