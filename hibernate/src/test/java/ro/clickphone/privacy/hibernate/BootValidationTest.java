package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import ro.clickphone.privacy.hibernate.boot.Misfits;
import ro.clickphone.privacy.hibernate.boot.MoreMisfits;
import ro.clickphone.privacy.hibernate.entities.Customer;
import ro.clickphone.privacy.hibernate.entities.PlainNote;
import ro.clickphone.privacy.hibernate.internal.EncryptionListeners;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * What field encryption refuses when the factory is built (design note §3, "fail fast at boot"), and what it
 * leaves alone: a unit without the kit and without annotated entities is plain Hibernate.
 */
class BootValidationTest {

    private static PrivacyKit kit;

    @BeforeAll
    static void kit() {
        kit = Units.kit();
    }

    @AfterAll
    static void close() {
        kit.close();
    }

    /** A unit on an empty in-memory H2 database with no schema management: boot checks only. */
    private static EntityManagerFactory boot(Map<String, Object> properties, Class<?>... entities) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("hibernate.hbm2ddl.auto", "none");
        return Units.emf("jdbc:h2:mem:boot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", all, entities);
    }

    private static ConfigurationException refusal(Executable boot) {
        Throwable thrown = assertThrows(Throwable.class, boot);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigurationException in " + thrown, thrown);
    }

    @Test
    void everyMisfit_isNamed_inOneRefusal() {
        ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, kit),
                Misfits.UpdatableSubject.class, Misfits.EncryptedId.class, Misfits.EncryptedVersion.class,
                Misfits.EncryptedNaturalId.class, Misfits.EncryptedAssociation.class, Misfits.EncryptedUnique.class,
                Misfits.NoSubject.class, Misfits.IndexOnPlain.class, Misfits.BinaryIndex.class,
                Misfits.IndexTargetMissing.class, Misfits.IdentitySubject.class, Misfits.AmbiguousField.class,
                Misfits.UndeclaredField.class, Misfits.EncryptedInEmbeddable.class, Misfits.Fine.class,
                Misfits.ResolvedByRetained.class));
        String m = e.getMessage();
        for (String expected : List.of(
                "UpdatableSubject: the @DataSubject subject must not be updatable",
                "EncryptedId: id is the id and cannot be @Encrypted",
                "EncryptedVersion: version is the version and cannot be @Encrypted",
                "EncryptedNaturalId: email is part of the natural id",
                "EncryptedAssociation: other is @Encrypted but not a basic String or byte[] attribute",
                "EncryptedUnique: email is @Encrypted and unique",
                "NoSubject: has encrypted attributes, so exactly one attribute must be @DataSubject",
                "IndexOnPlain: name has @BlindIndex but is not @Encrypted",
                "BinaryIndex: address is a byte[]: only String attributes can have a @BlindIndex",
                "IndexTargetMissing: email: the @BlindIndex target nowhere is not a persistent attribute",
                "IdentitySubject: the @DataSubject id is an id the database generates on insert (IDENTITY)",
                "AmbiguousField: phone: the field 'contact_phone' is declared by categories",
                "with different key scopes: name the entity's category with @PersonalDataCategory(category = ...) or @Retained",
                "UndeclaredField: favouriteColour: no category of the policy declares the field 'favourite_colour'",
                "EncryptedInEmbeddable: address is an embeddable with @Encrypted or @BlindIndex attributes")) {
            assertTrue(m.contains(expected), () -> "missing <" + expected + "> in " + m);
        }
        assertTrue(!m.contains("Fine:") && !m.contains("ResolvedByRetained:"), m);
    }

    @Test
    void everyOtherMisfit_isNamed_inOneRefusal() {
        ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, kit), Misfits.Fine.class,
                MoreMisfits.NonStringSubject.class, MoreMisfits.AssociationSubject.class, MoreMisfits.TwoSubjects.class,
                MoreMisfits.NonInsertableSubject.class, MoreMisfits.LongIdSubject.class,
                MoreMisfits.StringIdSubject.class, MoreMisfits.IndexTargetNotString.class,
                MoreMisfits.IndexTargetNotUpdatable.class, MoreMisfits.IndexTargetEncrypted.class,
                MoreMisfits.IndexTargetSubject.class, MoreMisfits.CompositeId.class, MoreMisfits.UniquePair.class,
                MoreMisfits.IdentityId.class));
        String m = e.getMessage();
        String target = " must be an eager, insertable and updatable String attribute that is neither encrypted nor"
                + " the subject";
        for (String expected : List.of(
                "NonStringSubject: the @DataSubject subject must be a basic String attribute",
                "AssociationSubject: the @DataSubject subject must be a basic String attribute",
                "TwoSubjects: has encrypted attributes, so exactly one attribute must be @DataSubject (found 2)",
                "NonInsertableSubject: the @DataSubject subject must be insertable",
                "LongIdSubject: the @DataSubject id must be a String",
                "IndexTargetNotString: email: the @BlindIndex target emailIndex" + target,
                "IndexTargetNotUpdatable: email: the @BlindIndex target emailIndex" + target,
                "IndexTargetEncrypted: email: the @BlindIndex target ipAddress" + target,
                "IndexTargetSubject: email: the @BlindIndex target subject" + target,
                "CompositeId: has a composite id",
                "UniquePair: email is @Encrypted and unique (alone or in a unique key of several columns)",
                "IdentityId: has an id the database generates on insert (IDENTITY)")) {
            assertTrue(m.contains(expected), () -> "missing <" + expected + "> in " + m);
        }
        assertTrue(!m.contains("Fine:") && !m.contains("StringIdSubject:"), m);
        assertTrue(m.contains(FieldEncryption.ALLOW_DATABASE_GENERATED_IDS), m);
    }

    @Test
    void anIdentityId_isAccepted_withTheExplicitOptIn_andAStringIdSubject_always() {
        EntityManagerFactory emf = boot(Map.of(FieldEncryption.KIT, kit, FieldEncryption.ALLOW_DATABASE_GENERATED_IDS,
                "true"), MoreMisfits.IdentityId.class, MoreMisfits.StringIdSubject.class);
        try {
            assertEquals("EncryptionListeners[2 entities]", EncryptionListeners.of(emf).toString());
        } finally {
            emf.close();
        }
    }

    @Test
    void aBytecodeEnhancedEntity_isRefused() {
        ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, kit), MoreMisfits.Enhanced.class));
        assertTrue(e.getMessage().contains("Enhanced: is bytecode-enhanced"), e.getMessage());
    }

    /** Appends a POST_INSERT listener once the factory exists, i.e. after field encryption's. */
    public static final class LateListenerIntegrator implements Integrator {
        @Override
        public void integrate(Metadata metadata, BootstrapContext context, SessionFactoryImplementor factory) {
            factory.addObserver(new SessionFactoryObserver() {
                private static final long serialVersionUID = 1L;

                @Override
                public void sessionFactoryCreated(SessionFactory created) {
                    created.unwrap(SessionFactoryImplementor.class).getEventListenerRegistry()
                            .appendListeners(EventType.POST_INSERT, new AuditLike());
                }
            });
        }

        @Override
        public void disintegrate(SessionFactoryImplementor factory, SessionFactoryServiceRegistry registry) {
        }
    }

    /** A listener reading the state after the insert, like Envers. */
    static final class AuditLike implements PostInsertEventListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void onPostInsert(PostInsertEvent event) {
        }

        @Override
        public boolean requiresPostCommitHandling(EntityPersister persister) {
            return false;
        }
    }

    @Test
    void aListenerAfterOursInAPostEvent_failsTheBoot() {
        IntegratorProvider late = () -> List.of(new LateListenerIntegrator());
        ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, kit,
                "hibernate.integrator_provider", late), Misfits.Fine.class));
        assertTrue(e.getMessage().contains("POST_INSERT") || e.getMessage().contains("post-insert"), e.getMessage());
        assertTrue(e.getMessage().contains(AuditLike.class.getName()), e.getMessage());
        // without the late listener the same unit boots
        boot(Map.of(FieldEncryption.KIT, kit), Misfits.Fine.class).close();
    }

    @Test
    void goodEntities_boot_andAFieldDeclaredTwice_takesTheRetainedCategory() {
        EntityManagerFactory emf = boot(Map.of(FieldEncryption.KIT, kit), Misfits.Fine.class,
                Misfits.ResolvedByRetained.class);
        try {
            assertTrue(EncryptionListeners.of(emf).toString().contains("2 entities"));
        } finally {
            emf.close();
        }
    }

    @Test
    void anAnnotatedEntity_withoutTheKit_failsToBoot() {
        ConfigurationException e = refusal(() -> boot(Map.of(), Customer.class, PlainNote.class));
        assertTrue(e.getMessage().contains(FieldEncryption.KIT) && e.getMessage().contains("Customer"), e.getMessage());
    }

    @Test
    void aUnitWithoutTheKit_andWithoutAnnotatedEntities_isPlainHibernate() {
        EntityManagerFactory emf = boot(Map.of(), PlainNote.class);
        try {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> EncryptionListeners.of(emf));
            assertTrue(e.getMessage().contains("no field encryption"), e.getMessage());
        } finally {
            emf.close();
        }
    }

    @Test
    void theKitProperty_mustBeAKit_andTheFlags_booleans() {
        ConfigurationException wrong = refusal(() -> boot(Map.of(FieldEncryption.KIT, "kit"), Customer.class));
        assertTrue(wrong.getMessage().contains("PrivacyKit"), wrong.getMessage());
        ConfigurationException flag = refusal(() -> boot(Map.of(FieldEncryption.KIT, kit,
                FieldEncryption.NULL_WHEN_KEY_DESTROYED, "yes"), Customer.class));
        assertTrue(flag.getMessage().contains(FieldEncryption.NULL_WHEN_KEY_DESTROYED), flag.getMessage());
    }

    @Test
    void aBlindIndex_needsTheKitsSearchableFieldsKey() {
        try (PrivacyKit noSearch = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC()).keys(ro.clickphone.privacy.crypto.KeySettings.of(
                        ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider.create(
                                tempKek(), "pw".toCharArray(), "kek"))).build()) {
            ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, noSearch), Misfits.Fine.class));
            assertTrue(e.getMessage().contains("Fine: email: no blind index"), e.getMessage());
            assertEquals(1, e.getMessage().split("; ").length, e.getMessage());
        }
    }

    /**
     * A blind-index column mapped for the 32 characters of version 1 boots while version 1 is current; once a
     * version from 2 is current (index values {@code v<n>.} and 32 hex digits), the factory refuses to boot
     * instead of failing every INSERT, or, where the database truncates, storing indexes that match nothing.
     */
    @Test
    void aBlindIndexColumnTooNarrowForVersionedIndexes_isRefusedOnceAVersionFrom2IsCurrent() {
        boot(Map.of(FieldEncryption.KIT, kit), MoreMisfits.NarrowIndex.class, MoreMisfits.WideEnoughIndex.class).close();
        byte[] one = new byte[32];
        byte[] two = new byte[32];
        java.util.Arrays.fill(two, (byte) 2);
        try (PrivacyKit rotated = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC()).keys(ro.clickphone.privacy.crypto.KeySettings.of(
                        ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider.create(
                                tempKek(), "pw".toCharArray(), "kek")))
                .searchableFields(ro.clickphone.privacy.crypto.search.SearchKeys.of(1,
                        ro.clickphone.privacy.spi.SecretBytes.copyOf(one))
                        .withVersion(2, ro.clickphone.privacy.spi.SecretBytes.copyOf(two))).build()) {
            ConfigurationException e = refusal(() -> boot(Map.of(FieldEncryption.KIT, rotated),
                    MoreMisfits.NarrowIndex.class, MoreMisfits.WideEnoughIndex.class, Misfits.Fine.class));
            assertTrue(e.getMessage().contains("NarrowIndex: email: the @BlindIndex target emailIndex is mapped 32"
                    + " characters wide, but the search keys' current version 2 writes index values of up to 38"),
                    e.getMessage());
            assertEquals(1, e.getMessage().split("; ").length, "WideEnoughIndex and Fine boot: " + e.getMessage());
            boot(Map.of(FieldEncryption.KIT, rotated), MoreMisfits.WideEnoughIndex.class, Misfits.Fine.class).close();
        }
    }

    private static java.nio.file.Path tempKek() {
        try {
            return java.nio.file.Files.createTempDirectory("cpp-boot").resolve("kek.p12");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
