package ro.clickphone.privacy.jpa.internal.rights;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import ro.clickphone.privacy.jpa.internal.EpochNanos;

/**
 * A human-review task's latest version ({@code cpp_review_task}). Mapping only: {@link JpaRightsRequestStore}
 * converts it to and from {@code ReviewTask}.
 */
@Entity
@Table(name = "cpp_review_task")
public class ReviewTaskRow {

    @Id
    @Column(name = "id", length = 35, nullable = false, updatable = false)
    String id;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "request_id", length = 35, nullable = false)
    String requestId;

    @Column(name = "subject", length = 128, nullable = false)
    String subject;

    @Column(name = "decision_ref", length = 64, nullable = false)
    String decisionRef;

    @Column(name = "sealed_viewpoint", nullable = false)
    String sealedViewpoint;

    @Column(name = "state", length = 32, nullable = false)
    String state;

    @Column(name = "assignee")
    String assignee;

    @Column(name = "decision", length = 32)
    String decision;

    @Column(name = "sealed_rationale")
    String sealedRationale;

    @Convert(converter = EpochNanos.class)
    @Column(name = "decided_at")
    Instant decidedAt;

    /** For JPA. */
    protected ReviewTaskRow() {
    }

    static ReviewTaskRow empty() {
        return new ReviewTaskRow();
    }

    @Override
    public String toString() {
        return "ReviewTaskRow[" + id + ", v" + version + "]";
    }
}
