package ro.clickphone.privacy.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import ro.clickphone.privacy.notify.mail.internal.AttachmentReadException;
import ro.clickphone.privacy.notify.mail.internal.BadAddressException;
import ro.clickphone.privacy.notify.mail.internal.MailMessages;
import ro.clickphone.privacy.notify.mail.internal.OwnClassLoader;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.Names;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * Writes each message as an RFC 5322 {@code .eml} file to a folder: for development (open the file
 * in a mail client), or for a system that collects the files and sends them on. The file holds the
 * whole message — From, To, a UTF-8 Subject, Date, a {@code Message-ID} derived from the
 * idempotency key, Content-Language, a {@code text/plain; charset=UTF-8} body and each attachment
 * as a base64 MIME part, streamed from the attachment while the file is written.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>The file's name is the hex SHA-256 of the idempotency key and {@code .eml}: never the
 *       address, and the same at every attempt.</li>
 *   <li>A message is written to a part file in the folder's {@code .parts} sub-folder, forced to
 *       the disk, and then linked (or, where the file system has no hard links, atomically moved)
 *       to its name. A crash leaves at most a part file, never half an {@code .eml}; part files
 *       older than an hour are deleted when a channel opens on the folder.</li>
 *   <li>A second {@code send} with the same key finds the file and returns a receipt for it
 *       without writing again, in this process or another; two sends of one key at once write one
 *       file. The receipt's time is the file's modification time.</li>
 *   <li>On a POSIX file system the files (and a folder the channel creates) are readable by their
 *       owner only: they hold personal data.</li>
 * </ul>
 *
 * <p>Failures: a recipient that is not one well-formed address is permanent
 * ({@code address-invalid}; {@code address-unsupported} if its local part is not ASCII, which
 * would need SMTPUTF8; an internationalized domain is written in its ASCII form); an attachment
 * that cannot be read is transient ({@code attachment-unreadable}), and so is a file-system
 * failure ({@code io}). No code, receipt or {@code toString()} carries an address, a subject line
 * or a body, and the channel logs nothing.
 *
 * @since 0.1.0
 */
public final class MailboxChannel implements NotificationChannel {

    /** The sub-folder of part files. */
    static final String PARTS = ".parts";
    /** A part file this old belongs to a writer that crashed. */
    static final Duration STALE_PART = Duration.ofHours(1);

    private static final int STRIPES = 64;

    private final String id;
    private final Path folder;
    private final Path parts;
    private final Clock clock;
    private final Session session;
    private final boolean posix;
    private final Object[] stripes = new Object[STRIPES];

