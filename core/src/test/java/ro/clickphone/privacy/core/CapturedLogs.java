package ro.clickphone.privacy.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of a test, with the SDK's loggers at TRACE, for the leak tests:
 * {@code @RegisterExtension final CapturedLogs logs = new CapturedLogs();} then read {@link #list}.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger sdk = (Logger) LoggerFactory.getLogger("ro.clickphone.privacy");

    /** The events captured so far, in order. */
    public final List<ILoggingEvent> list = appender.list;

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.start();
        root.addAppender(appender);
        sdk.setLevel(Level.TRACE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.detachAppender(appender);
        sdk.setLevel(Level.DEBUG);
    }
}
