package ro.clickphone.privacy.core.notify.internal;

import java.util.List;
import java.util.function.LongSupplier;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/**
 * The outbox's depth for the metrics listener ({@code PrivacyMetrics.outboxDepth}): the pending
 * messages, counted page by page through {@link OutboxStore#list}/{@link OutboxStore#listAfter}
 * (the store SPI has no count), up to {@value #CAP}: a deeper outbox reads as {@value #CAP}, which
 * is alarm enough, and a gauge read never pages through a backlog of millions.
 */
public final class OutboxDepth implements LongSupplier {

    /** The most pending messages counted. */
    public static final int CAP = 10 * OutboxStore.MAX_BATCH;

    private final OutboxStore outbox;

    /**
     * A depth over an outbox.
     *
     * @param outbox the outbox
     */
    public OutboxDepth(OutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public long getAsLong() {
        List<OutboxMessage> page = outbox.list(OutboxState.PENDING, OutboxStore.MAX_BATCH);
        long count = page.size();
        while (page.size() == OutboxStore.MAX_BATCH && count < CAP) {
            page = outbox.listAfter(OutboxState.PENDING, page.get(page.size() - 1), OutboxStore.MAX_BATCH);
            count += page.size();
        }
        return Math.min(count, CAP);
    }

    @Override
    public String toString() {
        return "OutboxDepth[" + outbox.getClass().getSimpleName() + "]";
    }
}
