package ro.clickphone.privacy.jpa.source;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.jpa.NotPersonal;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.PersonalDataCategory;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.ConfigurationException;

/**
 * A persistence unit whose annotated entities the source cannot serve is refused when the source is built,
 * with a message naming the entity and the rule: never a source that half works.
 */
abstract class JpaPersonalDataSourceConfigTest {

    abstract String expected();

    @Test
    void build_isRefused_namingTheRule(TestDatabase db) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JpaPersonalDataSource.builder(db.emf()).blindIndexer((a, b, c) -> c).build());
        assertTrue(e.getMessage().contains(expected()), e.getMessage());
    }

    @Entity(name = "NoCategory")
    @Table(name = "src_misfit")
    static class NoCategory {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
    }

    @Entity(name = "TwoSubjects")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class TwoSubjects {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @DataSubject
        @Column(name = "other_id", updatable = false)
        String otherId;
    }

    @Entity(name = "BadIndex")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class BadIndex {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @BlindIndex(target = "nothing")
        @Column(name = "other_id")
        String otherId;
    }

    @Entity(name = "Party")
    @Table(name = "src_misfit")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    @DiscriminatorColumn(name = "kind")
    @PersonalDataCategory(category = "CONTACT")
    static class Party {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
    }

    @Entity(name = "Customer")
    static class Customer extends Party {
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {NoCategory.class})
    static class NoCategoryTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity NoCategory has a @DataSubject attribute but no category";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {TwoSubjects.class})
    static class TwoSubjectsTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity TwoSubjects: two attributes are annotated @DataSubject";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {BadIndex.class})
    static class BadIndexTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity BadIndex: @BlindIndex(target = ...) must name a String attribute";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {Party.class, Customer.class})
    static class InheritanceTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "The entity Customer extends the entity Party";
        }
    }

    // --- subjects the source would never reach (findings 2, 13) ---------------------------------------

    @Entity(name = "Plain")
    @Table(name = "src_misfit")
    static class Plain {
        @Id
        @Column(name = "id")
        String id;
    }

    @Entity(name = "SubjectOnId")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class SubjectOnId {
        @Id
        @DataSubject
        @Column(name = "id")
        String id;
    }

    @Entity(name = "SubjectOnAssociation")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class SubjectOnAssociation {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @ManyToOne
        @JoinColumn(name = "other_id", updatable = false)
        Plain owner;
    }

    @Embeddable
    static class Holder {
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
    }

    @Entity(name = "SubjectInEmbeddable")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class SubjectInEmbeddable {
        @Id
        @Column(name = "id")
        String id;
        @Embedded
        Holder holder;
    }

    @Entity(name = "NoSubject")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class NoSubject {
        @Id
        @Column(name = "id")
        String id;
        @Column(name = "customer_id")
        String customerId;
    }

    @Entity(name = "UpdatableSubject")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class UpdatableSubject {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id")
        String customerId;
    }

    // --- personal data outside basic attributes, primitives (finding 3) --------------------------------

    @Embeddable
    static class Contact {
        @Column(name = "other_id")
        String phone;
    }

    @Entity(name = "PersonalEmbeddable")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class PersonalEmbeddable {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @Embedded
        Contact contact;
    }

    @Entity(name = "PersonalAssociation")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class PersonalAssociation {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @ManyToOne
        @JoinColumn(name = "other_id")
        Plain referrer;
    }

    @Entity(name = "PrimitivePersonal")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class PrimitivePersonal {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @Column(name = "n")
        int age;
    }

    // --- what the export or anonymization would trip on (finding 12) -----------------------------------

    @Entity(name = "BadFieldName")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class BadFieldName {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @Column(name = "other_id")
        String other$id;
    }

    @Entity(name = "BadOrigin")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT", provenance = ro.clickphone.privacy.spi.source.Provenance.THIRD_PARTY,
            origin = "the PBX\nadministrator")
    static class BadOrigin {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
    }

    @Entity(name = "TimeAttribute")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class TimeAttribute {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @Column(name = "t")
        java.sql.Time calledAt;
    }

    @Entity(name = "NotPersonalSubject")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class NotPersonalSubject {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @NotPersonal
        @Column(name = "customer_id", updatable = false)
        String customerId;
    }

    @Entity(name = "NotPersonalIndex")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class NotPersonalIndex {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @BlindIndex(target = "kind")
        @Column(name = "other_id")
        String email;
        @NotPersonal
        @Column(name = "kind")
        String kind;
    }

    @Entity(name = "NotPersonalEncrypted")
    @Table(name = "src_misfit")
    @PersonalDataCategory(category = "CONTACT")
    static class NotPersonalEncrypted {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id", updatable = false)
        String customerId;
        @Encrypted
        @NotPersonal
        @Column(name = "other_id")
        String email;
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {SubjectOnId.class})
    static class SubjectOnIdTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity SubjectOnId, attribute id: @DataSubject must be on a basic String attribute that is not the id";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {SubjectOnAssociation.class, Plain.class})
    static class SubjectOnAssociationTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity SubjectOnAssociation, attribute owner: @DataSubject must be on a basic String attribute";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {SubjectInEmbeddable.class})
    static class SubjectInEmbeddableTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity SubjectInEmbeddable, attribute holder: @DataSubject must be on a basic String attribute of the entity itself";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {NoSubject.class})
    static class NoSubjectTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity NoSubject is annotated for the personal-data source but has no @DataSubject attribute";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {UpdatableSubject.class})
    static class UpdatableSubjectTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity UpdatableSubject, attribute customerId: the @DataSubject column must not be updatable";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {PersonalEmbeddable.class})
    static class PersonalEmbeddableTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity PersonalEmbeddable, attribute contact is an embeddable: the personal-data source exports and anonymizes basic attributes only";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {PersonalAssociation.class, Plain.class})
    static class PersonalAssociationTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity PersonalAssociation, attribute referrer is an association";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {PrimitivePersonal.class})
    static class PrimitivePersonalTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity PrimitivePersonal, attribute age is a primitive";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {BadFieldName.class})
    static class BadFieldNameTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity BadFieldName, attribute other$id: the export names fields by attribute name";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {BadOrigin.class})
    static class BadOriginTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity BadOrigin: the @PersonalDataCategory origin is no export text";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {TimeAttribute.class})
    static class TimeAttributeTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity TimeAttribute, attribute calledAt is a java.sql.Time";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {NotPersonalSubject.class})
    static class NotPersonalSubjectTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity NotPersonalSubject: the @DataSubject attribute cannot be @NotPersonal";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {NotPersonalIndex.class})
    static class NotPersonalIndexTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity NotPersonalIndex, attribute email: a blind-indexed attribute and its index column are personal";
        }
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"}, entities = {NotPersonalEncrypted.class})
    static class NotPersonalEncryptedTest extends JpaPersonalDataSourceConfigTest {
        @Override
        String expected() {
            return "entity NotPersonalEncrypted, attribute email is @Encrypted and @NotPersonal";
        }
    }
}
