package ro.clickphone.privacy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.SharedFileInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/** Messages with planted personal data, attachments, and a reader for what the channels wrote. */
final class Fixtures {

    static final String FROM = "noreplay@clickphone.ro";
    static final String TO = "ion.popescu@example.ro";
    /** Romanian diacritics, both comma-below (ș ț) and the others (ă â î). */
    static final String SUBJECT = "Mesaj vocal nou de la Ștefan Țîrlea — ați pierdut un apel";
    static final String BODY = "Bună ziua, Ion Popescu,\nȘtefan Țîrlea (0721 234 567) v-a lăsat un mesaj vocal.\n"
            + "Îl găsiți atașat.\n";
    static final String FILE_NAME = "mesaj-vocal-ștefan.wav";
    static final byte[] AUDIO = pattern(48_000);
    /** The values no log, exception, code or toString may carry. */
    static final List<String> PLANTED = List.of(TO, "ion.popescu", "Popescu", "Ștefan", "Țîrlea", "0721 234 567",
            "mesaj vocal", "Mesaj vocal", FILE_NAME);

    private Fixtures() {
    }

    static String newKey(String name) {
        return "mail-" + name + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    static OutboundMessage message(String key, List<Attachment> attachments) {
        return new OutboundMessage(key, Medium.EMAIL, FROM, TO, "ro", SUBJECT, BODY, attachments);
    }

    static OutboundMessage messageTo(String key, String to) {
        return new OutboundMessage(key, Medium.EMAIL, FROM, to, "ro", SUBJECT, BODY, List.of());
    }

    static Attachment audio() {
        return new Attachment(FILE_NAME, "audio/wav", () -> new ByteArrayInputStream(AUDIO));
    }

    /** Deterministic bytes that are not text, so that a channel must encode them. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = patternByte(i);
        }
        return bytes;
    }

    static byte patternByte(long i) {
        return (byte) (i * 31 + (i >>> 9) + (i >>> 17) * 7);
    }

    /** {@code length} bytes of {@link #patternByte}, made while they are read: no array of that size. */
    static InputStream generated(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? patternByte(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = patternByte(position++);
                }
                return n;
            }
        };
    }

    static byte[] sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads an .eml file back without loading it into memory whole. */
    static MimeMessage parse(Path eml) throws IOException, MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new SharedFileInputStream(eml.toFile()));
    }

    static MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof String s) {
            return s;
        }
        return (String) ((MimeMultipart) content).getBodyPart(0).getContent();
    }

    static List<Part> attachments(MimeMessage message) throws MessagingException, IOException {
        List<Part> parts = new ArrayList<>();
        if (message.getContent() instanceof MimeMultipart mixed) {
            for (int i = 0; i < mixed.getCount(); i++) {
                if (Part.ATTACHMENT.equalsIgnoreCase(mixed.getBodyPart(i).getDisposition())) {
                    parts.add(mixed.getBodyPart(i));
                }
            }
        }
        return parts;
    }

    /** The planted values found in {@code text}, case-insensitively: empty when it carries none. */
    static List<String> plantedIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String value : PLANTED) {
            if (lower.contains(value.toLowerCase(Locale.ROOT))) {
                found.add(value);
            }
        }
        return found;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
