package ro.clickphone.privacy.spi.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link ConsentStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return a fresh, empty store from {@link #newStore()}.
 */
public abstract class ConsentStoreContract {

    /** For subclasses. */
    protected ConsentStoreContract() {
    }

    private ConsentStore store;

    /**
     * Creates a new, empty store for one test.
     *
     * @return the store under test
     */
    protected abstract ConsentStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static ConsentEvent event(int n, String subject, ConsentEventType type) {
        return new ConsentEvent(String.format("ce-%032x", n), 0, SubjectId.of(subject), type,
                type.perPurpose() ? Optional.of(Purpose.of("MARKETING")) : Optional.empty(),
                Instant.ofEpochSecond(1_767_225_600L + n), Instant.ofEpochSecond(1_767_225_600L + n), "2026.1",
                ConsentChannel.WEB_ACCOUNT, Actor.subject(SubjectId.of(subject)), ConsentEvidence.none());
    }

    @Test
    void append_assignsGapFreeSequencesAndReadsBackBySubject() {
        ConsentEvent a = store.append(event(1, "ana", ConsentEventType.GRANT));
        ConsentEvent b = store.append(event(2, "bogdan", ConsentEventType.GRANT));
        ConsentEvent c = store.append(event(3, "ana", ConsentEventType.WITHDRAW));
        assertEquals(List.of(1L, 2L, 3L), List.of(a.sequence(), b.sequence(), c.sequence()));
        assertEquals(List.of(a, c), store.eventsOf(SubjectId.of("ana")));
        assertEquals(List.of(b), store.eventsOf(SubjectId.of("bogdan")));
        assertTrue(store.eventsOf(SubjectId.of("nobody")).isEmpty());
        assertEquals(3, store.lastSequence());
    }

    @Test
    void append_isIdempotentByEventId() {
        ConsentEvent first = store.append(event(1, "ana", ConsentEventType.GRANT));
        ConsentEvent again = store.append(event(1, "ana", ConsentEventType.GRANT));
        assertEquals(first, again);
        assertEquals(1, store.lastSequence());
        assertEquals(1, store.eventsOf(SubjectId.of("ana")).size());
    }

    @Test
    void changesSince_isTheFeedAfterASequence() {
        for (int i = 1; i <= 10; i++) {
            store.append(event(i, "s" + (i % 3), ConsentEventType.GRANT));
        }
        assertEquals(10, store.changesSince(0, 100).size());
        List<ConsentEvent> tail = store.changesSince(7, 100);
        assertEquals(List.of(8L, 9L, 10L), tail.stream().map(ConsentEvent::sequence).toList());
        assertEquals(2, store.changesSince(3, 2).size());
        assertTrue(store.changesSince(10, 5).isEmpty());
    }

    @Test
    void find_returnsTheStoredEvent() {
        ConsentEvent stored = store.append(event(5, "ana", ConsentEventType.RESTRICT));
        assertEquals(Optional.of(stored), store.find(stored.id()));
        assertTrue(store.find(String.format("ce-%032x", 99)).isEmpty());
    }

    @Test
    void concurrentAppends_loseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t * 250;
            futures.add(pool.submit(() -> {
                for (int i = 1; i <= 250; i++) {
                    store.append(event(offset + i, "s" + (i % 7), ConsentEventType.GRANT));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(1000, store.lastSequence());
        List<ConsentEvent> all = store.changesSince(0, 2000);
        assertEquals(1000, all.size());
        assertEquals(1000, all.stream().map(ConsentEvent::id).distinct().count());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).sequence());
        }
        assertEquals(Set.of(), Set.copyOf(all.stream().filter(e -> e.sequence() < 1).toList()));
    }

    @Test
    void append_keepsTheStoredFormVerbatim() {
        ConsentEvent sealed = new ConsentEvent(String.format("ce-%032x", 7), 0, SubjectId.of("s-" + "ab".repeat(16)),
                ConsentEventType.GRANT, Optional.of(Purpose.of("MARKETING")), Instant.ofEpochSecond(1_767_225_600L),
                Instant.ofEpochSecond(1_767_225_601L), "2026.1", ConsentChannel.WEB_ACCOUNT,
                Actor.subject(SubjectId.of("s-" + "ab".repeat(16))),
                new ConsentEvidence(Optional.empty(), Optional.empty(), Optional.of("signup-v3"), Optional.of("ref-1"),
                        Optional.of("cpf.AAECAwQ-_x/+="), true), "cs1.-.c2VhbA_-x");
        ConsentEvent stored = store.append(sealed);
        assertTrue(stored.evidence().explicit(), "the explicit-consent marker is kept");
        assertEquals(sealed.withSequence(stored.sequence()), stored);
        assertEquals(List.of(stored), store.eventsOf(SubjectId.of("s-" + "ab".repeat(16))));
        assertEquals(List.of(stored), store.changesSince(0, 10));
        assertEquals(Optional.of(stored), store.find(stored.id()));
    }

    @Test
    void sequenceNPlusOne_isNeverVisibleBeforeN() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int offset = t * 200;
            writers.add(pool.submit(() -> {
                for (int i = 1; i <= 200; i++) {
                    store.append(event(offset + i, "s" + (i % 5), ConsentEventType.GRANT));
                }
            }));
        }
        Future<List<String>> reader = pool.submit(() -> {
            List<String> gaps = new ArrayList<>();
            long seen = 0;
            while (seen < 400) {
                List<ConsentEvent> page = store.changesSince(seen, 50);
                for (ConsentEvent e : page) {
                    if (e.sequence() != seen + 1) {
                        gaps.add("after " + seen + " came " + e.sequence());
                    }
                    seen = e.sequence();
                }
                if (page.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            return gaps;
        });
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), reader.get(60, TimeUnit.SECONDS), "the feed showed a sequence before its predecessor");
        pool.shutdown();
    }

    @Test
    void badArguments_areRejected() {
        assertThrows(InvalidInputException.class, () -> store.append(null));
        assertThrows(InvalidInputException.class, () -> store.eventsOf(null));
        assertThrows(InvalidInputException.class, () -> store.changesSince(-1, 10));
        assertThrows(InvalidInputException.class, () -> store.changesSince(0, 0));
        assertThrows(InvalidInputException.class, () -> store.find(null));
    }
}
