package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An incident's head row ({@code cpp_incident}): its latest version number and the lengths of its logs. Every
 * write to the incident locks this row first, so versions and log positions are taken one at a time, on any
 * number of factories.
 */
@Entity
@Table(name = "cpp_incident")
public class IncidentRow {

    @Id
    @Column(name = "incident_id", length = 64, nullable = false, updatable = false)
    String incidentId;

    @Column(name = "latest_version", nullable = false)
    int latestVersion;

    @Column(name = "authority_notices", nullable = false)
    int authorityNotices;

    @Column(name = "cooperation_entries", nullable = false)
    int cooperationEntries;

    @Column(name = "subject_notices", nullable = false)
    int subjectNotices;

    /** For JPA. */
    protected IncidentRow() {
    }

    IncidentRow(String incidentId) {
        this.incidentId = incidentId;
    }

    @Override
    public String toString() {
        return "IncidentRow[" + incidentId + ", v" + latestVersion + "]";
    }
}
