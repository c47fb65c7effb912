package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryOutboxStore;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/** The outbox depth the metrics gauge reads: pending messages over several pages, capped. */
class OutboxDepthTest {

    private static void fill(OutboxStore outbox, int from, int count) {
        Instant at = Instant.parse("2026-03-05T10:00:00Z");
        for (int i = from; i < from + count; i++) {
            outbox.append(OutboxMessage.pending("n-" + i, NotificationType.of("MISSED_CALL"), SubjectId.of("acct-" + i),
                    "email", Medium.EMAIL, at.plusMillis(i), "sealed", List.of()));
        }
    }

    @Test
    void depth_countsPendingAcrossPages() {
        OutboxStore outbox = new InMemoryOutboxStore();
        OutboxDepth depth = new OutboxDepth(outbox);
        assertEquals(0, depth.getAsLong());
        fill(outbox, 0, 2 * OutboxStore.MAX_BATCH + 17);
        assertEquals(2 * OutboxStore.MAX_BATCH + 17, depth.getAsLong());
    }

    @Test
    void depth_isCapped() {
        OutboxStore outbox = new InMemoryOutboxStore();
        fill(outbox, 0, OutboxDepth.CAP + OutboxStore.MAX_BATCH + 5);
        assertEquals(OutboxDepth.CAP, new OutboxDepth(outbox).getAsLong());
    }
}
