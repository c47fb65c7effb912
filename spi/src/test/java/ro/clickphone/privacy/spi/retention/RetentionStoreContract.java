package ro.clickphone.privacy.spi.retention;

import static ro.clickphone.privacy.spi.testkit.Race.race;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * The contract every {@link RetentionStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar) and return an empty store:
 *
 * <pre>{@code
 * class JpaRetentionStoreTest extends RetentionStoreContract {
 *     protected RetentionStore newStore() {
 *         database.clear();
 *         return new JpaRetentionStore(entityManagerFactory);
 *     }
 * }
 * }</pre>
 */
public abstract class RetentionStoreContract {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final SubjectId BOB = SubjectId.of("acct-2077");
    private static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    private static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    private static final DataCategory NETWORK = DataCategory.of("NETWORK");
    private static final LocalDate TODAY = LocalDate.of(2030, 1, 15);
    private static final Instant NOW = Instant.parse("2030-01-15T08:00:00Z");

    /** For subclasses. */
    protected RetentionStoreContract() {
    }

    /**
     * Creates an empty store.
     *
     * @return the store under test
     */
    protected abstract RetentionStore newStore();

    /**
     * A store whose storage is unavailable (a database that is down), for the failure tests; by
     * default none, and those tests are skipped. Return one to prove that every call then throws
     * {@link StoreException} whose message names no subject and no record.
     *
     * @return the broken store, or null to skip the failure tests
     */
    protected RetentionStore brokenStore() {
        return null;
    }

    private static RetentionTag tag(String source, String id, SubjectId subject, DataCategory category,
            LocalDate lastDayKept) {
        return new RetentionTag(RecordRef.of(source, id), Optional.of(subject), "s-" + subject.fingerprint(), category,
                "RULE_" + category.id(), Optional.of(KeyScope.of("traffic")), Set.of(), Optional.ofNullable(lastDayKept),
                lastDayKept == null ? Optional.of("contract-end") : Optional.empty(), NOW.minus(Duration.ofDays(4000)),
                Optional.empty(), Optional.empty(), 0);
    }

    private static RetentionTag due(String id, LocalDate lastDayKept) {
        return tag("cdr", id, ANA, TRAFFIC, lastDayKept);
    }

