package ro.clickphone.privacy.jpa.internal.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A designation that stands: (subject, recipient, partner); a revocation deletes the row. Mapping only. */
@Entity
@Table(name = "cpp_designation")
@IdClass(DesignationRow.Id.class)
public class DesignationRow {

    @jakarta.persistence.Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @jakarta.persistence.Id
    @Column(name = "recipient", length = 64, nullable = false, updatable = false)
    private String recipient;

    @jakarta.persistence.Id
    @Column(name = "partner", length = 64, nullable = false, updatable = false)
    private String partner;

    /** For JPA. */
    protected DesignationRow() {
    }

    DesignationRow(String subject, String recipient, String partner) {
        this.subject = subject;
        this.recipient = recipient;
        this.partner = partner;
    }

    /** The primary key. */
    public static final class Id implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private String subject;
        private String recipient;
        private String partner;

        /** For JPA. */
        public Id() {
        }

        Id(String subject, String recipient, String partner) {
            this.subject = subject;
            this.recipient = recipient;
            this.partner = partner;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && subject.equals(id.subject) && recipient.equals(id.recipient)
                    && partner.equals(id.partner);
        }

        @Override
        public int hashCode() {
            return (subject.hashCode() * 31 + recipient.hashCode()) * 31 + partner.hashCode();
        }

        @Override
        public String toString() {
            return "DesignationRow.Id[" + recipient + " " + partner + "]";
        }
    }

    @Override
    public String toString() {
        return "DesignationRow[" + recipient + " " + partner + "]";
    }
}
