package ro.clickphone.privacy.jpa.internal.source;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One standing restriction of processing (GDPR art. 18) of one record of a {@code JpaPersonalDataSource}:
 * the source, the record's id within it and the ground, with the last day it is meant to last when known.
 * Lifting deletes the row; a record is restricted while it has at least one.
 */
@Entity(name = "CppRestriction")
@Table(name = "cpp_restriction")
@IdClass(RestrictionRow.Key.class)
public class RestrictionRow {

    @Id
    @Column(name = "source_name", length = 64, nullable = false)
    private String source;

    @Id
    @Column(name = "record_id", length = 256, nullable = false)
    private String recordId;

    @Id
    @Column(name = "ground", length = 64, nullable = false)
    private String ground;

    @Column(name = "until_day")
    private LocalDate until;

    /** For JPA. */
    protected RestrictionRow() {
    }

    /**
     * A new row.
     *
     * @param source the source's name
     * @param recordId the record's id within it
     * @param ground the ground
     * @param until the last day, or null
     */
    public RestrictionRow(String source, String recordId, String ground, LocalDate until) {
        this.source = source;
        this.recordId = recordId;
        this.ground = ground;
        this.until = until;
    }

    /** @return the last day, or null */
    public LocalDate until() {
        return until;
    }

    /** @param until the new last day, or null */
    public void until(LocalDate until) {
        this.until = until;
    }

    /** The primary key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String source;
        private String recordId;
        private String ground;

        /** For JPA. */
        public Key() {
        }

        /**
         * A key.
         *
         * @param source the source
         * @param recordId the record id
         * @param ground the ground
         */
        public Key(String source, String recordId, String ground) {
            this.source = source;
            this.recordId = recordId;
            this.ground = ground;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(source, k.source) && Objects.equals(recordId, k.recordId)
                    && Objects.equals(ground, k.ground);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, recordId, ground);
        }

        @Override
        public String toString() {
            return "RestrictionRow.Key[" + source + ", " + ground + "]";
        }
    }

    @Override
    public String toString() {
        return "RestrictionRow[" + source + ", " + ground + "]";
    }
}
