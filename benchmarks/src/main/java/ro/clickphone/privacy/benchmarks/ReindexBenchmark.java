package ro.clickphone.privacy.benchmarks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
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
import ro.clickphone.privacy.core.rekey.ReindexJob;
import ro.clickphone.privacy.core.rekey.RekeyProgress;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.hibernate.FieldEncryption;
import ro.clickphone.privacy.jpa.BlindIndex;
import ro.clickphone.privacy.jpa.DataSubject;
import ro.clickphone.privacy.jpa.Encrypted;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryJobCheckpointStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * Re-index throughput after a search-key rotation: 10 000 customers written under version 1, moved to
 * version 2 by {@link ReindexJob} over the hibernate module's source in batches of 500 ({@code reindex}: read
 * a page, decrypt each e-mail, compute its index, conditional UPDATE per row, commit, checkpoint), beside a
 * plain {@code UPDATE} of the same column for the same rows in transactions of the same size, with values
 * computed beforehand ({@code plainUpdate}: one statement per row, as the job issues; {@code
 * plainUpdateBatched}: JDBC batches of 500). Each invocation first puts the version 1 indexes back. Rows per
 * second = 10 000 / (the score in seconds). H2 in memory always; PostgreSQL with {@code -p database=postgres}
 * and {@code CLICKPHONE_PRIVACY_IT_POSTGRES} set to a JDBC URL (the table is created and dropped there).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ReindexBenchmark
 * CLICKPHONE_PRIVACY_IT_POSTGRES='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
 *     java -jar benchmarks/target/benchmarks.jar ReindexBenchmark -p database=h2,postgres
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class ReindexBenchmark {

    private static final int ROWS = 10_000;
    private static final int BATCH = 500;
    private static final String TABLE = "rekeybench_customer";

    /** {@code h2}: in memory; {@code postgres}: the database {@code CLICKPHONE_PRIVACY_IT_POSTGRES} names. */
    @Param({"h2"})
    public String database;

    private final PrivacyKit[] kits = new PrivacyKit[2];
    private EntityManagerFactory written;
    private EntityManagerFactory rotated;
    private String url;
    private Connection jdbc;
    private long[] ids;
    private String[] v1;
    private String[] v2;
    private RekeySource source;
    private BlindIndexField field;

    /** The customers of the benchmark: one encrypted, blind-indexed e-mail. */
    @Entity(name = "ReindexBenchCustomer")
    @Table(name = TABLE)
    public static class Customer {

        @Id
        private Long id;

        @DataSubject
        @Column(name = "customer_id", nullable = false, updatable = false)
        private String customerId;

        @Encrypted(field = "notification_email")
        @BlindIndex(target = "emailIndex")
        @Column(name = "email", length = 512)
        private String email;

        @Column(name = "email_index", length = 64)
        private String emailIndex;

        /** For JPA. */
        protected Customer() {
        }

        /**
         * A customer.
         *
         * @param id the id
         * @param customerId the subject
         * @param email the e-mail
         */
        public Customer(long id, String customerId, String email) {
            this.id = id;
            this.customerId = customerId;
            this.email = email;
        }
    }

    private static SecretBytes root(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 13 + i);
        }
        return SecretBytes.copyOf(k);
    }

    private EntityManagerFactory factory(PrivacyKit kit, String ddl) {
        return Persistence.createEntityManagerFactory(new PersistenceConfiguration("reindex-benchmark")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .managedClass(Customer.class)
                .property(PersistenceConfiguration.JDBC_URL, url)
                .property("hibernate.hbm2ddl.auto", ddl)
                .property("hibernate.jdbc.batch_size", "50")
                .property("hibernate.connection.pool_size", "2")
                .property(FieldEncryption.KIT, kit));
    }

    /**
     * Writes the rows under version 1 through one instance, then opens the rotated instance (versions 1 and 2)
     * and computes both versions' indexes for the plain UPDATEs.
     *
     * @throws Exception if the key store or the database cannot be used
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if ("postgres".equals(database)) {
            url = System.getenv("CLICKPHONE_PRIVACY_IT_POSTGRES");
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("set CLICKPHONE_PRIVACY_IT_POSTGRES to a JDBC URL");
            }
        } else {
            url = "jdbc:h2:mem:reindexbench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        Path dir = Files.createTempDirectory("reindex-benchmark");
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "pw".toCharArray(), "kek");
        Stores stores = InMemoryStores.create();
        SearchKeys keys = SearchKeys.of(1, root(1));
        for (int i = 0; i < 2; i++) {
            kits[i] = PrivacyKit.builder().stores(stores).policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                    .keys(KeySettings.of(kek)).searchableFields(i == 0 ? keys : keys.withVersion(2, root(2))).build();
        }
        written = factory(kits[0], "create");
        try (StatelessSession s = written.unwrap(SessionFactory.class).openStatelessSession()) {
            s.getTransaction().begin();
            for (long id = 1; id <= ROWS; id++) {
                s.insert(new Customer(id, "subject-" + (id % 1000), "user" + id + "@example.ro"));
            }
            s.getTransaction().commit();
        }
        rotated = factory(kits[1], "none");
        source = FieldEncryption.reindexSource(rotated, Customer.class, "email");
        field = FieldEncryption.blindIndexField(rotated, Customer.class, "email");
        jdbc = DriverManager.getConnection(url);
        ids = new long[ROWS];
        v1 = new String[ROWS];
        v2 = new String[ROWS];
        try (Statement s = jdbc.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, email_index FROM " + TABLE + " ORDER BY id")) {
            for (int i = 0; rs.next(); i++) {
                ids[i] = rs.getLong(1);
                v1[i] = rs.getString(2);
                v2[i] = field.compute("user" + ids[i] + "@example.ro");
            }
        }
    }

    /**
     * Puts the version 1 indexes back before each measured run.
     *
     * @throws SQLException if the database fails
     */
    @Setup(Level.Invocation)
    public void backToVersion1() throws SQLException {
        update(v1, true);
    }

    /**
     * Drops the table, closes the factories and kits.
     *
     * @throws SQLException if the database fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try (Statement s = jdbc.createStatement()) {
            s.execute("DROP TABLE " + TABLE);
        }
        jdbc.close();
        rotated.close();
        written.close();
        for (PrivacyKit kit : kits) {
            kit.close();
        }
    }

    /**
     * The re-index job over the hibernate source.
     *
     * @return the rows moved
     */
    @Benchmark
    public long reindex() {
        RekeyProgress done = ReindexJob.of("bench", source, field, new InMemoryJobCheckpointStore())
                .withBatchSize(BATCH).runBatches(Long.MAX_VALUE);
        if (done.moved() != ROWS) {
            throw new IllegalStateException("moved " + done.moved() + " rows, not " + ROWS);
        }
        return done.moved();
    }

    /**
     * The same column of the same rows set by plain UPDATEs, one statement per row, committed every 500.
     *
     * @return the rows updated
     * @throws SQLException if the database fails
     */
    @Benchmark
    public long plainUpdate() throws SQLException {
        return update(v2, false);
    }

    /**
     * The same, in JDBC batches of 500.
     *
     * @return the rows updated
     * @throws SQLException if the database fails
     */
    @Benchmark
    public long plainUpdateBatched() throws SQLException {
        return update(v2, true);
    }

    private long update(String[] values, boolean batched) throws SQLException {
        long n = 0;
        jdbc.setAutoCommit(false);
        try (PreparedStatement s = jdbc.prepareStatement("UPDATE " + TABLE + " SET email_index = ? WHERE id = ?")) {
            for (int i = 0; i < ROWS; i++) {
                s.setString(1, values[i]);
                s.setLong(2, ids[i]);
                if (batched) {
                    s.addBatch();
                } else {
                    n += s.executeUpdate();
                }
                if ((i + 1) % BATCH == 0) {
                    if (batched) {
                        for (int c : s.executeBatch()) {
                            n += Math.max(c, 0);
                        }
                    }
                    jdbc.commit();
                }
            }
        } finally {
            jdbc.setAutoCommit(true);
        }
        return n;
    }
}
