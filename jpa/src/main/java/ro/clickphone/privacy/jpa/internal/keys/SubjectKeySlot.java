package ro.clickphone.privacy.jpa.internal.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One (subject, key scope): the row every change to its keys locks first, so that creating, replacing,
 * retiring and destroying its keys happen one at a time across application instances; it also holds the
 * tombstone ({@link #DESTROYED}) and the retirement floor. Mapping only.
 */
@Entity
@Table(name = "cpp_subject_key_slot")
@IdClass(SubjectKeySlot.Id.class)
public class SubjectKeySlot {

    /** The state of a slot whose keys may be stored. */
    public static final String ACTIVE = "ACTIVE";
    /** The state of a shredded slot: no key is ever stored again. */
    public static final String DESTROYED = "DESTROYED";

    @jakarta.persistence.Id
    @Column(name = "subject_id", length = 128, nullable = false, updatable = false)
    private String subject;

    @jakarta.persistence.Id
    @Column(name = "key_scope", length = 32, nullable = false, updatable = false)
    private String scope;

    @Column(name = "slot_state", length = 16, nullable = false)
    private String state;

    @Column(name = "retired_through", nullable = false)
    private int retiredThrough;

    /** For JPA. */
    protected SubjectKeySlot() {
    }

    SubjectKeySlot(String subject, String scope) {
        this.subject = subject;
        this.scope = scope;
        this.state = ACTIVE;
        this.retiredThrough = 0;
    }

    boolean destroyed() {
        return !ACTIVE.equals(state);
    }

    void destroy() {
        state = DESTROYED;
    }

    int retiredThrough() {
        return retiredThrough;
    }

    void retireThrough(int version) {
        retiredThrough = Math.max(retiredThrough, version);
    }

    /** The primary key. */
    public static final class Id implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private String subject;
        private String scope;

        /** For JPA. */
        public Id() {
        }

        Id(String subject, String scope) {
            this.subject = subject;
            this.scope = scope;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && subject.equals(id.subject) && scope.equals(id.scope);
        }

        @Override
        public int hashCode() {
            return subject.hashCode() * 31 + scope.hashCode();
        }

        @Override
        public String toString() {
            return "SubjectKeySlot.Id[" + scope + "]";
        }
    }

    @Override
    public String toString() {
        return "SubjectKeySlot[" + scope + ", " + state + "]";
    }
}
