package ro.clickphone.privacy.core.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.NotificationChannelContract;

/**
 * The logging channel keeps the channel contract: a delivery is its one summary line, logged once
 * per key; attachments are read whole and closed; nothing personal in what it returns or prints.
 */
class LoggingChannelContractTest extends NotificationChannelContract {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingChannel.class);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }

    @Override
    protected NotificationChannel channel() {
        return new LoggingChannel();
    }

    @Override
    protected int deliveriesOf(String idempotencyKey) {
        // the line names the message as its toString does: by a hash of the key, never the key
        String named = new ro.clickphone.privacy.spi.notify.OutboundMessage(idempotencyKey, medium(), "a@b.ro", "c@d.ro",
                "ro", "", "", java.util.List.of()).toString();
        String prefix = named.substring(0, named.indexOf(','));
        return (int) lines.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix + ",")).count();
    }
}
