package ro.clickphone.privacy.jpa.internal.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One version of an incident ({@code cpp_incident_version}), inserted once and never updated. Mapping only:
 * {@link JpaIncidentStore} converts it to and from {@code IncidentVersion}.
 */
@Entity
@Table(name = "cpp_incident_version")
@IdClass(Keys.Version.class)
public class IncidentVersionRow {

    @Id
    @Column(name = "incident_id", length = 64, nullable = false, updatable = false)
    String incidentId;

    @Id
    @Column(name = "version", nullable = false, updatable = false)
    int version;

    @Column(name = "nature", length = 4000, nullable = false, updatable = false)
    String nature;

    @Convert(converter = ExactInstant.class)
    @Column(name = "occurred_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant occurredAt;

    @Convert(converter = ExactInstant.class)
    @Column(name = "discovered_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant discoveredAt;

    @Column(name = "affected_subjects", nullable = false, updatable = false)
    long affectedSubjects;

    @Column(name = "affected_subjects_estimated", nullable = false, updatable = false)
    int affectedSubjectsEstimated;

    @Column(name = "affected_records", updatable = false)
    Long affectedRecords;

    @Column(name = "affected_records_estimated", updatable = false)
    Integer affectedRecordsEstimated;

    @Column(name = "subject_categories", nullable = false, updatable = false)
    String subjectCategories;

    @Column(name = "categories", nullable = false, updatable = false)
    String categories;

    @Column(name = "likely_consequences", length = 4000, nullable = false, updatable = false)
    String likelyConsequences;

    @Column(name = "measures", length = 4000, nullable = false, updatable = false)
    String measures;

    @Column(name = "contact_name", length = 200, nullable = false, updatable = false)
    String contactName;

    @Column(name = "contact_email", length = 254, updatable = false)
    String contactEmail;

    @Column(name = "contact_phone", length = 64, updatable = false)
    String contactPhone;

    @Column(name = "status", length = 32, nullable = false, updatable = false)
    String status;

    @Column(name = "clocks", length = 200, nullable = false, updatable = false)
    String clocks;

    @Column(name = "delay_reason", length = 4000, updatable = false)
    String delayReason;

    @Column(name = "notice_nature", length = 4000, updatable = false)
    String noticeNature;

    @Column(name = "notice_consequences", length = 4000, updatable = false)
    String noticeConsequences;

    @Column(name = "notice_measures", length = 4000, updatable = false)
    String noticeMeasures;

    @Column(name = "notice_recommendations", length = 4000, updatable = false)
    String noticeRecommendations;

    @Column(name = "circumstances", length = 4000, updatable = false)
    String circumstances;

    @Column(name = "other_providers", length = 4000, updatable = false)
    String otherProviders;

    @Column(name = "cross_border", length = 4000, updatable = false)
    String crossBorder;

    @Convert(converter = ExactInstant.class)
    @Column(name = "public_communication_at", precision = 21, scale = 0, updatable = false)
    Instant publicCommunicationAt;

    @Column(name = "public_communication_means", length = 2000, updatable = false)
    String publicCommunicationMeans;

    @Convert(converter = ExactInstant.class)
    @Column(name = "recorded_at", precision = 21, scale = 0, nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "recorded_by", length = 128, nullable = false, updatable = false)
    String recordedBy;

    /** For JPA. */
    protected IncidentVersionRow() {
    }

    static IncidentVersionRow empty() {
        return new IncidentVersionRow();
    }

    @Override
    public String toString() {
        return "IncidentVersionRow[" + incidentId + ", v" + version + "]";
    }
}
