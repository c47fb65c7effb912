package ro.clickphone.privacy.jpa.internal.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One row of {@code cpp_outbox}: an outbox message from its acceptance to its final state. Mapping only;
 * {@link JpaOutboxStore} converts to and from {@code OutboxMessage}. The content is the kit's sealed
 * rendering; the address is not kept.
 */
@Entity
@Table(name = "cpp_outbox")
public class OutboxEntity {

    /** The longest text column: the content's limit (1 MiB of characters). */
    static final int LONG_TEXT = 1 << 20;

    @Id
    @Column(name = "id", length = 128, nullable = false)
    String id;

    @Column(name = "message_type", length = 64, nullable = false)
    String type;

    @Column(name = "subject_id", length = 128, nullable = false)
    String subject;

    @Column(name = "channel", length = 64, nullable = false)
    String channel;

    @Column(name = "medium", length = 64, nullable = false)
    String medium;

    @Column(name = "state", length = 16, nullable = false)
    String state;

    @Convert(converter = EpochNanos.class)
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "attempts", nullable = false)
    int attempts;

    @Convert(converter = EpochNanos.class)
    @Column(name = "next_attempt_at", nullable = false)
    Instant nextAttemptAt;

    @Column(name = "lease_owner", length = 64)
    String leaseOwner;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_from")
    Instant leaseFrom;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_until")
    Instant leaseUntil;

    @Column(name = "content", length = LONG_TEXT)
    String content;

    /** The attachment references, length-prefixed ({@link AttachmentsText}). */
    @Column(name = "attachments", length = LONG_TEXT, nullable = false)
    String attachments;

    @Column(name = "reason", length = 64)
    String reason;

    @Column(name = "receipt_channel", length = 64)
    String receiptChannel;

    @Column(name = "receipt_reference", length = 200)
    String receiptReference;

    @Convert(converter = EpochNanos.class)
    @Column(name = "receipt_accepted_at")
    Instant receiptAcceptedAt;

    @Convert(converter = EpochNanos.class)
    @Column(name = "finished_at")
    Instant finishedAt;

    /** For JPA. */
    protected OutboxEntity() {
    }

    @Override
    public String toString() {
        return "OutboxEntity[" + channel + ", " + state + "]";
    }
}
