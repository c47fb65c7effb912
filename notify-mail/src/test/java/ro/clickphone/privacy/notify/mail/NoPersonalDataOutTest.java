package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.spi.notify.Attachment;

/**
 * Every outcome of both channels — delivered, refused with a reply that quotes the address, a
 * server without STARTTLS, a broken attachment, a bad address — leaves no address, name, phone
 * number, subject line or file name in what the JVM logs at its default levels, on the console, in
 * a result or in a {@code toString()}.
 *
 * <p>Angus Mail itself logs the recipients' addresses at {@code FINE} (loggers
 * {@code org.eclipse.angus.mail.*}); those levels are off by default and the channels' Javadoc says
 * to keep them off. This test keeps the default levels and listens at the root, so that it sees
 * whatever a default configuration would print; the channels' own package is listened to at every level.
 */
class NoPersonalDataOutTest {

    @TempDir
    Path folder;

    @Test
    void noOutcome_leavesPersonalDataInLogsConsoleResultsOrToString() throws Exception {
        List<String> seen = new ArrayList<>();
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("ro.clickphone.privacy.notify");
        Level oursBefore = ours.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getLoggerName() + " " + new SimpleFormatter().format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
        root.addHandler(capture);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream both = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            for (Object outcome : outcomes()) {
                seen.add(outcome.toString());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(capture);
            ours.setLevel(oursBefore);
        }
        seen.add(console.toString(StandardCharsets.UTF_8));

        assertEquals(List.of(), Fixtures.plantedIn(String.join("\n", seen)));
        assertFalse(seen.stream().anyMatch(line -> line.startsWith("ro.clickphone")), "the channels log nothing");
    }

    private List<Object> outcomes() throws IOException {
        List<Object> results = new ArrayList<>();
        Attachment broken = new Attachment(Fixtures.FILE_NAME, "audio/wav", () -> {
            throw new IOException("cannot read " + Fixtures.FILE_NAME + " of " + Fixtures.TO);
        });
        MailboxChannel mailbox = MailboxChannel.open(folder);
        results.add(mailbox.send(Fixtures.message(Fixtures.newKey("ok"), List.of(Fixtures.audio()))));
        results.add(mailbox.send(Fixtures.message(Fixtures.newKey("broken"), List.of(broken))));
        results.add(mailbox.send(Fixtures.messageTo(Fixtures.newKey("bad"), Fixtures.TO + ", x@evil.test")));
        results.add(mailbox);
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SmtpChannel smtp = SmtpChannel.open(SmtpSettings.builder("localhost").port(server.port())
                    .startTls(StartTls.OFF).readTimeout(Duration.ofSeconds(10)).build());
            results.add(smtp.send(Fixtures.message(Fixtures.newKey("ok"), List.of(Fixtures.audio()))));
            results.add(smtp.send(Fixtures.message(Fixtures.newKey("broken"), List.of(broken))));
            server.rcptReply("550 5.1.1 <" + Fixtures.TO + ">: Recipient address rejected: " + Fixtures.SUBJECT);
            results.add(smtp.send(Fixtures.message(Fixtures.newKey("refused"), List.of())));
            results.add(SmtpChannel.open(SmtpSettings.builder("localhost").port(server.port()).build())
                    .send(Fixtures.message(Fixtures.newKey("no-tls"), List.of())));
            results.add(smtp);
        }
        return results;
    }
}
