package ro.clickphone.privacy.core.notify;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import ro.clickphone.privacy.spi.notify.Attachment;
import ro.clickphone.privacy.spi.notify.DeliveryFailure;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.DeliveryResult;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.NotificationChannel;
import ro.clickphone.privacy.spi.notify.OutboundMessage;

/**
 * A channel that keeps what it is given, reading each attachment whole while it sends (as a real
 * channel streams it out), idempotent per key as the contract asks.
 */
public final class RecordingChannel implements NotificationChannel {

    /** One delivery: the message and its attachments' bytes as read during the send. */
    public record Delivery(OutboundMessage message, List<byte[]> attachments) {
    }

    private final String id;
    private final Set<Medium> media;
    private final Map<String, DeliveryReceipt> receipts = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Semaphore delivered = new Semaphore(0);
    private int sends;
    private boolean closed;

    public RecordingChannel() {
        this("recording", Set.of(Medium.EMAIL));
    }

    public RecordingChannel(String id, Set<Medium> media) {
        this.id = id;
        this.media = Set.copyOf(media);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Medium> media() {
        return media;
    }

    @Override
    public synchronized DeliveryResult send(OutboundMessage message) {
        sends++;
        DeliveryReceipt earlier = receipts.get(message.idempotencyKey());
        if (earlier != null) {
            return earlier;
        }
        List<byte[]> bytes = new ArrayList<>();
        for (Attachment attachment : message.attachments()) {
            try (InputStream in = attachment.open()) {
                bytes.add(in.readAllBytes());
            } catch (IOException e) {
                return DeliveryFailure.transientFailure("attachment-read");
            }
        }
        DeliveryReceipt receipt = new DeliveryReceipt(id, "rec-" + (receipts.size() + 1), Instant.EPOCH);
        receipts.put(message.idempotencyKey(), receipt);
        deliveries.add(new Delivery(message, bytes));
        delivered.release();
        return receipt;
    }

    /** The deliveries so far, in order. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** How many times send was called (a repeated key counts). */
    public synchronized int sends() {
        return sends;
    }

    /** Waits for n more deliveries; false after the timeout (a generous bound, never a timing assertion). */
    public boolean await(int n) throws InterruptedException {
        return delivered.tryAcquire(n, 30, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }
}
