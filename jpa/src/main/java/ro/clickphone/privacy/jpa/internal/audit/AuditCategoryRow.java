package ro.clickphone.privacy.jpa.internal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One category id of an audit record. */
@Entity
@Table(name = "cpp_audit_category")
@IdClass(AuditCategoryRow.Key.class)
public class AuditCategoryRow {

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Id
    @Column(name = "category", length = 64, nullable = false)
    private String category;

    /** For JPA. */
    protected AuditCategoryRow() {
    }

    AuditCategoryRow(long sequence, String category) {
        this.sequence = sequence;
        this.category = category;
    }

    long sequence() {
        return sequence;
    }

    String category() {
        return category;
    }

    /** The primary key, for JPA. */
    public static final class Key implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private long sequence;
        private String category;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && sequence == other.sequence && java.util.Objects.equals(category, other.category);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(sequence, category);
        }
    }
}
