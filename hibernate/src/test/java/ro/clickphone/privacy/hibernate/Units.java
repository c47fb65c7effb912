package ro.clickphone.privacy.hibernate;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/** Test persistence units of the module's own entities, and kits for them. */
final class Units {

    private Units() {
    }

    /** A kit over in-memory stores, the ClickPhone policy, a fresh KEK and a fixed searchable-fields key. */
    static PrivacyKit kit() {
        try {
            Path dir = Files.createTempDirectory("cpp-hibernate");
            Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                    "pw".toCharArray(), "kek");
            byte[] root = new byte[32];
            for (int i = 0; i < root.length; i++) {
                root[i] = (byte) (i * 7 + 1);
            }
            return PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                    .clock(Clock.systemUTC()).keys(KeySettings.of(kek)).searchableFields(SecretBytes.copyOf(root))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A factory on a JDBC URL with only the given entities (no orm.xml), the schema validated.
     *
     * @param url the schema's URL
     * @param properties extra properties (the kit, Hibernate settings)
     * @param entities the entity classes
     * @return the factory; the caller closes it
     */
    static EntityManagerFactory emf(String url, Map<String, ?> properties, Class<?>... entities) {
        PersistenceConfiguration configuration = new PersistenceConfiguration("clickphone-privacy-hibernate-test")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .property(PersistenceConfiguration.JDBC_URL, url)
                .property("hibernate.hbm2ddl.auto", "validate")
                .property("hibernate.connection.pool_size", "4")
                .property("hibernate.jdbc.time_zone", "UTC");
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        properties.forEach(configuration::property);
        return Persistence.createEntityManagerFactory(configuration);
    }

    static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    static void run(EntityManagerFactory emf, Consumer<EntityManager> work) {
        inTransaction(emf, em -> {
            work.accept(em);
            return null;
        });
    }
}
