package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/** A transfer notice, append-only: the whole notice is the key, so recording it twice keeps one. Mapping only. */
@Entity
@Table(name = "cpp_transfer_notice")
@IdClass(TransferNoticeRow.Id.class)
public class TransferNoticeRow {

    private static final EpochNanos NANOS = new EpochNanos();

    @jakarta.persistence.Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @jakarta.persistence.Id
    @Column(name = "recipient", length = 64, nullable = false, updatable = false)
    private String recipient;

    @jakarta.persistence.Id
    @Column(name = "successor", length = 64, nullable = false, updatable = false)
    private String successor;

    /** Nanoseconds since the epoch, as {@link EpochNanos} keeps instants (a converter cannot apply to a key). */
    @jakarta.persistence.Id
    @Column(name = "notified_at", nullable = false, updatable = false)
    private long notifiedAt;

    /** For JPA. */
    protected TransferNoticeRow() {
    }

    TransferNoticeRow(String subject, String recipient, String successor, Instant notifiedAt) {
        this.subject = subject;
        this.recipient = recipient;
        this.successor = successor;
        this.notifiedAt = NANOS.convertToDatabaseColumn(notifiedAt);
    }

    static long nanos(Instant instant) {
        return NANOS.convertToDatabaseColumn(instant);
    }

    Instant notifiedAt() {
        return NANOS.convertToEntityAttribute(notifiedAt);
    }

    /** The primary key. */
    public static final class Id implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private String subject;
        private String recipient;
        private String successor;
        private long notifiedAt;

        /** For JPA. */
        public Id() {
        }

        Id(String subject, String recipient, String successor, long notifiedAt) {
            this.subject = subject;
            this.recipient = recipient;
            this.successor = successor;
            this.notifiedAt = notifiedAt;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && subject.equals(id.subject) && recipient.equals(id.recipient)
                    && successor.equals(id.successor) && notifiedAt == id.notifiedAt;
        }

        @Override
        public int hashCode() {
            return ((subject.hashCode() * 31 + recipient.hashCode()) * 31 + successor.hashCode()) * 31
                    + Long.hashCode(notifiedAt);
        }

        @Override
        public String toString() {
            return "TransferNoticeRow.Id[" + recipient + " " + successor + "]";
        }
    }

    @Override
    public String toString() {
        return "TransferNoticeRow[" + recipient + " " + successor + "]";
    }
}
