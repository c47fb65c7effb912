package ro.clickphone.privacy.core.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * A channel for development that delivers nothing: it logs a summary of each message — its
 * idempotency key, medium, language, number of attachments and their total size — at INFO, and never
 * the address, subject line, body or attachments. It reads each attachment whole (and so decrypts
 * it) as a real channel would, so that a development run shows that attachments open; one that
 * cannot be read is a transient failure, as the channel contract asks. It is never a default: a kit sends through it only when it is
 * given to the builder ({@code .channel(new LoggingChannel())}) or named in the channel settings
 * ({@code channels=logging}, with {@code logging.media=EMAIL,SMS} for other media than e-mail).
 *
 * <p>Idempotent per key as the channel contract asks: the second send of a key returns the first
 * one's receipt (for the last {@value #REMEMBERED} keys). Thread-safe.
 *
 * @since 0.1.0
 */
public final class LoggingChannel implements NotificationChannel {

    /** The id of this channel and the name of its provider. */
    public static final String ID = "logging";
    /** How many keys the channel remembers for its idempotency. */
    public static final int REMEMBERED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LoggingChannel.class);

    private final Set<Medium> media;
    private final Clock clock;
    private final Map<String, DeliveryReceipt> sent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeliveryReceipt> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** A logging channel for e-mail, on the system clock. */
    public LoggingChannel() {
        this(Set.of(Medium.EMAIL), Clock.systemUTC());
    }

    /**
     * A logging channel for some media.
     *
     * @param media the media it takes, at least one
     * @param clock the clock of its receipts
     * @throws InvalidInputException if an argument is null or the media are empty
     */
    public LoggingChannel(Set<Medium> media, Clock clock) {
        if (media == null || media.isEmpty() || media.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("media", "must hold at least one medium and no null");
        }
        if (clock == null) {
            throw new InvalidInputException("clock", "must not be null");
        }
        this.media = Set.copyOf(media);
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Medium> media() {
        return media;
    }

    /**
     * Reads the message's attachments and logs its summary, once per key.
     *
     * @param message the message
     * @return the receipt, the first one's for a key sent before; a transient failure if an attachment
     *     cannot be read
     */
    @Override
    public DeliveryResult send(OutboundMessage message) {
        if (message == null) {
            throw new InvalidInputException("message", "must not be null");
        }
        synchronized (sent) {
            DeliveryReceipt earlier = sent.get(message.idempotencyKey());
            if (earlier != null) {
                return earlier;
            }
            long bytes = 0;
            for (Attachment attachment : message.attachments()) {
                try (InputStream in = attachment.open()) {
                    bytes += in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException | RuntimeException e) {
                    return DeliveryFailure.transientFailure("attachment-unreadable");
                }
            }
            // a caller's key may be telling (welcome-ion.popescu): the log and the receipt show a hash of it
            DeliveryReceipt receipt = new DeliveryReceipt(ID, "logged:" + keyHash(message.idempotencyKey()),
                    clock.instant());
            LOG.info("{} on {} in {} with {} attachment(s) of {} bytes: logged, not delivered",
                    message, message.medium(), message.language(), message.attachments().size(), bytes);
            sent.put(message.idempotencyKey(), receipt);
            return receipt;
        }
    }

    @Override
    public String toString() {
        return "LoggingChannel" + new TreeSet<>(media.stream().map(Medium::id).toList());
    }

    /** The first 12 bytes of the key's SHA-256, in hex. */
    private static String keyHash(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
