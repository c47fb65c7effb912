package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One row of {@code cpp_retention_tag}: a record's retention tag, or, once the record was disposed of,
 * its disposal proof under the proof's keyed record reference. Mapping only; {@link JpaRetentionStore}
 * converts to and from {@code RetentionTag}.
 */
@Entity
@Table(name = "cpp_retention_tag")
@IdClass(RetentionTagEntity.Key.class)
public class RetentionTagEntity {

    @Id
    @Column(name = "source", length = 64, nullable = false)
    String source;

    @Id
    @Column(name = "record_id", length = 256, nullable = false)
    String recordId;

    @Column(name = "subject_id", length = 128)
    String subject;

    @Column(name = "subject_ref", length = 128, nullable = false)
    String subjectRef;

    @Column(name = "category", length = 64, nullable = false)
    String category;

    @Column(name = "rule_id", length = 64, nullable = false)
    String rule;

    @Column(name = "key_scope", length = 32)
    String keyScope;

    /** The other categories, each between commas ({@code ,NETWORK,TRAFFIC,}), or empty. */
    @Column(name = "also_tagged_as", length = 2000, nullable = false)
    String alsoTaggedAs;

    @Convert(converter = EpochDay.class)
    @Column(name = "last_day_kept")
    LocalDate lastDayKept;

    /** The first day due: the day after the last day kept, unless pending or disposed of. Derived, for queries. */
    @Convert(converter = EpochDay.class)
    @Column(name = "due_day")
    LocalDate dueDay;

    @Column(name = "awaiting", length = 64)
    String awaiting;

    @Convert(converter = EpochNanos.class)
    @Column(name = "tagged_at", nullable = false)
    Instant taggedAt;

    @Convert(converter = EpochNanos.class)
    @Column(name = "disposed_at")
    Instant disposedAt;

    @Column(name = "disposal", length = 32)
    String disposal;

    @Column(name = "revision", nullable = false)
    long revision;

    @Convert(converter = EpochDay.class)
    @Column(name = "anchored_on", nullable = false)
    LocalDate anchoredOn;

    @Convert(converter = Flag.class)
    @Column(name = "extended_by_hold", nullable = false)
    Boolean extendedByHold;

    @Column(name = "lease_owner", length = 64)
    String leaseOwner;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_from")
    Instant leaseFrom;

    @Convert(converter = EpochNanos.class)
    @Column(name = "lease_until")
    Instant leaseUntil;

    /** For JPA. */
    protected RetentionTagEntity() {
    }

    /** The composite key: source and record id. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String source;
        String recordId;

        /** For JPA. */
        public Key() {
        }

        Key(String source, String recordId) {
            this.source = source;
            this.recordId = recordId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(source, k.source) && Objects.equals(recordId, k.recordId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, recordId);
        }

        @Override
        public String toString() {
            return "Key[" + source + "]";
        }
    }

    @Override
    public String toString() {
        return "RetentionTagEntity[" + source + ", revision " + revision + "]";
    }
}
