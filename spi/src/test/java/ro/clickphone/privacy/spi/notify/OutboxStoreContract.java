package ro.clickphone.privacy.spi.notify;

import static ro.clickphone.privacy.spi.testkit.Race.race;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.testkit.StoreTransactionFixture;

/**
 * The contract every {@link OutboxStore} keeps. Plugin authors extend this class (from the
 * {@code clickphone-privacy-spi} test jar), return an empty store from {@link #newStore()} and
 * say how the caller's transactions are opened and ended in {@link #transactions()}:
 *
 * <pre>{@code
 * class JpaOutboxStoreTest extends OutboxStoreContract {
 *     protected OutboxStore newStore() {
 *         database.clear();
 *         return new JpaOutboxStore(entityManagerFactory);
 *     }
 *     protected StoreTransactionFixture transactions() {
 *         return entityManagerTransactions(entityManagerFactory);   // see StoreTransactionFixture
 *     }
 * }
 * }</pre>
 *
 * <p>Times are milliseconds at most, so a store may keep instants to the millisecond (the
 * contract's minimum: the dispatcher's back-offs are milliseconds) or finer.
 */
public abstract class OutboxStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final NotificationType MISSED_CALL = NotificationType.of("MISSED_CALL");
    /** Stands for the kit's sealed rendering; planted, so that no message may carry it. */
    private static final String SEALED = "v1.sealed-ana-popescu-0721234567";
    private static final Instant NOW = Instant.parse("2030-01-15T08:00:00Z");
    private static final String SMTP = "smtp";

    private OutboxStore store;

    /** For subclasses. */
    protected OutboxStoreContract() {
    }

    /**
     * Creates an empty store for one test.
     *
     * @return the store under test
     */
    protected abstract OutboxStore newStore();

    /**
     * The caller's transactions the store returned last by {@link #newStore()} joins.
     *
     * @return the fixture; {@link StoreTransactionFixture#inMemory()} for the in-memory store
     */
    protected abstract StoreTransactionFixture transactions();

    /**
     * A store whose storage is unavailable (a database that is down), for the failure tests; by
     * default none, and those tests are skipped. Return one to prove that every call then throws
     * {@link StoreException} whose message names no subject and no content.
     *
     * @return the broken store, or null to skip the failure tests
     */
    protected OutboxStore brokenStore() {
        return null;
    }

    @BeforeEach
    final void createStore() {
        store = newStore();
    }

    private static OutboxMessage pending(String id, String channel, Instant createdAt) {
        return OutboxMessage.pending(id, MISSED_CALL, ANA, channel, Medium.EMAIL, createdAt, SEALED, List.of());
    }

    private static OutboxMessage pending(String id, Instant createdAt) {
        return pending(id, SMTP, createdAt);
    }

    private static OutboxMessage suppressed(String id, Instant at) {
        return OutboxMessage.suppressed(id, NotificationType.of("MARKETING_OFFER"), ANA, SMTP, Medium.EMAIL, at,
                "OBJECTED");
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(Duration.ofMinutes(5)));
    }

    private static DeliveryReceipt receipt(Instant at) {
        return new DeliveryReceipt(SMTP, "<m-1@mail.clickphone.ro>", at);
    }

    private static List<String> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).toList();
    }

    private OutboxMessage stored(String id) {
        return store.find(id).orElseThrow(() -> new AssertionError("no message " + id));
    }

    /** Appends a message due now and claims it alone under the given owner's lease. */
    private OutboxMessage appendAndClaim(String id, String owner) {
        assertTrue(store.append(pending(id, NOW)));
        List<OutboxMessage> claimed = store.claim(SMTP, lease(owner, NOW), 1);
        assertEquals(List.of(id), ids(claimed));
        return claimed.get(0);
    }

    // --- append -------------------------------------------------------------------------------------

    @Test
    void append_storesOncePerId_andFindReadsItBackWhole() {
        OutboxMessage message = OutboxMessage.pending("m-1", MISSED_CALL, ANA, SMTP, Medium.EMAIL, NOW, SEALED,
                List.of(new AttachmentRef("voicemail", "vm-42", "mesaj-vocal.wav", "audio/wav",
                        Optional.of(new AttachmentRef.EncryptedAs("voicemail", "audio", DataCategory.of("CONTENT"))))));
        assertTrue(store.append(message));
        assertEquals(Optional.of(message), store.find("m-1"));
        assertFalse(store.append(message), "the same message again");
        assertFalse(store.append(pending("m-1", "sms", NOW.plusSeconds(9))), "another message under the same key");
        assertEquals(Optional.of(message), store.find("m-1"), "the first one stays");
        assertTrue(store.find("m-2").isEmpty());
    }

    @Test
    void append_ofASuppressedMessage_keepsItWithItsReason_andNeverOffersItForDelivery() {
        OutboxMessage message = suppressed("m-1", NOW);
        assertTrue(store.append(message));
        assertEquals(Optional.of(message), store.find("m-1"));
        assertEquals(Optional.of("OBJECTED"), stored("m-1").reason());
        assertTrue(store.claim(SMTP, lease("d-1", NOW.plusSeconds(60)), 10).isEmpty());
        assertFalse(store.recordDelivered("m-1", "d-1", receipt(NOW), NOW));
        assertFalse(store.requeue("m-1", NOW), "only a dead letter is requeued");
        assertEquals(Optional.of(message), store.find("m-1"));
    }

    @Test
    void append_ofAMessagePastItsStart_isInvalidInput_andStoresNothing() {
        OutboxMessage delivered = pending("m-1", NOW).delivered(receipt(NOW), NOW);
        OutboxMessage dead = pending("m-2", NOW).dead("smtp-550", NOW);
        assertThrows(InvalidInputException.class, () -> store.append(delivered));
        assertThrows(InvalidInputException.class, () -> store.append(dead));
        StoreTransaction tx = transactions().begin();
        try {
            assertThrows(InvalidInputException.class, () -> store.append(delivered, tx));
        } finally {
            transactions().rollback(tx);
        }
        assertTrue(store.find("m-1").isEmpty());
        assertTrue(store.find("m-2").isEmpty());
    }

    @Test
    void append_ofAMessageThatIsNotNew_isInvalidInput_andStoresNothing() {
        Lease lease = lease("d-1", NOW);
        List<OutboxMessage> notNew = List.of(
                pending("m-1", NOW).retrying("smtp-421", NOW),
                pending("m-2", NOW).claimed(lease),
                pending("m-3", NOW).dead("smtp-550", NOW).requeued(NOW));
        StoreTransaction tx = transactions().begin();
        try {
            for (OutboxMessage message : notNew) {
                assertThrows(InvalidInputException.class, () -> store.append(message), message.toString());
                assertThrows(InvalidInputException.class, () -> store.append(message, tx), message.toString());
            }
        } finally {
            transactions().rollback(tx);
        }
        assertTrue(store.list(OutboxState.PENDING, 10).isEmpty(), "a counted attempt or a lease is never appended");
    }

    // --- the caller's transaction -------------------------------------------------------------------

    @Test
    void appendInATransaction_existsFromTheCommitOn() {
        OutboxMessage message = pending("m-1", NOW);
        StoreTransaction tx = transactions().begin();
        try {
            assertTrue(store.append(message, tx));
            assertTrue(store.find("m-1").isEmpty(), "not before the commit");
            assertTrue(store.list(OutboxState.PENDING, 10).isEmpty(), "not before the commit");
            assertTrue(store.claim(SMTP, lease("d-1", NOW), 10).isEmpty(), "no dispatcher sends it before the commit");
        } catch (RuntimeException | AssertionError e) {
            transactions().rollback(tx);
            throw e;
        }
        transactions().commit(tx);
        assertEquals(Optional.of(message), store.find("m-1"));
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, lease("d-1", NOW), 10)));
    }

    @Test
    void appendInATransaction_rolledBack_leavesNothing() {
        StoreTransaction tx = transactions().begin();
        assertTrue(store.append(pending("m-1", NOW), tx));
        transactions().rollback(tx);
        assertTrue(store.find("m-1").isEmpty());
        assertTrue(store.list(OutboxState.PENDING, 10).isEmpty());
        assertTrue(store.append(pending("m-1", NOW)), "the key is free again");
    }

    @Test
    void appendInATransaction_ofAnIdTakenBeforeOrWithin_isRefused_andTheFirstStays() {
        OutboxMessage first = pending("m-1", NOW);
        store.append(first);
        StoreTransaction tx = transactions().begin();
        try {
            assertFalse(store.append(pending("m-1", "sms", NOW.plusSeconds(5)), tx), "taken before");
            assertTrue(store.append(pending("m-2", NOW), tx));
            assertFalse(store.append(pending("m-2", "sms", NOW.plusSeconds(5)), tx), "taken within");
        } catch (RuntimeException | AssertionError e) {
            transactions().rollback(tx);
            throw e;
        }
        transactions().commit(tx);
        assertEquals(Optional.of(first), store.find("m-1"));
        assertEquals(Optional.of(pending("m-2", NOW)), store.find("m-2"));
    }

    @Test
    void appendInATransaction_whenAnotherTransactionTakesTheIdBeforeTheCommit_neitherCommitFails() throws Exception {
        OutboxMessage mine = pending("m-1", NOW);
        OutboxMessage theirs = pending("m-1", "sms", NOW.plusSeconds(5));
        assertOneStands(mine, theirs, () -> {
            StoreTransaction other = transactions().begin();
            boolean added;
            try {
                added = store.append(theirs, other);
            } catch (RuntimeException | AssertionError e) {
                transactions().rollback(other);
                throw e;
            }
            transactions().commit(other);
            return added;
        });
    }

    @Test
    void appendInATransaction_whenAPlainAppendTakesTheIdBeforeTheCommit_theCommitDoesNotFail() throws Exception {
        OutboxMessage mine = pending("m-1", NOW);
        OutboxMessage theirs = pending("m-1", "sms", NOW.plusSeconds(5));
        assertOneStands(mine, theirs, () -> store.append(theirs));
    }

    /**
     * Appends {@code mine} in a caller's transaction, lets another writer append {@code theirs}
     * (same id) on another thread (a database may make it wait for the caller's transaction),
     * commits the caller's transaction, and checks: no commit failed (a duplicate id never rolls
     * back a caller's business change), and one message stands, one whose append said it was added.
     */
    private void assertOneStands(OutboxMessage mine, OutboxMessage theirs, Callable<Boolean> otherWriter)
            throws Exception {
        StoreTransaction tx = transactions().begin();
        try {
            assertTrue(store.append(mine, tx), "the id was free");
        } catch (RuntimeException | AssertionError e) {
            transactions().rollback(tx);
            throw e;
        }
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> theirsAdded = thread.submit(otherWriter);
            assertDoesNotThrow(() -> transactions().commit(tx), "the caller's transaction commits all the same");
            boolean added = assertDoesNotThrow(() -> theirsAdded.get(60, TimeUnit.SECONDS),
                    "the other writer's append (and commit) did not fail either");
            OutboxMessage stands = stored(mine.id());
            assertTrue(stands.equals(mine) || stands.equals(theirs) && added,
                    "one of the two messages stands, and only one whose append returned true");
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void append_inATransactionThatHasEnded_isAConfigurationError_andWritesNothing() {
        StoreTransaction committed = transactions().begin();
        transactions().commit(committed);
        assertThrows(ConfigurationException.class, () -> store.append(pending("m-1", NOW), committed));
        StoreTransaction rolledBack = transactions().begin();
        transactions().rollback(rolledBack);
        assertThrows(ConfigurationException.class, () -> store.append(pending("m-2", NOW), rolledBack));
        assertTrue(store.find("m-1").isEmpty(), "never written outside a live transaction");
        assertTrue(store.find("m-2").isEmpty());
        assertTrue(store.append(pending("m-1", NOW)), "and the id was not taken");
    }

    @Test
    void append_withATransactionTheStoreCannotJoin_isAConfigurationError_andWritesNothing() {
        StoreTransaction foreign = StoreTransaction.of("a transaction of another kind");
        assertThrows(ConfigurationException.class, () -> store.append(pending("m-1", NOW), foreign));
        assertTrue(store.find("m-1").isEmpty(), "never written outside the caller's transaction");
        assertTrue(store.list(OutboxState.PENDING, 10).isEmpty());
    }

    // --- claims -------------------------------------------------------------------------------------

    @Test
    void claim_givesTheChannelsDueMessages_byNextAttemptThenId_underTheLease() {
        store.append(pending("b", NOW.minusSeconds(10)));
        store.append(pending("a", NOW.minusSeconds(10)));
        store.append(pending("c", NOW.minusSeconds(20)));
        store.append(pending("now", NOW));
        store.append(pending("later", NOW.plusSeconds(1)));
        store.append(pending("other-channel", "sms", NOW.minusSeconds(30)));
        store.append(suppressed("suppressed", NOW.minusSeconds(30)));
        Lease lease = lease("d-1", NOW);
        List<OutboxMessage> claimed = store.claim(SMTP, lease, 10);
        assertEquals(List.of("c", "a", "b", "now"), ids(claimed));
        for (OutboxMessage message : claimed) {
            assertEquals(Optional.of(lease), message.lease(), "returned with the lease");
            assertEquals(Optional.of(message), store.find(message.id()), "and stored with it");
            assertEquals(0, message.attempts(), "a claim is no attempt");
        }
        assertTrue(store.claim(SMTP, lease("d-2", NOW), 10).isEmpty(),
                "held: another dispatcher gets nothing; not yet due: nobody gets it");
        assertEquals(List.of("later"), ids(store.claim(SMTP, lease("d-2", NOW.plusSeconds(1)), 10)));
    }

    @Test
    void claim_takesAtMostTheLimit_andTheNextClaimTakesTheRest() {
        for (int i = 0; i < 7; i++) {
            store.append(pending(String.format("m-%02d", i), NOW.minusSeconds(100 - i)));
        }
        assertEquals(List.of("m-00", "m-01", "m-02"), ids(store.claim(SMTP, lease("d-1", NOW), 3)));
        assertEquals(List.of("m-03", "m-04", "m-05"), ids(store.claim(SMTP, lease("d-1", NOW), 3)));
        assertEquals(List.of("m-06"), ids(store.claim(SMTP, lease("d-2", NOW), 3)));
        assertTrue(store.claim(SMTP, lease("d-3", NOW), 3).isEmpty());
    }

    @Test
    void claim_afterTheLeaseExpired_givesTheMessageToAnother_andOnlyTheNewOwnerRecordsTheOutcome() {
        Lease first = appendAndClaim("m-1", "d-1").lease().orElseThrow();
        assertTrue(store.claim(SMTP, lease("d-2", first.until().minusSeconds(1)), 10).isEmpty(), "still held");
        Lease second = lease("d-2", first.until());
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, second, 10)), "the first dispatcher died: taken over");
        Instant at = second.from().plusSeconds(1);
        assertFalse(store.recordDelivered("m-1", "d-1", receipt(at), at), "the first owner lost it");
        assertFalse(store.release("m-1", "d-1"));
        assertEquals(Optional.of(second), stored("m-1").lease());
        assertTrue(store.recordDelivered("m-1", "d-2", receipt(at), at));
    }

    @Test
    void outcome_afterTheLeaseExpiredUntaken_stillCounts() {
        OutboxMessage claimed = appendAndClaim("m-1", "d-1");
        Instant late = claimed.lease().orElseThrow().until().plus(Duration.ofHours(1));
        assertTrue(store.recordRetry("m-1", "d-1", "timeout", late.plusSeconds(60)),
                "the attempt happened: its outcome is recorded");
        assertEquals(1, stored("m-1").attempts());
    }

    @Test
    void outcomes_ofAnEarlierClaim_afterTheMessageWasClaimedAgain_areRefused_evenFromTheSameDispatcher() {
        // One dispatcher, two claims (owners name claims): its first try outlived the lease.
        Lease first = appendAndClaim("m-1", "d-1.1").lease().orElseThrow();
        Lease second = lease("d-1.2", first.until());
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, second, 10)));
        Instant at = second.from().plusSeconds(1);
        assertFalse(store.recordRetry("m-1", "d-1.1", "timeout", at), "a stale outcome never clears a fresh claim");
        assertFalse(store.recordDead("m-1", "d-1.1", "timeout", at));
        assertFalse(store.recordDelivered("m-1", "d-1.1", receipt(at), at));
        assertFalse(store.release("m-1", "d-1.1"));
        assertEquals(Optional.of(second), stored("m-1").lease());
        assertEquals(0, stored("m-1").attempts());
        assertTrue(store.recordRetry("m-1", "d-1.2", "smtp-421", at.plusSeconds(30)));
    }

    @Test
    void times_keepTheirMilliseconds() {
        Instant created = NOW.plusMillis(123);
        OutboxMessage message = pending("m-1", created);
        assertTrue(store.append(message));
        assertEquals(Optional.of(message), store.find("m-1"), "read back to the millisecond");
        assertTrue(store.claim(SMTP, lease("d-1", created.minusMillis(1)), 10).isEmpty(), "a millisecond early");
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, lease("d-1", created), 10)));
        Instant retryAt = created.plusMillis(1_234);
        assertTrue(store.recordRetry("m-1", "d-1", "smtp-421", retryAt));
        assertEquals(retryAt, stored("m-1").nextAttemptAt());
        assertTrue(store.claim(SMTP, lease("d-2", retryAt.minusMillis(1)), 10).isEmpty(), "a millisecond early");
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, lease("d-2", retryAt), 10)));
        Instant at = retryAt.plusMillis(7);
        assertTrue(store.recordDelivered("m-1", "d-2", receipt(at), at));
        assertEquals(Optional.of(at), stored("m-1").finishedAt());
    }

    @Test
    void claim_racingDispatchers_neverHoldOneMessageTwice() throws Exception {
        int total = 240;
        for (int i = 0; i < total; i++) {
            store.append(pending(String.format("m-%03d", i), NOW.minusSeconds(i % 13)));
        }
        List<String> claimed = race(6, n -> () -> {
            List<String> mine = new ArrayList<>();
            Lease lease = lease("d-" + n, NOW);
            // Bounded: a store that hands out held messages would otherwise be claimed from forever.
            for (List<OutboxMessage> batch = store.claim(SMTP, lease, 7); !batch.isEmpty() && mine.size() <= total;
                    batch = store.claim(SMTP, lease, 7)) {
                mine.addAll(ids(batch));
            }
            return mine;
        }).stream().flatMap(List::stream).toList();
        assertEquals(total, claimed.size(), "every message once");
        assertEquals(total, new HashSet<>(claimed).size(), "no message twice");
    }

    @Test
    void racingOwners_recordOneOutcome() throws Exception {
        appendAndClaim("m-1", "d-1");
        long recorded = race(6, n -> () -> n % 2 == 0
                ? store.recordDelivered("m-1", "d-1", receipt(NOW.plusSeconds(n)), NOW.plusSeconds(n))
                : store.recordDead("m-1", "d-1", "smtp-550", NOW.plusSeconds(n)))
                .stream().filter(Boolean::booleanValue).count();
        assertEquals(1, recorded, "a message's outcome is recorded once");
        assertEquals(1, stored("m-1").attempts());
    }

    // --- outcomes -----------------------------------------------------------------------------------

    @Test
    void recordDelivered_isFinal_withTheReceipt_andNeverClaimedAgain() {
        OutboxMessage claimed = appendAndClaim("m-1", "d-1");
        Instant at = NOW.plusSeconds(2);
        assertTrue(store.recordDelivered("m-1", "d-1", receipt(at), at));
        OutboxMessage delivered = stored("m-1");
        assertEquals(claimed.delivered(receipt(at), at), delivered);
        assertEquals(OutboxState.DELIVERED, delivered.state());
        assertEquals(1, delivered.attempts());
        assertTrue(delivered.lease().isEmpty());
        assertEquals(Optional.of(at), delivered.finishedAt());
        assertTrue(store.claim(SMTP, lease("d-2", NOW.plus(Duration.ofDays(1))), 10).isEmpty(), "never twice");
        assertFalse(store.recordDelivered("m-1", "d-1", receipt(at), at), "recorded once");
        assertFalse(store.recordRetry("m-1", "d-1", "timeout", at));
        assertFalse(store.recordDead("m-1", "d-1", "timeout", at));
        assertFalse(store.release("m-1", "d-1"));
        assertFalse(store.requeue("m-1", at));
        assertEquals(Optional.of(delivered), store.find("m-1"), "nothing changed");
    }

    @Test
    void outcomes_ofAnotherOwner_orOfAnUnclaimedOrUnknownMessage_areRefused_andChangeNothing() {
        store.append(pending("unclaimed", NOW));
        appendAndClaim("m-1", "d-1");
        OutboxMessage before = stored("m-1");
        Instant at = NOW.plusSeconds(1);
        assertFalse(store.recordDelivered("m-1", "d-2", receipt(at), at));
        assertFalse(store.recordRetry("m-1", "d-2", "timeout", at));
        assertFalse(store.recordDead("m-1", "d-2", "timeout", at));
        assertFalse(store.release("m-1", "d-2"));
        assertEquals(Optional.of(before), store.find("m-1"));
        OutboxMessage unclaimed = stored("unclaimed");
        assertFalse(store.recordDelivered("unclaimed", "d-1", receipt(at), at));
        assertFalse(store.recordRetry("unclaimed", "d-1", "timeout", at));
        assertFalse(store.recordDead("unclaimed", "d-1", "timeout", at));
        assertFalse(store.release("unclaimed", "d-1"));
        assertEquals(Optional.of(unclaimed), store.find("unclaimed"));
        assertFalse(store.recordDelivered("unknown", "d-1", receipt(at), at));
        assertFalse(store.recordRetry("unknown", "d-1", "timeout", at));
        assertFalse(store.recordDead("unknown", "d-1", "timeout", at));
        assertFalse(store.release("unknown", "d-1"));
        assertFalse(store.requeue("unknown", at));
        assertTrue(store.find("unknown").isEmpty());
    }

    @Test
    void recordRetry_countsTheAttempt_clearsTheLease_andWaitsUntilTheRetryTime() {
        OutboxMessage claimed = appendAndClaim("m-1", "d-1");
        Instant retryAt = NOW.plus(Duration.ofMinutes(2));
        assertTrue(store.recordRetry("m-1", "d-1", "smtp-421", retryAt));
        OutboxMessage retrying = stored("m-1");
        assertEquals(claimed.retrying("smtp-421", retryAt), retrying);
        assertEquals(OutboxState.PENDING, retrying.state());
        assertEquals(1, retrying.attempts());
        assertEquals(retryAt, retrying.nextAttemptAt());
        assertEquals(Optional.of("smtp-421"), retrying.reason());
        assertTrue(retrying.lease().isEmpty());
        assertFalse(store.recordRetry("m-1", "d-1", "smtp-421", retryAt), "the lease went with the attempt");
        assertTrue(store.claim(SMTP, lease("d-2", retryAt.minusSeconds(1)), 10).isEmpty(), "not yet");
        List<OutboxMessage> again = store.claim(SMTP, lease("d-2", retryAt), 10);
        assertEquals(List.of("m-1"), ids(again));
        assertEquals(1, again.get(0).attempts());
    }

    @Test
    void recordDead_isFinal_untilRequeued_whichCountsAttemptsAfresh() {
        OutboxMessage claimed = appendAndClaim("m-1", "d-1");
        Instant at = NOW.plusSeconds(3);
        assertTrue(store.recordDead("m-1", "d-1", "smtp-550", at));
        OutboxMessage dead = stored("m-1");
        assertEquals(claimed.dead("smtp-550", at), dead);
        assertEquals(OutboxState.DEAD, dead.state());
        assertEquals(Optional.of("smtp-550"), dead.reason());
        assertEquals(Optional.of(at), dead.finishedAt());
        assertTrue(store.claim(SMTP, lease("d-2", NOW.plus(Duration.ofDays(1))), 10).isEmpty());
        assertFalse(store.recordDead("m-1", "d-1", "smtp-550", at));

        Instant requeuedAt = NOW.plus(Duration.ofHours(2));
        assertTrue(store.requeue("m-1", requeuedAt));
        OutboxMessage requeued = stored("m-1");
        assertEquals(dead.requeued(requeuedAt), requeued);
        assertEquals(OutboxState.PENDING, requeued.state());
        assertEquals(0, requeued.attempts());
        assertFalse(store.requeue("m-1", requeuedAt), "a pending message is not requeued");
        assertTrue(store.claim(SMTP, lease("d-2", requeuedAt.minusSeconds(1)), 10).isEmpty());
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, lease("d-2", requeuedAt), 10)));
    }

    @Test
    void release_returnsTheMessageWithoutCountingAnAttempt_forAnotherDispatcherAtOnce() {
        OutboxMessage claimed = appendAndClaim("m-1", "d-1");
        assertTrue(store.release("m-1", "d-1"));
        OutboxMessage released = stored("m-1");
        assertEquals(claimed.released(), released);
        assertTrue(released.lease().isEmpty());
        assertEquals(0, released.attempts());
        assertEquals(List.of("m-1"), ids(store.claim(SMTP, lease("d-2", NOW.plusSeconds(1)), 10)));
        assertFalse(store.recordDelivered("m-1", "d-1", receipt(NOW), NOW), "the releasing owner let go");
    }

    // --- reads --------------------------------------------------------------------------------------

    @Test
    void list_givesOneState_oldestFirstThenId_withinTheLimit() {
        store.append(pending("p-b", NOW.minusSeconds(5)));
        store.append(pending("p-a", NOW.minusSeconds(5)));
        store.append(pending("p-c", NOW.minusSeconds(50)));
        store.append(suppressed("s-1", NOW.minusSeconds(1)));
        store.append(suppressed("s-0", NOW.minusSeconds(2)));
        assertEquals(List.of("p-c", "p-a", "p-b"), ids(store.list(OutboxState.PENDING, 10)));
        assertEquals(List.of("p-c", "p-a"), ids(store.list(OutboxState.PENDING, 2)));
        assertEquals(List.of("s-0", "s-1"), ids(store.list(OutboxState.SUPPRESSED, 10)));
        assertTrue(store.list(OutboxState.DEAD, 10).isEmpty());
        Lease lease = lease("d-1", NOW);
        store.claim(SMTP, lease, 1);
        store.recordDead("p-c", "d-1", "smtp-550", NOW);
        assertEquals(List.of("p-c"), ids(store.list(OutboxState.DEAD, 10)));
        assertEquals(List.of("p-a", "p-b"), ids(store.list(OutboxState.PENDING, 10)));
    }

    @Test
    void listAfter_pagesThroughEveryMessageOfAState_inListOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // pairs created at the same instant: the id breaks the tie
            String id = String.format("p-%02d", i);
            store.append(pending(id, NOW.plusSeconds(i / 2)));
            expected.add(id);
        }
        store.append(suppressed("s-1", NOW));
        List<String> read = new ArrayList<>();
        List<OutboxMessage> page = store.list(OutboxState.PENDING, 3);
        while (!page.isEmpty()) {
            read.addAll(ids(page));
            assertTrue(read.size() <= expected.size(), "no message twice");
            page = store.listAfter(OutboxState.PENDING, page.get(page.size() - 1), 3);
        }
        assertEquals(expected, read);
        assertEquals(List.of("p-04", "p-05"), ids(store.listAfter(OutboxState.PENDING, stored("p-03"), 2)));
        assertEquals(List.of(), ids(store.listAfter(OutboxState.SUPPRESSED, stored("s-1"), 10)));
    }

    // --- bad input and failures ---------------------------------------------------------------------

    @Test
    void badArguments_areInvalidInput_andChangeNothing() {
        appendAndClaim("m-1", "d-1");
        OutboxMessage before = stored("m-1");
        Lease lease = lease("d-2", NOW.plus(Duration.ofHours(1)));
        Instant at = NOW.plusSeconds(1);
        StoreTransaction tx = transactions().begin();
        List<Executable> calls = List.of(
                () -> store.append(null),
                () -> store.append(null, tx),
                () -> store.append(pending("m-2", NOW), null),
                () -> store.find(null),
                () -> store.claim(null, lease, 1),
                () -> store.claim(SMTP, null, 1),
                () -> store.claim(SMTP, lease, 0),
                () -> store.claim(SMTP, lease, OutboxStore.MAX_BATCH + 1),
                () -> store.recordDelivered(null, "d-1", receipt(at), at),
                () -> store.recordDelivered("m-1", null, receipt(at), at),
                () -> store.recordDelivered("m-1", "d-1", null, at),
                () -> store.recordDelivered("m-1", "d-1", receipt(at), null),
                () -> store.recordRetry(null, "d-1", "timeout", at),
                () -> store.recordRetry("m-1", null, "timeout", at),
                () -> store.recordRetry("m-1", "d-1", null, at),
                () -> store.recordRetry("m-1", "d-1", "timeout", null),
                () -> store.recordDead(null, "d-1", "timeout", at),
                () -> store.recordDead("m-1", null, "timeout", at),
                () -> store.recordDead("m-1", "d-1", null, at),
                () -> store.recordDead("m-1", "d-1", "timeout", null),
                () -> store.release(null, "d-1"),
                () -> store.release("m-1", null),
                () -> store.requeue(null, at),
                () -> store.requeue("m-1", null),
                () -> store.list(null, 1),
                () -> store.list(OutboxState.PENDING, 0),
                () -> store.list(OutboxState.PENDING, OutboxStore.MAX_BATCH + 1),
                () -> store.listAfter(null, before, 1),
                () -> store.listAfter(OutboxState.PENDING, null, 1),
                () -> store.listAfter(OutboxState.PENDING, before, 0),
                () -> store.listAfter(OutboxState.PENDING, before, OutboxStore.MAX_BATCH + 1));
        try {
            for (int i = 0; i < calls.size(); i++) {
                assertThrows(InvalidInputException.class, calls.get(i), "call #" + i);
            }
        } finally {
            transactions().rollback(tx);
        }
        assertEquals(Optional.of(before), store.find("m-1"), "nothing changed");
        assertTrue(store.find("m-2").isEmpty());
        assertEquals(List.of("m-1"), ids(store.list(OutboxState.PENDING, 10)));
    }

    @Test
    void aBrokenStore_throwsStoreException_fromEveryCall_namingNoSubjectOrContent() {
        OutboxStore broken = brokenStore();
        Assumptions.assumeTrue(broken != null, "no broken store given (brokenStore())");
        OutboxMessage message = pending("m-1", NOW);
        Lease lease = lease("d-1", NOW);
        StoreTransaction tx = transactions().begin();
        List<Executable> calls = List.of(
                () -> broken.append(message),
                () -> broken.append(message, tx),
                () -> broken.find("m-1"),
                () -> broken.claim(SMTP, lease, 10),
                () -> broken.recordDelivered("m-1", "d-1", receipt(NOW), NOW),
                () -> broken.recordRetry("m-1", "d-1", "timeout", NOW),
                () -> broken.recordDead("m-1", "d-1", "timeout", NOW),
                () -> broken.release("m-1", "d-1"),
                () -> broken.requeue("m-1", NOW),
                () -> broken.list(OutboxState.PENDING, 10),
                () -> broken.listAfter(OutboxState.PENDING, message, 10));
        try {
            for (Executable call : calls) {
                StoreException e = assertThrows(StoreException.class, call);
                String text = String.valueOf(e.getMessage()) + " " + e;
                assertFalse(text.contains("ana.popescu"), "no subject id in the message");
                assertFalse(text.contains(SEALED), "no content in the message");
            }
        } finally {
            transactions().rollback(tx);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

}
