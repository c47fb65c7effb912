package ro.clickphone.privacy.jpa.internal.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One wrapped data key: (subject, scope, version), the KEK that wrapped it and the wrapped bytes as the
 * provider's Base64 text (kept verbatim, so that a compare-and-set sees exactly what was read). Never an
 * unwrapped key. Mapping only.
 */
@Entity
@Table(name = "cpp_subject_key")
@IdClass(SubjectKeyRow.Id.class)
public class SubjectKeyRow {

    @jakarta.persistence.Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @jakarta.persistence.Id
    @Column(name = "key_scope", length = 32, nullable = false, updatable = false)
    private String scope;

    @jakarta.persistence.Id
    @Column(name = "key_version", nullable = false, updatable = false)
    private int keyVersion;

    @Column(name = "kek_id", length = 64, nullable = false)
    private String kekId;

    @Column(name = "kek_version", nullable = false)
    private int kekVersion;

    @Column(name = "wrapped_key", length = 4096, nullable = false)
    private String wrapped;

    @Convert(converter = EpochNanos.class)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** For JPA. */
    protected SubjectKeyRow() {
    }

    SubjectKeyRow(String subject, String scope, int keyVersion, String kekId, int kekVersion, String wrapped,
            Instant createdAt) {
        this.subject = subject;
        this.scope = scope;
        this.keyVersion = keyVersion;
        this.kekId = kekId;
        this.kekVersion = kekVersion;
        this.wrapped = wrapped;
        this.createdAt = createdAt;
    }

    String subject() {
        return subject;
    }

    String scope() {
        return scope;
    }

    int keyVersion() {
        return keyVersion;
    }

    String kekId() {
        return kekId;
    }

    int kekVersion() {
        return kekVersion;
    }

    String wrapped() {
        return wrapped;
    }

    Instant createdAt() {
        return createdAt;
    }

    void rewrap(String newKekId, int newKekVersion, String newWrapped, Instant newCreatedAt) {
        this.kekId = newKekId;
        this.kekVersion = newKekVersion;
        this.wrapped = newWrapped;
        this.createdAt = newCreatedAt;
    }

    /** The primary key. */
    public static final class Id implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private String subject;
        private String scope;
        private int keyVersion;

        /** For JPA. */
        public Id() {
        }

        Id(String subject, String scope, int keyVersion) {
            this.subject = subject;
            this.scope = scope;
            this.keyVersion = keyVersion;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && subject.equals(id.subject) && scope.equals(id.scope)
                    && keyVersion == id.keyVersion;
        }

        @Override
        public int hashCode() {
            return (subject.hashCode() * 31 + scope.hashCode()) * 31 + keyVersion;
        }

        @Override
        public String toString() {
            return "SubjectKeyRow.Id[" + scope + " v" + keyVersion + "]";
        }
    }

    @Override
    public String toString() {
        return "SubjectKeyRow[" + scope + " v" + keyVersion + ", " + kekId + " v" + kekVersion + "]";
    }
}
