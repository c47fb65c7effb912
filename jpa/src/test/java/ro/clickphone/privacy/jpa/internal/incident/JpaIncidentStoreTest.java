package ro.clickphone.privacy.jpa.internal.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
import ro.clickphone.privacy.jpa.internal.rights.BrokenDatabase;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.incident.AffectedCount;
import ro.clickphone.privacy.spi.incident.AuthorityNotice;
import ro.clickphone.privacy.spi.incident.IncidentClock;
import ro.clickphone.privacy.spi.incident.IncidentContact;
import ro.clickphone.privacy.spi.incident.IncidentStatus;
import ro.clickphone.privacy.spi.incident.IncidentStore;
import ro.clickphone.privacy.spi.incident.IncidentStoreContract;
import ro.clickphone.privacy.spi.incident.IncidentVersion;
import ro.clickphone.privacy.spi.incident.NoticeSummary;
import ro.clickphone.privacy.spi.incident.SubjectNotice;
import ro.clickphone.privacy.spi.incident.PublicCommunication;
import ro.clickphone.privacy.spi.memory.InMemoryIncidentStore;

/**
 * The JPA incident register on each database: the SPI contract, and what it lacks — two application
 * instances racing for a version, instants up to the year 9999, a notice summary that agrees with the
 * in-memory store's on the same data and is counted in SQL, and edited rows.
 */
abstract class JpaIncidentStoreTest extends IncidentStoreContract {

    private static final Instant DISCOVERED = Instant.parse("2026-03-01T08:00:00Z");

    private TestDatabase db;

    @BeforeEach
    void bind(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected IncidentStore newStore() {
        return new JpaIncidentStore(JpaContext.of(db.emf(), () -> null));
    }

    @Override
    protected IncidentStore brokenStore() {
        return new JpaIncidentStore(BrokenDatabase.context());
    }

    private static IncidentVersion version(String id, int n, Instant discovered) {
        return new IncidentVersion(id, n, "a mailbox was read by an intruder", discovered, discovered,
                AffectedCount.estimate(10L * n), Optional.empty(), Set.of("CUSTOMER"), Set.of(DataCategory.of("CONTACT")),
                "phishing", "passwords reset", new IncidentContact("DPO", Optional.empty(), Optional.empty()),
                IncidentStatus.OPEN, EnumSet.of(IncidentClock.ANSPDCP_72H), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), discovered, "STAFF:emp-0815");
    }

    private static SubjectId subject(int n) {
        return SubjectId.of(String.format(java.util.Locale.ROOT, "s-%032x", n));
    }

    @Test
    void jpaStores_bundlesThisStore() {
        IncidentStore bundled = JpaStores.create(db.emf()).incidents();
        assertTrue(bundled instanceof JpaIncidentStore, bundled.toString());
        assertTrue(bundled.append(version("i-1", 1, DISCOVERED)));
        assertEquals(1, newStore().history("i-1").size());
    }

