package ro.clickphone.privacy.jpa.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.Lease;
import ro.clickphone.privacy.spi.NotificationType;
import ro.clickphone.privacy.spi.StoreTransaction;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.notify.DeliveryReceipt;
import ro.clickphone.privacy.spi.notify.Medium;
import ro.clickphone.privacy.spi.notify.OutboxMessage;
import ro.clickphone.privacy.spi.notify.OutboxState;
import ro.clickphone.privacy.spi.notify.OutboxStore;
import ro.clickphone.privacy.spi.notify.OutboxStoreContract;
import ro.clickphone.privacy.spi.testkit.StoreTransactionFixture;

/**
 * The JPA outbox on each database: the SPI contract (its transactions are an {@link EntityManager}'s),
 * plus what only a shared database shows — two dispatchers on two factories, the caller's business change
 * and its message committing or rolling back together, a lease that expires on one instance taken up on
 * another, {@code SKIP LOCKED} really emitted and really skipping, edited rows.
 */
abstract class JpaOutboxStoreTest extends OutboxStoreContract {

    private static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    private static final NotificationType MISSED_CALL = NotificationType.of("MISSED_CALL");
    private static final Instant NOW = Instant.parse("2030-01-15T08:00:00Z");

    private final TestDatabase db;
    private final BrokenTables broken;

    JpaOutboxStoreTest(TestDatabase db) {
        this.db = db;
        this.broken = new BrokenTables(db, List.of("cpp_outbox"));
    }

    @Override
    protected OutboxStore newStore() {
        return new JpaOutboxStore(JpaContext.of(db.emf(), () -> null));
    }

    @Override
    protected StoreTransactionFixture transactions() {
        return entityManagerTransactions(db.emf());
    }

    /** The caller's transactions, as {@code StoreTransactionFixture}'s Javadoc shows them for JPA. */
    static StoreTransactionFixture entityManagerTransactions(EntityManagerFactory emf) {
        return new StoreTransactionFixture() {
            @Override
            public StoreTransaction begin() {
                EntityManager em = emf.createEntityManager();
                em.getTransaction().begin();
                return StoreTransaction.of(em);
            }

            @Override
            public void commit(StoreTransaction tx) {
                EntityManager em = tx.unwrap(EntityManager.class).orElseThrow();
                try {
                    em.getTransaction().commit();
                } finally {
                    em.close();
                }
            }

            @Override
            public void rollback(StoreTransaction tx) {
                EntityManager em = tx.unwrap(EntityManager.class).orElseThrow();
                try {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                } finally {
                    em.close();
                }
            }
        };
    }

    /** The real store with its table gone: every call fails in the database. */
    @Override
    protected OutboxStore brokenStore() {
        broken.breakThem();
        return new JpaOutboxStore(JpaContext.of(db.emf(), () -> null));
    }

    @AfterEach
    void restoreTables() {
        broken.restore();
    }

    private static OutboxMessage pending(String id, Instant createdAt) {
        return OutboxMessage.pending(id, MISSED_CALL, ANA, "smtp", Medium.EMAIL, createdAt, "v1.sealed-" + id,
                List.of());
    }

    private static Lease lease(String owner, Instant from) {
        return new Lease(owner, from, from.plus(Duration.ofMinutes(5)));
    }

