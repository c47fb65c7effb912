package ro.clickphone.privacy.jpa.internal.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * The uses reserved so far of one data-key version ({@code SubjectKeyStore.reserveUses}). Mapping only, so
 * that schema validation covers the table: the store reads and writes it with its own SQL, never through
 * this entity (a flush of a stale copy must never overwrite a count).
 */
@Entity
@Table(name = "cpp_subject_key_use")
@IdClass(SubjectKeyRow.Id.class)
public class SubjectKeyUseRow {

    @jakarta.persistence.Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @jakarta.persistence.Id
    @Column(name = "key_scope", length = 32, nullable = false, updatable = false)
    private String scope;

    @jakarta.persistence.Id
    @Column(name = "key_version", nullable = false, updatable = false)
    private int keyVersion;

    @Column(name = "uses_reserved", nullable = false, insertable = false, updatable = false)
    private long usesReserved;

    /** For JPA. */
    protected SubjectKeyUseRow() {
    }

    @Override
    public String toString() {
        return "SubjectKeyUseRow[" + scope + ", v" + keyVersion + "]";
    }
}
