package ro.clickphone.privacy.jpa.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.Recipient;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.rights.RightsRequestStore;
import ro.clickphone.privacy.spi.rights.RightsRequestStoreContract;
import ro.clickphone.privacy.spi.rights.SourceProgress;

/**
 * The JPA rights-request store on each database: the SPI contract, and what it lacks — two application
 * instances (two factories) racing for a claim and writing over each other's versions, the caller's
 * transaction, the raw rows (what is stored in clear), and a row edited in the database.
 */
abstract class JpaRightsRequestStoreTest extends RightsRequestStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final Instant T0 = Instant.parse("2026-01-31T09:15:00.123456789Z");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 2);

    private TestDatabase db;

    @BeforeEach
    void bind(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected RightsRequestStore newStore() {
        return new JpaRightsRequestStore(JpaContext.of(db.emf(), () -> null));
    }

    @Override
    protected RightsRequestStore brokenStore() {
        return new JpaRightsRequestStore(BrokenDatabase.context());
    }

    private static String id(int n) {
        return String.format("rr-%032x", n);
    }

    private static RequestRecord request(int n) {
        return new RequestRecord(id(n), RightType.ERASURE, ANA, RequestChannel.CUSTOMER_ACCOUNT, T0, Optional.empty(),
                Set.of(), Set.of(), Set.of(), Optional.empty(), RequestState.VERIFIED, Optional.empty(), DUE, DUE,
                false, Optional.empty(), Optional.empty(), 0, List.of(), Set.of(), Optional.empty(), 1, T0);
    }

    private static Lease lease(String owner) {
        return new Lease(owner, T0, T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void jpaStores_bundlesThisStore_joiningTheCallersTransaction() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            RightsRequestStore bundled = JpaStores.create(db.emf(), () -> caller).rights();
            assertTrue(bundled instanceof JpaRightsRequestStore, bundled.toString());
            caller.getTransaction().begin();
            assertTrue(bundled.insert(request(1)));
            caller.getTransaction().rollback();
            assertEquals(Optional.empty(), JpaStores.create(db.emf()).rights().find(id(1)));
        } finally {
            caller.close();
        }
    }

    @Test
    void claim_byTwoWorkersOnTwoFactoriesAtOnce_exactlyOneWins() throws Exception {
        EntityManagerFactory second = db.newEmf(Map.of());
        List<RightsRequestStore> instances = List.of(newStore(),
                new JpaRightsRequestStore(JpaContext.of(second, () -> null)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                RequestRecord v1 = request(round);
                assertTrue(instances.get(0).insert(v1));
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<Optional<RequestRecord>>> claims = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    RightsRequestStore store = instances.get(w);
                    Lease lease = lease("worker-" + w);
                    claims.add(pool.submit(() -> {
                        barrier.await(30, TimeUnit.SECONDS);
                        return store.claim(v1.id(), lease, T0);
                    }));
                }
                List<RequestRecord> winners = new ArrayList<>();
                for (Future<Optional<RequestRecord>> claim : claims) {
                    claim.get(60, TimeUnit.SECONDS).ifPresent(winners::add);
                }
                assertEquals(1, winners.size(), "exactly one of two instances holds the request");
                RequestRecord won = winners.get(0);
                assertEquals(2, won.version());
                assertEquals(Optional.of(won), instances.get(0).find(v1.id()));
                assertEquals(Optional.of(won), instances.get(1).find(v1.id()));
                String loser = won.lease().orElseThrow().owner().equals("worker-0") ? "worker-1" : "worker-0";
                assertEquals(Optional.empty(), instances.get(loser.equals("worker-0") ? 0 : 1)
                        .claim(v1.id(), lease(loser), T0.plusSeconds(1)), "the lease still holds");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** SKIP LOCKED: a claim never queues behind another transaction's lock on the request; it tries later. */
    @Test
    void claim_ofARequestAnotherTransactionHoldsLocked_answersEmpty_withoutWaiting() throws Exception {
        newStore().insert(request(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id FROM cpp_rights_request WHERE id = '" + id(1) + "' FOR UPDATE")) {
                assertTrue(rs.next());
            }
            Future<Optional<RequestRecord>> claim = pool.submit(() -> newStore().claim(id(1), lease("worker-1"), T0));
            assertEquals(Optional.empty(), claim.get(30, TimeUnit.SECONDS), "skipped, not waited for");
            other.rollback();
        } finally {
            pool.shutdownNow();
        }
        assertTrue(newStore().claim(id(1), lease("worker-1"), T0).isPresent(), "claimable once the lock is gone");
        assertEquals(2, newStore().find(id(1)).orElseThrow().version());
    }

    @Test
    void replace_ofAStaleVersion_fromASecondInstance_isRefused() {
        RightsRequestStore first = newStore();
        RightsRequestStore second = new JpaRightsRequestStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        RequestRecord v1 = request(1);
        assertTrue(first.insert(v1));
        RequestRecord read = second.find(v1.id()).orElseThrow();
        RequestRecord theirs = read.withProgress(SourceProgress.pending("cdr"), T0.plusSeconds(1));
        assertTrue(second.replace(theirs));
        RequestRecord mine = v1.moveTo(RequestState.IN_PROGRESS, T0.plusSeconds(2));
        assertFalse(first.replace(mine), "made from v1, which the other instance replaced");
        assertEquals(Optional.of(theirs), first.find(v1.id()));
        RequestRecord retried = first.find(v1.id()).orElseThrow().moveTo(RequestState.IN_PROGRESS, T0.plusSeconds(3));
        assertTrue(first.replace(retried), "re-read and retried, as the kit does");
        assertFalse(second.replace(theirs.moveTo(RequestState.REJECTED, T0.plusSeconds(4))));
        assertEquals(Optional.of(retried), second.find(v1.id()));
    }

    @Test
    void aClaim_commitsOnItsOwn_evenInsideTheCallersTransaction() {
        newStore().insert(request(1));
        EntityManager caller = db.emf().createEntityManager();
        try {
            RightsRequestStore joined = new JpaRightsRequestStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            RequestRecord claimed = joined.claim(id(1), lease("worker-1"), T0).orElseThrow();
            caller.getTransaction().rollback();
            assertEquals(Optional.of(claimed), newStore().find(id(1)), "the lease is visible to every worker");
        } finally {
            caller.close();
        }
    }

    @Test
    void insertAndReplace_joinTheCallersTransaction() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            RightsRequestStore joined = new JpaRightsRequestStore(JpaContext.of(db.emf(), () -> caller));
            caller.getTransaction().begin();
            assertTrue(joined.insert(request(1)));
            assertTrue(joined.find(id(1)).isPresent(), "seen inside the transaction");
            caller.getTransaction().rollback();
            assertEquals(Optional.empty(), newStore().find(id(1)), "rolled back with the caller");

            caller.getTransaction().begin();
            assertTrue(joined.insert(request(1)));
            RequestRecord v2 = request(1).moveTo(RequestState.IN_PROGRESS, T0.plusSeconds(1));
            assertTrue(joined.replace(v2));
            assertEquals(Optional.of(v2), joined.find(id(1)), "the caller's entity manager reads the new version");
            assertFalse(joined.replace(v2), "not twice");
            caller.getTransaction().commit();
            assertEquals(Optional.of(v2), newStore().find(id(1)));
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
    }

    /** What is stored in clear: the SPI value's own fields, each in its column, and nothing else. */
    @Test
    void theRow_holdsTheValuesFields_inTheirColumns_andNoOtherPersonalData() {
        RequestRecord full = new RequestRecord(id(7), RightType.RESTRICTION, ANA, RequestChannel.DPO_EMAIL, T0,
                Optional.of(Actor.delegate(Recipient.of("PBX_ADMIN"), SubjectId.of("pbx-admin-7"), Set.of("acct-42"))),
                Set.of(DataCategory.of("TRAFFIC")), Set.of(RecordRef.of("cdr", "call-0721234567")),
                Set.of(Purpose.of("MARKETING")), Optional.of("v1.sealed-details"), RequestState.RECEIVED,
                Optional.empty(), DUE, DUE.plusDays(2), false, Optional.empty(), Optional.empty(), 0, List.of(),
                Set.of(), Optional.empty(), 1, T0);
        newStore().insert(full);
        Map<String, String> row = rawRow("cpp_rights_request", "id", id(7));
        Map<String, String> expectedHolders = Map.of(ANA.value(), "subject", "pbx-admin-7", "requester",
                "call-0721234567", "records", "v1.sealed-details", "sealed");
        expectedHolders.forEach((value, column) -> {
            for (Map.Entry<String, String> c : row.entrySet()) {
                boolean holds = c.getValue() != null && c.getValue().contains(value);
                assertEquals(c.getKey().equals(column), holds, column + " alone holds its value; not " + c.getKey());
            }
        });
        assertEquals(ANA.value(), row.get("subject"), "the subject's id, as the SPI value carries it");
        assertEquals(Long.toString(DUE.plusDays(2).toEpochDay()), row.get("due_day"), "days, no time zone");
        assertEquals(Long.toString(T0.getEpochSecond() * 1_000_000_000L + T0.getNano()), row.get("received_at"));
        assertFalse(newStore().toString().contains(ANA.value()));
    }

    @Test
    void anEditedRow_surfacesAsTheValuesOwnError_namingNoValue() {
        newStore().insert(request(1));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_rights_request SET due_day = base_due_day - 1, open_due_day = base_due_day - 1");
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> newStore().find(id(1)));
        assertEquals("requestRecord.due", e.argument());
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_rights_request SET due_day = base_due_day, open_due_day = base_due_day,"
                        + " categories = '9:TRAFFIC'");
            }
        });
        e = assertThrows(InvalidInputException.class, () -> newStore().ofSubject(ANA));
        assertEquals("cpp_rights_request.categories", e.argument());
        assertFalse(e.getMessage().contains("TRAFFIC"));
        assertFalse(e.getMessage().contains(ANA.value()));
    }

    /** Hiding an open request from the deadline scan by its index column is seen as an edited row. */
    @Test
    void anOpenRequest_leftOutOfTheOpenIndex_surfacesAsAnEditedRow() {
        RightsRequestStore store = newStore();
        store.insert(request(1));
        store.insert(request(2));
        store.replace(request(2).moveTo(RequestState.REJECTED, T0.plusSeconds(1)));
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id, open_due_day FROM cpp_rights_request ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals(DUE.toEpochDay(), rs.getLong(2), "an open request is indexed by its due day");
                assertTrue(rs.next());
                rs.getLong(2);
                assertTrue(rs.wasNull(), "an ended one is not");
            }
        });
        assertEquals(List.of(id(1)), store.open(LocalDate.MAX, Optional.empty(), 10).stream()
                .map(RequestRecord::id).toList());
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_rights_request SET open_due_day = NULL");
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.find(id(1)));
        assertEquals("cpp_rights_request.open_due_day", e.argument());
    }

    @Test
    void open_withTheLastDate_andOfSubject_onManyRequests_pageInSql() {
        RightsRequestStore store = newStore();
        for (int n = 0; n < 120; n++) {
            RequestRecord r = request(n);
            store.insert(new RequestRecord(r.id(), r.type(), n % 2 == 0 ? ANA : SubjectId.of("bob-" + n), r.channel(),
                    T0.plusMillis(n), r.requester(), r.categories(), r.records(), r.purposes(), r.sealed(), r.state(),
                    r.refusal(), DUE, DUE.plusDays(n % 7), false, Optional.empty(), Optional.empty(), 0, List.of(),
                    Set.of(), Optional.empty(), 1, T0));
        }
        List<String> ids = new ArrayList<>();
        Optional<RequestRecord> after = Optional.empty();
        for (List<RequestRecord> page = store.open(LocalDate.MAX, after, 25); !page.isEmpty();
                page = store.open(LocalDate.MAX, after, 25)) {
            page.forEach(r -> ids.add(r.id()));
            after = Optional.of(page.get(page.size() - 1));
        }
        assertEquals(120, ids.size());
        assertEquals(120, Set.copyOf(ids).size());
        assertEquals(60, store.ofSubject(ANA).size());
        assertEquals(T0, store.ofSubject(ANA).get(0).receivedAt(), "oldest first");
    }

    private Map<String, String> rawRow(String table, String key, String value) {
        Map<String, String> row = new LinkedHashMap<>();
        db.jdbc(c -> {
            try (var s = c.prepareStatement("SELECT * FROM " + table + " WHERE " + key + " = ?")) {
                s.setString(1, value);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getString(i));
                    }
                }
            }
        });
        return row;
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaRightsRequestStoreTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaRightsRequestStoreTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaRightsRequestStoreTest {
    }
}
