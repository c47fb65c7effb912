package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A breach notice to one subject ({@code cpp_incident_subject_notice}), keyed by the subject's keyed audit
 * pseudonym as the kit gives it; {@code position} keeps the order planned.
 */
@Entity
@Table(name = "cpp_incident_subject_notice")
@IdClass(Keys.Subject.class)
public class SubjectNoticeRow {

    @Id
    @Column(name = "incident_id", length = 64, nullable = false, updatable = false)
    String incidentId;

    @Id
    @Column(name = "subject", length = 128, nullable = false, updatable = false)
    String subject;

    @Column(name = "position", nullable = false, updatable = false)
    int position;

    @Convert(converter = ExactInstant.class)
    @Column(name = "planned_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant plannedAt;

    @Column(name = "message_id", length = 128)
    String messageId;

    @Convert(converter = ExactInstant.class)
    @Column(name = "sent_at", precision = 21, scale = 0)
    Instant sentAt;

    /** For JPA. */
    protected SubjectNoticeRow() {
    }

    static SubjectNoticeRow empty() {
        return new SubjectNoticeRow();
    }

    @Override
    public String toString() {
        return "SubjectNoticeRow[" + incidentId + ", #" + position + "]";
    }
}
