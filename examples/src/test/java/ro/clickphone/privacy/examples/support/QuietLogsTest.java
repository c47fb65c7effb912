package ro.clickphone.privacy.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Quiet: warnings only from Hibernate and slf4j-simple; verbose: INFO; a level set with {@code -D} is kept. */
class QuietLogsTest {

    @Test
    void quietAndVerbose_setHibernatesLevel_andSlf4jSimplesDefault_unlessAlreadySet() {
        Logger hibernate = Logger.getLogger("org.hibernate");
        Logger connections = Logger.getLogger("org.hibernate.orm.connections.pooling");
        Level before = hibernate.getLevel();
        Level connectionsBefore = connections.getLevel();
        String property = System.getProperty(QuietLogs.SIMPLE_LOGGER_LEVEL);
        try {
            System.clearProperty(QuietLogs.SIMPLE_LOGGER_LEVEL);
            QuietLogs.apply(false);
            assertEquals(Level.WARNING, hibernate.getLevel());
            assertEquals(Level.SEVERE, connections.getLevel(), "the built-in pool's warning: only when verbose");
            assertEquals("warn", System.getProperty(QuietLogs.SIMPLE_LOGGER_LEVEL));

            System.clearProperty(QuietLogs.SIMPLE_LOGGER_LEVEL);
            QuietLogs.apply(true);
            assertEquals(Level.INFO, hibernate.getLevel());
            assertEquals("info", System.getProperty(QuietLogs.SIMPLE_LOGGER_LEVEL));

            System.setProperty(QuietLogs.SIMPLE_LOGGER_LEVEL, "debug");
            QuietLogs.apply(false);
            assertEquals("debug", System.getProperty(QuietLogs.SIMPLE_LOGGER_LEVEL), "a -D value is left alone");
        } finally {
            hibernate.setLevel(before);
            connections.setLevel(connectionsBefore);
            if (property == null) {
                System.clearProperty(QuietLogs.SIMPLE_LOGGER_LEVEL);
            } else {
                System.setProperty(QuietLogs.SIMPLE_LOGGER_LEVEL, property);
            }
        }
    }
}
