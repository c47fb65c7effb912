package ro.clickphone.privacy.notify.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboundMessage;
import ro.clickphone.privacy.spi.testkit.MutableClock;

class MailboxChannelTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:04:05Z");

    @TempDir
    Path folder;

    private final MutableClock clock = MutableClock.of(NOW);

    private MailboxChannel channel() {
        return MailboxChannel.open("mailbox", folder, clock);
    }

    private static DeliveryReceipt receipt(DeliveryResult result) {
        return assertInstanceOf(DeliveryReceipt.class, result, () -> "a delivery, not " + result);
    }

    private static DeliveryFailure failure(DeliveryResult result) {
        return assertInstanceOf(DeliveryFailure.class, result, () -> "a failure, not " + result);
    }

    private List<Path> emlFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
    }

    private List<Path> partFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve(MailboxChannel.PARTS))) {
            return files.toList();
        }
    }

    @Test
    void send_writesAnRfc5322File_thatReadsBackWithEveryHeaderTheBodyAndTheAttachment() throws Exception {
        String key = Fixtures.newKey("eml");
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(key, List.of(Fixtures.audio()))));

        Path eml = folder.resolve(receipt.reference());
        assertEquals(List.of(eml), emlFiles());
        assertEquals("mailbox", receipt.channel());
        assertEquals(NOW, receipt.acceptedAt(), "the file's time is the clock's");

        MimeMessage read = Fixtures.parse(eml);
        assertEquals(Fixtures.SUBJECT, read.getSubject(), "the diacritics survive");
        assertTrue(read.getHeader("Subject")[0].contains("=?UTF-8?"), "the subject is an RFC 2047 encoded word");
        assertEquals(List.of(new InternetAddress(Fixtures.FROM)), List.of(read.getFrom()));
        assertEquals(List.of(new InternetAddress(Fixtures.TO)), List.of(read.getAllRecipients()));
        assertEquals("Wed, 2 Dec 2026 03:04:05 +0000", read.getHeader("Date")[0], "UTC, in English, whatever the JVM's zone");
        assertEquals("<k." + MailMessages.keyHash(key).substring(0, 32) + "@clickphone.ro>", read.getMessageID());
        assertEquals("ro", read.getHeader("Content-Language")[0]);
        assertTrue(read.isMimeType("multipart/mixed"));

        MimeMultipart mixed = (MimeMultipart) read.getContent();
        assertEquals(2, mixed.getCount());
        assertTrue(mixed.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("UTF-8", new ContentType(mixed.getBodyPart(0).getContentType())
                .getParameter("charset").toUpperCase(Locale.ROOT));
        assertEquals(Fixtures.BODY, Fixtures.text(read).replace("\r\n", "\n"));

        List<Part> attachments = Fixtures.attachments(read);
        assertEquals(1, attachments.size());
        Part attachment = attachments.get(0);
        assertTrue(attachment.isMimeType("audio/wav"));
        assertEquals(Fixtures.FILE_NAME, MimeUtility.decodeText(attachment.getFileName()));
        try (InputStream in = attachment.getInputStream()) {
            assertArrayEquals(Fixtures.AUDIO, in.readAllBytes());
        }
    }

    @Test
    void send_writesSevenBitLinesOfAtMost998Characters_endingInCrLf() throws Exception {
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(Fixtures.newKey("lines"),
                List.of(Fixtures.audio()))));
        byte[] raw = Files.readAllBytes(folder.resolve(receipt.reference()));
        int lineLength = 0;
        for (int i = 0; i < raw.length; i++) {
            assertTrue(raw[i] > 0, "byte " + i + " is 7-bit: every non-ASCII character is encoded");
            if (raw[i] == '\n') {
                assertTrue(i > 0 && raw[i - 1] == '\r', "line feed at " + i + " follows a carriage return");
                lineLength = 0;
            } else if (raw[i] != '\r') {
                lineLength++;
                assertTrue(lineLength <= 998, "RFC 5322 line limit");
            }
        }
    }

    @Test
    void send_withoutAttachments_writesASinglePlainTextPart() throws Exception {
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(Fixtures.newKey("plain"), List.of())));
        MimeMessage read = Fixtures.parse(folder.resolve(receipt.reference()));
        assertTrue(read.isMimeType("text/plain"));
        assertEquals(Fixtures.BODY, ((String) read.getContent()).replace("\r\n", "\n"));
    }

    @Test
    void fileName_isTheHashOfTheKey_neverTheAddress() {
        String key = Fixtures.newKey("name");
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(key, List.of())));
        assertEquals(MailMessages.keyHash(key) + ".eml", receipt.reference());
        assertTrue(receipt.reference().matches("[0-9a-f]{64}\\.eml"));
        assertEquals(List.of(), Fixtures.plantedIn(receipt.toString()));
    }

    @Test
    void send_twiceWithOneKey_writesOnce_andTheSecondReceiptIsTheFirsts_withoutTouchingTheFile() throws Exception {
        MailboxChannel channel = channel();
        String key = Fixtures.newKey("twice");
        DeliveryReceipt first = receipt(channel.send(Fixtures.message(key, List.of())));
        Path eml = folder.resolve(first.reference());
        byte[] written = Files.readAllBytes(eml);

        clock.advance(Duration.ofMinutes(5));
        OutboundMessage rerendered = new OutboundMessage(key, Medium.EMAIL, Fixtures.FROM, Fixtures.TO, "en",
                "Another subject", "Another body", List.of());
        DeliveryReceipt second = receipt(channel.send(rerendered));

        assertEquals(first, second, "the same file, the same time");
        assertArrayEquals(written, Files.readAllBytes(eml), "the file is not rewritten");
        assertEquals(FileTime.from(NOW), Files.getLastModifiedTime(eml));
        assertEquals(1, emlFiles().size());
    }

    @Test
    void send_whenAnotherChannelOnTheFolderWroteTheKeyFirst_returnsItsFile() throws Exception {
        String key = Fixtures.newKey("other-process");
        DeliveryReceipt first = receipt(channel().send(Fixtures.message(key, List.of())));
        byte[] written = Files.readAllBytes(folder.resolve(first.reference()));

        clock.advance(Duration.ofMinutes(1));
        MailboxChannel another = MailboxChannel.open("mailbox", folder, clock);
        DeliveryReceipt second = receipt(another.send(Fixtures.message(key, List.of())));

        assertEquals(first, second);
        assertArrayEquals(written, Files.readAllBytes(folder.resolve(first.reference())));
    }

    /** Twenty megabytes, made while they are read: the channel streams them into the file and back. */
    @Test
    void send_withATwentyMegabyteAttachment_streamsItIntoTheFile_andItReadsBackWhole() throws Exception {
        long size = 20L * 1024 * 1024;
        Attachment large = new Attachment("inregistrare.wav", "audio/wav", () -> Fixtures.generated(size));
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(Fixtures.newKey("large"), List.of(large))));

        Path eml = folder.resolve(receipt.reference());
        assertTrue(Files.size(eml) > size * 4 / 3, "base64 of 20 MB is in the file");
        Part part = Fixtures.attachments(Fixtures.parse(eml)).get(0);
        assertArrayEquals(Fixtures.sha256(Fixtures.generated(size)), Fixtures.sha256(part.getInputStream()));
    }

    @Test
    void send_whenTheAttachmentFailsHalfway_leavesNeitherAnEmlNorAPartFile_andFailsTransiently() throws Exception {
        MailboxChannel channel = channel();
        String key = Fixtures.newKey("broken");
        Attachment breaking = new Attachment("a.wav", "audio/wav", () -> new FilterInputStream(Fixtures.generated(1 << 20)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 256 * 1024) {
                    throw new IOException("the stored recording is damaged");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        });
        DeliveryFailure failure = failure(channel.send(Fixtures.message(key, List.of(breaking))));

        assertFalse(failure.permanent());
        assertEquals("attachment-unreadable", failure.code());
        assertEquals(List.of(), emlFiles(), "no half message under the message's name");
        assertEquals(List.of(), partFiles(), "and no half message left aside");

        receipt(channel.send(Fixtures.message(key, List.of(Fixtures.audio()))));
        assertEquals(1, emlFiles().size(), "the key is not used up by the failure");
    }

    @Test
    void send_whenTheAttachmentCannotBeOpened_failsTransiently() throws Exception {
        Attachment gone = new Attachment("a.wav", "audio/wav", () -> {
            throw new IOException("the key of this recording is destroyed");
        });
        DeliveryFailure failure = failure(channel().send(Fixtures.message(Fixtures.newKey("gone"), List.of(gone))));
        assertEquals(DeliveryFailure.transientFailure("attachment-unreadable"), failure);
        assertEquals(List.of(), emlFiles());
    }

    /** The attacker controls a contact entry and adds a second recipient: nobody gets the message. */
    @Test
    void send_toTwoAddressesInOne_isRefusedPermanently_andWritesNothing() throws Exception {
        for (String to : List.of(Fixtures.TO + ", attacker@evil.test", Fixtures.TO + ";attacker@evil.test",
                "undisclosed: " + Fixtures.TO + ", attacker@evil.test;", "ion.popescu@")) {
            DeliveryFailure failure = failure(channel().send(Fixtures.messageTo(Fixtures.newKey("two"), to)));
            assertEquals(DeliveryFailure.permanentFailure("address-invalid"), failure, "refused: one address per message");
        }
        assertEquals(List.of(), emlFiles());
    }

    @Test
    void addresses_withADisplayNameInRomanian_orAnInternationalDomain_travelEncoded() throws Exception {
        OutboundMessage named = Fixtures.messageTo(Fixtures.newKey("named"), "Ștefan Țîrlea <stefan@exemplu-ș.ro>");
        DeliveryReceipt receipt = receipt(channel().send(named));
        MimeMessage read = Fixtures.parse(folder.resolve(receipt.reference()));
        InternetAddress to = (InternetAddress) read.getAllRecipients()[0];
        assertEquals("Ștefan Țîrlea", to.getPersonal());
        assertEquals("stefan@xn--exemplu--o9c.ro", to.getAddress(), "the domain in its ASCII form");
        assertTrue(read.getHeader("To")[0].chars().allMatch(c -> c < 0x80), "the header is 7-bit");
    }

    @Test
    void send_toANonAsciiLocalPart_isRefusedPermanently_asUnsupported() throws Exception {
        DeliveryFailure failure = failure(channel().send(Fixtures.messageTo(Fixtures.newKey("utf8"), "ștefan@exemplu.ro")));
        assertEquals(DeliveryFailure.permanentFailure("address-unsupported"), failure, "it would need SMTPUTF8");
        assertEquals(List.of(), emlFiles());
    }

    @Test
    void send_withASenderHidingAHeader_isRefusedPermanently() throws Exception {
        OutboundMessage message = new OutboundMessage(Fixtures.newKey("from"), Medium.EMAIL,
                "noreplay@clickphone.ro\r\nBcc: attacker@evil.test", Fixtures.TO, "ro", Fixtures.SUBJECT, Fixtures.BODY,
                List.of());
        assertEquals(DeliveryFailure.permanentFailure("sender-invalid"), failure(channel().send(message)));
        assertEquals(List.of(), emlFiles());
    }

    @Test
    void send_onAnotherMedium_isRefusedPermanently() {
        OutboundMessage sms = new OutboundMessage(Fixtures.newKey("sms"), Medium.SMS, Fixtures.FROM, "+40721234567",
                "ro", "", "Cod: 1234", List.of());
        assertEquals(DeliveryFailure.permanentFailure("medium-unsupported"), failure(channel().send(sms)));
    }

    @Test
    void files_areReadableByTheirOwnerOnly_onPosix() throws Exception {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path fresh = folder.resolve("new-mailbox");
        MailboxChannel channel = MailboxChannel.open("mailbox", fresh, clock);
        DeliveryReceipt receipt = receipt(channel.send(Fixtures.message(Fixtures.newKey("perm"), List.of())));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(fresh.resolve(receipt.reference())));
        Set<PosixFilePermission> folderPermissions = Files.getPosixFilePermissions(fresh);
        assertEquals(PosixFilePermissions.fromString("rwx------"), folderPermissions, "a folder the channel made");
    }

    @Test
    void open_deletesPartFilesACrashedWriterLeft_andKeepsAFreshOne() throws Exception {
        channel();
        Path parts = folder.resolve(MailboxChannel.PARTS);
        Path stale = Files.writeString(parts.resolve("a.eml.1.part"), "From: half a message");
        Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(parts.resolve("b.eml.2.part"), "From: being written");
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(5))));

        channel();

        assertFalse(Files.exists(stale), "a part older than an hour is a crashed writer's: its personal data goes");
        assertTrue(Files.exists(fresh), "a recent part may be another process's, still writing");
    }

    @Test
    void open_onAFile_orWithABadId_isAConfigurationError() throws Exception {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        assertThrows(ConfigurationException.class, () -> MailboxChannel.open("mailbox", file, clock));
        ConfigurationException badId = assertThrows(ConfigurationException.class,
                () -> MailboxChannel.open("Mail-Box", folder, clock));
        assertTrue(badId.getMessage().contains("'id'"));
    }

    @Test
    void toString_namesTheIdOnly() {
        assertEquals("MailboxChannel[id=mailbox]", channel().toString());
    }

    @Test
    void send_withANullMessage_isInvalidInput() {
        assertThrows(InvalidInputException.class, () -> channel().send(null));
    }

    @Test
    void send_writesTheAttachmentsBytesUnchanged_whateverTheyAre() throws Exception {
        byte[] every = new byte[256 * 4];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        Attachment binary = new Attachment("bytes.bin", "application/octet-stream", () -> new ByteArrayInputStream(every));
        DeliveryReceipt receipt = receipt(channel().send(Fixtures.message(Fixtures.newKey("bin"), List.of(binary))));
        Part part = Fixtures.attachments(Fixtures.parse(folder.resolve(receipt.reference()))).get(0);
        try (InputStream in = part.getInputStream()) {
            assertArrayEquals(every, in.readAllBytes());
        }
        assertEquals("bytes.bin", part.getFileName());
    }
}
