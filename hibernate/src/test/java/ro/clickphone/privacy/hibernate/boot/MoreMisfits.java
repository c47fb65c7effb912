package ro.clickphone.privacy.hibernate.boot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.io.Serializable;
import org.hibernate.bytecode.enhance.spi.CollectionTracker;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;

/** More entities that field encryption refuses at boot (subject, blind-index target, ids, keys), one rule each. */
public final class MoreMisfits {

    private MoreMisfits() {
    }

    @Entity(name = "NonStringSubject")
    public static class NonStringSubject {
        @Id Long id;
        @DataSubject @Column(updatable = false) Long subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "AssociationSubject")
    public static class AssociationSubject {
        @Id Long id;
        @DataSubject @ManyToOne @JoinColumn(updatable = false) Misfits.Fine subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "TwoSubjects")
    public static class TwoSubjects {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @DataSubject @Column(updatable = false) String otherSubject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "NonInsertableSubject")
    public static class NonInsertableSubject {
        @Id Long id;
        @DataSubject @Column(insertable = false, updatable = false) String subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "LongIdSubject")
    public static class LongIdSubject {
        @Id @DataSubject Long id;
        @Encrypted(field = "notification_email") String email;
    }

    /** Accepted: the subject is the (String, assigned) id. */
    @Entity(name = "StringIdSubject")
    public static class StringIdSubject {
        @Id @DataSubject String id;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "IndexTargetNotString")
    public static class IndexTargetNotString {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
        Integer emailIndex;
    }

    @Entity(name = "IndexTargetNotUpdatable")
    public static class IndexTargetNotUpdatable {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
        @Column(updatable = false) String emailIndex;
    }

    /** A blind-index column mapped 32 characters wide: enough for version 1, too narrow from version 2. */
    @Entity(name = "NarrowIndex")
    public static class NarrowIndex {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
        @Column(length = 32) String emailIndex;
    }

    /** A blind-index column mapped exactly as wide as the widest versioned index (128 bits: 38 characters). */
    @Entity(name = "WideEnoughIndex")
    public static class WideEnoughIndex {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
        @Column(length = 38) String emailIndex;
    }

    @Entity(name = "IndexTargetEncrypted")
    public static class IndexTargetEncrypted {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "ipAddress") String email;
        @Encrypted String ipAddress;
    }

    @Entity(name = "IndexTargetSubject")
    public static class IndexTargetSubject {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "subject") String email;
    }

    /** The key of {@link CompositeId}. */
    public static class Pair implements Serializable {
        private static final long serialVersionUID = 1L;
        Long a;
        Long b;

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && java.util.Objects.equals(a, p.a) && java.util.Objects.equals(b, p.b);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(a, b);
        }
    }

    @Entity(name = "CompositeId")
    @IdClass(Pair.class)
    public static class CompositeId {
        @Id Long a;
        @Id Long b;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "UniquePair")
    @Table(uniqueConstraints = @UniqueConstraint(name = "unique_pair_uk", columnNames = {"subject", "email"}))
    public static class UniquePair {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "IdentityId")
    public static class IdentityId {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") String email;
    }

    /** Stands for a class the Hibernate enhancer rewrote for dirty tracking. */
    @Entity(name = "Enhanced")
    public static class Enhanced implements SelfDirtinessTracker {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") String email;

        @Override
        public boolean $$_hibernate_hasDirtyAttributes() {
            return false;
        }

        @Override
        public String[] $$_hibernate_getDirtyAttributes() {
            return new String[0];
        }

        @Override
        public void $$_hibernate_trackChange(String attribute) {
        }

        @Override
        public void $$_hibernate_clearDirtyAttributes() {
        }

        @Override
        public void $$_hibernate_suspendDirtyTracking(boolean suspend) {
        }

        @Override
        public CollectionTracker $$_hibernate_getCollectionTracker() {
            return null;
        }
    }
}
