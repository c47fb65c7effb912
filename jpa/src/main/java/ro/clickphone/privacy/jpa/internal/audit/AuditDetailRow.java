package ro.clickphone.privacy.jpa.internal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One key/value code of an audit record's details. */
@Entity
@Table(name = "cpp_audit_detail")
@IdClass(AuditDetailRow.Key.class)
public class AuditDetailRow {

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Id
    @Column(name = "detail_key", length = 64, nullable = false)
    private String key;

    @Column(name = "detail_value", length = 256, nullable = false)
    private String value;

    /** For JPA. */
    protected AuditDetailRow() {
    }

    AuditDetailRow(long sequence, String key, String value) {
        this.sequence = sequence;
        this.key = key;
        this.value = value;
    }

    long sequence() {
        return sequence;
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    /** The primary key, for JPA. */
    public static final class Key implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private long sequence;
        private String key;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && sequence == other.sequence && java.util.Objects.equals(key, other.key);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(sequence, key);
        }
    }
}
