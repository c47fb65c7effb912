package ro.clickphone.privacy.jpa.internal.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.JpaOutboxStore;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;

/**
 * The reviewer's attacks on the retention and outbox stores (findings of the queues review), kept as
 * regression tests, and the tests of their fixes.
 */
abstract class ReviewAttackTest {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    private static final LocalDate TODAY = LocalDate.of(2030, 1, 15);
    private static final Instant NOW = Instant.parse("2030-01-15T08:00:00Z");

    private final TestDatabase db;

    ReviewAttackTest(TestDatabase db) {
        this.db = db;
    }

    private static RetentionTag tag(String id, LocalDate lastDayKept, long revision) {
        return new RetentionTag(RecordRef.of("cdr", id), Optional.of(ANA), "s-x", TRAFFIC, "RULE_TRAFFIC",
                Optional.of(KeyScope.of("traffic")), Set.of(), Optional.of(lastDayKept), Optional.empty(),
                NOW.minus(Duration.ofDays(400)), Optional.empty(), Optional.empty(), revision);
    }

    private RetentionStore store() {
        return new JpaRetentionStore(JpaContext.of(db.emf(), () -> null));
    }

    /** A: inside the caller's transaction, a read after a replace returns the stale managed entity. */
    @Test
    void a_readAfterReplace_inTheCallersTransaction_seesTheReplace() {
        EntityManager caller = db.emf().createEntityManager();
        RetentionStore store = new JpaRetentionStore(JpaContext.of(db.emf(), () -> caller));
        try {
            caller.getTransaction().begin();
            assertTrue(store.insert(tag("r1", TODAY.minusDays(1), 0)));
            assertEquals(0, store.find(RecordRef.of("cdr", "r1")).orElseThrow().revision());
            assertTrue(store.replace(tag("r1", TODAY.plusDays(30), 1)));
            RetentionTag again = store.find(RecordRef.of("cdr", "r1")).orElseThrow();
            assertEquals(1, again.revision(), "A: stale read in caller tx after replace");
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /** B1: one row whose due_day was edited earlier than its last day kept hides a due record from a claim. */
    @Test
    void b1_oneEditedDueDay_doesNotSilentlyEmptyTheClaim() {
        RetentionStore store = store();
        store.insert(tag("r0", TODAY.plusDays(100), 0));
        store.insert(tag("r1", TODAY.minusDays(1), 0));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET due_day = 0 WHERE record_id = 'r0'");
            }
        });
        List<RetentionTag> claimed = store.claimDue(TODAY, new Lease("sw", NOW, NOW.plusSeconds(300)), 1);
        assertEquals(1, claimed.size(), "B1: claimDue returned empty although r1 is due (sweep stops, silently)");
    }

    /** B2: a due_day edited into the future hides a due record for ever, and find() reads it as valid. */
    @Test
    void b2_anEditedDueDay_surfacesSomewhere() {
        RetentionStore store = store();
        store.insert(tag("r1", TODAY.minusDays(1), 0));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET due_day = 999999 WHERE record_id = 'r1'");
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> store.find(RecordRef.of("cdr", "r1")),
                "B2: an edited due day is no longer read as a valid tag");
        assertFalse(e.isRetryable());
        assertInstanceOf(InvalidInputException.class, e.getCause());
        assertFalse(e.getMessage().contains("r1") || e.getMessage().contains("acct-1042"), "no ids in the message");
        assertTrue(e.getMessage().contains(JpaRetentionStore.rowReference("cdr", "r1")), "names the row by its hash");
        JpaRetentionStore jpaStore = (JpaRetentionStore) store;
        assertEquals(List.of(), store.findBySubject(ANA), "passed over by the subject's list");
        assertEquals(1, jpaStore.rejectedRows(), "and reported");
    }

    /** C: event ids differing by a trailing space are distinct in Java; MariaDB PAD SPACE merges them. */
    @Test
    void c_eventIdsWithATrailingSpace_areDistinct() {
        RetentionStore store = store();
        assertTrue(store.putEvent(ANA, "contract-end", TODAY));
        assertTrue(store.putEvent(ANA, "contract-end ", TODAY), "C: a different event id");
        assertEquals(List.of(TODAY), store.findEvents(ANA, "contract-end "));
    }

    /**
     * E: a hold committed while a mark is in flight (after its hold read) must stop the mark or wait for it:
     * never both a covering hold committed before the mark and the mark.
     */
    @Test
    void e_aHoldCommittedBeforeTheMarkCommits_stopsIt() throws Exception {
        RetentionStore store = store();
        RetentionTag t = tag("r1", TODAY.minusDays(1), 0);
        store.insert(t);
        Lease lease = new Lease("sw", NOW, NOW.plusSeconds(300));
        RetentionTag claimed = store.claimDue(TODAY, lease, 1).get(0);
        RetentionTag proof = claimed.proof(RecordRef.of("cdr", "v-1"), NOW.plusSeconds(1), DisposalAction.DELETE);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try (Connection blocker = db.connection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement s = blocker.prepareStatement("INSERT INTO cpp_retention_event (subject_id,"
                    + " event_id, event_day) VALUES ('x', 'y', 1)")) {
                s.executeUpdate();
            }
            // hold the proof's key uncommitted, so the mark waits after its hold check
            try (Statement s = blocker.createStatement()) {
                s.executeUpdate("INSERT INTO cpp_retention_tag (source, record_id, subject_ref, category, rule_id,"
                        + " also_tagged_as, tagged_at, revision, anchored_on, extended_by_hold) VALUES ('cdr', 'v-1',"
                        + " 's', 'TRAFFIC', 'R', '', 0, 0, 0, 1)");
            }
            Future<Boolean> mark = pool.submit(() -> store.markDisposed(claimed, lease, proof));
            Thread.sleep(2000); // lets the mark pass its hold check (not needed for the test to be right)
            Future<?> hold = holder.submit(() -> store.putHold(new LegalHold("h-1", HoldScope.subject(ANA),
                    "litigation", "case-1", NOW, Optional.empty())));
            boolean holdCommittedFirst;
            try {
                hold.get(3, TimeUnit.SECONDS);
                holdCommittedFirst = true;
            } catch (java.util.concurrent.TimeoutException waiting) {
                holdCommittedFirst = false; // the hold waits for the mark (the fix)
            }
            blocker.rollback();
            boolean marked = mark.get(60, TimeUnit.SECONDS);
            hold.get(60, TimeUnit.SECONDS);
            assertFalse(holdCommittedFirst && marked,
                    "E: marked although a covering hold was committed before the mark committed");
        } finally {
            pool.shutdownNow();
            holder.shutdownNow();
        }
    }

    /** H: a duplicate append in a caller's transaction must not block the message's dispatcher. */
    @Test
    void h_aDuplicateAppendInACallersTransaction_doesNotBlockTheDispatcher() {
        JpaOutboxStore outbox = new JpaOutboxStore(JpaContext.of(db.emf(), () -> null));
        OutboxMessage m = OutboxMessage.pending("m-1", NotificationType.of("MISSED_CALL"), ANA, "smtp", Medium.EMAIL,
                NOW, "v1.sealed", List.of());
        assertTrue(outbox.append(m));
        assertEquals(1, outbox.claim("smtp", new Lease("d-1", NOW, NOW.plusSeconds(300)), 10).size());
        EntityManager caller = db.emf().createEntityManager();
        try {
            caller.getTransaction().begin();
            assertFalse(outbox.append(m, StoreTransaction.of(caller)));
            boolean delivered = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> outbox.recordDelivered("m-1",
                    "d-1", new DeliveryReceipt("smtp", "r-1", NOW.plusSeconds(1)), NOW.plusSeconds(1)),
                    "H: the dispatcher's outcome waits for the caller's transaction");
            assertTrue(delivered);
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }


    /** K: the kit tags one record three times in one caller transaction (JpaStores-style joined store). */
    @Test
    void k_theKitTagsARecordThreeTimes_inOneCallersTransaction() {
        EntityManager caller = db.emf().createEntityManager();
        RetentionStore joined = new JpaRetentionStore(JpaContext.of(db.emf(), () -> caller));
        ro.clickphone.privacy.spi.memory.Stores memory = ro.clickphone.privacy.spi.memory.InMemoryStores.create();
        ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource billing =
                new ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource("billing",
                        Set.of(DataCategory.of("FINANCIAL"), DataCategory.of("IDENTITY")));
        ro.clickphone.privacy.spi.memory.Stores stores = ro.clickphone.privacy.spi.memory.Stores.builder()
                .auditLog(memory.auditLog()).consent(memory.consent())
                .subjectKeys(memory.subjectKeys()).tokenVault(memory.tokenVault()).accounts(memory.accounts())
                .designations(memory.designations()).transferNotices(memory.transferNotices()).retention(joined)
                .outbox(memory.outbox()).contacts(memory.contacts()).incidents(memory.incidents())
                .rights(memory.rights()).build();
        ro.clickphone.privacy.core.PrivacyKit kit = ro.clickphone.privacy.core.PrivacyKit.builder()
                .policy(ro.clickphone.privacy.core.policy.Policy.clickPhoneDefault()).stores(stores)
                .audit(ro.clickphone.privacy.core.audit.AuditSettings.of(
                        ro.clickphone.privacy.crypto.sign.HmacSha256Signer.create(
                                ro.clickphone.privacy.spi.SecretBytes.copyOf(new byte[32]), "audit"),
                        ro.clickphone.privacy.spi.SecretBytes.copyOf(new byte[32])))
                .clock(ro.clickphone.privacy.spi.testkit.MutableClock.of(Instant.parse("2026-03-01T10:00:00Z")))
                .source(billing).build();
        RecordRef invoice = billing.add("f-1");
        try {
            caller.getTransaction().begin();
            kit.retention().tag(ANA, invoice, DataCategory.of("FINANCIAL"), Instant.parse("2014-05-01T08:00:00Z"));
            kit.retention().tag(ANA, invoice, DataCategory.of("IDENTITY"), Instant.parse("2014-05-01T08:00:00Z"));
            kit.retention().tag(ANA, invoice, DataCategory.of("FINANCIAL"), Instant.parse("2025-05-01T08:00:00Z"));
            caller.getTransaction().commit();
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
        assertEquals(2, store().find(invoice).orElseThrow().revision(), "K");
    }

    /** 4: one edited row among due rows: the claim (and the due list) deliver the rest, and report it. */
    @Test
    void oneEditedRowAmongDueRows_isPassedOverAndReported_theRestAreClaimed() {
        JpaRetentionStore store = (JpaRetentionStore) store();
        for (String id : List.of("r1", "r2", "r3")) {
            store.insert(tag(id, TODAY.minusDays(1), 0));
        }
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET subject_id = NULL WHERE record_id = 'r1'");
            }
        });
        assertEquals(List.of("r2", "r3"), store.findDue(TODAY, Optional.empty(), 2).stream()
                .map(t -> t.record().id()).toList(), "the list keeps scanning past the edited row");
        List<RetentionTag> claimed = store.claimDue(TODAY, new Lease("sw", NOW, NOW.plusSeconds(300)), 10);
        assertEquals(List.of("r2", "r3"), claimed.stream().map(t -> t.record().id()).toList());
        assertEquals(2, store.rejectedRows(), "the edited row is counted each time it is passed over");
    }

    /** 4: the outbox claim delivers the other messages past an edited one. */
    @Test
    void oneEditedOutboxRow_isPassedOver_theRestAreClaimed() {
        JpaOutboxStore outbox = new JpaOutboxStore(JpaContext.of(db.emf(), () -> null));
        for (String id : List.of("m-1", "m-2", "m-3")) {
            assertTrue(outbox.append(OutboxMessage.pending(id, NotificationType.of("MISSED_CALL"), ANA, "smtp",
                    Medium.EMAIL, NOW, "v1.sealed", List.of())));
        }
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_outbox SET attachments = '1;9:x' WHERE id = 'm-1'");
            }
        });
        assertEquals(List.of("m-2", "m-3"), outbox.claim("smtp", new Lease("d-1", NOW, NOW.plusSeconds(300)), 2)
                .stream().map(OutboxMessage::id).toList());
        assertEquals(1, outbox.rejectedRows());
    }

    /** 12: an epoch day beyond LocalDate's range surfaces as a validation error, and lists pass it over. */
    @Test
    void anOutOfRangeDay_isAValidationError_notADateTimeException() {
        JpaRetentionStore store = (JpaRetentionStore) store();
        store.insert(tag("r1", TODAY.minusDays(1), 0));
        store.insert(tag("r2", TODAY.minusDays(1), 0));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET last_day_kept = -9000000000000 WHERE record_id = 'r1'");
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> store.find(RecordRef.of("cdr", "r1")));
        assertInstanceOf(InvalidInputException.class, e.getCause());
        assertEquals(List.of("r2"), store.findBySubject(ANA).stream().map(t -> t.record().id()).toList());
    }

    /** 10: a hold id already taken leaves the holds revision as it was. */
    @Test
    void aTakenHoldId_doesNotBumpTheRevision() {
        RetentionStore store = store();
        LegalHold hold = new LegalHold("h-1", HoldScope.subject(ANA), "litigation", "case-1", NOW, Optional.empty());
        store.putHold(hold);
        long revision = store.holdsRevision();
        assertThrows(InvalidInputException.class, () -> store.putHold(hold));
        assertEquals(revision, store.holdsRevision());
    }

    /** 1: reads in the caller's transaction leave nothing managed in its entity manager. */
    @Test
    void readsInTheCallersTransaction_leaveNothingManaged() {
        RetentionStore plain = store();
        for (int i = 0; i < 50; i++) {
            plain.insert(tag("r" + i, TODAY.minusDays(1), 0));
        }
        plain.putHold(new LegalHold("h-1", HoldScope.record(RecordRef.of("cdr", "zz")), "litigation", "case-1", NOW,
                Optional.empty()));
        EntityManager caller = db.emf().createEntityManager();
        RetentionStore store = new JpaRetentionStore(JpaContext.of(db.emf(), () -> caller));
        try {
            caller.getTransaction().begin();
            assertEquals(50, store.findDue(TODAY, Optional.empty(), 100).size());
            assertEquals(50, store.findBySubject(ANA).size());
            store.find(RecordRef.of("cdr", "r1")).orElseThrow();
            assertEquals(1, store.activeHolds().size());
            store.findHold("h-1").orElseThrow();
            store.putHold(new LegalHold("h-2", HoldScope.subject(ANA), "litigation", "case-2", NOW, Optional.empty()));
            assertTrue(store.releaseHold("h-2", NOW.plusSeconds(1)));
            int managed = caller.unwrap(org.hibernate.engine.spi.SessionImplementor.class).getPersistenceContext()
                    .getNumberOfManagedEntities();
            assertEquals(0, managed, "nothing stays managed in the caller's entity manager");
            caller.getTransaction().commit();
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends ReviewAttackTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends ReviewAttackTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends ReviewAttackTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
