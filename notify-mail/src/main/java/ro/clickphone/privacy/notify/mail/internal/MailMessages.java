package ro.clickphone.privacy.notify.mail.internal;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * Builds the RFC 5322 message both mail channels deliver: From, To, a UTF-8 Subject (RFC 2047
 * encoded words, so Romanian diacritics survive), Date in UTC, a Message-ID derived from the
 * idempotency key, Content-Language, a {@code text/plain; charset=UTF-8} body with CRLF line ends
 * and each attachment as a base64 MIME part whose bytes are read only while the message is written.
 */
public final class MailMessages {

    /** RFC 5322 date-time, always in UTC and English, whatever the JVM's default locale and zone. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern LINE_ENDS = Pattern.compile("\r\n|\r|\n");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,98}[A-Za-z0-9])?");
    /** The Message-ID's right part when the sender's domain cannot serve. */
    private static final String FALLBACK_DOMAIN = "notify.invalid";

    private MailMessages() {
    }

    /**
     * A mail session with the given properties and nothing from the system's: no JVM-wide
     * {@code mail.*} property changes what the channel does.
     *
     * @param properties the session's properties
     * @return the session
     */
    public static Session session(Properties properties) {
        Properties own = new Properties();
        own.putAll(properties);
        // never print the protocol dialogue (addresses) to a debug stream
        own.put("mail.debug", "false");
        return OwnClassLoader.run(() -> Session.getInstance(own));
    }

    /**
     * The hex SHA-256 of an idempotency key: the mailbox file's name and the Message-ID's left part
     * derive from it. Not a secret (the key is none): a fixed-length, file-name-safe digest.
     *
     * @param key the idempotency key
     * @return 64 lower-case hex digits
     */
    public static String keyHash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The Message-ID a message with this key carries, the same at every attempt, so that a receiver
     * can recognize a second delivery: {@code <k.HASH@DOMAIN>} with the first 32 hex digits of the
     * key's hash and the sender's domain.
     *
     * @param key the idempotency key
     * @param from the sender's parsed address
     * @return the Message-ID, angle brackets included
     */
    public static String messageId(String key, InternetAddress from) {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            domain = FALLBACK_DOMAIN;
        }
        return "<k." + keyHash(key).substring(0, 32) + "@" + domain + ">";
    }

    /**
     * Parses one address: exactly one mailbox, no group, no list, no line break, strict RFC 822
     * syntax. A second address slipped into a contact entry ({@code "a@x.ro, b@y.ro"}) is refused,
     * never delivered to both.
     *
     * @param text the address as given, optionally with a display name
     * @param role {@code to} or {@code from}, for the exception
     * @return the address, its display name (if any) encoded as UTF-8
     * @throws BadAddressException if it is not one well-formed address, or its local part is not ASCII
     */
    public static InternetAddress single(String text, String role) throws BadAddressException {
        if (text == null || text.isBlank() || text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new BadAddressException(role);
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(text, true);
            if (parsed.length != 1 || parsed[0].isGroup()) {
                throw new BadAddressException(role);
            }
            InternetAddress address = parsed[0];
            address.validate();
            String mailbox = address.getAddress();
            int at = mailbox == null ? -1 : mailbox.lastIndexOf('@');
            if (at <= 0 || at == mailbox.length() - 1) {
                throw new BadAddressException(role);
            }
            String local = mailbox.substring(0, at);
            if (!local.chars().allMatch(c -> c < 0x80)) {
                // would need SMTPUTF8 (RFC 6531), which neither channel offers
                throw new BadAddressException(role, true);
            }
            // an internationalized domain travels as its ASCII (punycode) form; IDN does no lookup
            String domain = IDN.toASCII(mailbox.substring(at + 1), 0);
            String personal = address.getPersonal();
            InternetAddress result = new InternetAddress(local + "@" + domain);
            if (personal != null && !personal.isBlank()) {
                result.setPersonal(personal, StandardCharsets.UTF_8.name());
            }
            return result;
        } catch (AddressException | UnsupportedEncodingException | IllegalArgumentException e) {
            throw new BadAddressException(role);
        }
    }

    /**
     * Builds the message. Attachments are not read here; they are read when the message is written.
     *
     * @param session the mail session
     * @param message the message to deliver
     * @param from the sender, already parsed (the message's own, or a configured override)
     * @param to the recipient, already parsed
     * @param date the Date header's instant
     * @return the message, its headers final ({@code saveChanges()} done)
     * @throws MessagingException if Jakarta Mail refuses a part
     */
    public static MimeMessage build(Session session, OutboundMessage message, InternetAddress from, InternetAddress to,
            Instant date) throws MessagingException {
        KeyedMimeMessage mime = new KeyedMimeMessage(session, messageId(message.idempotencyKey(), from));
        mime.setFrom(from);
        mime.setRecipient(Message.RecipientType.TO, to);
        mime.setSubject(message.subjectLine(), StandardCharsets.UTF_8.name());
        mime.setHeader("Date", DATE.format(date));
        mime.setHeader("Content-Language", message.language());
        String body = LINE_ENDS.matcher(message.body()).replaceAll("\r\n");
        if (message.attachments().isEmpty()) {
            mime.setText(body, StandardCharsets.UTF_8.name());
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, StandardCharsets.UTF_8.name());
            mixed.addBodyPart(text);
            for (Attachment attachment : message.attachments()) {
                mixed.addBodyPart(part(attachment));
            }
            mime.setContent(mixed);
        }
        mime.saveChanges();
        return mime;
    }

    private static MimeBodyPart part(Attachment attachment) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new AttachmentDataSource(attachment)));
        part.setFileName(attachment.fileName());
        part.setDisposition(Part.ATTACHMENT);
        // Named here, so that Jakarta Mail does not read the whole attachment once more to choose one.
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /**
     * A message whose Message-ID is the one given: Jakarta Mail would otherwise replace it with a
     * random one (and resolve the local host's name to make it) on every {@code saveChanges()}.
     */
    private static final class KeyedMimeMessage extends MimeMessage {

        private final String messageId;

        KeyedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
