package ro.clickphone.privacy.benchmarks;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryStores;

/**
 * Transparent entity field encryption on Hibernate: persisting 10 000 entities (transactions of 500, JDBC
 * batches of 50) and loading them back, with three encrypted fields and a blind index ({@code encrypted})
 * beside the same entities unencrypted ({@code plain}), in the same run; the goal is at least 0.6 of the
 * unencrypted throughput. H2 in memory always; PostgreSQL with {@code -p database=postgres} and
 * {@code CLICKPHONE_PRIVACY_IT_POSTGRES} set to a JDBC URL (the tables are created and dropped in its schema).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JpaBenchmark
 * CLICKPHONE_PRIVACY_IT_POSTGRES='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
 *     java -jar benchmarks/target/benchmarks.jar JpaBenchmark -p database=h2,postgres
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class JpaBenchmark {

    private static final int ENTITIES = 10_000;
    private static final int TRANSACTION = 500;

    /** {@code h2}: in memory; {@code postgres}: the database {@code CLICKPHONE_PRIVACY_IT_POSTGRES} names. */
    @Param({"h2"})
    public String database;

    private final byte[] address = "Str. Lalelelor 7, Cluj-Napoca".getBytes(StandardCharsets.UTF_8);
    private PrivacyKit kit;
    private EntityManagerFactory emf;

    /**
     * Builds the kit and the factory, which creates the two tables.
     *
     * @throws Exception if the key store cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("jpa-benchmark");
        kit = PrivacyKit.builder().stores(InMemoryStores.create()).policy(Policy.clickPhoneDefault())
                .clock(Clock.systemUTC())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"), "pw".toCharArray(),
                        "kek")))
                .searchableFields(SecretBytes.copyOf(new byte[32])).build();
        String url;
        if ("postgres".equals(database)) {
            url = System.getenv("CLICKPHONE_PRIVACY_IT_POSTGRES");
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("set CLICKPHONE_PRIVACY_IT_POSTGRES to a JDBC URL");
            }
        } else {
            url = "jdbc:h2:mem:jpabench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        emf = Persistence.createEntityManagerFactory(new PersistenceConfiguration("jpa-benchmark")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .managedClass(JpaBenchmarkEntities.EncryptedCustomer.class)
                .managedClass(JpaBenchmarkEntities.PlainCustomer.class)
                .property(PersistenceConfiguration.JDBC_URL, url)
                .property("hibernate.hbm2ddl.auto", "create-drop")
                .property("hibernate.jdbc.batch_size", "50")
                .property("hibernate.connection.pool_size", "2")
                .property(FieldEncryption.KIT, kit));
    }

    /** Empties both tables before each measured persist + load. */
    @Setup(Level.Invocation)
    public void empty() {
        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        em.createQuery("delete from JpaBenchEncrypted").executeUpdate();
        em.createQuery("delete from JpaBenchPlain").executeUpdate();
        em.getTransaction().commit();
        em.close();
    }

    /** Drops the tables and closes the kit. */
    @TearDown(Level.Trial)
    public void tearDown() {
        emf.close();
        kit.close();
    }

    /**
     * Persists and loads the encrypted entities.
     *
     * @return the loaded e-mails' total length, so that nothing is optimised away
     */
    @Benchmark
    public long encrypted() {
        return persistAndLoad(true);
    }

    /**
     * Persists and loads the same entities unencrypted: the baseline.
     *
     * @return the loaded e-mails' total length
     */
    @Benchmark
    public long plain() {
        return persistAndLoad(false);
    }

    private long persistAndLoad(boolean encrypted) {
        for (int from = 0; from < ENTITIES; from += TRANSACTION) {
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            for (int i = from; i < from + TRANSACTION; i++) {
                String subject = "subject-" + (i % 1000);
                String email = "user" + i + "@example.ro";
                String ip = "192.0.2." + (i % 250);
                em.persist(encrypted ? new JpaBenchmarkEntities.EncryptedCustomer(i, subject, email, ip, address)
                        : new JpaBenchmarkEntities.PlainCustomer(i, subject, email, ip, address));
            }
            em.getTransaction().commit();
            em.close();
        }
        EntityManager em = emf.createEntityManager();
        long total = 0;
        if (encrypted) {
            for (JpaBenchmarkEntities.EncryptedCustomer c : em.createQuery("select c from JpaBenchEncrypted c",
                    JpaBenchmarkEntities.EncryptedCustomer.class).getResultList()) {
                total += c.email().length();
            }
        } else {
            for (JpaBenchmarkEntities.PlainCustomer c : em.createQuery("select c from JpaBenchPlain c",
                    JpaBenchmarkEntities.PlainCustomer.class).getResultList()) {
                total += c.email().length();
            }
        }
        em.close();
        return total;
    }
}