    @Test
    void twoInstances_appendingTheSameVersion_exactlyOneWins() throws Exception {
        EntityManagerFactory second = db.newEmf(Map.of());
        List<IncidentStore> instances = List.of(newStore(), new JpaIncidentStore(JpaContext.of(second, () -> null)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "i-" + round;
                for (int v = 1; v <= 2; v++) {
                    int number = v;
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    List<Future<Boolean>> appends = new ArrayList<>();
                    for (IncidentStore store : instances) {
                        appends.add(pool.submit(() -> {
                            barrier.await(30, TimeUnit.SECONDS);
                            return store.append(version(id, number, DISCOVERED));
                        }));
                    }
                    int won = 0;
                    for (Future<Boolean> f : appends) {
                        won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
                    }
                    assertEquals(1, won, "exactly one instance appends version " + v + " of " + id);
                }
                assertEquals(2, instances.get(1).history(id).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void instantsUpToTheYear9999_readBackExactly() {
        IncidentStore store = newStore();
        Instant late = Instant.parse("9999-12-31T23:59:58.999999999Z");
        IncidentVersion v1 = new IncidentVersion("i-1", 1, "nature", DISCOVERED, late, AffectedCount.exactly(1),
                Optional.of(AffectedCount.estimate(AffectedCount.MAX)), Set.of("CUSTOMER"),
                Set.of(DataCategory.of("CONTACT")), "c", "m", new IncidentContact("DPO", Optional.empty(), Optional.empty()),
                IncidentStatus.OPEN, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new PublicCommunication(late, "web")), late, "STAFF:emp-0815");
        assertTrue(store.append(v1));
        assertEquals(v1, store.latest("i-1").orElseThrow());
        store.planSubjectNotices("i-1", Set.of(subject(1)), late.minusNanos(1));
        assertTrue(store.markNoticeSent("i-1", subject(1), "m-1", late));
        assertEquals(Optional.of(late), store.noticeSummary("i-1").lastSentAt());
    }

    /** The same random plans and sendings on the JPA store and the in-memory one give the same answers. */
    @Test
    void noticeSummary_agreesWithTheInMemoryStore_onTheSameData() {
        IncidentStore jpa = newStore();
        IncidentStore memory = new InMemoryIncidentStore();
        Random random = new Random(16);
        List<String> incidents = List.of("i-a", "i-B", "i-c", "i-empty");
        for (String id : incidents) {
            assertTrue(jpa.append(version(id, 1, DISCOVERED)));
            assertTrue(memory.append(version(id, 1, DISCOVERED)));
        }
        for (int step = 0; step < 60; step++) {
            String id = incidents.get(random.nextInt(3));
            Instant at = DISCOVERED.plus(Duration.ofSeconds(step)).plusNanos(random.nextInt(1_000_000_000));
            if (random.nextBoolean()) {
                Set<SubjectId> plan = new HashSet<>();
                for (int k = random.nextInt(6); k > 0; k--) {
                    plan.add(subject(random.nextInt(40)));
                }
                assertEquals(memory.planSubjectNotices(id, plan, at), jpa.planSubjectNotices(id, plan, at));
            } else {
                SubjectId who = subject(random.nextInt(40));
                String message = "m-" + step;
                boolean expected;
                try {
                    expected = memory.markNoticeSent(id, who, message, at);
                } catch (InvalidInputException e) {
                    assertThrows(InvalidInputException.class, () -> jpa.markNoticeSent(id, who, message, at));
                    continue;
                }
                assertEquals(expected, jpa.markNoticeSent(id, who, message, at));
            }
            for (String each : incidents) {
                assertEquals(memory.noticeSummary(each), jpa.noticeSummary(each), each + " after step " + step);
            }
        }
        for (String id : incidents) {
            assertEquals(memory.subjectNotices(id), jpa.subjectNotices(id), id);
        }
        assertTrue(jpa.noticeSummary("i-a").sent() > 0, "the data exercised sending");
    }

    /** A plan larger than one IN (…) list is checked and stored in chunks, whole, in the order planned. */
    @Test
    void aLargePlan_overlappingAnEarlierOne_plansEachSubjectOnce() {
        IncidentStore store = newStore();
        store.append(version("i-1", 1, DISCOVERED));
        Set<SubjectId> earlier = new HashSet<>();
        for (int n = 1000; n < 1300; n++) {
            earlier.add(subject(n));
        }
        assertEquals(300, store.planSubjectNotices("i-1", earlier, DISCOVERED));
        Set<SubjectId> large = new HashSet<>();
        for (int n = 0; n < 1234; n++) {
            large.add(subject(n));
        }
        assertEquals(1234 - 234, store.planSubjectNotices("i-1", large, DISCOVERED.plusSeconds(1)));
        List<SubjectNotice> notices = store.subjectNotices("i-1");
        assertEquals(1300, notices.size());
        assertEquals(subject(1000), notices.get(0).subject(), "the earlier plan first, each plan by subject");
        assertEquals(subject(0), notices.get(300).subject());
        assertEquals(subject(999), notices.get(1299).subject());
        assertEquals(new NoticeSummary(1300, 0, Optional.empty(), Optional.empty()), store.noticeSummary("i-1"));
    }

    /** The summary reads no notice: a notice row edited beyond reading still counts, as a count does. */
    @Test
    void noticeSummary_isCountedInSql_withoutReadingTheNotices() {
        IncidentStore store = newStore();
        store.append(version("i-1", 1, DISCOVERED));
        store.planSubjectNotices("i-1", Set.of(subject(1), subject(2)), DISCOVERED);
        store.markNoticeSent("i-1", subject(1), "m-1", DISCOVERED.plusSeconds(5));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_incident_subject_notice SET message_id = 'm 2' WHERE position = 2");
            }
        });
        assertThrows(InvalidInputException.class, () -> store.subjectNotices("i-1"), "reading the notices fails");
        assertEquals(2, store.noticeSummary("i-1").planned());
        assertEquals(1, store.noticeSummary("i-1").sent(), "sent is counted by the sending time");
    }

    @Test
    void anEditedVersion_surfacesAsTheValuesOwnError() {
        IncidentStore store = newStore();
        store.append(version("i-1", 1, DISCOVERED));
        store.appendAuthorityNotice(new AuthorityNotice("i-1", IncidentClock.ANSPDCP_72H, DISCOVERED, "r-1",
                DISCOVERED, "STAFF:emp-0815"));
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE cpp_incident_version SET categories = ''");
                s.executeUpdate("UPDATE cpp_incident_authority_notice SET clock = 'CUSTOMERS_24H'");
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.latest("i-1"));
        assertEquals("incident.categories", e.argument());
        e = assertThrows(InvalidInputException.class, () -> store.authorityNotices("i-1"));
        assertEquals("notice.clock", e.argument());
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaIncidentStoreTest {
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaIncidentStoreTest {
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaIncidentStoreTest {
    }
}
