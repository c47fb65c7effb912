package ro.clickphone.privacy.jpa.internal.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.retention.SweepOptions;
import ro.clickphone.privacy.core.retention.SweepReport;
import ro.clickphone.privacy.crypto.sign.HmacSha256Signer;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.internal.outbox.BrokenTables;
import ro.clickphone.privacy.jpa.internal.outbox.SqlLog;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryPersonalDataSource;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.retention.HoldScope;
import ro.clickphone.privacy.spi.retention.LegalHold;
import ro.clickphone.privacy.spi.retention.RetentionStore;
import ro.clickphone.privacy.spi.retention.RetentionStoreContract;
import ro.clickphone.privacy.spi.retention.RetentionTag;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.testkit.MutableClock;

/**
 * The JPA retention store on each database: the SPI contract, plus what only a shared database shows —
 * two sweepers on two factories never disposing of one record twice, a lease expired on one instance
 * taken up on another, {@code SKIP LOCKED} really emitted and really skipping, the proof row holding no
 * subject or record id, days that no time zone moves, edited rows.
 */
abstract class JpaRetentionStoreTest extends RetentionStoreContract {

    private static final SubjectId ANA = SubjectId.of("acct-1042");
    private static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    private static final LocalDate TODAY = LocalDate.of(2030, 1, 15);
    private static final Instant NOW = Instant.parse("2030-01-15T08:00:00Z");

    private final TestDatabase db;
    private final BrokenTables broken;

    JpaRetentionStoreTest(TestDatabase db) {
        this.db = db;
        this.broken = new BrokenTables(db, List.of("cpp_retention_tag", "cpp_retention_hold", "cpp_retention_event",
                "cpp_counter"));
    }

    @Override
    protected RetentionStore newStore() {
        return new JpaRetentionStore(JpaContext.of(db.emf(), () -> null));
    }

    /** The real store with its tables gone: every call fails in the database. */
    @Override
    protected RetentionStore brokenStore() {
        broken.breakThem();
        return new JpaRetentionStore(JpaContext.of(db.emf(), () -> null));
    }

    @AfterEach
    void restoreTables() {
        broken.restore();
    }

