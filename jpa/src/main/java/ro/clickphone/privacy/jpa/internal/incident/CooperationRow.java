package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** An entry of the log of cooperation with the authority ({@code cpp_incident_cooperation}), at its position. */
@Entity
@Table(name = "cpp_incident_cooperation")
@IdClass(Keys.Position.class)
public class CooperationRow {

    @Id
    @Column(name = "incident_id", length = 64, nullable = false, updatable = false)
    String incidentId;

    @Id
    @Column(name = "position", nullable = false, updatable = false)
    int position;

    @Column(name = "kind", length = 32, nullable = false, updatable = false)
    String kind;

    @Convert(converter = ExactInstant.class)
    @Column(name = "happened_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant happenedAt;

    @Column(name = "body", length = 2000, nullable = false, updatable = false)
    String body;

    @Convert(converter = ExactInstant.class)
    @Column(name = "recorded_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "recorded_by", length = 128, nullable = false, updatable = false)
    String recordedBy;

    /** For JPA. */
    protected CooperationRow() {
    }

    static CooperationRow empty() {
        return new CooperationRow();
    }

    @Override
    public String toString() {
        return "CooperationRow[" + incidentId + ", #" + position + "]";
    }
}
