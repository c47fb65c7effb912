package ro.clickphone.privacy.jpa.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what Hibernate logs about failed statements (logger {@code SqlExceptionHelper}: the driver's
 * message at ERROR after "SQL Error ..., SQLState ..." at WARN — a duplicate-key message quotes the key).
 * On the test classpath jboss-logging has no JBoss LogManager, Log4j or Logback, so it logs through
 * java.util.logging; {@link #capture()} proves it by logging a canary through jboss-logging first, so a test
 * using this can never pass because nothing was listening.
 */
public final class SqlExceptionLog implements AutoCloseable {

    static final String LOGGER = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";

    private final Logger logger = Logger.getLogger(LOGGER); // held: JUL keeps loggers weakly
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            messages.add(record.getLevel() + " " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private SqlExceptionLog() {
        logger.addHandler(handler);
    }

    /**
     * Starts capturing, after checking that Hibernate's logger reaches the handler.
     *
     * @return the capture; close it
     */
    public static SqlExceptionLog capture() {
        SqlExceptionLog log = new SqlExceptionLog();
        org.jboss.logging.Logger.getLogger(LOGGER).warn("canary");
        assertEquals(List.of("WARN canary"), log.messages, "jboss-logging reaches java.util.logging");
        log.messages.clear();
        return log;
    }

    /**
     * Asserts that nothing was logged about a constraint violation, and that nothing logged names a subject.
     *
     * @param subjects the subject ids the test used
     */
    public void assertNoConstraintViolationNorSubject(Collection<String> subjects) {
        for (String message : messages) {
            assertFalse(message.contains("SQLState: 23"), "a constraint violation was logged: " + message);
            for (String subject : subjects) {
                assertFalse(message.contains(subject), "a subject id was logged");
            }
        }
    }

    /**
     * What was captured.
     *
     * @return the level and message of each record
     */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
