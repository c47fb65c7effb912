package ro.clickphone.privacy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import ro.clickphone.privacy.notify.mail.internal.BadAddressException;
import ro.clickphone.privacy.notify.mail.internal.DeliveryMemory;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.notify.mail.internal.OwnClassLoader;
import ro.clickphone.privacy.notify.mail.internal.SmtpFailures;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * Delivers e-mail to an SMTP server through Jakarta Mail (Eclipse Angus Mail): one connection per
 * message, STARTTLS {@linkplain StartTls#REQUIRED required} by default with the server's name
 * checked against its certificate, connect, read and write time-outs always set.
 *
 * <h2>Idempotency</h2>
 * SMTP has no de-duplication of its own. The channel therefore
 * <ul>
 *   <li>remembers, in this process, the receipt of each key it delivered (and the permanent failure
 *       of each key refused), at most {@link SmtpSettings#rememberedKeys()} of them, and returns it
 *       to a second {@code send} with that key without contacting the server; two threads sending
 *       one key at once deliver it once;</li>
 *   <li>gives every attempt at a key the same {@code Message-ID} ({@code <k.HASH@sender-domain>}),
 *       so that a receiver that de-duplicates on it (many mail stores and clients do) shows one
 *       message.</li>
 * </ul>
 * It cannot cover a second process, a restart, a key already forgotten, or a connection lost after
 * the message's final dot and before the server's reply: the server may have accepted the message,
 * the channel reports a transient failure, and the next attempt delivers it again — with the same
 * {@code Message-ID}.
 *
 * <h2>Failures</h2>
 * A 5xx reply to the sender, the recipient or the message is permanent ({@code smtp-550}, ...);
 * a 4xx reply, no connection, a time-out, a TLS failure, a refused login or a server without
 * STARTTLS when it is required is transient ({@code smtp-451}, {@code smtp-connect},
 * {@code smtp-timeout}, {@code smtp-tls}, {@code smtp-auth}, {@code smtp-starttls}, ...). A
 * recipient that is not one well-formed address is permanent ({@code address-invalid};
 * {@code address-unsupported} if its local part is not ASCII, which would need SMTPUTF8; an
 * internationalized domain is sent in its ASCII form). No code, receipt or {@code toString()}
 * carries an address, a subject line or a body, and the channel logs nothing.
 *
 * <p><b>Warning:</b> Angus Mail logs the SMTP dialogue, addresses included, through
 * {@code java.util.logging} at levels {@code FINE} and below (loggers {@code org.eclipse.angus.mail.*}).
 * They are off by default; keep them off in production.
 *
 * @since 0.1.0
 */
public final class SmtpChannel implements NotificationChannel {

    private final SmtpSettings settings;
    private final Clock clock;
    private final Session session;
    private final InternetAddress fromOverride;
    private final DeliveryMemory memory;

    private SmtpChannel(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.session = MailMessages.session(properties(settings));
        try {
            this.fromOverride = settings.fromOverride().isPresent()
                    ? MailMessages.single(settings.fromOverride().get(), "from-override") : null;
        } catch (BadAddressException e) {
            throw new ConfigurationException("the smtp channel's 'from-override' must be one e-mail address");
        }
        this.memory = new DeliveryMemory(settings.rememberedKeys());
    }

    /**
     * Opens a channel on the system clock (UTC).
     *
     * @param settings the settings
     * @return the channel
     * @throws ConfigurationException if the settings are null or the trust store cannot be read
     */
    public static SmtpChannel open(SmtpSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    /**
     * Opens a channel. No connection is made until the first message.
     *
     * @param settings the settings
     * @param clock the clock for the Date header and the receipts
     * @return the channel
     * @throws ConfigurationException if an argument is null or the trust store cannot be read
     */
    public static SmtpChannel open(SmtpSettings settings, Clock clock) {
        if (settings == null || clock == null) {
            throw new ConfigurationException("the smtp channel needs its settings and a clock");
        }
        return new SmtpChannel(settings, clock);
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    /**
     * Delivers one message, or returns the remembered outcome of an earlier delivery with the same key.
     *
     * @param message the message
     * @return a receipt whose reference is the message's {@code Message-ID}, or a typed failure
     * @throws InvalidInputException if the message is null
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        if (message == null) {
            throw new InvalidInputException("message", "must not be null");
        }
        if (!Medium.EMAIL.equals(message.medium())) {
            return DeliveryFailure.permanentFailure("medium-unsupported");
        }
        return memory.once(message.idempotencyKey(), () -> OwnClassLoader.run(() -> deliver(message)));
    }

    private DeliveryResult deliver(OutboundMessage message) {
        InternetAddress to;
        InternetAddress from;
        try {
            to = MailMessages.single(message.to(), "to");
            from = fromOverride != null ? fromOverride : MailMessages.single(message.from(), "from");
        } catch (BadAddressException e) {
            return DeliveryFailure.permanentFailure(e.code());
        }
        MimeMessage mime;
        try {
            mime = MailMessages.build(session, message, from, to, clock.instant());
        } catch (MessagingException | RuntimeException e) {
            return DeliveryFailure.permanentFailure("message-invalid");
        }
        Transport transport;
        try {
            transport = session.getTransport("smtp");
        } catch (MessagingException e) {
            return DeliveryFailure.transientFailure("smtp-unavailable");
        }
        try {
            try {
                connect(transport);
            } catch (MessagingException e) {
                return SmtpFailures.classify(e, false);
            }
            try {
                transport.sendMessage(mime, mime.getAllRecipients());
            } catch (MessagingException e) {
                return SmtpFailures.classify(e, true);
            }
            return new DeliveryReceipt(id(), mime.getMessageID(), clock.instant());
        } catch (MessagingException | RuntimeException e) {
            return DeliveryFailure.transientFailure("smtp-error");
        } finally {
            closeQuietly(transport);
        }
    }

    private void connect(Transport transport) throws MessagingException {
        if (settings.username().isEmpty()) {
            transport.connect();
            return;
        }
        byte[] bytes = settings.password().revealBytes();
        try {
            transport.connect(settings.host(), settings.port(), settings.username().get(),
                    new String(bytes, StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // the message's outcome is already decided; a failed QUIT changes nothing
        }
    }

    private static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.put("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(s.readTimeout().toMillis()));
        p.put("mail.smtp.localhost", s.ehloName());
        p.put("mail.smtp.auth", Boolean.toString(s.username().isPresent()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(s.startTls() != StartTls.OFF));
        p.put("mail.smtp.starttls.required", Boolean.toString(s.startTls() == StartTls.REQUIRED));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        p.put("mail.smtp.sendpartial", "false");
        p.put("mail.smtp.quitwait", "true");
        s.trustStore().ifPresent(file -> p.put("mail.smtp.ssl.socketFactory", socketFactory(s)));
        return p;
    }

    private static SSLSocketFactory socketFactory(SmtpSettings s) {
        char[] password = s.trustStorePassword();
        try {
            // recognizes PKCS#12 and JKS by the file's content
            KeyStore store = KeyStore.getInstance(s.trustStore().orElseThrow().toFile(), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("the smtp channel's 'truststore' cannot be read (a PKCS#12 or JKS file"
                    + " and its 'truststore-password')", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Prints the id, host, port and STARTTLS mode; never credentials.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "SmtpChannel[id=" + settings.id() + ", host=" + settings.host() + ", port=" + settings.port()
                + ", starttls=" + settings.startTls().settingValue() + "]";
    }
}
