package ro.clickphone.privacy.spi.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.spi.testkit.Race.race;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;

/**
 * The contract every {@link ErasureLedger} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty ledger:
 *
 * <pre>{@code
 * class FileErasureLedgerTest extends ErasureLedgerContract {
 *     protected ErasureLedger newLedger() {
 *         return FileErasureLedger.create(temporaryDirectory.resolve("erasures.log"));
 *     }
 * }
 * }</pre>
 *
 * <p>Times are whole milliseconds, so a ledger may keep instants to the millisecond.
 */
public abstract class ErasureLedgerContract {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.250Z");
    private static final int THREADS = 8;

    /** For subclasses. */
    protected ErasureLedgerContract() {
    }

    /**
     * Creates an empty ledger.
     *
     * @return the ledger under test
     */
    protected abstract ErasureLedger newLedger();

    /**
     * A ledger whose storage is unavailable, for the failure test; by default none, and that test is
     * skipped. Return one to prove that every call then throws a {@link StoreException} whose
     * messages, down the cause chain, carry no sealed subject reference.
     *
     * @return the broken ledger, or null to skip the failure test
     */
    protected ErasureLedger brokenLedger() {
        return null;
    }

    private static String id(int n) {
        return String.format("rr-%032x", n);
    }

    private static ErasureEntry entry(int n, Instant at) {
        return new ErasureEntry(id(n), at, "v1.sealed-subject-" + n,
                Map.of("cdr", Set.of(DataCategory.of("TRAFFIC"), DataCategory.of("NETWORK")),
                        "profile", Set.of(DataCategory.of("CONTACT"))),
                Set.of(KeyScope.of("profile"), KeyScope.of("marketing")), n % 2 == 0);
    }

    private static List<ErasureEntry> all(ErasureLedger ledger, Instant since, int pageSize) {
        List<ErasureEntry> out = new ArrayList<>();
        Optional<ErasureEntry> after = Optional.empty();
        while (true) {
            List<ErasureEntry> page = ledger.since(since, after, pageSize);
            assertTrue(page.size() <= pageSize, "a page holds at most the limit");
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            after = Optional.of(page.get(page.size() - 1));
        }
    }

    @Test
    void append_thenSince_returnsTheEntryAsAppended() {
        ErasureLedger ledger = newLedger();
        ErasureEntry entry = entry(1, T0);
        assertTrue(ledger.append(entry));
        assertEquals(List.of(entry), ledger.since(Instant.EPOCH, Optional.empty(), 10));
    }

    @Test
    void append_ofARequestAppendedAlready_returnsFalse_andChangesNothing() {
        ErasureLedger ledger = newLedger();
        ErasureEntry first = entry(1, T0);
        assertTrue(ledger.append(first));
        ErasureEntry again = new ErasureEntry(first.requestId(), T0.plusSeconds(60), "v1.other", Map.of(), Set.of(),
                true);
        assertFalse(ledger.append(again), "a repeated append after a crash");
        assertFalse(ledger.append(first));
        assertEquals(List.of(first), ledger.since(Instant.EPOCH, Optional.empty(), 10));
    }

    @Test
    void since_answersByTimeThenRequestId_pagedAfterAPosition_fromTheInstantOn() {
        ErasureLedger ledger = newLedger();
        // appended out of order; 6 and 2 completed at one instant
        ledger.append(entry(6, T0.plusSeconds(10)));
        ledger.append(entry(9, T0.plusSeconds(30)));
        ledger.append(entry(2, T0.plusSeconds(10)));
        ledger.append(entry(4, T0));
        ledger.append(entry(1, T0.minus(Duration.ofDays(400))));
        List<String> expected = List.of(id(1), id(4), id(2), id(6), id(9));
        assertEquals(expected, all(ledger, Instant.EPOCH, 100).stream().map(ErasureEntry::requestId).toList());
        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertEquals(expected, all(ledger, Instant.EPOCH, pageSize).stream().map(ErasureEntry::requestId).toList(),
                    "pages of " + pageSize);
        }
        assertEquals(List.of(id(2), id(6), id(9)),
                all(ledger, T0.plusSeconds(10), 2).stream().map(ErasureEntry::requestId).toList(),
                "since is inclusive");
        assertEquals(List.of(), ledger.since(T0.plusSeconds(31), Optional.empty(), 10));
    }

    @Test
    void since_withALimitBelowOne_isInvalidInput() {
        ErasureLedger ledger = newLedger();
        assertThrows(InvalidInputException.class, () -> ledger.since(T0, Optional.empty(), 0));
    }

    @Test
    void append_racingOnOneRequest_exactlyOneAppends() throws Exception {
        ErasureLedger ledger = newLedger();
        for (int round = 0; round < 20; round++) {
            int n = 100 + round;
            List<Boolean> appended = race(THREADS, t -> () -> ledger.append(entry(n, T0.plusMillis(t))));
            assertEquals(1, appended.stream().filter(a -> a).count(), "exactly one append of request " + n);
        }
        assertEquals(20, all(ledger, Instant.EPOCH, 7).size());
    }

    @Test
    void append_racingOnDifferentRequests_keepsEveryEntry() throws Exception {
        ErasureLedger ledger = newLedger();
        List<Boolean> appended = race(THREADS, t -> () -> ledger.append(entry(t, T0)));
        assertTrue(appended.stream().allMatch(a -> a));
        assertEquals(THREADS, all(ledger, Instant.EPOCH, 3).size());
    }

    @Test
    void nullArguments_areInvalidInput() {
        ErasureLedger ledger = newLedger();
        ledger.append(entry(1, T0));
        List<Executable> calls = List.of(
                () -> ledger.append(null),
                () -> ledger.since(null, Optional.empty(), 1),
                () -> ledger.since(T0, null, 1));
        for (Executable call : calls) {
            assertThrows(InvalidInputException.class, call);
        }
        assertEquals(1, ledger.since(Instant.EPOCH, Optional.empty(), 10).size());
    }

    @Test
    void aFailingLedger_throwsStoreException_carryingNoSealedSubject() {
        ErasureLedger broken = brokenLedger();
        Assumptions.assumeTrue(broken != null, "no broken ledger given (brokenLedger())");
        List<Executable> calls = List.of(() -> broken.append(entry(1, T0)),
                () -> broken.since(T0, Optional.empty(), 10));
        for (Executable call : calls) {
            StoreException e = assertThrows(StoreException.class, call);
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = String.valueOf(t.getMessage()) + " " + t;
                assertFalse(message.contains("v1.sealed-subject"), "no sealed subject in the message: " + message);
            }
        }
    }
}
