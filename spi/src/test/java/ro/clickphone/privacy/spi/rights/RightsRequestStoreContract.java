package ro.clickphone.privacy.spi.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.spi.testkit.Race.race;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The contract every {@link RightsRequestStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty store:
 *
 * <pre>{@code
 * class JpaRightsRequestStoreTest extends RightsRequestStoreContract {
 *     protected RightsRequestStore newStore() {
 *         database.clear();
 *         return new JpaRightsRequestStore(entityManagerFactory);
 *     }
 * }
 * }</pre>
 *
 * <p>Times are whole milliseconds, so a store may keep instants to the millisecond.
 */
public abstract class RightsRequestStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final SubjectId BOB = SubjectId.of("+40721234567");
    private static final Instant RECEIVED = Instant.parse("2026-01-31T09:15:00.123Z");
    private static final LocalDate BASE = LocalDate.of(2026, 2, 28);
    private static final LocalDate DUE = LocalDate.of(2026, 3, 2);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final int THREADS = 8;

    /** For subclasses. */
    protected RightsRequestStoreContract() {
    }

    /**
     * Creates an empty store.
     *
     * @return the store under test
     */
    protected abstract RightsRequestStore newStore();

    /**
     * A store whose storage is unavailable (a database that is down), for the failure test; by
     * default none, and that test is skipped. Return one to prove that every call then throws a
     * {@link StoreException} whose messages, down the cause chain, name no subject and no sealed detail.
     *
     * @return the broken store, or null to skip the failure test
     */
    protected RightsRequestStore brokenStore() {
        return null;
    }

    // --- fixtures ------------------------------------------------------------------------------------

    private static String id(int n) {
        return String.format("rr-%032x", n);
    }

    private static String taskId(int n) {
        return String.format("rv-%032x", n);
    }

    private static RequestRecord request(int n, SubjectId subject, LocalDate due, Instant received) {
        return new RequestRecord(id(n), RightType.ACCESS, subject, RequestChannel.CUSTOMER_ACCOUNT, received,
                Optional.empty(), Set.of(), Set.of(), Set.of(), Optional.empty(), RequestState.RECEIVED,
                Optional.empty(), due, due, false, Optional.empty(), Optional.empty(), 0, List.of(), Set.of(),
                Optional.empty(), 1, received);
    }

    private static RequestRecord request(int n) {
        return request(n, ANA, DUE, RECEIVED);
    }

    /** A request holding every optional part, as a delegate's restriction submitted with details. */
    private static RequestRecord full(int n) {
        return new RequestRecord(id(n), RightType.RESTRICTION, ANA, RequestChannel.DPO_EMAIL, RECEIVED,
                Optional.of(Actor.delegate(Recipient.of("PBX_ADMIN"), SubjectId.of("pbx-admin-7"), Set.of("acct-42"))), Set.of(DataCategory.of("TRAFFIC"), DataCategory.of("CONTACT")),
                Set.of(RecordRef.of("cdr", "call-1"), RecordRef.of("billing", "inv-9")),
                Set.of(Purpose.of("MARKETING")), Optional.of("v1.sealed-rectification-0721234567"),
                RequestState.RECEIVED, Optional.empty(), BASE, DUE, false, Optional.empty(), Optional.empty(), 0,
                List.of(), Set.of(), Optional.empty(), 1, RECEIVED);
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(LEASE));
    }

    private static ReviewTask task(int n, ReviewState state) {
        Optional<String> assignee = state == ReviewState.OPEN ? Optional.empty() : Optional.of("emp-0815");
        boolean decided = state == ReviewState.DECIDED;
        return new ReviewTask(taskId(n), id(n), ANA, "credit-decision-" + n, "v1.sealed-viewpoint", state, assignee,
                decided ? Optional.of(ReviewDecision.CHANGED) : Optional.empty(),
                decided ? Optional.of("v1.sealed-rationale") : Optional.empty(),
                decided ? Optional.of(RECEIVED.plus(Duration.ofDays(3))) : Optional.empty(), 1);
    }

    private static ReviewTask next(ReviewTask t, ReviewState state) {
        boolean decided = state == ReviewState.DECIDED;
        return new ReviewTask(t.id(), t.requestId(), t.subject(), t.decisionRef(), t.sealedViewpoint(), state,
                state == ReviewState.OPEN ? Optional.empty() : Optional.of("emp-0815"),
                decided ? Optional.of(ReviewDecision.UPHELD) : Optional.empty(),
                decided ? Optional.of("v1.sealed-rationale") : Optional.empty(),
                decided ? Optional.of(RECEIVED.plus(Duration.ofDays(4))) : Optional.empty(), t.version() + 1);
    }

    /** A new store holding the requests given, inserted in that order. */
    private RightsRequestStore storeHolding(RequestRecord... requests) {
        RightsRequestStore store = newStore();
        for (RequestRecord request : requests) {
            store.insert(request);
        }
        return store;
    }

    private static Instant at(int minutes) {
        return RECEIVED.plus(Duration.ofMinutes(minutes));
    }

    // --- insert and find -----------------------------------------------------------------------------

    @Test
    void insert_thenFind_returnsTheRequestAsStored() {
        RightsRequestStore store = newStore();
        RequestRecord request = full(1);
        assertTrue(store.insert(request));
        assertEquals(Optional.of(request), store.find(request.id()));
    }

    @Test
    void find_ofAnUnknownId_isEmpty() {
        assertEquals(Optional.empty(), newStore().find(id(404)));
    }

    @Test
    void insert_ofAnIdStoredAlready_returnsFalse_andChangesNothing() {
        RightsRequestStore store = newStore();
        RequestRecord first = request(1);
        assertTrue(store.insert(first));
        assertFalse(store.insert(full(1)), "a second insert of the id");
        assertEquals(Optional.of(first), store.find(id(1)));
        assertEquals(List.of(first), store.ofSubject(ANA));
    }

    // --- versioned replace ---------------------------------------------------------------------------

    @Test
    void replace_keepsEveryLifecycleField() {
        RequestRecord v1 = full(1);
        RightsRequestStore store = storeHolding(v1);
        CategoryOutcome kept = new CategoryOutcome(DataCategory.of("TRAFFIC"), OutcomeKind.KEPT_RESTRICTED, 12,
                Optional.of("TRAFFIC_DATA (Legea 506/2004)"), Optional.of(LocalDate.of(2026, 7, 31)));
        SourceProgress done = SourceProgress.pending("cdr").failed("StoreException").done(at(3),
                List.of(kept, CategoryOutcome.of(DataCategory.of("CONTACT"), OutcomeKind.ERASED, 2)));
        SourceProgress failing = SourceProgress.pending("billing").failed("java.io.UncheckedIOException");
        RequestRecord v2 = v1.next(RequestState.VERIFIED, Optional.of(RefusalReason.LEGAL_RETENTION),
                LocalDate.of(2026, 4, 30), LocalDate.of(2026, 5, 4), true, Optional.of("many sources, 100 000 records"),
                Optional.of(at(2)), 3, List.of(done, failing), Set.of("COURIER", "ANAF"),
                Optional.of(lease("worker-1", at(1))), at(4));
        assertTrue(store.replace(v2));
        assertEquals(Optional.of(v2), store.find(v1.id()));
    }

    @Test
    void replace_withTheNextVersion_writes_andAStaleVersionLoses() {
        RequestRecord v1 = request(1);
        RightsRequestStore store = storeHolding(v1);
        RequestRecord mine = v1.moveTo(RequestState.VERIFIED, at(1));
        RequestRecord theirs = v1.moveTo(RequestState.REJECTED, at(2));
        assertTrue(store.replace(mine));
        assertFalse(store.replace(theirs), "made from v1, which is no longer stored");
        assertEquals(Optional.of(mine), store.find(v1.id()));
        RequestRecord v3 = mine.moveTo(RequestState.IN_PROGRESS, at(3));
        assertTrue(store.replace(v3));
        assertFalse(store.replace(v3), "the same version twice");
        assertEquals(3, store.find(v1.id()).orElseThrow().version());
    }

    @Test
    void replace_skippingAVersion_orOfAnUnknownRequest_returnsFalse() {
        RequestRecord v1 = request(1);
        RightsRequestStore store = storeHolding(v1);
        RequestRecord v3 = v1.moveTo(RequestState.VERIFIED, at(1)).moveTo(RequestState.IN_PROGRESS, at(2));
        assertFalse(store.replace(v3));
        assertEquals(Optional.of(v1), store.find(v1.id()));
        assertFalse(store.replace(request(2).moveTo(RequestState.VERIFIED, at(1))));
        assertEquals(Optional.empty(), store.find(id(2)), "a refused replace creates nothing");
    }

    @Test
    void replace_racingFromOneVersion_exactlyOneWins() throws Exception {
        RightsRequestStore store = newStore();
        for (int round = 0; round < 20; round++) {
            RequestRecord v1 = request(100 + round);
            store.insert(v1);
            List<RequestRecord> candidates = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                candidates.add(v1.withProgress(SourceProgress.pending("source-" + t), at(t)));
            }
            List<Boolean> won = race(THREADS, n -> () -> store.replace(candidates.get(n)));
            assertEquals(1, won.stream().filter(w -> w).count(), "exactly one writer wins");
            RequestRecord winner = candidates.get(won.indexOf(Boolean.TRUE));
            assertEquals(Optional.of(winner), store.find(v1.id()));
        }
    }

    // --- claims --------------------------------------------------------------------------------------

    @Test
    void claim_ofAnUnleasedRequest_storesTheLeaseInTheNextVersion() {
        RequestRecord v1 = request(1);
        RightsRequestStore store = storeHolding(v1);
        Lease lease = lease("worker-1", at(1));
        RequestRecord claimed = store.claim(v1.id(), lease, at(1)).orElseThrow();
        assertEquals(Optional.of(lease), claimed.lease());
        assertEquals(2, claimed.version());
        assertEquals(v1.state(), claimed.state());
        assertEquals(Optional.of(claimed), store.find(v1.id()));
        assertFalse(store.replace(v1.moveTo(RequestState.VERIFIED, at(2))),
                "a write made from the version before the claim loses");
    }

    @Test
    void claim_whileAnotherWorkersLeaseHolds_isEmpty_andChangesNothing() {
        RightsRequestStore store = storeHolding(request(1));
        RequestRecord claimed = store.claim(id(1), lease("worker-1", at(0)), at(0)).orElseThrow();
        assertEquals(Optional.empty(), store.claim(id(1), lease("worker-2", at(1)), at(1)));
        assertEquals(Optional.empty(), store.claim(id(1), lease("worker-2", at(4)), at(4).plusMillis(59_999)),
                "one millisecond before the lease ends");
        assertEquals(Optional.of(claimed), store.find(id(1)));
    }

    @Test
    void claim_afterTheLeaseExpired_isTakenOver_andTheFormerWorkersWritesLose() {
        RightsRequestStore store = storeHolding(request(1));
        RequestRecord first = store.claim(id(1), lease("worker-1", at(0)), at(0)).orElseThrow();
        Lease second = lease("worker-2", at(5));
        RequestRecord taken = store.claim(id(1), second, at(5)).orElseThrow();
        assertEquals(Optional.of(second), taken.lease(), "at the lease's end, it no longer holds");
        assertFalse(store.replace(first.withProgress(SourceProgress.pending("cdr"), at(6))),
                "the worker whose lease expired writes over a version that is gone");
        assertEquals(Optional.of(taken), store.find(id(1)));
    }

    @Test
    void claim_withTheCallersOwnLease_isRenewed() {
        RightsRequestStore store = storeHolding(request(1));
        store.claim(id(1), lease("worker-1", at(0)), at(0)).orElseThrow();
        Lease renewed = lease("worker-1", at(2));
        RequestRecord again = store.claim(id(1), renewed, at(2)).orElseThrow();
        assertEquals(Optional.of(renewed), again.lease());
        assertEquals(3, again.version());
    }

    @Test
    void claim_ofAnEndedOrUnknownRequest_isEmpty() {
        RightsRequestStore store = newStore();
        int n = 1;
        for (RequestState ended : new RequestState[] {RequestState.COMPLETED, RequestState.PARTIALLY_COMPLETED,
                RequestState.REJECTED}) {
            RequestRecord v1 = request(n++);
            store.insert(v1);
            if (ended == RequestState.REJECTED) {
                assertTrue(store.replace(v1.moveTo(ended, at(1))));
            } else {
                RequestRecord v2 = v1.moveTo(RequestState.VERIFIED, at(1));
                assertTrue(store.replace(v2));
                RequestRecord v3 = v2.moveTo(RequestState.IN_PROGRESS, at(2));
                assertTrue(store.replace(v3));
                assertTrue(store.replace(v3.moveTo(ended, at(3))));
            }
            RequestRecord stored = store.find(v1.id()).orElseThrow();
            assertEquals(Optional.empty(), store.claim(v1.id(), lease("worker-1", at(10)), at(10)), ended.name());
            assertEquals(Optional.of(stored), store.find(v1.id()), ended.name());
        }
        assertEquals(Optional.empty(), store.claim(id(404), lease("worker-1", at(0)), at(0)));
        assertEquals(Optional.empty(), store.find(id(404)));
    }

    @Test
    void claim_racingWorkers_exactlyOneGetsTheRequest() throws Exception {
        RightsRequestStore store = newStore();
        for (int round = 0; round < 20; round++) {
            RequestRecord v1 = request(200 + round);
            store.insert(v1);
            List<Optional<RequestRecord>> got = race(THREADS,
                    n -> () -> store.claim(v1.id(), lease("worker-" + n, at(0)), at(0)));
            List<RequestRecord> winners = got.stream().flatMap(Optional::stream).toList();
            assertEquals(1, winners.size(), "exactly one worker holds the request");
            assertEquals(Optional.of(winners.get(0)), store.find(v1.id()));
        }
    }

    // --- open, ofSubject -----------------------------------------------------------------------------

    @Test
    void open_answersByDueThenId_pagedAfterAPosition_withoutEndedRequests() {
        RightsRequestStore store = newStore();
        LocalDate d1 = LocalDate.of(2026, 3, 2);
        LocalDate d2 = LocalDate.of(2026, 3, 9);
        LocalDate d3 = LocalDate.of(2026, 4, 1);
        // inserted out of order; ids 5 and 2 share a due date, as do 7 and 3
        store.insert(request(5, ANA, d2, RECEIVED));
        store.insert(request(7, BOB, d1, RECEIVED));
        store.insert(request(2, ANA, d2, RECEIVED));
        store.insert(request(3, BOB, d1, RECEIVED));
        store.insert(request(9, ANA, d3, RECEIVED));
        RequestRecord ended = request(4, ANA, d1, RECEIVED);
        store.insert(ended);
        store.replace(ended.moveTo(RequestState.REJECTED, at(1)));
        List<String> expected = List.of(id(3), id(7), id(2), id(5), id(9));

        List<String> all = store.open(LocalDate.MAX, Optional.empty(), 100).stream().map(RequestRecord::id).toList();
        assertEquals(expected, all);

        List<String> paged = new ArrayList<>();
        Optional<RequestRecord> after = Optional.empty();
        while (true) {
            List<RequestRecord> page = store.open(LocalDate.MAX, after, 2);
            assertTrue(page.size() <= 2);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(r -> paged.add(r.id()));
            after = Optional.of(page.get(page.size() - 1));
        }
        assertEquals(expected, paged, "pages of 2 cover every open request once, in order");

        assertEquals(List.of(id(3), id(7), id(2), id(5)),
                store.open(d2, Optional.empty(), 100).stream().map(RequestRecord::id).toList(), "due on or before");
        assertEquals(List.of(), store.open(d1.minusDays(1), Optional.empty(), 100));
    }

    @Test
    void open_withALimitBelowOne_isInvalidInput() {
        RightsRequestStore store = newStore();
        assertThrows(InvalidInputException.class, () -> store.open(LocalDate.MAX, Optional.empty(), 0));
        assertThrows(InvalidInputException.class, () -> store.undecidedTasks(0));
    }

    @Test
    void ofSubject_answersTheSubjectsRequests_oldestFirst_endedIncluded() {
        RightsRequestStore store = newStore();
        RequestRecord later = request(1, ANA, DUE, RECEIVED.plus(Duration.ofDays(2)));
        RequestRecord earlier = request(2, ANA, DUE, RECEIVED);
        RequestRecord bobs = request(3, BOB, DUE, RECEIVED.plus(Duration.ofDays(1)));
        store.insert(later);
        store.insert(earlier);
        store.insert(bobs);
        RequestRecord rejected = earlier.moveTo(RequestState.REJECTED, at(1));
        store.replace(rejected);
        assertEquals(List.of(rejected, later), store.ofSubject(ANA));
        assertEquals(List.of(bobs), store.ofSubject(BOB));
        assertEquals(List.of(), store.ofSubject(SubjectId.of("nobody@example.ro")));
    }

    // --- review tasks --------------------------------------------------------------------------------

    @Test
    void tasks_insertFindAndReplace_areVersioned_andInsertIsIdempotent() {
        RightsRequestStore store = newStore();
        ReviewTask v1 = task(1, ReviewState.OPEN);
        assertTrue(store.insertTask(v1));
        assertFalse(store.insertTask(task(1, ReviewState.ASSIGNED)), "a second insert of the id");
        assertEquals(Optional.of(v1), store.findTask(v1.id()));
        assertEquals(Optional.empty(), store.findTask(taskId(404)));
        ReviewTask assigned = next(v1, ReviewState.ASSIGNED);
        ReviewTask decidedFromV1 = next(v1, ReviewState.DECIDED);
        assertTrue(store.replaceTask(assigned));
        assertFalse(store.replaceTask(decidedFromV1), "made from v1, which is no longer stored");
        ReviewTask decided = next(assigned, ReviewState.DECIDED);
        assertFalse(store.replaceTask(next(decided, ReviewState.DECIDED)), "skipping a version");
        assertTrue(store.replaceTask(decided));
        assertEquals(Optional.of(decided), store.findTask(v1.id()));
        assertFalse(store.replaceTask(next(task(2, ReviewState.OPEN), ReviewState.ASSIGNED)), "an unknown task");
        assertEquals(Optional.empty(), store.findTask(taskId(2)));
    }

    @Test
    void undecidedTasks_areOpenAndAssignedOnes_oldestIdFirst_upToTheLimit() {
        RightsRequestStore store = newStore();
        store.insertTask(task(4, ReviewState.OPEN));
        store.insertTask(task(1, ReviewState.ASSIGNED));
        store.insertTask(task(3, ReviewState.OPEN));
        ReviewTask two = task(2, ReviewState.ASSIGNED);
        store.insertTask(two);
        store.replaceTask(next(two, ReviewState.DECIDED));
        assertEquals(List.of(taskId(1), taskId(3), taskId(4)),
                store.undecidedTasks(10).stream().map(ReviewTask::id).toList());
        assertEquals(List.of(taskId(1), taskId(3)), store.undecidedTasks(2).stream().map(ReviewTask::id).toList());
    }

    @Test
    void replaceTask_racingFromOneVersion_exactlyOneWins() throws Exception {
        RightsRequestStore store = newStore();
        ReviewTask v1 = task(1, ReviewState.OPEN);
        store.insertTask(v1);
        List<ReviewTask> candidates = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            candidates.add(new ReviewTask(v1.id(), v1.requestId(), ANA, v1.decisionRef(), v1.sealedViewpoint(),
                    ReviewState.ASSIGNED, Optional.of("emp-" + t), Optional.empty(), Optional.empty(), Optional.empty(),
                    2));
        }
        List<Boolean> won = race(THREADS, n -> () -> store.replaceTask(candidates.get(n)));
        assertEquals(1, won.stream().filter(w -> w).count());
        assertEquals(Optional.of(candidates.get(won.indexOf(Boolean.TRUE))), store.findTask(v1.id()));
    }

    @Test
    void insert_racingOnOneId_exactlyOneStores() throws Exception {
        RightsRequestStore store = newStore();
        List<Boolean> stored = race(THREADS, n -> () -> store.insert(request(1, n % 2 == 0 ? ANA : BOB, DUE,
                RECEIVED.plusMillis(n))));
        assertEquals(1, stored.stream().filter(s -> s).count());
        assertEquals(1, store.ofSubject(ANA).size() + store.ofSubject(BOB).size());
    }

    // --- nulls ---------------------------------------------------------------------------------------

    @Test
    void nullArguments_areInvalidInput_andNameNoSubject() {
        RightsRequestStore store = storeHolding(request(1));
        Lease lease = lease("worker-1", at(0));
        List<Executable> calls = List.of(
                () -> store.insert(null),
                () -> store.find(null),
                () -> store.replace(null),
                () -> store.claim(null, lease, at(0)),
                () -> store.claim(id(1), null, at(0)),
                () -> store.claim(id(1), lease, null),
                () -> store.open(null, Optional.empty(), 1),
                () -> store.open(LocalDate.MAX, null, 1),
                () -> store.ofSubject(null),
                () -> store.insertTask(null),
                () -> store.findTask(null),
                () -> store.replaceTask(null));
        for (Executable call : calls) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call);
            assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
        }
        assertEquals(Optional.of(request(1)), store.find(id(1)), "no refused call changed the request");
    }

    // --- failures ------------------------------------------------------------------------------------

    @Test
    void aFailingStore_throwsStoreException_namingNoSubjectNorDetail() {
        RightsRequestStore broken = brokenStore();
        Assumptions.assumeTrue(broken != null, "no broken store given (brokenStore())");
        RequestRecord request = full(1);
        ReviewTask task = task(1, ReviewState.OPEN);
        List<Executable> calls = List.of(
                () -> broken.insert(request),
                () -> broken.find(request.id()),
                () -> broken.replace(request.moveTo(RequestState.VERIFIED, at(1))),
                () -> broken.claim(request.id(), lease("worker-1", at(0)), at(0)),
                () -> broken.open(LocalDate.MAX, Optional.empty(), 10),
                () -> broken.ofSubject(ANA),
                () -> broken.insertTask(task),
                () -> broken.findTask(task.id()),
                () -> broken.replaceTask(next(task, ReviewState.ASSIGNED)),
                () -> broken.undecidedTasks(10));
        for (Executable call : calls) {
            StoreException e = assertThrows(StoreException.class, call);
            // The whole cause chain: a database driver's exception echoes the values bound to the query.
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = String.valueOf(t.getMessage()) + " " + t;
                assertFalse(message.contains(ANA.value()), "no subject in the message: " + message);
                assertFalse(message.contains("0721234567"), "no sealed detail in the message: " + message);
            }
        }
    }
}
