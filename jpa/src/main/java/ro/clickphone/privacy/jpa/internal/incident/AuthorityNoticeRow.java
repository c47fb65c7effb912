package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notice to the supervisory authority ({@code cpp_incident_authority_notice}), at its position in the log. */
@Entity
@Table(name = "cpp_incident_authority_notice")
@IdClass(Keys.Position.class)
public class AuthorityNoticeRow {

    @Id
    @Column(name = "incident_id", length = 64, nullable = false, updatable = false)
    String incidentId;

    @Id
    @Column(name = "position", nullable = false, updatable = false)
    int position;

    @Column(name = "clock", length = 32, nullable = false, updatable = false)
    String clock;

    @Convert(converter = ExactInstant.class)
    @Column(name = "sent_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant sentAt;

    @Column(name = "reference", length = 200, nullable = false, updatable = false)
    String reference;

    @Convert(converter = ExactInstant.class)
    @Column(name = "recorded_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "recorded_by", length = 128, nullable = false, updatable = false)
    String recordedBy;

    /** For JPA. */
    protected AuthorityNoticeRow() {
    }

    static AuthorityNoticeRow empty() {
        return new AuthorityNoticeRow();
    }

    @Override
    public String toString() {
        return "AuthorityNoticeRow[" + incidentId + ", #" + position + "]";
    }
}
