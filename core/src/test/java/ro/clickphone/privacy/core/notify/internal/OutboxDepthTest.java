package ro.clickphone.privacy.core.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryOutboxStore;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;

/** The outbox depth the metrics gauge reads: counted by the dispatcher, one page at most, read from memory. */
class OutboxDepthTest {

    private static void fill(OutboxStore outbox, int from, int count) {
        Instant at = Instant.parse("2026-03-05T10:00:00Z");
        for (int i = from; i < from + count; i++) {
            outbox.append(OutboxMessage.pending("n-" + i, NotificationType.of("MISSED_CALL"), SubjectId.of("acct-" + i),
                    "email", Medium.EMAIL, at.plusMillis(i), "sealed", List.of()));
        }
    }

    @Test
    void depth_isTheLastCount_readFromMemory() {
        OutboxStore outbox = spy(new InMemoryOutboxStore());
        OutboxDepth depth = new OutboxDepth(outbox, Duration.ofSeconds(5));
        LongSupplier reader = depth.reader();
        assertEquals(0, reader.getAsLong());
        fill(outbox, 0, 17);
        assertEquals(0, reader.getAsLong(), "not counted until a refresh");
        depth.refresh();
        clearInvocations(outbox);
        for (int i = 0; i < 50; i++) {
            assertEquals(17, reader.getAsLong());
        }
        verifyNoInteractions(outbox);
    }

    @Test
    void depth_isCappedAtOnePage() {
        OutboxStore outbox = spy(new InMemoryOutboxStore());
        fill(outbox, 0, OutboxDepth.CAP + 5);
        OutboxDepth depth = new OutboxDepth(outbox, Duration.ofSeconds(5));
        clearInvocations(outbox);
        depth.refresh();
        assertEquals(OutboxDepth.CAP, depth.reader().getAsLong());
        verify(outbox, times(1)).list(OutboxState.PENDING, OutboxDepth.CAP);
    }

    /** Failure injection: a store that fails to count leaves the last count, and nothing is thrown. */
    @Test
    void failedCount_keepsTheLastValue() {
        OutboxStore outbox = spy(new InMemoryOutboxStore());
        fill(outbox, 0, 3);
        OutboxDepth depth = new OutboxDepth(outbox, Duration.ofSeconds(5));
        depth.refresh();
        doThrow(new StoreException("outbox down", true, null)).when(outbox).list(any(), anyInt());
        depth.refresh();
        assertEquals(3, depth.reader().getAsLong());
    }

    /** The background workers of several channels count once per interval between them, not once per batch each. */
    @Test
    void refreshIfDue_countsOncePerInterval() {
        OutboxStore outbox = spy(new InMemoryOutboxStore());
        fill(outbox, 0, 2);
        OutboxDepth depth = new OutboxDepth(outbox, Duration.ofHours(1));
        for (int i = 0; i < 20; i++) {
            depth.refreshIfDue();
        }
        verify(outbox, times(1)).list(any(), anyInt());
        assertEquals(2, depth.reader().getAsLong());
    }
}
