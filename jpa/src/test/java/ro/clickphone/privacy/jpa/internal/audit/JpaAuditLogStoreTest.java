package ro.clickphone.privacy.jpa.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditEvent;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.audit.AuditVerification;
import ro.clickphone.privacy.core.audit.ChainBreak;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.internal.Counters;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.ActorKind;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditLogStoreContract;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
import ro.clickphone.privacy.spi.memory.InMemoryAuditLogStore;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.testkit.MutableClock;
import ro.clickphone.privacy.spi.testkit.Race;

/**
 * The JPA audit log on each database: the SPI's contract unchanged, and what the contract cannot see —
 * appenders on two entity manager factories (two application instances), the caller's transaction, the
 * exact timestamp column, and a database writer who edits rows behind the store: the kit's
 * {@code AuditTrail.verify()} over this store reports each edit at the edited entry.
 */
abstract class JpaAuditLogStoreTest extends AuditLogStoreContract {

    private static final String ANA = "ana.popescu@example.ro";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

    private final TestDatabase db;

    JpaAuditLogStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected AuditLogStore newStore() {
        return store(db.emf());
    }

    private static JpaAuditLogStore store(EntityManagerFactory emf) {
        return new JpaAuditLogStore(JpaContext.of(emf, () -> null));
    }

    /** A valid record written by one writer: its own actor, category and detail, so its rows are its own. */
    private static AuditRecord by(int writer, long sequence) {
        return new AuditRecord(sequence, T0.plusNanos(sequence), ActorKind.STAFF, "emp-" + writer, "access.check",
                Optional.of("BILLING"), List.of("WRITER_" + writer), Optional.of("s-" + "0".repeat(31) + writer),
                AuditOutcome.SUCCESS, new TreeMap<>(Map.of("writer", "w" + writer)), AuditRecord.GENESIS_HASH,
                String.format("%064x", sequence * 10 + writer));
    }

