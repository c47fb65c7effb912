package ro.clickphone.privacy.jpa.internal.incident;

import java.io.Serializable;
import java.util.Objects;

/** The composite keys of the register's tables ({@code @IdClass}es). */
public final class Keys {

    private Keys() {
    }

    /** An incident's version: (incident, version). */
    public static final class Version implements Serializable {
        private static final long serialVersionUID = 1L;
        String incidentId;
        int version;

        /** For JPA. */
        public Version() {
        }

        Version(String incidentId, int version) {
            this.incidentId = incidentId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Version k && k.version == version && Objects.equals(k.incidentId, incidentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(incidentId, version);
        }
    }

    /** An entry of an append-only log: (incident, position from 1). */
    public static final class Position implements Serializable {
        private static final long serialVersionUID = 1L;
        String incidentId;
        int position;

        /** For JPA. */
        public Position() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Position k && k.position == position && Objects.equals(k.incidentId, incidentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(incidentId, position);
        }
    }

    /** A notice to a subject: (incident, subject pseudonym). */
    public static final class Subject implements Serializable {
        private static final long serialVersionUID = 1L;
        String incidentId;
        String subject;

        /** For JPA. */
        public Subject() {
        }

        Subject(String incidentId, String subject) {
            this.incidentId = incidentId;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subject k && Objects.equals(k.subject, subject)
                    && Objects.equals(k.incidentId, incidentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(incidentId, subject);
        }

        @Override
        public String toString() {
            return "Subject[" + incidentId + "]";
        }
    }
}
