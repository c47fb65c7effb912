package ro.clickphone.privacy.jpa.testing;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * One test class's database: a schema of its own on the configured server (a fresh in-memory database on
 * H2), the plugin's migrations (and the test's own) applied by Flyway, and entity manager factories built
 * by Hibernate with {@code hbm2ddl validate}, so that an entity that disagrees with the SQL fails the build.
 * {@link #close()} drops the schema, so runs can repeat on the same server.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:mariadb://[^/?]+)/?([^?]*)(\\?.*)?$");
    private static final String COUNTER_TABLE = "cpp_counter";

    private final DatabaseKind kind;
    private final String schema;
    private final String url;
    private final List<String> locations;
    private final List<Class<?>> entities;
    private final List<EntityManagerFactory> factories = new CopyOnWriteArrayList<>();
    private volatile EntityManagerFactory shared;

    private TestDatabase(DatabaseKind kind, String schema, String url, List<String> locations,
            List<Class<?>> entities) {
        this.kind = kind;
        this.schema = schema;
        this.url = url;
        this.locations = locations;
        this.entities = entities;
    }

    /**
     * Creates a schema, applies the migrations and validates the mapping.
     *
     * @param kind the database
     * @param name a short name for the schema (the test class's)
     * @param extraLocations classpath folders whose kind sub-folder holds the test's own migrations
     * @param entities the test's own entity classes
     * @return the database
     */
    public static TestDatabase open(DatabaseKind kind, String name, List<String> extraLocations,
            List<Class<?>> entities) {
        if (!kind.enabled()) {
            throw new IllegalStateException(kind + " is off: set " + kind.variable());
        }
        String prefix = "cpp_" + name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        String schema = prefix.substring(0, Math.min(40, prefix.length())) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        String url = createSchema(kind, schema);
        List<String> locations = new ArrayList<>();
        locations.add("classpath:db/" + kind.folder());
        for (String extra : extraLocations) {
            locations.add("classpath:" + extra + "/" + kind.folder());
        }
        TestDatabase db = new TestDatabase(kind, schema, url, List.copyOf(locations), List.copyOf(entities));
        try {
            Flyway.configure().dataSource(url, null, null).locations(locations.toArray(String[]::new))
                    .load().migrate();
            db.emf();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static String createSchema(DatabaseKind kind, String schema) {
        String base = kind.baseUrl();
        switch (kind) {
            case H2:
                return "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
            case POSTGRES:
                execute(base, "CREATE SCHEMA " + schema);
                // A test database needs no durable commits: without the fsync per commit the PostgreSQL tests
                // run several times faster, and nothing they check depends on surviving a server crash.
                return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema
                        + "&options=-c%20synchronous_commit%3Doff";
            case MARIADB:
                execute(base, "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                Matcher m = MARIADB_URL.matcher(base);
                if (!m.matches()) {
                    throw new IllegalStateException(kind.variable() + " is not a jdbc:mariadb://host[:port]/db URL");
                }
                return m.group(1) + "/" + schema + (m.group(3) == null ? "" : m.group(3));
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot use the database at " + url.replaceAll("password=[^&]*",
                    "password=***") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database.
     *
     * @return the kind
     */
    public DatabaseKind kind() {
        return kind;
    }

    /**
     * The JDBC URL of this test's schema (credentials as in the configured URL).
     *
     * @return the URL
     */
    public String jdbcUrl() {
        return url;
    }

    /**
     * A new plain JDBC connection to this test's schema (auto-commit on), for reading raw rows or editing
     * them as an attacker with database access would.
     *
     * @return the connection; the caller closes it
     */
    public Connection connection() {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + kind, e);
        }
    }

    /**
     * The class's shared entity manager factory.
     *
     * @return it
     */
    public EntityManagerFactory emf() {
        EntityManagerFactory emf = shared;
        if (emf == null) {
            synchronized (this) {
                if (shared == null) {
                    shared = newEmf(Map.of());
                }
                emf = shared;
            }
        }
        return emf;
    }

    /**
     * Another entity manager factory on the same schema: a second application instance.
     *
     * @param properties extra persistence-unit properties (Hibernate settings, an integrator's settings)
     * @return a factory closed with this database
     */
    public EntityManagerFactory newEmf(Map<String, ?> properties) {
        PersistenceConfiguration configuration = new PersistenceConfiguration("clickphone-privacy-test")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .mappingFile("META-INF/orm.xml")
                .property(PersistenceConfiguration.JDBC_URL, url)
                .property("hibernate.hbm2ddl.auto", "validate")
                .property("hibernate.connection.pool_size", "8")
                .property("hibernate.jdbc.time_zone", "UTC");
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        Map<String, Object> all = new HashMap<>(properties);
        all.forEach(configuration::property);
        EntityManagerFactory emf = Persistence.createEntityManagerFactory(configuration);
        factories.add(emf);
        return emf;
    }

    /**
     * Runs work in a transaction of a new entity manager of the shared factory and commits.
     *
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf().createEntityManager();
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

    /**
     * Runs plain JDBC on this schema.
     *
     * @param work the work
     */
    public void jdbc(SqlWork work) {
        try (Connection c = connection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork {
        /**
         * Runs.
         *
         * @param connection the connection
         * @throws SQLException on failure
         */
        void run(Connection connection) throws SQLException;
    }

    /**
     * Empties every table of the schema (Flyway's history aside) and sets every counter back to 0: the
     * state right after the migrations, before each test.
     */
    public void reset() {
        jdbc(c -> {
            List<String> tables = tables(c);
            try (Statement s = c.createStatement()) {
                switch (kind) {
                    case POSTGRES -> {
                        // DELETE, not TRUNCATE: a TRUNCATE of a few dozen tiny tables before every test costs more
                        // than the test (new files for every table). Children before parents: a DELETE that a
                        // foreign key refuses waits for the next pass.
                        List<String> pending = new ArrayList<>(tables.stream()
                                .filter(t -> !t.equalsIgnoreCase(COUNTER_TABLE)).toList());
                        for (int pass = 0; pass < 8 && !pending.isEmpty(); pass++) {
                            for (java.util.Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                                try {
                                    s.execute("DELETE FROM " + it.next());
                                    it.remove();
                                } catch (SQLException referenced) {
                                    // rows of another table still point here
                                }
                            }
                        }
                        if (!pending.isEmpty()) {
                            s.execute("TRUNCATE TABLE " + String.join(", ", pending) + " CASCADE");
                        }
                    }
                    case MARIADB -> {
                        s.execute("SET FOREIGN_KEY_CHECKS = 0");
                        for (String t : tables) {
                            if (!t.equalsIgnoreCase(COUNTER_TABLE)) {
                                s.execute("DELETE FROM " + t);
                            }
                        }
                        s.execute("SET FOREIGN_KEY_CHECKS = 1");
                    }
                    case H2 -> {
                        s.execute("SET REFERENTIAL_INTEGRITY FALSE");
                        for (String t : tables) {
                            if (!t.equalsIgnoreCase(COUNTER_TABLE)) {
                                s.execute("TRUNCATE TABLE " + t);
                            }
                        }
                        s.execute("SET REFERENTIAL_INTEGRITY TRUE");
                    }
                    default -> throw new IllegalStateException(kind.name());
                }
                s.execute("UPDATE " + COUNTER_TABLE + " SET last_value = 0");
            }
        });
        for (EntityManagerFactory emf : factories) {
            if (emf.isOpen()) {
                emf.getCache().evictAll();
            }
        }
    }

    private List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String catalog = kind == DatabaseKind.MARIADB ? schema : null;
        String schemaPattern = switch (kind) {
            case POSTGRES -> schema;
            case H2 -> "PUBLIC";
            default -> null;
        };
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(catalog, schemaPattern, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME");
                if (!table.equalsIgnoreCase("flyway_schema_history")) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    /**
     * Runs something for each database that is on: H2, and the servers whose variables are set.
     *
     * @param action what to run
     */
    public static void forEachEnabled(Consumer<DatabaseKind> action) {
        for (DatabaseKind kind : DatabaseKind.values()) {
            if (kind.enabled()) {
                action.accept(kind);
            }
        }
    }

    /** Closes every factory and drops the schema. */
    @Override
    public void close() {
        for (EntityManagerFactory emf : factories) {
            try {
                if (emf.isOpen()) {
                    emf.close();
                }
            } catch (RuntimeException ignored) {
                // dropping the schema matters more
            }
        }
        switch (kind) {
            case H2 -> jdbc(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            });
            case POSTGRES -> execute(kind.baseUrl(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            case MARIADB -> execute(kind.baseUrl(), "DROP DATABASE IF EXISTS " + schema);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + kind + ", " + schema + "]";
    }
}
