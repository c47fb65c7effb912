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
import java.util.concurrent.TimeoutException;
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
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.audit.AuditLogStore;
import ro.clickphone.privacy.spi.audit.AuditLogStoreContract;
import ro.clickphone.privacy.spi.audit.AuditOutcome;
import ro.clickphone.privacy.spi.audit.AuditRecord;
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
            Future<?> racer = pool.submit(() -> other.append(by(2, 2)));
            assertThrows(TimeoutException.class, () -> racer.get(300, TimeUnit.MILLISECONDS),
                    "record 2 waits for record 1's transaction");
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
        assertThrows(SequenceConflictException.class, () -> store.append(by(1, 3)));
        assertEquals(2, count("cpp_audit_record"));
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
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock).stores(InMemoryStores.create())
                .auditLogStore(store(emf))
                .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32])).withCheckpointInterval(1000))
                .build();
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
