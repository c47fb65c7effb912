package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/** SMTP against GreenMail (a real server, in process) and, for what GreenMail cannot play, a scripted one. */
@ExtendWith(QuietServerThreads.class)
class SmtpChannelTest {

    private static final String USER = "notify";
    private static final String PASSWORD = "parola-Secretă-7f3";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD))
            .withPerMethodLifecycle(false);

    private static final Instant NOW = Instant.parse("2026-12-02T03:04:05Z");
    private final MutableClock clock = MutableClock.of(NOW);

    @BeforeEach
    void emptyTheServer() throws Exception {
        GREEN_MAIL.purgeEmailFromAllMailboxes();
    }

    static SmtpSettings.Builder plain(int port) {
        return SmtpSettings.builder("localhost").port(port).startTls(StartTls.OFF)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    private SmtpChannel greenMail() {
        return SmtpChannel.open(plain(GREEN_MAIL.getSmtp().getPort()).build(), clock);
    }

    private static DeliveryReceipt receipt(DeliveryResult result) {
        return assertInstanceOf(DeliveryReceipt.class, result, () -> "a delivery, not " + result);
    }

    static DeliveryFailure failure(DeliveryResult result) {
        return assertInstanceOf(DeliveryFailure.class, result, () -> "a failure, not " + result);
    }

    @Test
    void send_deliversARealMessage_thatReadsBackWithHeadersBodyAndAttachment() throws Exception {
        String key = Fixtures.newKey("smtp");
        DeliveryReceipt receipt = receipt(greenMail().send(Fixtures.message(key, List.of(Fixtures.audio()))));

        assertTrue(GREEN_MAIL.waitForIncomingEmail(5_000, 1));
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage read = received[0];
        assertEquals(Fixtures.SUBJECT, read.getSubject(), "the diacritics survive the trip");
        assertTrue(read.getHeader("Subject")[0].contains("=?UTF-8?"));
        assertEquals(List.of(new InternetAddress(Fixtures.FROM)), List.of(read.getFrom()));
        assertEquals(List.of(new InternetAddress(Fixtures.TO)), List.of(read.getAllRecipients()));
        String messageId = "<k." + MailMessages.keyHash(key).substring(0, 32) + "@clickphone.ro>";
        assertEquals(messageId, read.getMessageID(), "derived from the key, so a receiver can de-duplicate");
        assertEquals(messageId, receipt.reference());
        assertEquals(NOW, receipt.acceptedAt());
        assertEquals("smtp", receipt.channel());
        assertEquals("Wed, 2 Dec 2026 03:04:05 +0000", read.getHeader("Date")[0]);
        assertEquals("ro", read.getHeader("Content-Language")[0]);
        assertEquals(Fixtures.BODY, Fixtures.text(read).replace("\r\n", "\n"));
        List<Part> attachments = Fixtures.attachments(read);
        assertEquals(1, attachments.size());
        assertTrue(attachments.get(0).isMimeType("audio/wav"));
        assertEquals(Fixtures.FILE_NAME, MimeUtility.decodeText(attachments.get(0).getFileName()));
        try (InputStream in = attachments.get(0).getInputStream()) {
            assertArrayEquals(Fixtures.AUDIO, in.readAllBytes());
        }
    }

    @Test
    void send_twiceWithOneKey_reachesTheServerOnce_andReturnsTheFirstReceipt() throws Exception {
        SmtpChannel channel = greenMail();
        String key = Fixtures.newKey("twice");
        DeliveryReceipt first = receipt(channel.send(Fixtures.message(key, List.of())));
        clock.advance(Duration.ofMinutes(3));
        DeliveryReceipt second = receipt(channel.send(Fixtures.message(key, List.of())));

        assertEquals(first, second, "the remembered receipt, time included");
        assertEquals(1, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void send_withCredentials_logsInAndDelivers() {
        SmtpSettings settings = plain(GREEN_MAIL.getSmtp().getPort())
                .credentials(USER, SecretBytes.copyOf(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .plaintextAuth(true).build();
        receipt(SmtpChannel.open(settings, clock).send(Fixtures.message(Fixtures.newKey("auth"), List.of())));
        assertEquals(1, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void send_withAWrongPassword_failsTransiently_withSmtpAuth_andNothingIsDelivered() {
        SmtpSettings settings = plain(GREEN_MAIL.getSmtp().getPort())
                .credentials(USER, SecretBytes.copyOf("wrong-password-1".getBytes(StandardCharsets.UTF_8)))
                .plaintextAuth(true).build();
        DeliveryFailure failure = failure(SmtpChannel.open(settings, clock)
                .send(Fixtures.message(Fixtures.newKey("auth-wrong"), List.of())));
        assertEquals(DeliveryFailure.transientFailure("smtp-auth"), failure,
                "a password is fixed by the operator, not by dropping the message");
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void send_whenTheServerIsDown_failsTransiently_withSmtpConnect() throws IOException {
        SmtpChannel channel = SmtpChannel.open(plain(ScriptedSmtpServer.closedPort()).build(), clock);
        assertEquals(DeliveryFailure.transientFailure("smtp-connect"),
                failure(channel.send(Fixtures.message(Fixtures.newKey("down"), List.of()))));
    }

    @Test
    void send_afterATransientFailure_triesAgain_andDelivers() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().rcptReply("451 4.3.0 Try again later")) {
            SmtpChannel channel = SmtpChannel.open(plain(server.port()).build(), clock);
            String key = Fixtures.newKey("retry");
            assertEquals(DeliveryFailure.transientFailure("smtp-451"), failure(channel.send(Fixtures.message(key, List.of()))));
            server.rcptReply("250 2.1.5 OK");
            receipt(channel.send(Fixtures.message(key, List.of())));
            assertEquals(1, server.received().size());
            assertEquals(2, server.connections(), "the transient failure was not remembered");
        }
    }

    /** Real servers quote the refused address in their reply; the failure's code never does. */
    @Test
    void send_whenTheRecipientIsRefusedWith550_failsPermanently_withSmtp550_andNoAddress() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .rcptReply("550 5.1.1 <" + Fixtures.TO + ">: Recipient address rejected: User unknown")) {
            SmtpChannel channel = SmtpChannel.open(plain(server.port()).build(), clock);
            String key = Fixtures.newKey("refused");
            DeliveryFailure failure = failure(channel.send(Fixtures.message(key, List.of())));
            assertEquals(DeliveryFailure.permanentFailure("smtp-550"), failure);
            assertEquals(List.of(), Fixtures.plantedIn(failure.toString()));

            assertEquals(failure, channel.send(Fixtures.message(key, List.of())), "a permanent refusal is remembered");
            assertEquals(1, server.connections(), "and the server is not asked again");
            assertEquals(List.of(), server.received());
        }
    }

    @Test
    void send_whenTheSenderIsRefusedWith553_failsPermanently() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().mailReply("553 5.7.1 Sender address rejected")) {
            SmtpChannel channel = SmtpChannel.open(plain(server.port()).build(), clock);
            assertEquals(DeliveryFailure.permanentFailure("smtp-553"),
                    failure(channel.send(Fixtures.message(Fixtures.newKey("sender"), List.of()))));
        }
    }

    @Test
    void send_whenTheMessageIsRefusedAfterData_failsPermanently_andA4xxThereIsTransient() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().dataReply("554 5.6.0 Message refused")) {
            SmtpChannel channel = SmtpChannel.open(plain(server.port()).build(), clock);
            assertEquals(DeliveryFailure.permanentFailure("smtp-554"),
                    failure(channel.send(Fixtures.message(Fixtures.newKey("data"), List.of()))));
            server.dataReply("452 4.3.1 Insufficient system storage");
            assertEquals(DeliveryFailure.transientFailure("smtp-452"),
                    failure(channel.send(Fixtures.message(Fixtures.newKey("data-4xx"), List.of()))));
        }
    }

    /** A server that accepts the connection and never answers: the read time-out ends the attempt. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void send_toASilentServer_failsTransiently_withSmtpTimeout() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().silent()) {
            SmtpSettings settings = SmtpSettings.builder("localhost").port(server.port()).startTls(StartTls.OFF)
                    .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofMillis(300)).build();
            assertEquals(DeliveryFailure.transientFailure("smtp-timeout"),
                    failure(SmtpChannel.open(settings, clock).send(Fixtures.message(Fixtures.newKey("silent"), List.of()))));
        }
    }

    /** The attacker controls a contact entry and slips in a second recipient: the server gets nothing. */
    @Test
    void send_toTwoAddressesInOne_isRefusedPermanently_andTheServerGetsNothing() {
        SmtpChannel channel = greenMail();
        for (String to : List.of(Fixtures.TO + ", attacker@evil.test", "group: " + Fixtures.TO + ", attacker@evil.test;")) {
            assertEquals(DeliveryFailure.permanentFailure("address-invalid"),
                    failure(channel.send(Fixtures.messageTo(Fixtures.newKey("two"), to))));
        }
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    /** Without the final dot the server discards what it got: no half message with half an attachment. */
    @Test
    void send_whenTheAttachmentFailsHalfway_theServerKeepsNothing_andTheFailureIsTransient() {
        Attachment breaking = new Attachment("a.wav", "audio/wav", () -> new FilterInputStream(Fixtures.generated(1 << 20)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 128 * 1024) {
                    throw new IOException("the stored recording is damaged");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        });
        SmtpChannel channel = greenMail();
        String key = Fixtures.newKey("half");
        assertEquals(DeliveryFailure.transientFailure("attachment-unreadable"),
                failure(channel.send(Fixtures.message(key, List.of(breaking)))));
        assertFalse(GREEN_MAIL.waitForIncomingEmail(300, 1), "nothing reached a mailbox");

        receipt(channel.send(Fixtures.message(key, List.of(Fixtures.audio()))));
        assertEquals(1, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void fromOverride_replacesEveryMessagesSender() throws Exception {
        SmtpChannel channel = SmtpChannel.open(plain(GREEN_MAIL.getSmtp().getPort())
                .fromOverride("relay@clickphone.ro").build(), clock);
        DeliveryReceipt receipt = receipt(channel.send(Fixtures.message(Fixtures.newKey("override"), List.of())));
        MimeMessage read = GREEN_MAIL.getReceivedMessages()[0];
        assertEquals(List.of(new InternetAddress("relay@clickphone.ro")), List.of(read.getFrom()));
        assertTrue(receipt.reference().endsWith("@clickphone.ro>"));
    }

    @Test
    void send_onAnotherMedium_isRefusedPermanently() {
        OutboundMessage sms = new OutboundMessage(Fixtures.newKey("sms"), Medium.SMS, Fixtures.FROM, "+40721234567",
                "ro", "", "Cod: 1234", List.of());
        assertEquals(DeliveryFailure.permanentFailure("medium-unsupported"), failure(greenMail().send(sms)));
    }

    @Test
    void toString_namesTheServer_neverTheCredentials() {
        SmtpSettings settings = plain(2525)
                .credentials(USER, SecretBytes.copyOf(PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .plaintextAuth(true).build();
        String printed = SmtpChannel.open(settings, clock).toString() + settings;
        assertFalse(printed.contains(PASSWORD), printed);
        assertFalse(printed.contains(USER), printed);
        assertEquals("SmtpChannel[id=smtp, host=localhost, port=2525, starttls=off]", SmtpChannel.open(settings, clock).toString());
    }
}
