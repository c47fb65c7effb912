package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ro.clickphone.privacy.examples.support.Database;

/**
 * Where the day keeps its data: the main database (the kit's stores and the day's entities), the erasure
 * ledger's database apart from it, and the tampered copy of the audit trail step 7 makes.
 *
 * <p>On H2 (the default) these are three files in {@code <out>/db}. On PostgreSQL the day creates the schemas
 * {@code clickphone_day_<random>}, {@code ..._ledger} and {@code ..._tampered} in the given database; on
 * MariaDB, databases of those names on the given server. They are dropped at the end unless kept, so runs
 * repeat on one server and never touch a previous run's rows. A JDBC URL given for H2 is used as it is for the
 * main database (it must not hold a previous day); the ledger and the copy are then H2 files in {@code <out>/db}.
 */
final class DayDatabases implements AutoCloseable {

    private static final Pattern MARIADB_URL = Pattern.compile("^(jdbc:mariadb://[^/?]+)/?([^?]*)(\\?.*)?$");
    private static final List<String> AUDIT_TABLES = List.of("cpp_audit_record", "cpp_audit_category",
            "cpp_audit_detail", "cpp_audit_checkpoint");

    private final Database.Kind kind;
    private final String baseUrl;
    private final Path folder;
    private final String password;
    private final String name;
    private final boolean keep;
    private final List<String> created = new ArrayList<>();
    private final List<Database> opened = new ArrayList<>();

    private DayDatabases(Database.Kind kind, String baseUrl, Path folder, String password, boolean keep) {
        this.kind = kind;
        this.baseUrl = baseUrl;
        this.folder = folder.toAbsolutePath();
        this.password = password;
        this.keep = keep;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.name = "clickphone_day_" + HexFormat.of().formatHex(random);
    }

    /**
     * Prepares the day's databases.
     *
     * @param jdbcUrl the URL given, or null for H2 files in {@code folder}
     * @param folder the folder of H2 files
     * @param password the password from the environment, or null
     * @param keep whether schemas created on PostgreSQL or MariaDB outlive the run
     * @return the databases, none opened yet
     * @throws IllegalArgumentException if the URL names an unsupported database or carries a password
     */
    static DayDatabases of(String jdbcUrl, Path folder, String password, boolean keep) {
        if (jdbcUrl != null && Database.carriesPassword(jdbcUrl)) {
            throw new IllegalArgumentException("the JDBC URL must not carry a password: set "
                    + DayOptions.PASSWORD_VARIABLE);
        }
        Database.Kind kind = jdbcUrl == null ? Database.Kind.H2 : Database.Kind.of(jdbcUrl);
        return new DayDatabases(kind, jdbcUrl, folder, password, keep);
    }

    /**
     * The kind of the main database.
     *
     * @return the kind
     */
    Database.Kind kind() {
        return kind;
    }

    /**
     * Opens the main database, migrated with the plugin's and the day's migrations.
     *
     * @return the database
     */
    Database main() {
        return open(kind == Database.Kind.H2 && baseUrl != null ? baseUrl : url(""), List.of(Account.class,
                Device.class, CallRecord.class, Invoice.class), List.of("db/day"));
    }

    /**
     * Opens the erasure ledger's database, apart from the main one.
     *
     * @return the database
     */
    Database ledger() {
        return open(url("_ledger"), List.of(), List.of());
    }

    /**
     * Copies the audit trail of the main database into a fresh one, for a copy an attacker may edit.
     *
     * @param main the main database
     * @return the copy, migrated and holding the trail's rows
     * @throws SQLException if a row cannot be copied
     */
    Database copyAuditTrail(Database main) throws SQLException {
        Database copy = open(url("_tampered"), List.of(), List.of());
        try (Connection from = main.connection(); Connection to = copy.connection()) {
            to.setAutoCommit(false);
            for (String table : AUDIT_TABLES) {
                copyTable(from, to, table);
            }
            try (Statement s = to.createStatement()) {
                s.executeUpdate("UPDATE cpp_counter SET last_value = (SELECT MAX(seq) FROM cpp_audit_record)"
                        + " WHERE name = 'audit'");
            }
            to.commit();
        }
        return copy;
    }

    private static void copyTable(Connection from, Connection to, String table) throws SQLException {
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            StringBuilder names = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                names.append(i > 1 ? ", " : "").append(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                marks.append(i > 1 ? ", ?" : "?");
            }
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES ("
                    + marks + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        insert.setObject(i, rs.getObject(i));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private Database open(String url, List<Class<?>> entities, List<String> migrations) {
        Database db = Database.open(url, null, password, entities, migrations);
        opened.add(db);
        return db;
    }

    /** The URL of one of the day's databases: an H2 file, or a schema or database created for it. */
    private String url(String suffix) {
        String schema = name + suffix;
        switch (kind) {
            case H2:
                return "jdbc:h2:file:" + folder.resolve(suffix.isEmpty() ? "day" : suffix.substring(1))
                        + ";LOCK_TIMEOUT=10000";
            case POSTGRESQL:
                execute(baseUrl, "CREATE SCHEMA " + schema);
                created.add(schema);
                return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            case MARIADB:
                Matcher m = MARIADB_URL.matcher(baseUrl);
                if (!m.matches()) {
                    throw new IllegalArgumentException("a MariaDB URL must read jdbc:mariadb://host[:port]/database");
                }
                execute(baseUrl, "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                created.add(schema);
                return m.group(1) + "/" + schema + (m.group(3) == null ? "" : m.group(3));
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private void execute(String url, String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the database refused to create or drop the day's schema (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /**
     * The names of the schemas or databases this run created on PostgreSQL or MariaDB.
     *
     * @return the names, in the order created
     */
    List<String> created() {
        return List.copyOf(created);
    }

    /** Closes every factory and, unless kept, drops what this run created. */
    @Override
    public void close() {
        opened.forEach(Database::close);
        opened.clear();
        if (keep) {
            return;
        }
        for (String schema : created) {
            execute(baseUrl, kind == Database.Kind.POSTGRESQL ? "DROP SCHEMA IF EXISTS " + schema + " CASCADE"
                    : "DROP DATABASE IF EXISTS " + schema);
        }
        created.clear();
    }

    @Override
    public String toString() {
        return "DayDatabases[" + kind + "]";
    }
}
