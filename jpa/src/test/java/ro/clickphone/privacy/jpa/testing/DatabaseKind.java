package ro.clickphone.privacy.jpa.testing;

/**
 * The databases the JPA plugin is tested on. H2 runs always (in memory); PostgreSQL and MariaDB run when
 * their environment variable holds a JDBC URL of a database the tests may create schemas in, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres} and
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}. When the variable is set and the server cannot be
 * used, the tests fail rather than skip.
 */
public enum DatabaseKind {

    /** H2 in memory, always. */
    H2(null, "h2"),
    /** PostgreSQL, when {@code CLICKPHONE_PRIVACY_IT_POSTGRES} is set. */
    POSTGRES("CLICKPHONE_PRIVACY_IT_POSTGRES", "postgresql"),
    /** MariaDB, when {@code CLICKPHONE_PRIVACY_IT_MARIADB} is set. */
    MARIADB("CLICKPHONE_PRIVACY_IT_MARIADB", "mariadb");

    private final String variable;
    private final String folder;

    DatabaseKind(String variable, String folder) {
        this.variable = variable;
        this.folder = folder;
    }

    /**
     * The environment variable that turns this database on; null for H2.
     *
     * @return the name
     */
    public String variable() {
        return variable;
    }

    /**
     * The folder of this database's migrations under {@code db/} (and of test migrations under the
     * locations a test adds).
     *
     * @return the folder name
     */
    public String folder() {
        return folder;
    }

    /**
     * The configured base URL, or null when the database is off.
     *
     * @return the URL
     */
    public String baseUrl() {
        if (variable == null) {
            return "jdbc:h2:mem:";
        }
        String url = System.getenv(variable);
        return url == null || url.isBlank() ? null : url.trim();
    }

    /**
     * Whether tests run on this database.
     *
     * @return true for H2 and for a database whose variable is set
     */
    public boolean enabled() {
        return baseUrl() != null;
    }
}