    private static List<String> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).toList();
    }

    // --- two application instances ------------------------------------------------------------------

    @Test
    void twoDispatchersOnTwoFactories_neverClaimOneMessageTwice_andDeliverEveryOne() throws Exception {
        OutboxStore first = newStore();
        OutboxStore second = new JpaOutboxStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        int total = 300;
        for (int i = 0; i < total; i++) {
            assertTrue(first.append(pending(String.format("m-%03d", i), NOW.minusSeconds(i % 17))));
        }
        List<OutboxStore> stores = List.of(first, second, first, second);
        CyclicBarrier gate = new CyclicBarrier(stores.size());
        ExecutorService pool = Executors.newFixedThreadPool(stores.size());
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < stores.size(); t++) {
            OutboxStore store = stores.get(t);
            String dispatcher = "d-" + t;
            futures.add(pool.submit(() -> {
                List<String> mine = new ArrayList<>();
                gate.await(30, TimeUnit.SECONDS);
                for (int claim = 0; mine.size() <= total; claim++) {
                    String owner = dispatcher + "." + claim;
                    List<OutboxMessage> batch = store.claim("smtp", lease(owner, NOW), 9);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (OutboxMessage m : batch) {
                        Instant at = NOW.plusSeconds(1);
                        assertTrue(store.recordDelivered(m.id(), owner, new DeliveryReceipt("smtp", "r-" + m.id(), at),
                                at), "the claim's owner records its outcome");
                        mine.add(m.id());
                    }
                }
                return mine;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(total, all.size(), "every message claimed and delivered once");
        assertEquals(total, new HashSet<>(all).size(), "no message twice");
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(attempts), MAX(attempts) FROM cpp_outbox"
                            + " WHERE state = 'DELIVERED' AND lease_owner IS NULL")) {
                rs.next();
                assertEquals(total, rs.getInt(1));
                assertEquals(1, rs.getInt(2));
                assertEquals(1, rs.getInt(3));
            }
        });
    }

    @Test
    void aLeaseThatExpiredOnOneInstance_isTakenUpOnAnother_andOnlyTheNewOwnerRecords() {
        OutboxStore first = newStore();
        OutboxStore second = new JpaOutboxStore(JpaContext.of(db.newEmf(Map.of()), () -> null));
        first.append(pending("m-1", NOW));
        Lease crashed = lease("host-a.1", NOW);
        assertEquals(List.of("m-1"), ids(first.claim("smtp", crashed, 10)));
        assertTrue(second.claim("smtp", lease("host-b.1", crashed.until().minusMillis(1)), 10).isEmpty(),
                "held until the last millisecond");
        Lease takeover = lease("host-b.2", crashed.until());
        assertEquals(List.of("m-1"), ids(second.claim("smtp", takeover, 10)));
        Instant at = takeover.from().plusSeconds(1);
        assertFalse(first.recordDelivered("m-1", "host-a.1", new DeliveryReceipt("smtp", "r-1", at), at));
        assertTrue(second.recordDelivered("m-1", "host-b.2", new DeliveryReceipt("smtp", "r-2", at), at));
        assertEquals(OutboxState.DELIVERED, first.find("m-1").orElseThrow().state());
    }

    // --- the caller's transaction -------------------------------------------------------------------

    @Test
    void theCallersBusinessChangeAndItsMessage_rollBackTogether_andCommitTogether() {
        OutboxStore store = newStore();
        EntityManager caller = db.emf().createEntityManager();
        try {
            caller.getTransaction().begin();
            businessChange(caller, "order-1");
            assertTrue(store.append(pending("order-1-confirmation", NOW), StoreTransaction.of(caller)));
            caller.getTransaction().rollback();
            assertTrue(store.find("order-1-confirmation").isEmpty(), "the message went with the rollback");
            assertEquals(0, countBusinessRows("order-1"));

            caller.getTransaction().begin();
            businessChange(caller, "order-2");
            assertTrue(store.append(pending("order-2-confirmation", NOW), StoreTransaction.of(caller)));
            assertFalse(store.append(pending("order-2-confirmation", NOW), StoreTransaction.of(caller)),
                    "a duplicate within the transaction");
            caller.getTransaction().commit();
        } finally {
            if (caller.getTransaction().isActive()) {
                caller.getTransaction().rollback();
            }
            caller.close();
        }
        assertTrue(store.find("order-2-confirmation").isPresent());
        assertEquals(1, countBusinessRows("order-2"), "the duplicate did not break the caller's commit");
    }

    /** The caller's own change: a row of the counters table stands for the application's order row. */
    private static void businessChange(EntityManager caller, String order) {
        caller.createNativeQuery("INSERT INTO cpp_counter (name, last_value) VALUES (?, 1)")
                .setParameter(1, "test." + order).executeUpdate();
    }

    private int countBusinessRows(String order) {
        int[] count = new int[1];
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM cpp_counter WHERE name = ?")) {
                s.setString(1, "test." + order);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    count[0] = rs.getInt(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM cpp_counter WHERE name LIKE 'test.%'")) {
                s.executeUpdate();
            }
        });
        return count[0];
    }

    // --- SKIP LOCKED --------------------------------------------------------------------------------

    @Test
    void claim_emitsSkipLocked_andPassesOverARowAnotherTransactionLocked() throws Exception {
        SqlLog sql = new SqlLog();
        OutboxStore store = new JpaOutboxStore(JpaContext.of(
                db.newEmf(Map.of("hibernate.session_factory.statement_inspector", sql)), () -> null));
        for (int i = 0; i < 4; i++) {
            store.append(pending("m-" + i, NOW.minusSeconds(10 - i)));
        }
        try (Connection other = db.connection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeQuery("SELECT id FROM cpp_outbox WHERE id = 'm-0' FOR UPDATE").close();
            }
            sql.clear();
            List<OutboxMessage> claimed = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> store.claim("smtp", lease("d-1", NOW), 10), "a locked row is skipped, not waited for");
            assertEquals(List.of("m-1", "m-2", "m-3"), ids(claimed));
            other.rollback();
        }
        List<String> skipping = sql.containing("skip locked");
        assertEquals(1, skipping.size(), () -> "one claiming SELECT with SKIP LOCKED: " + sql.all());
        assertTrue(skipping.get(0).toLowerCase(java.util.Locale.ROOT).contains("cpp_outbox"), skipping.get(0));
        assertEquals(List.of("m-0"), ids(store.claim("smtp", lease("d-2", NOW), 10)), "free again");
    }

    // --- rows ---------------------------------------------------------------------------------------

    @Test
    void theRow_keepsTheSealedContentAndTimesExactly_andNoAddress() {
        OutboxStore store = newStore();
        Instant created = NOW.plusNanos(123_456_789);
        store.append(pending("m-1", created));
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT content, created_at, state FROM cpp_outbox WHERE id = 'm-1'")) {
                assertTrue(rs.next());
                assertEquals("v1.sealed-m-1", rs.getString(1));
                assertEquals(created.getEpochSecond() * 1_000_000_000L + created.getNano(), rs.getLong(2));
                assertEquals("PENDING", rs.getString(3));
            }
        });
        assertEquals(created, store.find("m-1").orElseThrow().createdAt(), "to the nanosecond");
    }

    @Test
    void anEditedRow_surfacesAsTheSpisValidationError() {
        OutboxStore store = newStore();
        store.append(pending("m-1", NOW));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_outbox SET state = 'DELIVERED' WHERE id = 'm-1'");
            }
        });
        assertThrows(InvalidInputException.class, () -> store.find("m-1"), "delivered without a receipt");
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_outbox SET state = 'PENDING', attachments = '1;9:x' WHERE id = 'm-1'");
            }
        });
        assertThrows(InvalidInputException.class, () -> store.find("m-1"), "malformed attachments");
        assertEquals(Optional.empty(), store.find("m-2"));
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaOutboxStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaOutboxStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaOutboxStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
