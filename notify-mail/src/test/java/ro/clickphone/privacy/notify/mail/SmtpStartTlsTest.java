package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.NotificationChannel;

/**
 * STARTTLS, against a scripted server that offers it with a test certificate (GreenMail 2.1.5 speaks
 * SMTPS on its own port but has no STARTTLS command) and against servers that do not offer it. The
 * attacker is a machine in the middle: it strips the STARTTLS offer, or presents a certificate of
 * its own.
 */
class SmtpStartTlsTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static String trustStore() {
        try {
            return Path.of(SmtpStartTlsTest.class.getResource("/tls/trust.p12").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NotificationChannel channel(int port, String startTls) {
        return new SmtpChannelProvider().open(Map.of("host", "localhost", "port", Integer.toString(port),
                "starttls", startTls, "truststore", trustStore(), "truststore-password", "test-only",
                "connect-timeout", "5s", "read-timeout", "10s"));
    }

    @Test
    void required_withTheServersTrustedCertificate_deliversOverTls() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls("/tls/server.p12")) {
            assertInstanceOf(DeliveryReceipt.class,
                    channel(server.port(), "required").send(Fixtures.message(Fixtures.newKey("tls"), List.of(Fixtures.audio()))));
            assertEquals(1, server.received().size());
            assertTrue(server.received().get(0).overTls(), "the message crossed the wire encrypted");
            assertTrue(server.commands().indexOf("STAR") < server.commands().indexOf("MAIL"), "TLS before the envelope");
        }
    }

    /** A machine in the middle removes the STARTTLS offer: with {@code required}, nothing is sent in clear. */
    @Test
    void required_againstAServerWithoutStartTls_sendsNothing_andFailsTransiently() throws IOException {
        try (ScriptedSmtpServer stripped = new ScriptedSmtpServer()) {
            DeliveryFailure failure = SmtpChannelTest.failure(
                    channel(stripped.port(), "required").send(Fixtures.message(Fixtures.newKey("strip"), List.of())));
            assertEquals(DeliveryFailure.transientFailure("smtp-starttls"), failure);
            assertFalse(stripped.commands().contains("MAIL"), "not even the envelope went in clear");
            assertEquals(List.of(), stripped.received());
        }
        DeliveryFailure againstGreenMail = SmtpChannelTest.failure(channel(GREEN_MAIL.getSmtp().getPort(), "required")
                .send(Fixtures.message(Fixtures.newKey("strip-gm"), List.of())));
        assertEquals(DeliveryFailure.transientFailure("smtp-starttls"), againstGreenMail);
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    /** What {@code optional} means, said plainly: where the offer is missing, the message goes in clear. */
    @Test
    void optional_againstAServerWithoutStartTls_sendsInClear() throws IOException {
        try (ScriptedSmtpServer stripped = new ScriptedSmtpServer()) {
            assertInstanceOf(DeliveryReceipt.class,
                    channel(stripped.port(), "optional").send(Fixtures.message(Fixtures.newKey("opt"), List.of())));
            assertFalse(stripped.received().get(0).overTls());
        }
    }

    @Test
    void optional_whenOffered_usesTls() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls("/tls/server.p12")) {
            assertInstanceOf(DeliveryReceipt.class,
                    channel(server.port(), "optional").send(Fixtures.message(Fixtures.newKey("opt-tls"), List.of())));
            assertTrue(server.received().get(0).overTls());
        }
    }

    /** The machine in the middle answers STARTTLS with a certificate for the right name that nobody trusts. */
    @Test
    void required_withAnUntrustedCertificate_sendsNothing() throws IOException {
        try (ScriptedSmtpServer attacker = new ScriptedSmtpServer().startTls("/tls/attacker.p12")) {
            assertEquals(DeliveryFailure.transientFailure("smtp-tls"), SmtpChannelTest.failure(
                    channel(attacker.port(), "required").send(Fixtures.message(Fixtures.newKey("mitm"), List.of()))));
            assertFalse(attacker.commands().contains("MAIL"));
            assertEquals(List.of(), attacker.received());
        }
    }

    /** A trusted certificate issued for another host does not do: the server's name is checked. */
    @Test
    void required_withATrustedCertificateForAnotherHost_sendsNothing() throws IOException {
        try (ScriptedSmtpServer other = new ScriptedSmtpServer().startTls("/tls/othername.p12")) {
            assertEquals(DeliveryFailure.transientFailure("smtp-tls"), SmtpChannelTest.failure(
                    channel(other.port(), "required").send(Fixtures.message(Fixtures.newKey("name"), List.of()))));
            assertEquals(List.of(), other.received());
        }
    }

    @Test
    void credentials_withoutRequiredStartTls_areRefusedUnlessPlaintextAuthIsAllowed() {
        SecretBytes password = SecretBytes.copyOf("parola-Secretă-7f3".getBytes(StandardCharsets.UTF_8));
        for (StartTls mode : List.of(StartTls.OPTIONAL, StartTls.OFF)) {
            ConfigurationException refused = assertThrows(ConfigurationException.class, () -> SmtpSettings
                    .builder("smtp.clickphone.ro").credentials("notify", password).startTls(mode).build());
            assertTrue(refused.getMessage().contains("plaintext-auth"), refused.getMessage());
            SmtpSettings.builder("smtp.clickphone.ro").credentials("notify", password).startTls(mode)
                    .plaintextAuth(true).build();
        }
        SmtpSettings.builder("smtp.clickphone.ro").credentials("notify", password).build();
    }

    @Test
    void defaults_requireStartTls_andBoundEveryWait() {
        SmtpSettings defaults = SmtpSettings.builder("smtp.clickphone.ro").build();
        assertEquals(StartTls.REQUIRED, defaults.startTls());
        assertEquals(587, defaults.port());
        assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.readTimeout());
    }
}
