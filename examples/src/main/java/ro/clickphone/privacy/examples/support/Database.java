package ro.clickphone.privacy.examples.support;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * A database the examples work on: the JDBC URL of an H2, PostgreSQL or MariaDB database, the JPA
 * plugin's migrations (and the caller's own) applied by Flyway, and entity manager factories over it
 * through Hibernate. The password never comes from the URL's command line: give it apart (read from a
 * file or an environment variable by the caller).
 *
 * <p>Not a library: the examples' own plumbing, the few lines an application would write once.
 */
public final class Database implements AutoCloseable {

    /** The kinds of database the JPA plugin ships migrations for. */
    public enum Kind {
        /** H2, embedded (file or memory). */
        H2("h2"),
        /** PostgreSQL. */
        POSTGRESQL("postgresql"),
        /** MariaDB (or MySQL). */
        MARIADB("mariadb");

        private final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        /**
         * The migrations' folder name under {@code db/}.
         *
         * @return {@code h2}, {@code postgresql} or {@code mariadb}
         */
        public String folder() {
            return folder;
        }

        /**
         * The kind a JDBC URL names.
         *
         * @param jdbcUrl the URL
         * @return its kind
         * @throws IllegalArgumentException if the URL names none of them (the message quotes only the
         *     URL's scheme, never the rest)
         */
        public static Kind of(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            String lower = jdbcUrl.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (lower.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
                return MARIADB;
            }
            int colon = lower.indexOf(':', 5);
            String scheme = colon > 0 && lower.startsWith("jdbc:") ? lower.substring(0, colon) : "not a jdbc: URL";
            throw new IllegalArgumentException("unsupported database (" + scheme
                    + "): use jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:");
        }
    }

    /** A password among the URL's parameters: {@code password=}, {@code password1=}, {@code PASSWORD =}. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("password\\d*\\s*=");
    /**
     * A password as {@code user:password@} before the host; the password may hold any character but
     * {@code @}. Looked for once the {@code user=} parameters are set aside, whose value may hold an
     * {@code @} (Azure's {@code user=name@server}) and never a password.
     */
    private static final Pattern USERINFO = Pattern.compile("//[^@/]*:[^@]*@");
    private static final Pattern USER_PARAMETER = Pattern.compile("user\\s*=[^&;]*");

    private final String url;
    private final String user;
    private final String password;
    private final Kind kind;
    private final List<Class<?>> entities;
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private Database(String url, String user, String password, List<Class<?>> entities) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.kind = Kind.of(url);
        this.entities = List.copyOf(entities);
    }

    /**
     * Opens a database and brings its schema up to date: the JPA plugin's migrations
     * ({@code classpath:db/<kind>}) and each of {@code extraMigrations} ({@code classpath:<extra>/<kind>}).
     *
     * @param jdbcUrl the JDBC URL (a user may be in it; a password should not be)
     * @param user the user, or null when the URL names it
     * @param password the password, or null
     * @param entities the caller's own entity classes (the plugin's come from its {@code META-INF/orm.xml})
     * @param extraMigrations classpath folders holding the caller's own migrations, one sub-folder per kind
     * @return the database
     */
    public static Database open(String jdbcUrl, String user, String password, List<Class<?>> entities,
            List<String> extraMigrations) {
        Database db = new Database(jdbcUrl, user, password, entities);
        List<String> locations = new ArrayList<>();
        locations.add("classpath:db/" + db.kind.folder());
        for (String extra : extraMigrations) {
            locations.add("classpath:" + extra + "/" + db.kind.folder());
        }
        Flyway.configure().dataSource(jdbcUrl, user, password)
                .locations(locations.toArray(String[]::new))
                .load().migrate();
        return db;
    }

    /**
     * Opens a database whose schema is already there: no migration runs (for tools that only read or
     * that must not change a schema they did not create).
     *
     * @param jdbcUrl the JDBC URL
     * @param user the user, or null
     * @param password the password, or null
     * @param entities the caller's own entity classes
     * @return the database
     */
    public static Database existing(String jdbcUrl, String user, String password, List<Class<?>> entities) {
        return new Database(jdbcUrl, user, password, entities);
    }

    /**
     * Whether a JDBC URL carries a password ({@code password=}, {@code password1=}, {@code PASSWORD =}, or
     * {@code user:password@} before the host): the examples refuse such a URL, since arguments show in
     * {@code ps} and in shell history. Checks the text only; never echoes it.
     *
     * @param jdbcUrl the URL
     * @return whether it carries a password
     */
    public static boolean carriesPassword(String jdbcUrl) {
        String lower = Objects.requireNonNull(jdbcUrl, "jdbcUrl").toLowerCase(Locale.ROOT);
        return PASSWORD_PARAMETER.matcher(lower).find()
                || USERINFO.matcher(USER_PARAMETER.matcher(lower).replaceAll("")).find();
    }

    /**
     * This database's kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * A new entity manager factory over this database (Hibernate, the plugin's {@code META-INF/orm.xml},
     * the caller's entities, schema validated), closed with this database.
     *
     * @param properties extra persistence-unit properties, e.g. {@code FieldEncryption.KIT}
     * @return the factory
     */
    public EntityManagerFactory newEmf(Map<String, ?> properties) {
        PersistenceConfiguration configuration = new PersistenceConfiguration("clickphone-privacy-examples")
                .provider("org.hibernate.jpa.HibernatePersistenceProvider")
                .mappingFile("META-INF/orm.xml")
                .property(PersistenceConfiguration.JDBC_URL, url)
                .property("hibernate.hbm2ddl.auto", "validate")
                .property("hibernate.connection.pool_size", "4")
                .property("hibernate.jdbc.time_zone", "UTC");
        if (user != null) {
            configuration.property(PersistenceConfiguration.JDBC_USER, user);
        }
        if (password != null) {
            configuration.property(PersistenceConfiguration.JDBC_PASSWORD, password);
        }
        for (Class<?> entity : entities) {
            configuration.managedClass(entity);
        }
        new HashMap<String, Object>(properties).forEach(configuration::property);
        EntityManagerFactory emf = Persistence.createEntityManagerFactory(configuration);
        synchronized (factories) {
            factories.add(emf);
        }
        return emf;
    }

    /**
     * A plain JDBC connection to this database (its user and password), for the few statements an entity
     * manager is not meant for (copying rows between databases); the caller closes it.
     *
     * @return the connection
     * @throws SQLException if the database cannot be reached
     */
    public Connection connection() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public void close() {
        synchronized (factories) {
            for (EntityManagerFactory emf : factories) {
                if (emf.isOpen()) {
                    emf.close();
                }
            }
            factories.clear();
        }
    }

    @Override
    public String toString() {
        return "Database[" + kind + "]";
    }
}