    private static RetentionTag next(RetentionTag t, LocalDate lastDayKept) {
        return new RetentionTag(t.record(), t.subject(), t.subjectRef(), t.category(), t.rule(), t.keyScope(),
                t.alsoTaggedAs(), Optional.of(lastDayKept), Optional.empty(), t.taggedAt(), t.disposedAt(),
                t.disposal(), t.revision() + 1);
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(Duration.ofMinutes(5)));
    }

    /** The proof a sweeper hands the store: the record under a keyed reference of its id. */
    private static RetentionTag proofOf(RetentionTag claimed, Instant at) {
        return claimed.proof(RecordRef.of(claimed.record().source(), "v-" + claimed.record().id() + "-ref"), at,
                DisposalAction.DELETE);
    }

    /** Claims a record alone (it must be the first due) and marks it disposed of. */
    private static boolean claimAndMark(RetentionStore store, Instant at) {
        Lease lease = lease("sweep-m", at);
        List<RetentionTag> claimed = store.claimDue(TODAY, lease, 1);
        return !claimed.isEmpty() && store.markDisposed(claimed.get(0), lease, proofOf(claimed.get(0), at));
    }

    private static List<String> ids(List<RetentionTag> tags) {
        return tags.stream().map(t -> t.record().id()).toList();
    }

    // --- missing records ----------------------------------------------------------------------------

    @Test
    void missingRecordsAndHolds_readEmpty_andMarksOrReplacesReturnFalse() {
        RetentionStore store = newStore();
        RecordRef unknown = RecordRef.of("cdr", "never");
        assertTrue(store.find(unknown).isEmpty());
        RetentionTag never = due("never", TODAY.minusDays(1));
        assertFalse(store.markDisposed(never, lease("sweep-a", NOW), proofOf(never, NOW)));
        assertTrue(store.findPending("contract-end", Optional.empty(), 10).isEmpty());
        assertTrue(store.findEvents(ANA, "contract-end").isEmpty());
        assertFalse(store.replace(next(due("never", TODAY.minusDays(1)), TODAY)));
        assertTrue(store.findBySubject(ANA).isEmpty());
        assertTrue(store.findDue(TODAY, Optional.empty(), 10).isEmpty());
        assertTrue(store.claimDue(TODAY, lease("sweep-a", NOW), 10).isEmpty());
        assertTrue(store.findHold("h-unknown").isEmpty());
        assertFalse(store.releaseHold("h-unknown", NOW));
        assertTrue(store.activeHolds().isEmpty());
    }

    // --- idempotency, revisions ---------------------------------------------------------------------

    @Test
    void insert_isOncePerRecord_theFirstTagStays() {
        RetentionStore store = newStore();
        RetentionTag first = due("1", TODAY.minusDays(1));
        assertTrue(store.insert(first));
        assertFalse(store.insert(first), "the same tag again");
        assertFalse(store.insert(due("1", TODAY.plusDays(9))), "another tag of the same record");
        assertEquals(Optional.of(first), store.find(first.record()));
    }

    @Test
    void replace_onlyFromTheStoredRevision() {
        RetentionStore store = newStore();
        RetentionTag first = due("1", TODAY.plusDays(5));
        store.insert(first);
        RetentionTag second = next(first, TODAY.plusDays(10));
        assertTrue(store.replace(second));
        assertFalse(store.replace(next(first, TODAY.plusDays(20))), "a stale revision");
        assertEquals(Optional.of(second), store.find(first.record()));
    }

    // --- ordering and batches -----------------------------------------------------------------------

    @Test
    void findDue_ordersByDueDateThenSourceThenId_andSkipsWhatIsNotDue() {
        RetentionStore store = newStore();
        store.insert(tag("voicemail", "a", ANA, TRAFFIC, TODAY.minusDays(3)));
        store.insert(tag("cdr", "b", ANA, TRAFFIC, TODAY.minusDays(3)));
        store.insert(tag("cdr", "a", BOB, TRAFFIC, TODAY.minusDays(3)));
        store.insert(tag("cdr", "z", ANA, TRAFFIC, TODAY.minusDays(30)));
        store.insert(tag("cdr", "today", ANA, TRAFFIC, TODAY.minusDays(1)));
        store.insert(tag("cdr", "tomorrow", ANA, TRAFFIC, TODAY));
        store.insert(tag("cdr", "pending", ANA, TRAFFIC, null));
        List<RetentionTag> found = store.findDue(TODAY, Optional.empty(), 100);
        assertEquals(List.of("z", "a", "b", "a", "today"), ids(found));
        assertEquals("voicemail", found.get(3).record().source());
    }

    @Test
    void findDue_inBatches_continuesAfterTheLastTag_withoutGapsOrRepeats() {
        RetentionStore store = newStore();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String id = String.format("r%03d", i);
            store.insert(due(id, TODAY.minusDays(50 - i / 4)));
            expected.add(id);
        }
        List<String> seen = new ArrayList<>();
        Optional<RetentionTag> after = Optional.empty();
        for (List<RetentionTag> batch = store.findDue(TODAY, after, 5); !batch.isEmpty();
                batch = store.findDue(TODAY, after, 5)) {
            assertTrue(batch.size() <= 5);
            seen.addAll(ids(batch));
            after = Optional.of(batch.get(batch.size() - 1));
        }
        assertEquals(expected, seen);
    }

    // --- disposal -----------------------------------------------------------------------------------

    @Test
    void markDisposed_once_keepsOnlyThePseudonymCategoryRuleAndDates_underAKeyedReference() {
        RetentionStore store = newStore();
        RetentionTag both = due("1", TODAY.minusDays(1));
        RetentionTag tag = new RetentionTag(both.record(), both.subject(), both.subjectRef(), both.category(),
                both.rule(), both.keyScope(), Set.of(NETWORK), both.lastDayKept(), both.awaiting(), both.taggedAt(),
                both.disposedAt(), both.disposal(), 0);
        store.insert(tag);
        Instant at = NOW.plusSeconds(1);
        Lease lease = lease("sweep-a", NOW);
        RetentionTag claimed = store.claimDue(TODAY, lease, 10).get(0);
        RetentionTag proof = claimed.proof(RecordRef.of("cdr", "v-0123456789abcdef0123456789abcdef"), at,
                DisposalAction.CRYPTO_SHRED);
        assertTrue(store.markDisposed(claimed, lease, proof));
        assertFalse(store.markDisposed(claimed, lease, proof), "a second mark");
        assertTrue(store.find(tag.record()).isEmpty(), "the record id is gone from the store");
        RetentionTag disposed = store.find(proof.record()).orElseThrow();
        assertTrue(disposed.subject().isEmpty(), "the subject is forgotten");
        assertTrue(disposed.keyScope().isEmpty(), "the key scope is forgotten");
        assertTrue(disposed.alsoTaggedAs().isEmpty(), "the other categories are forgotten");
        assertEquals(tag.subjectRef(), disposed.subjectRef());
        assertEquals(tag.category(), disposed.category());
        assertEquals(tag.rule(), disposed.rule());
        assertEquals(tag.lastDayKept(), disposed.lastDayKept());
        assertEquals(Optional.of(at), disposed.disposedAt());
        assertEquals(Optional.of(DisposalAction.CRYPTO_SHRED), disposed.disposal());
        assertTrue(store.findDue(TODAY, Optional.empty(), 10).isEmpty());
        assertTrue(store.claimDue(TODAY, lease("sweep-b", NOW.plus(Duration.ofHours(1))), 10).isEmpty());
        assertTrue(store.findBySubject(ANA).isEmpty());
        assertFalse(store.replace(next(tag, TODAY.plusDays(3))), "a disposed tag is never replaced");
    }

    @Test
    void markDisposed_isRefused_whenAHoldCameAfterTheClaim_andChangesNothing() {
        RetentionStore store = newStore();
        RetentionTag tag = due("1", TODAY.minusDays(1));
        store.insert(tag);
        Lease lease = lease("sweep-a", NOW);
        RetentionTag claimed = store.claimDue(TODAY, lease, 10).get(0);
        store.putHold(new LegalHold("h-late", HoldScope.record(tag.record()), "investigation", "case-7",
                NOW.plusSeconds(1), Optional.empty()));
        assertFalse(store.markDisposed(claimed, lease, proofOf(claimed, NOW.plusSeconds(2))));
        assertEquals(Optional.of(tag), store.find(tag.record()), "still kept, undisposed");
    }

    @Test
    void markDisposed_isRefused_whenTheTagChangedAfterTheClaim() {
        RetentionStore store = newStore();
        RetentionTag tag = due("1", TODAY.minusDays(1));
        store.insert(tag);
        Lease lease = lease("sweep-a", NOW);
        RetentionTag claimed = store.claimDue(TODAY, lease, 10).get(0);
        RetentionTag retagged = next(tag, TODAY.plusYears(10));
        assertTrue(store.replace(retagged), "re-tagged under a longer rule meanwhile");
        assertFalse(store.markDisposed(claimed, lease, proofOf(claimed, NOW.plusSeconds(2))));
        assertEquals(Optional.of(retagged), store.find(tag.record()));
    }

    @Test
    void markDisposed_isRefused_afterTheLeaseExpired_orWithAnotherSweepersLease() {
        RetentionStore store = newStore();
        RetentionTag tag = due("1", TODAY.minusDays(1));
        store.insert(tag);
        Lease lease = lease("sweep-a", NOW);
        RetentionTag claimed = store.claimDue(TODAY, lease, 10).get(0);
        assertFalse(store.markDisposed(claimed, lease, proofOf(claimed, lease.until())), "expired at the mark");
        assertFalse(store.markDisposed(claimed, lease("sweep-b", NOW), proofOf(claimed, NOW.plusSeconds(1))),
                "not the record's lease");
        Lease b = lease("sweep-b", lease.until());
        assertEquals(List.of("1"), ids(store.claimDue(TODAY, b, 10)), "taken up by another sweeper");
        assertFalse(store.markDisposed(claimed, lease, proofOf(claimed, NOW.plusSeconds(1))),
                "the first sweeper's lease is no longer the record's");
        assertTrue(store.markDisposed(claimed, b, proofOf(claimed, b.from().plusSeconds(1))));
    }

    @Test
    void markDisposed_withoutAClaim_isRefused() {
        RetentionStore store = newStore();
        RetentionTag tag = due("1", TODAY.minusDays(1));
        store.insert(tag);
        assertFalse(store.markDisposed(tag, lease("sweep-a", NOW), proofOf(tag, NOW.plusSeconds(1))));
        assertEquals(Optional.of(tag), store.find(tag.record()));
    }

    @Test
    void aRuleNotExtendedByHolds_staysDue_underEveryHold() {
        RetentionStore store = newStore();
        RetentionTag t = tag("cookies", "ga", ANA, NETWORK, TODAY.minusDays(1));
        RetentionTag unheld = new RetentionTag(t.record(), t.subject(), t.subjectRef(), t.category(), t.rule(),
                t.keyScope(), t.alsoTaggedAs(), t.lastDayKept(), t.awaiting(), t.taggedAt(), t.disposedAt(),
                t.disposal(), 0, TODAY.minusDays(30), false);
        store.insert(unheld);
        store.putHold(new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW, Optional.empty()));
        store.putHold(new LegalHold("h-2", HoldScope.record(t.record()), "investigation", "case-2", NOW,
                Optional.empty()));
        store.putHold(new LegalHold("h-3", HoldScope.category(NETWORK), "investigation", "case-3", NOW,
                Optional.empty()));
        assertEquals(List.of("ga"), ids(store.findDue(TODAY, Optional.empty(), 10)));
        assertTrue(claimAndMark(store, NOW));
    }

    // --- pending tags and events --------------------------------------------------------------------

    @Test
    void findPending_givesUndisposedTagsAwaitingTheEvent_bySourceThenId_inBatches() {
        RetentionStore store = newStore();
        store.insert(tag("web", "a", ANA, NETWORK, null));
        store.insert(tag("cdr", "b", BOB, TRAFFIC, null));
        store.insert(tag("cdr", "a", ANA, TRAFFIC, null));
        store.insert(tag("cdr", "dated", ANA, TRAFFIC, TODAY));
        List<RetentionTag> first = store.findPending("contract-end", Optional.empty(), 2);
        assertEquals(List.of("cdr/a", "cdr/b"), first.stream().map(t -> t.record().source() + "/" + t.record().id())
                .toList());
        List<RetentionTag> second = store.findPending("contract-end", Optional.of(first.get(1).record()), 2);
        assertEquals(List.of("web/a"), second.stream().map(t -> t.record().source() + "/" + t.record().id()).toList());
        assertTrue(store.findPending("session-end", Optional.empty(), 10).isEmpty(), "another event");
        assertThrows(InvalidInputException.class, () -> store.findPending("contract-end", Optional.empty(), 0));
    }

    @Test
    void putEvent_remembersEachDayOnce_perSubjectAndEvent() {
        RetentionStore store = newStore();
        assertTrue(store.putEvent(ANA, "contract-end", TODAY));
        assertFalse(store.putEvent(ANA, "contract-end", TODAY), "idempotent");
        assertTrue(store.putEvent(ANA, "contract-end", TODAY.minusYears(1)));
        assertTrue(store.putEvent(BOB, "contract-end", TODAY.minusDays(3)));
        assertEquals(List.of(TODAY.minusYears(1), TODAY), store.findEvents(ANA, "contract-end"));
        assertTrue(store.findEvents(ANA, "warranty-end").isEmpty());
        assertThrows(InvalidInputException.class, () -> store.putEvent(ANA, null, TODAY));
    }

    @Test
    void findBySubject_givesThatSubjectsUndisposedTags_pendingAndDated() {
        RetentionStore store = newStore();
        store.insert(tag("cdr", "1", ANA, TRAFFIC, null));
        store.insert(tag("cdr", "2", ANA, TRAFFIC, TODAY.plusYears(3)));
        store.insert(tag("cdr", "3", BOB, TRAFFIC, null));
        Set<String> found = new HashSet<>(ids(store.findBySubject(ANA)));
        assertEquals(Set.of("1", "2"), found);
    }

    // --- leases -------------------------------------------------------------------------------------

    @Test
    void claimDue_twoSweepers_getDisjointRecords_andAnExpiredLeaseIsTakenUpAgain() {
        RetentionStore store = newStore();
        for (int i = 0; i < 6; i++) {
            store.insert(due("r" + i, TODAY.minusDays(10 - i)));
        }
        List<RetentionTag> a = store.claimDue(TODAY, lease("sweep-a", NOW), 4);
        List<RetentionTag> b = store.claimDue(TODAY, lease("sweep-b", NOW), 4);
        assertEquals(List.of("r0", "r1", "r2", "r3"), ids(a));
        assertEquals(List.of("r4", "r5"), ids(b));
        assertTrue(store.claimDue(TODAY, lease("sweep-a", NOW.plusSeconds(60)), 4).isEmpty(),
                "a lease holds against its own owner too");
        assertTrue(store.markDisposed(a.get(0), lease("sweep-a", NOW), proofOf(a.get(0), NOW)));
        Instant later = NOW.plus(Duration.ofMinutes(6));
        List<RetentionTag> c = store.claimDue(TODAY, lease("sweep-c", later), 10);
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5"), ids(c), "expired leases hold nothing; disposed stays out");
    }

    @Test
    void claimDue_racingSweepers_neverClaimARecordTwice() throws Exception {
        RetentionStore store = newStore();
        for (int i = 0; i < 200; i++) {
            store.insert(due(String.format("r%03d", i), TODAY.minusDays(1 + i % 7)));
        }
        List<String> claimed = race(8, n -> () -> {
            List<String> mine = new ArrayList<>();
            for (List<RetentionTag> batch = store.claimDue(TODAY, lease("sweep-" + n, NOW), 7); !batch.isEmpty();
                    batch = store.claimDue(TODAY, lease("sweep-" + n, NOW), 7)) {
                mine.addAll(ids(batch));
            }
            return mine;
        }).stream().flatMap(List::stream).toList();
        assertEquals(200, claimed.size(), "every record once");
        assertEquals(200, new HashSet<>(claimed).size(), "no record twice");
    }

    // --- two writers --------------------------------------------------------------------------------

    @Test
    void twoWriters_insertAndReplace_exactlyOneWinsEachStep() throws Exception {
        RetentionStore store = newStore();
        RetentionTag first = due("1", TODAY.plusDays(1));
        long inserted = race(6, n -> () -> store.insert(first)).stream().filter(Boolean::booleanValue).count();
        assertEquals(1, inserted);
        long replaced = race(6, n -> () -> store.replace(next(first, TODAY.plusDays(10 + n))))
                .stream().filter(Boolean::booleanValue).count();
        assertEquals(1, replaced);
        assertEquals(1, store.find(first.record()).orElseThrow().revision());
        RetentionTag claimed = store.find(first.record()).orElseThrow();
        store.replace(next(claimed, TODAY.minusDays(1)));
        Lease lease = lease("sweep-a", NOW);
        RetentionTag mine = store.claimDue(TODAY, lease, 1).get(0);
        long marked = race(6, n -> () -> store.markDisposed(mine, lease, proofOf(mine, NOW.plusSeconds(n))))
                .stream().filter(Boolean::booleanValue).count();
        assertEquals(1, marked);
    }

    // --- holds --------------------------------------------------------------------------------------

    @Test
    void holds_bySubjectRecordAndCategory_keepOverdueRecordsOutOfDue_untilReleased() {
        RetentionStore store = newStore();
        store.insert(tag("cdr", "ana", ANA, TRAFFIC, TODAY.minusYears(2)));
        store.insert(tag("cdr", "bob", BOB, TRAFFIC, TODAY.minusYears(2)));
        store.insert(tag("billing", "inv", BOB, FINANCIAL, TODAY.minusYears(2)));
        RetentionTag both = tag("ip", "net", BOB, FINANCIAL, TODAY.minusYears(2));
        store.insert(new RetentionTag(both.record(), both.subject(), both.subjectRef(), both.category(), both.rule(),
                both.keyScope(), Set.of(NETWORK), both.lastDayKept(), both.awaiting(), both.taggedAt(),
                both.disposedAt(), both.disposal(), 0));
        store.putHold(new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW, Optional.empty()));
        store.putHold(new LegalHold("h-2", HoldScope.record(RecordRef.of("billing", "inv")), "audit", "case-2", NOW,
                Optional.empty()));
        store.putHold(new LegalHold("h-3", HoldScope.category(NETWORK), "fraud", "case-3", NOW, Optional.empty()));
        assertEquals(List.of("bob"), ids(store.findDue(TODAY, Optional.empty(), 10)));
        assertEquals(List.of("bob"), ids(store.claimDue(TODAY, lease("sweep-a", NOW), 10)));
        assertEquals(List.of("h-1", "h-2", "h-3"), store.activeHolds().stream().map(LegalHold::id).toList());

        assertTrue(store.releaseHold("h-1", NOW.plusSeconds(5)));
        assertFalse(store.releaseHold("h-1", NOW.plusSeconds(6)), "released twice");
        assertEquals(Optional.of(NOW.plusSeconds(5)), store.findHold("h-1").orElseThrow().releasedAt());
        assertEquals(List.of("h-2", "h-3"), store.activeHolds().stream().map(LegalHold::id).toList());
        assertEquals(List.of("ana"), ids(store.claimDue(TODAY, lease("sweep-b", NOW), 10)),
                "due again at once after the release");
    }

    @Test
    void holdsRevision_changesWithEveryHoldPlacedOrReleased_andOnlyThen() {
        RetentionStore store = newStore();
        long start = store.holdsRevision();
        if (start == RetentionStore.HOLDS_UNTRACKED) {
            return; // The store does not count: the kit reads the holds every time.
        }
        assertTrue(start >= 0, "never negative");
        store.insert(due("1", TODAY.minusDays(1)));
        assertEquals(start, store.holdsRevision(), "a tag is no hold");
        store.putHold(new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW, Optional.empty()));
        long placed = store.holdsRevision();
        assertTrue(placed != start, "a hold placed changes it");
        assertEquals(placed, store.holdsRevision(), "stable while nothing changes");
        assertFalse(store.releaseHold("h-9", NOW));
        assertEquals(placed, store.holdsRevision(), "a refused release changes nothing");
        assertTrue(store.releaseHold("h-1", NOW.plusSeconds(5)));
        long released = store.holdsRevision();
        assertTrue(released != placed && released != start, "a release changes it");
    }

    @Test
    void putHold_takenIdOrReleasedHold_isInvalidInput_andChangesNothing() {
        RetentionStore store = newStore();
        LegalHold hold = new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW, Optional.empty());
        store.putHold(hold);
        assertThrows(InvalidInputException.class, () -> store.putHold(new LegalHold("h-1", HoldScope.category(TRAFFIC),
                "other", "case-9", NOW, Optional.empty())));
        assertThrows(InvalidInputException.class, () -> store.putHold(new LegalHold("h-2", HoldScope.subject(BOB),
                "x", "case-2", NOW, Optional.of(NOW))));
        assertEquals(List.of(hold), store.activeHolds());
    }

    // --- failure behaviour --------------------------------------------------------------------------

    @Test
    void badArguments_areInvalidInput_andChangeNothing() {
        RetentionStore store = newStore();
        RetentionTag tag = due("1", TODAY.minusDays(1));
        store.insert(tag);
        assertThrows(InvalidInputException.class, () -> store.find(null));
        assertThrows(InvalidInputException.class, () -> store.insert(null));
        assertThrows(InvalidInputException.class, () -> store.insert(tag.disposed(NOW, DisposalAction.DELETE)));
        assertThrows(InvalidInputException.class, () -> store.replace(tag.disposed(NOW, DisposalAction.DELETE)));
        assertThrows(InvalidInputException.class, () -> store.findBySubject(null));
        assertThrows(InvalidInputException.class, () -> store.findDue(null, Optional.empty(), 1));
        assertThrows(InvalidInputException.class, () -> store.findDue(TODAY, Optional.empty(), 0));
        assertThrows(InvalidInputException.class, () -> store.claimDue(TODAY, lease("sweep-a", NOW), 0));
        assertThrows(InvalidInputException.class,
                () -> store.claimDue(TODAY, lease("sweep-a", NOW), RetentionStore.MAX_BATCH + 1));
        assertThrows(InvalidInputException.class, () -> store.claimDue(TODAY, null, 1));
        assertThrows(InvalidInputException.class, () -> store.markDisposed(null, lease("sweep-a", NOW),
                proofOf(tag, NOW)));
        assertThrows(InvalidInputException.class, () -> store.markDisposed(tag, null, proofOf(tag, NOW)));
        assertThrows(InvalidInputException.class, () -> store.markDisposed(tag, lease("sweep-a", NOW), tag),
                "not a proof");
        assertThrows(InvalidInputException.class, () -> store.putHold(null));
        assertThrows(InvalidInputException.class, () -> store.releaseHold(null, NOW));
        assertEquals(Optional.of(tag), store.find(tag.record()), "nothing changed");
        assertEquals(List.of("1"), ids(store.claimDue(TODAY, lease("sweep-a", NOW), 1)),
                "no refused claim took the record");
    }

    @Test
    void aBrokenStore_throwsStoreException_fromEveryCall_namingNoSubjectOrRecord() {
        RetentionStore broken = brokenStore();
        Assumptions.assumeTrue(broken != null, "no broken store given (brokenStore())");
        RetentionTag tag = due("cdr-981", TODAY.minusDays(1));
        Lease lease = lease("sweep-a", NOW);
        List<Executable> calls = List.of(
                () -> broken.find(tag.record()),
                () -> broken.insert(tag),
                () -> broken.replace(next(tag, TODAY)),
                () -> broken.findBySubject(ANA),
                () -> broken.findDue(TODAY, Optional.empty(), 10),
                () -> broken.claimDue(TODAY, lease, 10),
                () -> broken.markDisposed(tag, lease, proofOf(tag, NOW)),
                () -> broken.findPending("contract-end", Optional.empty(), 10),
                () -> broken.putEvent(ANA, "contract-end", TODAY),
                () -> broken.findEvents(ANA, "contract-end"),
                () -> broken.putHold(new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW,
                        Optional.empty())),
                () -> broken.findHold("h-1"),
                () -> broken.releaseHold("h-1", NOW),
                broken::activeHolds,
                broken::holdsRevision);
        for (Executable call : calls) {
            StoreException e = assertThrows(StoreException.class, call);
            String message = String.valueOf(e.getMessage());
            assertFalse(message.contains(ANA.value()), "no subject id in the message");
            assertFalse(message.contains("cdr-981"), "no record id in the message");
        }
    }
}
