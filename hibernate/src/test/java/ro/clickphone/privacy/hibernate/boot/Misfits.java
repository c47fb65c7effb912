package ro.clickphone.privacy.hibernate.boot;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;
import org.hibernate.annotations.NaturalId;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.Retained;

/** Entities that field encryption refuses at boot, one rule each, and two it accepts. */
public final class Misfits {

    private Misfits() {
    }

    @Entity(name = "UpdatableSubject")
    public static class UpdatableSubject {
        @Id Long id;
        @DataSubject String subject;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "EncryptedId")
    public static class EncryptedId {
        @Id @Encrypted(field = "notification_email") String id;
        @DataSubject @Column(updatable = false) String subject;
    }

    @Entity(name = "EncryptedVersion")
    public static class EncryptedVersion {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Version @Encrypted(field = "notification_email") int version;
    }

    @Entity(name = "EncryptedNaturalId")
    public static class EncryptedNaturalId {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @NaturalId @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "EncryptedAssociation")
    public static class EncryptedAssociation {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @ManyToOne @Encrypted(field = "notification_email") Fine other;
    }

    @Entity(name = "EncryptedUnique")
    public static class EncryptedUnique {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Column(unique = true) @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "NoSubject")
    public static class NoSubject {
        @Id Long id;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "IndexOnPlain")
    public static class IndexOnPlain {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @BlindIndex(target = "nameIndex") String name;
        String nameIndex;
    }

    @Entity(name = "BinaryIndex")
    public static class BinaryIndex {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "service_address") @BlindIndex(target = "addressIndex") byte[] address;
        String addressIndex;
    }

    @Entity(name = "IndexTargetMissing")
    public static class IndexTargetMissing {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "nowhere") String email;
    }

    @Entity(name = "IdentitySubject")
    public static class IdentitySubject {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) @DataSubject Long id;
        @Encrypted(field = "notification_email") String email;
    }

    @Entity(name = "AmbiguousField")
    public static class AmbiguousField {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "contact_phone") String phone;
    }

    @Entity(name = "UndeclaredField")
    public static class UndeclaredField {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted String favouriteColour;
    }

    @Embeddable
    public static class Address {
        @Encrypted(field = "service_address") String street;
    }

    @Entity(name = "EncryptedInEmbeddable")
    public static class EncryptedInEmbeddable {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Embedded Address address;
    }

    /** Accepted: the field is declared by CONTACT and DELIVERY (two key scopes), @Retained picks CONTACT. */
    @Entity(name = "ResolvedByRetained")
    @Retained(category = "CONTACT")
    public static class ResolvedByRetained {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "contact_phone") String phone;
    }

    /** Accepted, and the target of an association above. */
    @Entity(name = "Fine")
    public static class Fine {
        @Id Long id;
        @DataSubject @Column(updatable = false) String subject;
        @Encrypted(field = "notification_email") @BlindIndex(target = "emailIndex") String email;
        String emailIndex;
    }
}