    private MailboxChannel(String id, Path folder, Clock clock) {
        this.id = id;
        this.folder = folder;
        this.parts = folder.resolve(PARTS);
        this.clock = clock;
        this.session = MailMessages.session(new Properties());
        this.posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Opens a channel with the id {@code mailbox} on the system clock (UTC).
     *
     * @param folder the folder; created if missing
     * @return the channel
     * @throws ConfigurationException if the folder cannot be created or written to
     */
    public static MailboxChannel open(Path folder) {
        return open("mailbox", folder, Clock.systemUTC());
    }

    /**
     * Opens a channel: creates the folder if missing, checks that it can be written to and deletes
     * part files left by a crashed writer.
     *
     * @param id the channel's id: a lower-case name: a-z first, then a-z, 0-9 or _, at most 64
     * @param folder the folder; created if missing
     * @param clock the clock for the Date header, the receipts and the age of part files
     * @return the channel
     * @throws ConfigurationException if an argument is missing or malformed, or the folder cannot be
     *     created or written to
     */
    public static MailboxChannel open(String id, Path folder, Clock clock) {
        if (id == null || !Names.isName(id)) {
            throw new ConfigurationException("the mailbox channel's 'id' must be " + Names.RULE);
        }
        if (folder == null || clock == null) {
            throw new ConfigurationException("the mailbox channel needs a 'folder' and a clock");
        }
        MailboxChannel channel = new MailboxChannel(id, folder.toAbsolutePath().normalize(), clock);
        channel.prepare();
        return channel;
    }

    private void prepare() {
        try {
            createFolder(folder);
            createFolder(parts);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigurationException("the mailbox channel's 'folder' cannot be created", e);
        }
        if (!Files.isDirectory(folder) || !Files.isWritable(folder) || !Files.isWritable(parts)) {
            throw new ConfigurationException("the mailbox channel's 'folder' is not a folder it can write to");
        }
        purgeStaleParts();
    }

    private void createFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Deletes part files older than {@link #STALE_PART}: a crashed writer's, holding half a message. */
    private void purgeStaleParts() {
        Instant cutoff = clock.instant().minus(STALE_PART);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parts, "*.part")) {
            for (Path part : stream) {
                try {
                    if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(part);
                    }
                } catch (IOException e) {
                    // another channel deleted or published it meanwhile
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("the mailbox channel's 'folder' cannot be listed", e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Medium> media() {
        return Set.of(Medium.EMAIL);
    }

    /**
     * The folder the files are written to.
     *
     * @return the absolute folder
     */
    public Path folder() {
        return folder;
    }

    /**
     * Writes one message, or returns a receipt for the file an earlier {@code send} with the same key wrote.
     *
     * @param message the message
     * @return a receipt whose reference is the file's name, or a typed failure
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
        String name = MailMessages.keyHash(message.idempotencyKey()) + ".eml";
        Path target = folder.resolve(name);
        synchronized (stripes[Math.floorMod(name.hashCode(), STRIPES)]) {
            return OwnClassLoader.run(() -> {
                try {
                    if (Files.exists(target)) {
                        return receipt(target, name);
                    }
                    return write(message, target, name);
                } catch (IOException e) {
                    return DeliveryFailure.transientFailure("io");
                }
            });
        }
    }

    private DeliveryResult write(OutboundMessage message, Path target, String name) throws IOException {
        InternetAddress to;
        InternetAddress from;
        try {
            to = MailMessages.single(message.to(), "to");
            from = MailMessages.single(message.from(), "from");
        } catch (BadAddressException e) {
            return DeliveryFailure.permanentFailure(e.code());
        }
        Instant now = clock.instant();
        MimeMessage mime;
        try {
            mime = MailMessages.build(session, message, from, to, now);
        } catch (MessagingException | RuntimeException e) {
            return DeliveryFailure.permanentFailure("message-invalid");
        }
        Path part = posix
                ? Files.createTempFile(parts, name + ".", ".part", ownerOnly())
                : Files.createTempFile(parts, name + ".", ".part");
        try {
            try (FileChannel file = FileChannel.open(part, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16)) {
                mime.writeTo(out);
                out.flush();
                file.force(true);
            } catch (MessagingException | IOException e) {
                return failure(e);
            }
            Files.setLastModifiedTime(part, FileTime.from(now));
            publish(part, target);
            return receipt(target, name);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Gives the part file its name without ever replacing a file of that name: a hard link fails
     * if the name exists, also when another process made it. Where there are no hard links, an
     * atomic move (this process's lock has checked that the name is free).
     */
    private static void publish(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
        } catch (FileAlreadyExistsException e) {
            // another writer published the same message first: its file stands
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (!Files.exists(target)) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private DeliveryReceipt receipt(Path target, String name) throws IOException {
        return new DeliveryReceipt(id, name, Files.getLastModifiedTime(target).toInstant());
    }

    private static DeliveryFailure failure(Exception e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof AttachmentReadException) {
                return DeliveryFailure.transientFailure("attachment-unreadable");
            }
            t = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
        }
        return DeliveryFailure.transientFailure("io");
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Prints the id only: a folder's path may name a person.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "MailboxChannel[id=" + id + "]";
    }
}
