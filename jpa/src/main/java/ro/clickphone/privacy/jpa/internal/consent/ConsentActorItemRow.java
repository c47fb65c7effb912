package ro.clickphone.privacy.jpa.internal.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.Objects;

/** One role ({@code ROLE}) or account ({@code ACCOUNT}) of a consent event's actor. */
@Entity
@Table(name = "cpp_consent_actor_item")
@IdClass(ConsentActorItemRow.Key.class)
public class ConsentActorItemRow {

    static final String ROLE = "ROLE";
    static final String ACCOUNT = "ACCOUNT";

    @Id
    @Column(name = "seq", nullable = false)
    private long sequence;

    @Id
    @Column(name = "item_kind", length = 8, nullable = false)
    private String kind;

    @Id
    @Column(name = "item", length = 64, nullable = false)
    private String item;

    /** For JPA. */
    protected ConsentActorItemRow() {
    }

    ConsentActorItemRow(long sequence, String kind, String item) {
        this.sequence = sequence;
        this.kind = kind;
        this.item = item;
    }

    long sequence() {
        return sequence;
    }

    String kind() {
        return kind;
    }

    String item() {
        return item;
    }

    /** The primary key, for JPA. */
    public static final class Key implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private long sequence;
        private String kind;
        private String item;

        /** For JPA. */
        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && sequence == other.sequence && Objects.equals(kind, other.kind)
                    && Objects.equals(item, other.item);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sequence, kind, item);
        }
    }
}
