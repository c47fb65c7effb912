package ro.clickphone.privacy.jpa.source;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.PersonalData;
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
        @Column(name = "customer_id")
        String customerId;
    }

    @Entity(name = "TwoSubjects")
    @Table(name = "src_misfit")
    @PersonalData(category = "CONTACT")
    static class TwoSubjects {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id")
        String customerId;
        @DataSubject
        @Column(name = "other_id")
        String otherId;
    }

    @Entity(name = "BadIndex")
    @Table(name = "src_misfit")
    @PersonalData(category = "CONTACT")
    static class BadIndex {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id")
        String customerId;
        @BlindIndex(target = "nothing")
        @Column(name = "other_id")
        String otherId;
    }

    @Entity(name = "Party")
    @Table(name = "src_misfit")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    @DiscriminatorColumn(name = "kind")
    @PersonalData(category = "CONTACT")
    static class Party {
        @Id
        @Column(name = "id")
        String id;
        @DataSubject
        @Column(name = "customer_id")
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
}
