package ro.clickphone.privacy.examples.cli;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import ro.clickphone.privacy.examples.support.Database;

/**
 * The options of the commands that work on a JDBC store ({@code audit verify}, {@code keys rewrap},
 * {@code incidents due}): the URL, the user, and the password from a file or
 * {@value #PASSWORD_VARIABLE}, never from an argument or the URL. The schema must be there already:
 * these commands never migrate it, and on H2 they never create a database file that is not there.
 */
final class DatabaseOptions {

    /** The environment variable holding the database password when no file is given. */
    static final String PASSWORD_VARIABLE = "CLICKPHONE_PRIVACY_DB_PASSWORD";

    /**
     * Hibernate logs through java.util.logging at INFO and WARN when a factory starts (its version, the
     * JDBC URL, its built-in pool): the tool's standard error is for its own one-line errors, so those
     * logs show only with {@code --verbose}. Held here: the logging framework keeps loggers weakly.
     */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");


    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "The database the SDK's JPA stores are in: jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:."
                    + " No password in it.")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "The database user (or in the URL).")
    String user;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "A file holding the database password (else the environment variable "
                    + PASSWORD_VARIABLE + ", else none).")
    Path passwordFile;

    /**
     * Opens the database without migrating it and builds an entity manager factory over the SDK's
     * entities; the factory checks the schema against them, so a database without the SDK's tables is
     * refused here.
     *
     * @param spec the running command's spec (for the environment)
     * @return the database, with the factory it built (closed with it)
     * @throws BadInputException if the URL carries a password or names no supported database, or the
     *     database cannot be opened or holds no SDK schema
     */
    Opened open(CommandSpec spec) {
        return open(spec, checkedUrl());
    }

    /**
     * Opens the database as {@link #open} does, over connections that cannot write, where the driver
     * offers it: H2 opens the file read-only ({@code ACCESS_MODE_DATA=r}), PostgreSQL sessions are
     * read-only ({@code readOnly=true&readOnlyMode=always}), MariaDB sessions too
     * ({@code sessionVariables=tx_read_only=1}). A writable user still sees the tables; grant the
     * tool's user SELECT only for the same guarantee on the server's side.
     *
     * @param spec the running command's spec (for the environment)
     * @return the database, read-only
     * @throws BadInputException as {@link #open}
     */
    Opened openReadOnly(CommandSpec spec) {
        return open(spec, readOnly(checkedUrl()));
    }

    /** The URL with the driver's read-only settings added (the last setting of a parameter wins). */
    static String readOnly(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return switch (Database.Kind.of(url)) {
            case H2 -> lower.contains("access_mode_data=") ? url.replaceAll("(?i)access_mode_data=\\w*",
                    "ACCESS_MODE_DATA=r") : url + ";ACCESS_MODE_DATA=r";
            case POSTGRESQL -> url + (url.contains("?") ? "&" : "?") + "readOnly=true&readOnlyMode=always";
            case MARIADB -> lower.contains("sessionvariables=")
                    ? url.replaceFirst("(?i)sessionVariables=", "sessionVariables=tx_read_only=1,")
                    : url + (url.contains("?") ? "&" : "?") + "sessionVariables=tx_read_only=1";
        };
    }

    private Opened open(CommandSpec spec, String url) {
        Secrets secrets = ClickPhonePrivacyCli.secrets(spec);
        String password = passwordFile != null || secrets.has(PASSWORD_VARIABLE)
                ? new String(secrets.password(passwordFile, "--db-password-file", PASSWORD_VARIABLE)) : null;
        boolean verbose = ((ClickPhonePrivacyCli) spec.root().userObject()).verbose;
        HIBERNATE_LOG.setLevel(verbose ? Level.INFO : Level.SEVERE);
        Database database = Database.existing(url, user, password, List.of());
        try {
            return new Opened(database, database.newEmf(Map.of()));
        } catch (RuntimeException e) {
            database.close();
            throw new BadInputException("cannot open the database of --jdbc-url, or it holds no ClickPhone Privacy"
                    + " schema (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The URL as given, refused if it carries a password, with H2's {@code IFEXISTS=TRUE} added to an
     * embedded H2 database so that a mistyped path fails instead of creating an empty database.
     */
    String checkedUrl() {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (Database.carriesPassword(jdbcUrl)) {
            throw new BadInputException("--jdbc-url must not carry a password: put it in --db-password-file or "
                    + PASSWORD_VARIABLE);
        }
        Database.Kind kind;
        try {
            kind = Database.Kind.of(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--jdbc-url: " + e.getMessage(), e);
        }
        if (kind == Database.Kind.H2 && !lower.startsWith("jdbc:h2:mem:") && !lower.contains("ifexists=")) {
            return jdbcUrl + ";IFEXISTS=TRUE";
        }
        return jdbcUrl;
    }

    /**
     * An opened database and the factory over it.
     *
     * @param database the database
     * @param emf the entity manager factory (closed with the database)
     */
    record Opened(Database database, EntityManagerFactory emf) implements AutoCloseable {

        @Override
        public void close() {
            database.close();
        }
    }
}
