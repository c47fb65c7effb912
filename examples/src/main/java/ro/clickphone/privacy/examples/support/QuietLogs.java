package ro.clickphone.privacy.examples.support;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a program's own report readable: Flyway and the SDK log through SLF4J (slf4j-simple, INFO by default),
 * Hibernate through java.util.logging, and at start-up they print a few hundred lines. Quiet, only warnings and
 * errors show; verbose, everything does. Call it at the very start of {@code main}, before any logger exists:
 * slf4j-simple reads its default level once, when the first logger is made.
 */
public final class QuietLogs {

    /** slf4j-simple's default level property; a value set on the command line ({@code -D}) is left alone. */
    public static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");
    /**
     * Hibernate's connection logger: the examples use its built-in pool on purpose (no pool library for a
     * demo), so its "not intended for production use" warning shows only when verbose.
     */
    private static final Logger HIBERNATE_CONNECTION_LOG = Logger.getLogger("org.hibernate.orm.connections.pooling");

    private QuietLogs() {
    }

    /**
     * Sets the levels: warnings and errors only, unless verbose.
     *
     * @param verbose whether every log line shows (the libraries' INFO lines too)
     */
    public static void apply(boolean verbose) {
        if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null) {
            System.setProperty(SIMPLE_LOGGER_LEVEL, verbose ? "info" : "warn");
        }
        HIBERNATE_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
        HIBERNATE_CONNECTION_LOG.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }
}