    private static RetentionTag due(String id, LocalDate lastDayKept) {
        return new RetentionTag(RecordRef.of("cdr", id), Optional.of(ANA), "s-" + ANA.fingerprint(), TRAFFIC,
                "RULE_TRAFFIC", Optional.of(KeyScope.of("traffic")), Set.of(), Optional.of(lastDayKept),
                Optional.empty(), NOW.minus(Duration.ofDays(400)), Optional.empty(), Optional.empty(), 0);
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(Duration.ofMinutes(5)));
    }

    private static RetentionTag proofOf(RetentionTag claimed, Instant at) {
        return claimed.proof(RecordRef.of(claimed.record().source(), "v-" + Integer.toHexString(
                claimed.record().id().hashCode()) + "-" + claimed.record().id().length()), at, DisposalAction.DELETE);
    }

    private static List<String> ids(List<RetentionTag> tags) {
        return tags.stream().map(t -> t.record().id()).toList();
    }

    // --- two application instances ------------------------------------------------------------------

    @Test
    void twoSweepersOnTwoFactories_neverDisposeOfOneRecordTwice() throws Exception {
        RetentionStore first = newStore();
        RetentionStore second = new JpaRetentionStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        int total = 300;
        for (int i = 0; i < total; i++) {
            assertTrue(first.insert(due(String.format("r%03d", i), TODAY.minusDays(1 + i % 11))));
        }
        List<RetentionStore> sweepers = List.of(first, second, first, second);
        CyclicBarrier gate = new CyclicBarrier(sweepers.size());
        ExecutorService pool = Executors.newFixedThreadPool(sweepers.size());
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < sweepers.size(); t++) {
            RetentionStore store = sweepers.get(t);
            String sweep = "sweep-" + t;
            futures.add(pool.submit(() -> {
                List<String> disposed = new ArrayList<>();
                gate.await(30, TimeUnit.SECONDS);
                for (int claim = 0; disposed.size() <= total; claim++) {
                    Lease lease = lease(sweep + "." + claim, NOW);
                    List<RetentionTag> batch = store.claimDue(TODAY, lease, 9);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (RetentionTag tag : batch) {
                        assertTrue(store.markDisposed(tag, lease, proofOf(tag, NOW.plusSeconds(1))),
                                "a claimed record is the claimer's to mark");
                        disposed.add(tag.record().id());
                    }
                }
                return disposed;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(total, all.size(), "every record disposed of once");
        assertEquals(total, new HashSet<>(all).size(), "no record twice");
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(subject_id), COUNT(lease_owner),"
                            + " MIN(revision), MAX(revision) FROM cpp_retention_tag WHERE disposed_at IS NOT NULL")) {
                rs.next();
                assertEquals(total, rs.getInt(1), "one proof per record");
                assertEquals(0, rs.getInt(2), "no proof names its subject");
                assertEquals(0, rs.getInt(3), "no lease left");
                assertEquals(1, rs.getInt(4));
                assertEquals(1, rs.getInt(5));
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cpp_retention_tag WHERE disposed_at IS NULL")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no record left undisposed");
            }
        });
    }

    /**
     * The "two sweepers never dispose of one record twice", through the kit: two kits (two
     * application instances, each with its own factory) share the JPA retention store and one source of
     * records, and sweep at once.
     */
    @Test
    void twoKitsSweepingAtOnce_onTwoFactories_disposeOfEveryRecordOnce() throws Exception {
        Stores memory = InMemoryStores.create();
        MutableClock clock = MutableClock.of(Instant.parse("2026-03-01T10:00:00Z"));
        InMemoryPersonalDataSource billing = new InMemoryPersonalDataSource("billing",
                Set.of(DataCategory.of("FINANCIAL"), DataCategory.of("IDENTITY")));
        PrivacyKit first = kit(memory, newStore(), billing, clock);
        PrivacyKit second = kit(memory, new JpaRetentionStore(JpaContext.of(db.newEmf(Map.of()), () -> null)), billing,
                clock);
        int total = 120;
        List<RecordRef> invoices = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            RecordRef invoice = billing.add("f-2014-" + i);
            first.retention().tag(SubjectId.of("acct-" + (1000 + i % 7)), invoice, DataCategory.of("FINANCIAL"),
                    Instant.parse("2014-05-01T08:00:00Z"));
            invoices.add(invoice);
        }
        assertEquals(total, first.retention().sweep(SweepOptions.defaults().withDryRun(true)).total(),
                "all overdue, as the other kit sees them too");
        CyclicBarrier gate = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SweepReport>> sweeps = new ArrayList<>();
        for (PrivacyKit kit : List.of(first, second)) {
            sweeps.add(pool.submit(() -> {
                gate.await(30, TimeUnit.SECONDS);
                return kit.retention().sweep(SweepOptions.defaults().withBatchSize(7));
            }));
        }
        int disposed = 0;
        for (Future<SweepReport> sweep : sweeps) {
            SweepReport report = sweep.get(120, TimeUnit.SECONDS);
            assertEquals(0, report.failed(), () -> "failures: " + report.failures());
            disposed += report.total();
        }
        pool.shutdown();
        assertEquals(total, disposed, "between them, every record once");
        int applied = 0;
        for (DisposalAction action : DisposalAction.values()) {
            applied += billing.applied(action);
        }
        assertEquals(total, applied, "the source was asked to dispose of each record exactly once");
        for (RecordRef invoice : invoices) {
            assertFalse(billing.holds(invoice));
            assertTrue(first.retention().tagOf(invoice).orElseThrow().isDisposed(), "its proof is kept");
        }
        assertEquals(0, second.retention().sweep(SweepOptions.defaults()).total(), "nothing left");
    }

    private static PrivacyKit kit(Stores memory, RetentionStore retention, InMemoryPersonalDataSource source,
            MutableClock clock) {
        Stores stores = Stores.builder().auditLog(memory.auditLog()).consent(memory.consent())
                .subjectKeys(memory.subjectKeys()).tokenVault(memory.tokenVault()).accounts(memory.accounts())
                .designations(memory.designations()).transferNotices(memory.transferNotices()).retention(retention)
                .outbox(memory.outbox()).contacts(memory.contacts()).incidents(memory.incidents())
                .rights(memory.rights()).build();
        // One signer and pseudonym key for both kits: two instances of one application.
        AuditSettings audit = AuditSettings.of(HmacSha256Signer.create(SecretBytes.copyOf(new byte[32]), "audit"),
                SecretBytes.copyOf(new byte[32]));
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).stores(stores).audit(audit).clock(clock)
                .source(source).build();
    }

    @Test
    void aLeaseThatExpiredOnOneInstance_isTakenUpOnAnother_andOnlyTheNewLeaseMarks() {
        RetentionStore first = newStore();
        RetentionStore second = new JpaRetentionStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        first.insert(due("r1", TODAY.minusDays(1)));
        Lease crashed = lease("host-a", NOW);
        RetentionTag claimed = first.claimDue(TODAY, crashed, 10).get(0);
        assertTrue(second.claimDue(TODAY, lease("host-b", crashed.until().minusNanos(1)), 10).isEmpty(),
                "held until its last nanosecond");
        Lease takeover = lease("host-b", crashed.until());
        assertEquals(List.of("r1"), ids(second.claimDue(TODAY, takeover, 10)));
        assertFalse(first.markDisposed(claimed, crashed, proofOf(claimed, NOW.plusSeconds(1))),
                "the first sweeper's lease is no longer the record's");
        assertTrue(second.markDisposed(claimed, takeover, proofOf(claimed, takeover.from().plusSeconds(1))));
        assertTrue(first.find(RecordRef.of("cdr", "r1")).isEmpty());
    }

    @Test
    void tagging_joinsTheCallersTransaction_andADuplicateDoesNotBreakIt() {
        EntityManager caller = db.emf().createEntityManager();
        RetentionStore store = new JpaRetentionStore(JpaContext.of(db.emf(), () -> caller));
        RetentionTag tag = due("r1", TODAY.minusDays(1));
        try {
            caller.getTransaction().begin();
            assertTrue(store.insert(tag));
            caller.getTransaction().rollback();
            assertTrue(newStore().find(tag.record()).isEmpty(), "tagged with the caller's change, rolled back with it");

            caller.getTransaction().begin();
            assertTrue(store.insert(tag));
            assertFalse(store.insert(tag), "a duplicate, refused inside the caller's transaction");
            assertTrue(store.putEvent(ANA, "contract-end", TODAY));
            assertFalse(store.putEvent(ANA, "contract-end", TODAY));
            caller.getTransaction().commit();
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
        assertEquals(Optional.of(tag), newStore().find(tag.record()), "the caller's commit was not broken");
        assertEquals(List.of(TODAY), newStore().findEvents(ANA, "contract-end"));
    }

    @Test
    void holdsPlacedOnOneInstance_stopClaimsOnAnother_andTheRevisionIsShared() {
        RetentionStore first = newStore();
        RetentionStore second = new JpaRetentionStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        first.insert(due("r1", TODAY.minusDays(1)));
        long before = second.holdsRevision();
        first.putHold(new LegalHold("h-1", HoldScope.subject(ANA), "investigation", "case-1", NOW, Optional.empty()));
        assertTrue(second.holdsRevision() != before, "the other instance sees the change");
        assertTrue(second.claimDue(TODAY, lease("sweep-b", NOW), 10).isEmpty());
        assertTrue(second.releaseHold("h-1", NOW.plusSeconds(1)));
        assertEquals(List.of("r1"), ids(first.claimDue(TODAY, lease("sweep-a", NOW), 10)));
    }

    // --- SKIP LOCKED --------------------------------------------------------------------------------

    @Test
    void claimDue_emitsSkipLocked_andPassesOverARowAnotherTransactionLocked() throws Exception {
        SqlLog sql = new SqlLog();
        RetentionStore store = new JpaRetentionStore(JpaContext.of(
                db.newEmf(Map.of("hibernate.session_factory.statement_inspector", sql)), () -> null));
        for (int i = 0; i < 4; i++) {
            store.insert(due("r" + i, TODAY.minusDays(10 - i)));
        }
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeQuery("SELECT source FROM cpp_retention_tag WHERE source = 'cdr' AND record_id = 'r0' FOR UPDATE").close();
            }
            sql.clear();
            List<RetentionTag> claimed = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> store.claimDue(TODAY, lease("sweep-a", NOW), 10), "a locked row is skipped, not waited for");
            assertEquals(List.of("r1", "r2", "r3"), ids(claimed));
            other.rollback();
        }
        List<String> skipping = sql.containing("skip locked");
        assertEquals(1, skipping.size(), () -> "one claiming SELECT with SKIP LOCKED: " + sql.all());
        assertTrue(skipping.get(0).toLowerCase(Locale.ROOT).contains("cpp_retention_tag"), skipping.get(0));
        sql.clear();
        store.findDue(TODAY, Optional.empty(), 10);
        store.find(RecordRef.of("cdr", "r0"));
        assertTrue(sql.containing("skip locked").isEmpty(), "only claims skip locked rows");
        assertEquals(List.of("r0"), ids(store.claimDue(TODAY, lease("sweep-b", NOW), 10)), "free again");
    }

    // --- rows ---------------------------------------------------------------------------------------

    @Test
    void theRows_keepDaysAsEpochDays_andTheProofNoSubjectOrRecordId() {
        RetentionStore store = newStore();
        RetentionTag tag = due("0721234567", TODAY.minusDays(1));
        store.insert(tag);
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT last_day_kept, due_day FROM cpp_retention_tag")) {
                assertTrue(rs.next());
                assertEquals(TODAY.minusDays(1).toEpochDay(), rs.getLong(1), "no time zone moves a day");
                assertEquals(TODAY.toEpochDay(), rs.getLong(2));
            }
        });
        Lease lease = lease("sweep-a", NOW);
        RetentionTag claimed = store.claimDue(TODAY, lease, 1).get(0);
        RetentionTag proof = proofOf(claimed, NOW.plusSeconds(1));
        assertTrue(store.markDisposed(claimed, lease, proof));
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM cpp_retention_tag")) {
                assertTrue(rs.next());
                int columns = rs.getMetaData().getColumnCount();
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    String column = rs.getMetaData().getColumnName(i);
                    assertFalse(value != null && (value.contains("0721234567") || value.contains(ANA.value())),
                            () -> "column " + column + " keeps the record id or the subject");
                }
                assertNull(rs.getString("subject_id"));
                assertNull(rs.getString("key_scope"));
                assertEquals(proof.record().id(), rs.getString("record_id"));
                assertFalse(rs.next(), "only the proof is left");
            }
        });
    }

    @Test
    void anEditedRow_surfacesAsTheSpisValidationError() {
        RetentionStore store = newStore();
        store.insert(due("r1", TODAY.minusDays(1)));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET subject_id = NULL");
            }
        });
        assertThrows(InvalidInputException.class, () -> store.find(RecordRef.of("cdr", "r1")),
                "an undisposed tag without its subject");
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_retention_tag SET subject_id = 'acct-1042', disposal = 'BURNED'");
            }
        });
        assertThrows(InvalidInputException.class, () -> store.find(RecordRef.of("cdr", "r1")));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaRetentionStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaRetentionStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaRetentionStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
