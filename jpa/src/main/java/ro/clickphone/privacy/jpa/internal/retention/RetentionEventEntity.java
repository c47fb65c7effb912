package ro.clickphone.privacy.jpa.internal.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One row of {@code cpp_retention_event}: a day on which an event (a contract's end) happened for a
 * subject, keyed by the subject's audit pseudonym as the kit gives it. Mapping only.
 */
@Entity
@Table(name = "cpp_retention_event")
@IdClass(RetentionEventEntity.Key.class)
public class RetentionEventEntity {

    @Id
    @Column(name = "subject_id", length = 128, nullable = false)
    String subject;

    @Id
    @Column(name = "event_id", length = 64, nullable = false)
    String eventId;

    /** The day as its epoch day (a converter may not apply to an id attribute). */
    @Id
    @Column(name = "event_day", nullable = false)
    long epochDay;

    /** For JPA. */
    protected RetentionEventEntity() {
    }

    /** The composite key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String subject;
        String eventId;
        long epochDay;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(subject, k.subject) && Objects.equals(eventId, k.eventId)
                    && epochDay == k.epochDay;
        }

        @Override
        public int hashCode() {
            return Objects.hash(subject, eventId, epochDay);
        }

        @Override
        public String toString() {
            return "Key[" + eventId + "]";
        }
    }

    @Override
    public String toString() {
        return "RetentionEventEntity[" + eventId + "]";
    }
}
