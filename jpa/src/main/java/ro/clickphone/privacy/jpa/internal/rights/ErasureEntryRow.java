package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * One erasure ledger entry ({@code cpp_erasure_ledger}), written once and never updated. Mapping only:
 * {@link JpaErasureLedger} converts it to and from {@code ErasureEntry}.
 */
@Entity
@Table(name = "cpp_erasure_ledger")
public class ErasureEntryRow {

    @Id
    @Column(name = "request_id", length = 64, nullable = false, updatable = false)
    String requestId;

    @Convert(converter = EpochNanos.class)
    @Column(name = "erased_at", nullable = false, updatable = false)
    Instant erasedAt;

    @Column(name = "sealed_subject", nullable = false, updatable = false)
    String sealedSubject;

    @Column(name = "erased", nullable = false, updatable = false)
    String erased;

    @Column(name = "shredded", nullable = false, updatable = false)
    String shredded;

    @Column(name = "vault_erased", nullable = false, updatable = false)
    int vaultErased;

    /** For JPA. */
    protected ErasureEntryRow() {
    }

    static ErasureEntryRow empty() {
        return new ErasureEntryRow();
    }

    @Override
    public String toString() {
        return "ErasureEntryRow[" + requestId + "]";
    }
}