    private long count(String table) {
        long[] n = new long[1];
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                n[0] = rs.getLong(1);
            }
        });
        return n[0];
    }

    private long counter() {
        return db.<Long>inTransaction(em -> Counters.last(em, JpaAuditLogStore.COUNTER));
    }

    @Test
    void appendersOnTwoFactories_eachSequenceHasOneWinner_andALosersRowsAreNeverWritten() throws Exception {
        List<JpaAuditLogStore> stores = List.of(store(db.emf()), store(db.newEmf(Map.of())));
        int writers = 4;
        int perWriter = 25;
        Map<Long, AuditRecord> won = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        Race.race(writers, w -> () -> {
            JpaAuditLogStore store = stores.get(w % 2);
            int done = 0;
            while (done < perWriter) {
                long next = store.last().map(r -> r.sequence() + 1).orElse(1L);
                AuditRecord mine = by(w, next);
                try {
                    store.append(mine);
                    assertNull(won.putIfAbsent(next, mine), "two appends were acknowledged for sequence " + next);
                    done++;
                } catch (SequenceConflictException e) {
                    conflicts.incrementAndGet();
                }
            }
            return null;
        });
        int total = writers * perWriter;
        List<AuditRecord> stored = store(db.emf()).read(1, total + 10);
        assertEquals(total, stored.size());
        for (AuditRecord r : stored) {
            assertEquals(won.get(r.sequence()), r, "the winner's record, without a loser's category or detail");
        }
        assertEquals(total, count("cpp_audit_record"));
        assertEquals(total, count("cpp_audit_category"), "no loser left a category row");
        assertEquals(total, count("cpp_audit_detail"), "no loser left a detail row");
        assertEquals(total, counter());
    }

    @Test
    void aStaleAppenderOnAnotherFactory_getsAConflict_andWritesNothing() {
        JpaAuditLogStore first = store(db.emf());
        JpaAuditLogStore second = store(db.newEmf(Map.of()));
        assertTrue(second.last().isEmpty());
        first.append(by(1, 1));
        assertThrows(SequenceConflictException.class, () -> second.append(by(2, 1)));
        assertThrows(SequenceConflictException.class, () -> second.append(by(2, 3)));
        assertEquals(List.of(by(1, 1)), second.read(1, 10));
        assertEquals(1, count("cpp_audit_category"));
        assertEquals(1, count("cpp_audit_detail"));
        assertEquals(1, counter());
        second.append(by(2, 2));
        assertEquals(List.of(by(1, 1), by(2, 2)), first.read(1, 10));
    }

    @Test
    void anUncommittedAppend_holdsTheNextSequence_andItsRollbackLeavesNoGap() throws Exception {
        EntityManager caller = db.emf().createEntityManager();
        JpaAuditLogStore inCaller = new JpaAuditLogStore(JpaContext.of(db.emf(), () -> caller));
        JpaAuditLogStore other = store(db.newEmf(Map.of()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            caller.getTransaction().begin();
            inCaller.append(by(1, 1));
            assertCounterRowLocked();
            Future<?> racer = pool.submit(() -> other.append(by(2, 2)));
            caller.getTransaction().rollback();
            Exception e = assertThrows(Exception.class, () -> racer.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SequenceConflictException, "2 never follows a rolled-back 1: " + e);
        } finally {
            pool.shutdownNow();
            caller.close();
        }
        assertEquals(0, count("cpp_audit_record"));
        assertEquals(0, counter());
        other.append(by(2, 1));
        assertEquals(1, counter());
    }

    /**
     * Proves from the database that the audit counter row is locked by an open transaction: a third
     * connection that asks for the row's lock without waiting is refused (the append of the next record
     * takes the same lock, so it waits for the holder to commit or roll back).
     */
    private void assertCounterRowLocked() {
        String select = "SELECT last_value FROM cpp_counter WHERE name = 'audit' FOR UPDATE";
        db.jdbc(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (db.kind() == DatabaseKind.H2) {
                    s.execute("SET LOCK_TIMEOUT 1");
                }
                java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                        () -> s.executeQuery(db.kind() == DatabaseKind.H2 ? select : select + " NOWAIT").close(),
                        "the counter row is locked by the open append");
                assertTrue(refused.getSQLState() != null, String.valueOf(refused));
            } finally {
                c.rollback();
            }
        });
    }

    @Test
    void aReusedCallerEntityManager_appendsWithTheRightSequence_afterAnotherFactoryAppended() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            List<AuditLogStore> stores = List.of(new JpaAuditLogStore(JpaContext.of(db.emf(), () -> caller)),
                    ro.clickphone.privacy.jpa.JpaStores.create(db.emf(), () -> caller).auditLog());
            JpaAuditLogStore other = store(db.newEmf(Map.of()));
            long n = 0;
            for (AuditLogStore inCaller : stores) {
                caller.getTransaction().begin();
                inCaller.append(by(1, n + 1));
                caller.getTransaction().commit();
                other.append(by(2, n + 2));
                caller.getTransaction().begin();
                assertThrows(SequenceConflictException.class, () -> inCaller.append(by(1, 2)),
                        "a stale counter in the reused entity manager would accept this");
                inCaller.append(by(1, n + 3));
                assertEquals(n + 3, inCaller.last().orElseThrow().sequence());
                caller.getTransaction().commit();
                n += 3;
            }
        } finally {
            caller.close();
        }
        assertEquals(6, store(db.emf()).read(1, 10).size());
        assertEquals(6, counter());
    }

    @Test
    void aConflictInTheCallersTransaction_leavesTheCounterAlone_whenTheCallerCommits() {
        EntityManager caller = db.emf().createEntityManager();
        JpaAuditLogStore inCaller = new JpaAuditLogStore(JpaContext.of(db.emf(), () -> caller));
        caller.getTransaction().begin();
        assertThrows(SequenceConflictException.class, () -> inCaller.append(by(1, 2)));
        caller.getTransaction().commit();
        caller.close();
        assertEquals(0, counter());
        store(db.emf()).append(by(1, 1));
        assertEquals(1, counter());
    }

    @Test
    void theTimestamp_isStoredToTheNanosecond_asABigint() {
        AuditRecord r = by(1, 1);
        store(db.emf()).append(r);
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT recorded_at FROM cpp_audit_record WHERE seq = 1")) {
                assertTrue(rs.next());
                assertEquals(r.timestamp().getEpochSecond() * 1_000_000_000L + r.timestamp().getNano(), rs.getLong(1));
            }
        });
        assertEquals(r.timestamp(), store(db.newEmf(Map.of())).read(1, 1).get(0).timestamp());
    }

    @Test
    void aDeletedTail_blocksAppendsInsteadOfChainingOverIt() {
        JpaAuditLogStore store = store(db.emf());
        for (long s = 1; s <= 3; s++) {
            store.append(by(1, s));
        }
        edit("DELETE FROM cpp_audit_detail WHERE seq = ?;DELETE FROM cpp_audit_category WHERE seq = ?;"
                + "DELETE FROM cpp_audit_record WHERE seq = ?", 3);
        assertEquals(2, store.last().orElseThrow().sequence());
        for (long s : new long[] {3, 4}) {
            StoreException e = assertThrows(StoreException.class, () -> store.append(by(1, s)),
                    "neither a retry of 3 nor chaining 4 over the gap");
            assertFalse(e instanceof SequenceConflictException, "not retryable as a conflict");
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("entries deleted"), e.getMessage());
        }
        assertEquals(2, count("cpp_audit_record"));
        InvalidInputException unreadable = assertThrows(InvalidInputException.class, () -> store.read(1, 10),
                "the read that reaches the end of the stored trail sees it stop before the counter");
        assertTrue(unreadable.getMessage().contains("entries deleted"), unreadable.getMessage());
        assertEquals(2, store.read(1, 2).size(), "a page that does not reach the end reads as stored");
    }

    @Test
    void aRowInsertedWithoutTheCounter_isAStoreExceptionSayingSo_notAKeyViolation() {
        JpaAuditLogStore store = store(db.emf());
        store.append(by(1, 1));
        store.append(by(1, 2));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("INSERT INTO cpp_audit_record (seq, recorded_at, actor_kind,"
                        + " actor_ref, action, outcome, previous_hash, hash) SELECT 3, recorded_at, actor_kind,"
                        + " actor_ref, action, outcome, previous_hash, hash FROM cpp_audit_record WHERE seq = 2"));
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> store.append(by(1, 3)));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("inserted without the counter"), e.getMessage());
        assertEquals(2, counter());
    }

    @Test
    void aDeletedTail_isReportedByAFreshKitsVerifier_andNoKitAppendsOverIt() {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, 1000);
        writeFive(kit, clock);
        edit("DELETE FROM cpp_audit_detail WHERE seq = ?;DELETE FROM cpp_audit_category WHERE seq = ?;"
                + "DELETE FROM cpp_audit_record WHERE seq = ?", 5);
        PrivacyKit fresh = kit(db.newEmf(Map.of()), clock, 1000);
        ChainBreak found = fresh.audit().verify().firstBreak()
                .orElseThrow(() -> new AssertionError("a fresh instance called the truncated trail intact"));
        assertEquals(5, found.sequence(), found::toString);
        assertThrows(ro.clickphone.privacy.spi.IntegrityException.class, () -> fresh.audit().record(event()),
                "a fresh instance refuses at once, not after 32 conflicts");
        StoreException e = assertThrows(StoreException.class, () -> kit.audit().record(event()),
                "the writing instance, whose head is 5, does not chain 6 over the gap");
        assertTrue(e.getMessage().contains("entries deleted"), e.getMessage());
        assertEquals(4, count("cpp_audit_record"));
    }

    @Test
    void theLongestValues_andManyCategoriesAndDetails_roundTrip() {
        TreeMap<String, String> details = new TreeMap<>();
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            details.put("k" + i + "x".repeat(60), "v" + i + "=".repeat(250));
            categories.add(String.format("C%02d", i) + "Z".repeat(61));
        }
        AuditRecord wide = new AuditRecord(1, Instant.ofEpochSecond(-5, 1), ActorKind.PROCESSOR, "p" + "r".repeat(127),
                "a" + ".b".repeat(31) + "c", Optional.of("P".repeat(64)), categories,
                Optional.of("s-" + "f".repeat(32)), AuditOutcome.FAILED, details, "e".repeat(64), "d".repeat(64));
        JpaAuditLogStore store = store(db.emf());
        store.append(wide);
        assertEquals(List.of(wide), store(db.newEmf(Map.of())).read(1, 1));
        assertEquals(wide, store.last().orElseThrow());
    }

    // --- a database writer edits rows; the kit's verifier over this store finds each edit --------------

    private static final HmacSha256Signer SIGNER = HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit-test");

    private PrivacyKit kit(EntityManagerFactory emf, Clock clock) {
        return kit(emf, clock, 1000);
    }

    private PrivacyKit kit(EntityManagerFactory emf, Clock clock, int checkpointInterval) {
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock).stores(InMemoryStores.create())
                .auditLogStore(store(emf))
                .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32]))
                        .withCheckpointInterval(checkpointInterval))
                .build();
    }

    private static AuditEvent event() {
        return AuditEvent.of(Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815", Set.of("SUPPORT")), "access.check",
                AuditOutcome.SUCCESS).withSubject(SubjectId.of(ANA)).withPurpose(Purpose.of("BILLING"))
                .withCategories(Set.of(DataCategory.of("FINANCIAL"))).withDetail("reason", "OWN_DATA");
    }

    /** Five entries, each in a category and with a detail value of its own, 1 ms apart. */
    private static List<AuditRecord> writeFive(PrivacyKit kit, MutableClock clock) {
        List<AuditRecord> written = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            clock.advance(java.time.Duration.ofNanos(1_000_001));
            written.add(kit.audit().record(AuditEvent.of(Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815",
                    Set.of("SUPPORT")), "access.check", AuditOutcome.SUCCESS).withSubject(SubjectId.of(ANA))
                    .withPurpose(Purpose.of("BILLING")).withCategories(Set.of(DataCategory.of("CATEGORY_" + i)))
                    .withDetail("reason", "R" + i)));
        }
        assertTrue(kit.audit().verify().intact(), () -> "before the edit: " + kit.audit().verify());
        return written;
    }

    /** The first break both the writing kit and a fresh kit on another factory report. */
    private void assertBothReport(PrivacyKit kit, Clock clock, int interval, ChainBreak.Kind kind, long sequence) {
        for (PrivacyKit verifier : List.of(kit, kit(db.newEmf(Map.of()), clock, interval))) {
            AuditVerification v = verifier.audit().verify();
            ChainBreak found = v.firstBreak().orElseThrow(() -> new AssertionError("the edit went unnoticed"));
            assertEquals(kind, found.kind(), found::toString);
            assertEquals(sequence, found.sequence(), found::toString);
        }
    }

    @ParameterizedTest(name = "interval {0}, {1} at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "1 | FORGED_CHECKPOINT  | 3 | UPDATE cpp_audit_checkpoint SET created_at = created_at + 1 WHERE seq = ?",
        "2 | FORGED_CHECKPOINT  | 4 | UPDATE cpp_audit_checkpoint SET created_at = created_at + 1 WHERE seq = ?",
        "1 | MISSING_CHECKPOINT | 3 | DELETE FROM cpp_audit_checkpoint WHERE seq = ?",
        "2 | MISSING_CHECKPOINT | 2 | DELETE FROM cpp_audit_checkpoint WHERE seq = ?",
        "1 | FORGED_CHECKPOINT  | 3 | UPDATE cpp_audit_checkpoint SET format_version = 3 WHERE seq = ?",
        "2 | FORGED_CHECKPOINT  | 4 | UPDATE cpp_audit_checkpoint SET format_version = 3 WHERE seq = ?",
        "1 | FORGED_CHECKPOINT  | 5 | UPDATE cpp_audit_checkpoint SET format_version = 3 WHERE seq = ?",
        "1 | FORGED_CHECKPOINT  | 3 | UPDATE cpp_audit_checkpoint SET algorithm = 'ROT13' WHERE seq = ?",
    })
    void aCheckpointRowEditedOverJdbc_isReportedByTheKitsVerifier(int interval, ChainBreak.Kind kind, long at,
            String sql) {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, interval);
        writeFive(kit, clock);
        edit(sql, at);
        assertBothReport(kit, clock, interval, kind, at);
    }

    @Test
    void anUnreadableLatestCheckpoint_isReported_andAFreshKitRefusesToRecord() {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, 1);
        writeFive(kit, clock);
        edit("UPDATE cpp_audit_checkpoint SET format_version = 3 WHERE seq = ?", 5);
        assertBothReport(kit, clock, 1, ChainBreak.Kind.FORGED_CHECKPOINT, 5);
        PrivacyKit fresh = kit(db.newEmf(Map.of()), clock, 1);
        assertThrows(ro.clickphone.privacy.spi.IntegrityException.class, () -> fresh.audit().record(event()));
        assertEquals(5, count("cpp_audit_record"));
    }

    @Test
    void tailRecordsInsertedWithValidUnkeyedHashes_areCaughtOnlyByTheMissingCheckpoints() {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, 1);
        writeFive(kit, clock);
        // The attacker copies the trail into a store of their own and lets a kit with their own key extend it:
        // the entry hashes are plain SHA-256 chains, so the new entries are well-formed and linked.
        InMemoryAuditLogStore copy = new InMemoryAuditLogStore();
        store(db.emf()).read(1, 100).forEach(copy::append);
        PrivacyKit attacker = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock)
                .stores(InMemoryStores.create()).auditLogStore(copy)
                .audit(AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                    28, 29, 30, 31, 32}), "attacker"), SecretBytes.copyOf(new byte[32])).withCheckpointInterval(1000))
                .build();
        for (int i = 0; i < 3; i++) {
            attacker.audit().record(AuditEvent.of(Actor.system("cleanup", Set.of()), "erase.done", AuditOutcome.SUCCESS));
        }
        List<AuditRecord> forged = copy.read(6, 10);
        assertEquals(3, forged.size());
        forged.forEach(store(db.emf())::append); // with the counter, as a writer of the database can
        assertBothReport(kit, clock, 1, ChainBreak.Kind.MISSING_CHECKPOINT, 6);
        assertThrows(ro.clickphone.privacy.spi.IntegrityException.class,
                () -> kit(db.newEmf(Map.of()), clock, 1).audit().record(event()));
    }

    @Test
    void categoryRowsMovedBetweenRecords_andTwoRecordsContentsSwapped_areReported() {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, 1000);
        writeFive(kit, clock);
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE cpp_audit_category SET seq = 4 WHERE seq = 3"));
            }
        });
        assertBothReport(kit, clock, 1000, ChainBreak.Kind.EDITED_ENTRY, 3);
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE cpp_audit_category SET seq = 3 WHERE category = 'CATEGORY_3'"));
            }
        });
        assertTrue(kit.audit().verify().intact(), "moved back");

        // Every column but the sequence swapped between records 1 and 2 (hashes and links included).
        String columns = "recorded_at, actor_kind, actor_ref, action, purpose, subject_ref, outcome, previous_hash, hash";
        List<Map<String, Object>> rows = new ArrayList<>();
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + columns + " FROM cpp_audit_record WHERE seq IN (1, 2)"
                            + " ORDER BY seq")) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (String column : columns.split(", ")) {
                        row.put(column, rs.getObject(column));
                    }
                    rows.add(row);
                }
            }
            String set = String.join(" = ?, ", columns.split(", ")) + " = ?";
            for (int i = 0; i < 2; i++) {
                try (PreparedStatement p = c.prepareStatement("UPDATE cpp_audit_record SET " + set + " WHERE seq = ?")) {
                    int k = 1;
                    for (Object value : rows.get(1 - i).values()) {
                        p.setObject(k++, value);
                    }
                    p.setLong(k, i + 1);
                    assertEquals(1, p.executeUpdate());
                }
            }
        });
        AuditVerification v = kit(db.newEmf(Map.of()), clock, 1000).audit().verify();
        ChainBreak found = v.firstBreak().orElseThrow(() -> new AssertionError("the swap went unnoticed"));
        assertEquals(1, found.sequence(), found::toString);
    }

    /** Runs each statement of {@code sql} (split at ';') with every '?' bound to {@code sequence}. */
    private void edit(String sql, long sequence) {
        db.jdbc(c -> {
            for (String statement : sql.split(";")) {
                try (PreparedStatement p = c.prepareStatement(statement.trim())) {
                    for (int i = 1; i <= statement.chars().filter(ch -> ch == '?').count(); i++) {
                        p.setLong(i, sequence);
                    }
                    assertTrue(p.executeUpdate() > 0, statement);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "EDITED_ENTRY | UPDATE cpp_audit_record SET action = 'access.export' WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_record SET recorded_at = recorded_at + 1 WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_record SET outcome = 'DENIED' WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_detail SET detail_value = 'OTHER' WHERE seq = ?",
        "EDITED_ENTRY | DELETE FROM cpp_audit_category WHERE seq = ?",
        "EDITED_ENTRY | INSERT INTO cpp_audit_category (seq, category) VALUES (?, 'HEALTH')",
        "EDITED_ENTRY | UPDATE cpp_audit_record SET subject_ref = 'ana.popescu@example.ro' WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_record SET actor_kind = 'ROOT' WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_record SET outcome = 'MAYBE' WHERE seq = ?",
        "EDITED_ENTRY | UPDATE cpp_audit_detail SET detail_value = '+40721234567' WHERE seq = ?",
        "REMOVED_ENTRY | DELETE FROM cpp_audit_detail WHERE seq = ?;DELETE FROM cpp_audit_category WHERE seq = ?;"
                + "DELETE FROM cpp_audit_record WHERE seq = ?",
    })
    void aRowEditedOverJdbc_isReportedByTheKitsVerifier_atItsEntry(ChainBreak.Kind expected, String sql) {
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock);
        List<AuditRecord> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(java.time.Duration.ofNanos(1_000_001));
            written.add(kit.audit().record(AuditEvent.of(Actor.staff(Recipient.of("EMPLOYEES"), "emp-0815",
                    Set.of("SUPPORT")), "access.check", AuditOutcome.SUCCESS).withSubject(SubjectId.of(ANA))
                    .withPurpose(Purpose.of("BILLING")).withCategories(Set.of(DataCategory.of("FINANCIAL")))
                    .withDetail("reason", "OWN_DATA")));
        }
        assertTrue(kit.audit().verify().intact(), () -> "before the edit: " + kit.audit().verify());
        long target = written.get(2).sequence();

        edit(sql, target);

        for (PrivacyKit verifier : List.of(kit, kit(db.newEmf(Map.of()), clock))) {
            AuditVerification v = verifier.audit().verify();
            ChainBreak found = v.firstBreak().orElseThrow(() -> new AssertionError("the edit went unnoticed"));
            assertEquals(expected, found.kind(), found::toString);
            assertEquals(target, found.sequence(), found::toString);
            assertFalse(found.description().contains("example.ro") || found.description().contains("40721"));
        }
    }

    @Test
    void anUnreadableRow_surfacesFromRead_asTheSpisValidationError_withoutItsValue() {
        JpaAuditLogStore store = store(db.emf());
        store.append(by(1, 1));
        store.append(by(1, 2));
        edit("UPDATE cpp_audit_record SET subject_ref = 'ana.popescu@example.ro' WHERE seq = ?", 2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.read(1, 10));
        assertFalse(String.valueOf(e.getMessage()).contains("example.ro"), e.getMessage());
        assertEquals(List.of(by(1, 1)), store.read(1, 1), "the rows before it still read");
        assertThrows(InvalidInputException.class, store::last);
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaAuditLogStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaAuditLogStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaAuditLogStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
