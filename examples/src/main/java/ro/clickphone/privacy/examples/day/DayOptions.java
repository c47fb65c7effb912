package ro.clickphone.privacy.examples.day;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the day runs: the database ({@code --jdbc-url}, an H2 file in the output folder by default), the output
 * folder ({@code --out}, {@code target/day-at-clickphone} by default), whether the schemas created on
 * PostgreSQL or MariaDB are kept ({@code --keep}) and whether the libraries' start-up logs show
 * ({@code --verbose}). The database password comes only from the environment variable
 * {@value #PASSWORD_VARIABLE}, never from an argument.
 *
 * @param jdbcUrl the JDBC URL, if given
 * @param out the output folder
 * @param keep whether to keep the schemas created
 * @param password the database password, if the environment gives one
 * @param verbose whether Flyway's, Hibernate's and the SDK's INFO logs show
 */
public record DayOptions(Optional<String> jdbcUrl, Path out, boolean keep, Optional<String> password,
        boolean verbose) {

    /** The environment variable holding the database password. */
    public static final String PASSWORD_VARIABLE = "CLICKPHONE_PRIVACY_DB_PASSWORD";

    /** The default output folder, relative to the working directory. */
    public static final Path DEFAULT_OUT = Path.of("target", "day-at-clickphone");

    /** The usage text. */
    public static final String USAGE = "usage: DayAtClickPhone [--jdbc-url URL] [--out DIR] [--keep] [--verbose]\n"
            + "  --jdbc-url URL  jdbc:h2:, jdbc:postgresql: or jdbc:mariadb: (default: an H2 file in DIR/db);\n"
            + "                  the password only from " + PASSWORD_VARIABLE + "\n"
            + "  --out DIR       output folder (default target/day-at-clickphone), cleared of a previous day;\n"
            + "                  a non-empty folder the day did not write (no " + DayAtClickPhone.MARKER
            + " file) is refused\n"
            + "  --keep          keep the schemas created on PostgreSQL or MariaDB\n"
            + "  --verbose       show the libraries' INFO logs (Flyway, Hibernate, the SDK)";

    /**
     * Checks that no component is null.
     *
     * @param jdbcUrl the JDBC URL, if given
     * @param out the output folder
     * @param keep whether to keep the schemas created
     * @param password the database password, if the environment gives one
     * @param verbose whether the libraries' INFO logs show
     */
    public DayOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The options of a run with the defaults but the output folder.
     *
     * @param out the output folder
     * @return the options
     */
    public static DayOptions in(Path out) {
        return new DayOptions(Optional.empty(), out, false, Optional.empty(), false);
    }

    /**
     * These options on another database.
     *
     * @param url the JDBC URL
     * @return the new options
     */
    public DayOptions withJdbcUrl(String url) {
        return new DayOptions(Optional.of(url), out, keep, password, verbose);
    }

    /**
     * Reads the command line and the environment.
     *
     * @param args the arguments
     * @param env the environment
     * @return the options
     * @throws IllegalArgumentException if an argument is unknown or lacks its value (the message never quotes
     *     a value)
     */
    public static DayOptions parse(String[] args, Map<String, String> env) {
        String url = null;
        Path out = DEFAULT_OUT;
        boolean keep = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--jdbc-url" -> url = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--keep" -> keep = true;
                case "--verbose" -> verbose = true;
                default -> throw new IllegalArgumentException("unknown argument #" + (i + 1)
                        + (arg.startsWith("-") && arg.length() < 32 && !arg.contains("=") ? " (" + arg + ")" : ""));
            }
        }
        String password = env.get(PASSWORD_VARIABLE);
        return new DayOptions(Optional.ofNullable(url), out, keep,
                Optional.ofNullable(password == null || password.isEmpty() ? null : password), verbose);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].isBlank()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Names the options without the URL's parameters or the password. */
    @Override
    public String toString() {
        return "DayOptions[" + jdbcUrl.map(u -> u.replaceAll("[?;].*$", "")).orElse("h2 file") + ", " + out
                + (keep ? ", keep" : "") + (verbose ? ", verbose" : "") + password.map(p -> ", password set").orElse("") + "]";
    }
}
