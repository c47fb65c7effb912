package ro.clickphone.privacy.jpa.internal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.audit.AuditSettings;
import ro.clickphone.privacy.core.consent.ConsentLedger;
import ro.clickphone.privacy.core.consent.ConsentProof;
import ro.clickphone.privacy.core.consent.ConsentReason;
import ro.clickphone.privacy.core.consent.ConsentSettings;
import ro.clickphone.privacy.core.consent.NanoClockLedgers;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.sign.Ed25519Signer;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.internal.Counters;
import ro.clickphone.privacy.jpa.internal.JpaContext;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.Actor;
import ro.clickphone.privacy.spi.Purpose;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.consent.ConsentChannel;
import ro.clickphone.privacy.spi.consent.ConsentEvent;
import ro.clickphone.privacy.spi.consent.ConsentEventType;
import ro.clickphone.privacy.spi.consent.ConsentEvidence;
import ro.clickphone.privacy.spi.consent.ConsentStore;
import ro.clickphone.privacy.spi.consent.ConsentStoreContract;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.testkit.MutableClock;
import ro.clickphone.privacy.spi.testkit.Race;

/**
 * The JPA consent store on each database: the SPI's contract unchanged, and what the contract cannot
 * see — writers on two entity manager factories (two application instances) racing a change-feed reader
 * that must never see n+1 before n, idempotent appends racing across factories, the caller's transaction,
 * the tables holding only the ledger's sealed, pseudonymous form (read over raw JDBC), and two kits on one
 * database seeing each other's changes within their staleness bound.
 */
abstract class JpaConsentStoreTest extends ConsentStoreContract {

    private static final Purpose MARKETING = Purpose.of("MARKETING");
    private static final Instant T0 = Instant.parse("2026-09-01T10:00:00.123456789Z");

    private final TestDatabase db;

    JpaConsentStoreTest(TestDatabase db) {
        this.db = db;
    }

    @Override
    protected ConsentStore newStore() {
        return store(db.emf());
    }

    private static JpaConsentStore store(EntityManagerFactory emf) {
        return new JpaConsentStore(JpaContext.of(emf, () -> null));
    }

    private static ConsentEvent event(long n, String subject) {
        return new ConsentEvent(String.format("ce-%032x", n), 0, SubjectId.of(subject), ConsentEventType.GRANT,
                Optional.of(MARKETING), T0.plusNanos(n), T0.plusNanos(n + 1), "2026.1", ConsentChannel.WEB_ACCOUNT,
                Actor.subject(SubjectId.of(subject)), ConsentEvidence.none());
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
        return db.<Long>inTransaction(em -> Counters.last(em, JpaConsentStore.COUNTER));
    }

    // --- sequences and the change feed across two application instances -------------------------------

    @Test
    void writersOnTwoFactories_andAFeedReader_theReaderNeverSeesNPlusOneBeforeN() throws Exception {
        EntityManagerFactory second = db.newEmf(Map.of());
        List<EntityManagerFactory> factories = List.of(db.emf(), second);
        int writers = 4;
        int perWriter = 50;
        int total = writers * perWriter;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                EntityManagerFactory emf = factories.get(w % 2);
                boolean inCallersTransaction = w >= 2; // these hold the counter across more work before commit
                int offset = w * perWriter;
                writing.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= perWriter; i++) {
                        ConsentEvent e = event(offset + i, "s" + (i % 5));
                        if (inCallersTransaction) {
                            EntityManager caller = emf.createEntityManager();
                            try {
                                caller.getTransaction().begin();
                                new JpaConsentStore(JpaContext.of(emf, () -> caller)).append(e);
                                caller.createQuery("select count(e) from ConsentEventRow e").getSingleResult();
                                Thread.yield();
                                caller.getTransaction().commit();
                            } finally {
                                caller.close();
                            }
                        } else {
                            store(emf).append(e);
                        }
                    }
                    return null;
                }));
            }
            JpaConsentStore reader = store(second);
            Future<List<String>> reading = pool.submit(() -> {
                start.await();
                List<String> gaps = new ArrayList<>();
                long seen = 0;
                while (seen < total) {
                    List<ConsentEvent> page = reader.changesSince(seen, 7);
                    for (ConsentEvent e : page) {
                        if (e.sequence() != seen + 1) {
                            gaps.add("after " + seen + " came " + e.sequence());
                        }
                        seen = Math.max(seen, e.sequence());
                    }
                    if (page.isEmpty() && writing.stream().allMatch(Future::isDone) && reader.lastSequence() == seen) {
                        gaps.add("the feed ended at " + seen + " of " + total);
                        break;
                    }
                }
                return gaps;
            });
            start.countDown();
            for (Future<?> f : writing) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), reading.get(120, TimeUnit.SECONDS), "the feed showed a sequence before its predecessor");
        } finally {
            pool.shutdownNow();
        }
        List<ConsentEvent> all = store(db.emf()).changesSince(0, total + 10);
        assertEquals(total, all.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, all.get(i).sequence());
        }
        assertEquals(total, all.stream().map(ConsentEvent::id).distinct().count());
        assertEquals(total, counter());
    }

    @Test
    void theSameEventAppendedAtOnceOnTwoFactories_isStoredOnce_andBothGetTheStoredEvent() throws Exception {
        List<JpaConsentStore> stores = List.of(store(db.emf()), store(db.newEmf(Map.of())));
        for (int n = 1; n <= 10; n++) {
            ConsentEvent e = event(n, "ana");
            List<ConsentEvent> results = Race.race(2, i -> () -> stores.get(i).append(e));
            assertEquals(results.get(0), results.get(1));
            assertEquals(e.withSequence(n), results.get(0));
        }
        assertEquals(10, count("cpp_consent_event"));
        assertEquals(10, counter());
        assertEquals(10, stores.get(1).lastSequence());
    }

    @Test
    void anAppendInTheCallersTransaction_commitsAndRollsBackWithIt_leavingNoGap() {
        EntityManager caller = db.emf().createEntityManager();
        JpaConsentStore inCaller = new JpaConsentStore(JpaContext.of(db.emf(), () -> caller));
        caller.getTransaction().begin();
        assertEquals(1, inCaller.append(event(1, "ana")).sequence());
        caller.getTransaction().rollback();
        assertEquals(0, store(db.emf()).lastSequence());
        assertEquals(0, counter());

        caller.getTransaction().begin();
        assertEquals(1, inCaller.append(event(2, "ana")).sequence());
        assertEquals(1, inCaller.append(event(2, "ana")).sequence(), "idempotent inside one transaction too");
        caller.getTransaction().commit();
        caller.close();
        assertEquals(List.of(event(2, "ana").withSequence(1)), store(db.newEmf(Map.of())).changesSince(0, 10));
    }

    @Test
    void aReusedCallerEntityManager_appendsWithTheRightSequence_afterAnotherFactoryAppended() {
        EntityManager caller = db.emf().createEntityManager();
        try {
            List<ConsentStore> stores = List.of(new JpaConsentStore(JpaContext.of(db.emf(), () -> caller)),
                    JpaStores.create(db.emf(), () -> caller).consent());
            ConsentStore other = store(db.newEmf(Map.of()));
            long n = 0;
            for (ConsentStore inCaller : stores) {
                caller.getTransaction().begin();
                assertEquals(n + 1, inCaller.append(event(n + 1, "ana")).sequence());
                caller.getTransaction().commit();
                assertEquals(n + 2, other.append(event(n + 2, "bob")).sequence());
                caller.getTransaction().begin();
                assertEquals(n + 3, inCaller.append(event(n + 3, "ana")).sequence(),
                        "transaction 2 on the same entity manager counts past the other factory's append");
                assertEquals(n + 3, inCaller.lastSequence());
                caller.getTransaction().commit();
                n += 3;
            }
        } finally {
            caller.close();
        }
        assertEquals(6, store(db.emf()).changesSince(0, 10).size());
        assertEquals(6, counter());
    }

    @Test
    void everyActorComponent_andTheInstantsToTheNanosecond_roundTrip() {
        Actor delegate = new Actor(ro.clickphone.privacy.spi.ActorKind.DELEGATE, "s-" + "ab".repeat(16),
                Optional.of(ro.clickphone.privacy.spi.Recipient.of("PBX_ADMINISTRATOR")), new java.util.TreeSet<>(),
                new java.util.TreeSet<>(Set.of("pbx-42", "pbx-7")), Optional.empty());
        Actor staff = Actor.staff(ro.clickphone.privacy.spi.Recipient.of("EMPLOYEES"), "emp-0815",
                Set.of("DPO", "SUPPORT"), Set.of("pbx-9"));
        Actor authority = Actor.authority(ro.clickphone.privacy.spi.Recipient.of("AUTHORITIES"), "IGPR",
                "req-2026-118");
        JpaConsentStore store = store(db.emf());
        List<ConsentEvent> stored = new ArrayList<>();
        int n = 0;
        for (Actor actor : List.of(delegate, staff, authority, Actor.system("importer", Set.of("IMPORT")))) {
            n++;
            ConsentEvent e = new ConsentEvent(String.format("ce-%032x", n), 0, SubjectId.of("s-" + "cd".repeat(16)),
                    ConsentEventType.OBJECT, Optional.of(MARKETING), Instant.ofEpochSecond(-1, 999_999_999),
                    T0.plusNanos(n), "2026.1", ConsentChannel.PAPER, actor,
                    new ConsentEvidence(Optional.of("203.0.113.0/24"), Optional.of("Mozilla/5.0 ț"),
                            Optional.of("form-1"), Optional.of("ref-1"), Optional.empty()), "cs1.-.c2VhbA");
            stored.add(store.append(e));
            assertEquals(e.withSequence(n), stored.get(n - 1));
        }
        assertEquals(stored, store(db.newEmf(Map.of())).changesSince(0, 10));
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT effective_at, recorded_at FROM cpp_consent_event WHERE seq = 1")) {
                assertTrue(rs.next());
                assertEquals(-1L, rs.getLong(1));
                assertEquals(T0.getEpochSecond() * 1_000_000_000L + T0.getNano() + 1, rs.getLong(2));
            }
        });
    }

    @Test
    void theLongestValues_roundTrip_andSubjectsCompareExactly() {
        // 128 UTF-16 units with four-byte characters and diacritics; utf8mb4 and exact (binary) comparison matter.
        String longest = ("Ană-Ștefănescu \uD83D\uDE00 ").repeat(8).substring(0, 127) + "x";
        assertEquals(128, longest.length());
        String userAgent = ("Mozilla/5.0 (țară; \uD83D\uDE00) ").repeat(30).substring(0, 511) + "x";
        String ciphertext = "NETWORK:" + "A".repeat(8192 - 8);
        String seal = "cs1." + "s".repeat(252);
        ConsentEvent wide = new ConsentEvent(String.format("ce-%032x", 1), 0, SubjectId.of(longest),
                ConsentEventType.GRANT, Optional.of(Purpose.of("M".repeat(64))), T0, T0, "v".repeat(32),
                ConsentChannel.EMAIL_TO_DPO, Actor.delegate(ro.clickphone.privacy.spi.Recipient.of("R".repeat(64)),
                        SubjectId.of(longest), Set.of("a".repeat(64), "b".repeat(64))),
                new ConsentEvidence(Optional.of("ffff:ffff:ffff::/48"), Optional.of(userAgent),
                        Optional.of("f".repeat(128)), Optional.of("r".repeat(128)), Optional.of(ciphertext), true),
                seal);
        JpaConsentStore store = store(db.emf());
        ConsentEvent stored = store.append(wide);
        assertEquals(wide.withSequence(1), stored);
        assertEquals(List.of(stored), store(db.newEmf(Map.of())).eventsOf(SubjectId.of(longest)));
        store.append(event(2, "ana"));
        store.append(event(3, "Ana"));
        store.append(event(4, "ană"));
        assertEquals(List.of(event(2, "ana").withSequence(2)), store.eventsOf(SubjectId.of("ana")));
        assertEquals(List.of(event(3, "Ana").withSequence(3)), store.eventsOf(SubjectId.of("Ana")));
        assertEquals(List.of(event(4, "ană").withSequence(4)), store.eventsOf(SubjectId.of("ană")));
        assertTrue(store.eventsOf(SubjectId.of("ANA")).isEmpty());
        store.append(event(0xabc, "bogdan"));
        assertTrue(store.find(String.format("ce-%032x", 0xabc)).isPresent());
        assertTrue(store.find(String.format("ce-%032X", 0xabc)).isEmpty(), "ids compare exactly");
    }

    // --- what the tables hold: the ledger's sealed, pseudonymous form --------------------------------

    private static final Ed25519Signer SIGNER = Ed25519Signer.generate("audit-test");
    private static final byte[] SEAL = new byte[32];

    static {
        for (int i = 0; i < SEAL.length; i++) {
            SEAL[i] = (byte) (i + 1);
        }
    }

    /** A kit whose consent store is the one {@link JpaStores} builds over {@code emf}; the rest in memory. */
    private static PrivacyKit kit(EntityManagerFactory emf, Clock clock, ConsentSettings settings, Path keys) {
        PrivacyKit.Builder builder = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock)
                .stores(InMemoryStores.create()).consentStore(JpaStores.create(emf).consent())
                .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32])))
                .consent(settings.withSealKey(SecretBytes.copyOf(SEAL)));
        if (keys != null) {
            builder.keys(ro.clickphone.privacy.crypto.KeySettings.of(
                    Pkcs12KeyEncryptionKeyProvider.create(keys, "pw".toCharArray(), "kek")));
        }
        return builder.build();
    }

    @Test
    void theTables_holdOnlyTheSealedPseudonymousForm_neverASubjectIdOrAClearValue(@TempDir Path dir) {
        String subjectId = "ana.popescu@example.ro";
        SubjectId ana = SubjectId.of(subjectId);
        MutableClock clock = MutableClock.of(T0);
        PrivacyKit kit = kit(db.emf(), clock, ConsentSettings.defaults(), dir.resolve("kek.p12"));
        kit.consent().grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT)
                .withIpAddress("198.51.100.77").withUserAgent("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
                .withFormId("signup-v3"));
        clock.advance(Duration.ofNanos(1_000_000_007));
        kit.consent().withdraw(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));

        String ref = kit.audit().subjectRef(ana);
        // Seven characters or more: a shorter token (such as "X11") turns up by chance in a random ciphertext column.
        List<String> forbidden = List.of("ana.popescu", "example.ro", "198.51.100", "Mozilla/5", "Firefox/1",
                "Linux x86_64");
        List<Map<String, String>> rows = rows("SELECT * FROM cpp_consent_event ORDER BY seq");
        rows.addAll(rows("SELECT * FROM cpp_consent_actor_item"));
        assertEquals(2, rows.size(), "two events, and a subject actor has no roles or accounts");
        for (Map<String, String> row : rows) {
            row.forEach((column, value) -> forbidden.forEach(clear -> assertFalse(
                    value != null && value.toLowerCase(Locale.ROOT).contains(clear.toLowerCase(Locale.ROOT)),
                    () -> column + " holds a clear value")));
        }
        Map<String, String> grant = rows.get(0);
        assertEquals(ref, grant.get("subject_ref"));
        assertTrue(ref.matches("s-[0-9a-f]{32}"));
        assertEquals(ref, grant.get("actor_id"), "the subject acting is stored by reference too");
        assertNull(grant.get("evidence_network"));
        assertNull(grant.get("evidence_user_agent"));
        assertNotNull(grant.get("evidence_encrypted"), "the network and user agent are ciphertext");
        assertEquals("signup-v3", grant.get("evidence_form_id"));
        assertTrue(grant.get("seal").startsWith("cs1."), "sealed");
        assertEquals(Long.toString(T0.getEpochSecond() * 1_000_000_000L + T0.getNano()), grant.get("recorded_at"));

        // Another instance, on another factory, reads the rows back as the exact sealed form: the seals verify.
        PrivacyKit other = kit(db.newEmf(Map.of()), clock, ConsentSettings.defaults(), null);
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, other.consent().check(ana, MARKETING).reason());

        // One nanosecond moved by a database writer breaks the seal.
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE cpp_consent_event SET effective_at = effective_at - 1 WHERE seq = 2"));
            }
        });
        PrivacyKit third = kit(db.newEmf(Map.of()), clock, ConsentSettings.defaults(), null);
        assertEquals(ConsentReason.TAMPERED, third.consent().check(ana, MARKETING).reason());
    }

    /** Every row of a query, each column's value as a string (null as null), by lower-case column name. */
    private List<Map<String, String>> rows(String sql) {
        List<Map<String, String>> rows = new ArrayList<>();
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        });
        return rows;
    }

    // --- two kits on one database ------------------------------------------------------------------

    @Test
    void twoKitsOnOneDatabase_withABoundOfZero_seeEachOthersChangesAtTheirNextCheck() {
        SubjectId ana = SubjectId.of("ana");
        MutableClock clock = MutableClock.of(T0);
        ConsentSettings zero = ConsentSettings.defaults().withStaleness(Duration.ZERO);
        PrivacyKit a = kit(db.emf(), clock, zero, null);
        PrivacyKit b = kit(db.newEmf(Map.of()), clock, zero, null);
        assertFalse(b.consent().check(ana, MARKETING).permitted(), "b caches ana without consent");
        a.consent().grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        assertTrue(b.consent().check(ana, MARKETING).permitted(), "b sees a's grant");
        clock.advance(Duration.ofMinutes(1));
        b.consent().withdraw(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.PHONE));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, a.consent().check(ana, MARKETING).reason(), "a sees b's withdrawal");
    }

    @Test
    void twoLedgersOnOneDatabase_seeEachOthersChanges_withinTheConfiguredBound() {
        SubjectId ana = SubjectId.of("ana");
        MutableClock clock = MutableClock.of(T0);
        Duration bound = Duration.ofSeconds(3);
        ConsentSettings settings = ConsentSettings.defaults().withStaleness(bound)
                .withSealKey(SecretBytes.copyOf(SEAL))
                .withReceiptSigner(Ed25519Signer.generate("receipts"), Instant.parse("2026-01-01T00:00:00Z"));
        AtomicLong nanos = new AtomicLong();
        PrivacyKit kitA = kit(db.emf(), clock, ConsentSettings.defaults(), null);
        PrivacyKit kitB = kit(db.newEmf(Map.of()), clock, ConsentSettings.defaults(), null);
        ConsentLedger a = NanoClockLedgers.open(kitA, clock, store(db.emf()), settings, nanos::get);
        ConsentLedger b = NanoClockLedgers.open(kitB, clock, store(db.newEmf(Map.of())), settings, nanos::get);

        assertFalse(b.check(ana, MARKETING).permitted(), "b caches ana without consent");
        a.grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        assertTrue(a.check(ana, MARKETING).permitted(), "the writing instance sees it at once");
        // (Staleness within the bound is allowed, not required: nothing is asserted before the bound.)
        nanos.addAndGet(bound.toNanos());
        assertTrue(b.check(ana, MARKETING).permitted(), "at the bound b has read a's grant from the database");

        clock.advance(Duration.ofMinutes(1));
        a.withdraw(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        nanos.addAndGet(bound.toNanos());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ana, MARKETING).reason());
    }

    // --- a database writer edits or deletes consent rows ---------------------------------------------

    /** A kit with both the audit log and the consent store from {@link JpaStores} over {@code emf}. */
    private static PrivacyKit jpaKit(EntityManagerFactory emf, Clock clock, ConsentSettings settings) {
        ro.clickphone.privacy.spi.memory.Stores jpa = JpaStores.create(emf);
        return PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock)
                .stores(InMemoryStores.create()).auditLogStore(jpa.auditLog()).consentStore(jpa.consent())
                .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32])))
                .consent(settings.withSealKey(SecretBytes.copyOf(SEAL))).build();
    }

    private void sql(String statement, int expectedRows) {
        db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                assertEquals(expectedRows, s.executeUpdate(statement), statement);
            }
        });
    }

    @Test
    void theKit_auditsAndGrantsInsideACallersTransactionThatRollsBack_theEntriesStay_andLaterWorkGoesOn() {
        SubjectId ana = SubjectId.of("ana");
        MutableClock clock = MutableClock.of(T0);
        EntityManager caller = db.emf().createEntityManager();
        try {
            ro.clickphone.privacy.spi.memory.Stores jpa = JpaStores.create(db.emf(), () -> caller);
            PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock)
                    .stores(InMemoryStores.create()).auditLogStore(jpa.auditLog()).consentStore(jpa.consent())
                    .audit(AuditSettings.of(SIGNER, SecretBytes.copyOf(new byte[32])).withCheckpointInterval(2))
                    .consent(ConsentSettings.defaults().withStaleness(Duration.ZERO)
                            .withSealKey(SecretBytes.copyOf(SEAL))).build();
            caller.getTransaction().begin();
            kit.audit().record(ro.clickphone.privacy.core.audit.AuditEvent.of(Actor.system("job", java.util.Set.of()),
                    "job.run", ro.clickphone.privacy.spi.audit.AuditOutcome.SUCCESS));
            kit.consent().grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
            caller.getTransaction().rollback();

            assertEquals(1, count("cpp_consent_event"), "the acknowledged consent event is durable");
            long audited = count("cpp_audit_record");
            assertTrue(audited >= 2, "the entry and the grant's audit entry are durable: " + audited);
            assertTrue(kit.consent().check(ana, MARKETING).permitted());
            caller.getTransaction().begin();
            kit.audit().record(ro.clickphone.privacy.core.audit.AuditEvent.of(Actor.system("job", java.util.Set.of()),
                    "job.run", ro.clickphone.privacy.spi.audit.AuditOutcome.SUCCESS));
            caller.getTransaction().commit();
            assertTrue(kit.audit().verify().intact());
            PrivacyKit other = jpaKit(db.newEmf(Map.of()), clock, ConsentSettings.defaults());
            assertTrue(other.audit().verify().intact(), "another instance verifies the whole trail");
            assertTrue(other.consent().check(ana, MARKETING).permitted());
            assertTrue(other.consent().reconcileWithAudit().intact());
        } finally {
            caller.close();
        }
    }

    @Test
    void anUnreadableRow_deniesItsSubjectAsTampered_andFailsNoCheckOfAnotherSubject_onAnyInstance() {
        SubjectId ana = SubjectId.of("ana");
        SubjectId bob = SubjectId.of("bob");
        MutableClock clock = MutableClock.of(T0);
        ConsentSettings zero = ConsentSettings.defaults().withStaleness(Duration.ZERO);
        PrivacyKit a = kit(db.emf(), clock, zero, null);
        a.consent().grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        a.consent().grant(bob, MARKETING, ConsentProof.of(Actor.subject(bob), ConsentChannel.WEB_ACCOUNT));
        PrivacyKit b = kit(db.newEmf(Map.of()), clock, zero, null);
        assertTrue(b.consent().check(bob, MARKETING).permitted(), "b has read the feed past both events");

        sql("UPDATE cpp_consent_event SET channel = 'PIGEON' WHERE seq = 1", 1);

        PrivacyKit fresh = kit(db.newEmf(Map.of()), clock, zero, null);
        assertTrue(fresh.consent().check(bob, MARKETING).permitted(), "a fresh instance's feed meets the row");
        assertEquals(ConsentReason.TAMPERED, fresh.consent().check(ana, MARKETING).reason());
        for (PrivacyKit k : List.of(a, b)) {
            assertTrue(k.consent().check(bob, MARKETING).permitted());
            assertEquals(ConsentReason.TAMPERED, k.consent().check(ana, MARKETING).reason(),
                    "every instance: bob permitted, ana tampered");
        }
        a.consent().withdraw(bob, MARKETING, ConsentProof.of(Actor.subject(bob), ConsentChannel.WEB_ACCOUNT));
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, fresh.consent().check(bob, MARKETING).reason(),
                "the feed goes on past the unreadable row");
    }

    @Test
    void aDeletedLatestWithdrawal_regrantsAtTheCheck_butReconcileWithAuditReportsIt() {
        SubjectId ana = SubjectId.of("ana");
        MutableClock clock = MutableClock.of(T0);
        ConsentSettings zero = ConsentSettings.defaults().withStaleness(Duration.ZERO);
        PrivacyKit kit = jpaKit(db.emf(), clock, zero);
        kit.consent().grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        clock.advance(Duration.ofMinutes(1));
        kit.consent().withdraw(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        assertTrue(kit.consent().reconcileWithAudit().intact());

        sql("DELETE FROM cpp_consent_actor_item WHERE seq = 2", 0);
        sql("DELETE FROM cpp_consent_event WHERE seq = 2", 1);

        PrivacyKit other = jpaKit(db.newEmf(Map.of()), clock, zero);
        assertTrue(other.consent().check(ana, MARKETING).permitted(),
                "the seals cannot tell a deleted latest event: the grant before it verifies");
        for (PrivacyKit k : List.of(kit, other)) {
            ro.clickphone.privacy.core.consent.ConsentReconciliation r = k.consent().reconcileWithAudit();
            assertFalse(r.intact(), "the audit trail names the withdrawal");
            assertEquals(1, r.missing().size(), r::toString);
            assertTrue(k.audit().verify().intact(), "the audit trail itself is untouched");
        }
    }

    @Test
    void aDeletedMiddleEvent_isWaitedForLikeAnUncommittedOne_changesAfterItStillApply_andTheFeedPassesItAtTheGapBound() {
        SubjectId ana = SubjectId.of("ana");
        SubjectId bob = SubjectId.of("bob");
        MutableClock clock = MutableClock.of(T0);
        Duration bound = Duration.ofSeconds(1);
        Duration gapBound = Duration.ofSeconds(10);
        ConsentSettings settings = ConsentSettings.defaults().withStaleness(bound).withFeedGapBound(gapBound)
                .withSealKey(SecretBytes.copyOf(SEAL))
                .withReceiptSigner(Ed25519Signer.generate("receipts"), Instant.parse("2026-01-01T00:00:00Z"));
        AtomicLong nanos = new AtomicLong();
        PrivacyKit kitA = jpaKit(db.emf(), clock, ConsentSettings.defaults());
        PrivacyKit kitB = jpaKit(db.newEmf(Map.of()), clock, ConsentSettings.defaults());
        ConsentLedger a = NanoClockLedgers.open(kitA, clock, store(db.emf()), settings, nanos::get);
        ConsentLedger b = NanoClockLedgers.open(kitB, clock, store(db.newEmf(Map.of())), settings, nanos::get);
        a.grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        nanos.addAndGet(bound.toNanos());
        assertTrue(b.check(ana, MARKETING).permitted(), "b caches ana's grant (its feed at 1)");

        a.grant(bob, MARKETING, ConsentProof.of(Actor.subject(bob), ConsentChannel.WEB_ACCOUNT));
        clock.advance(Duration.ofMinutes(1));
        a.withdraw(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.WEB_ACCOUNT));
        sql("DELETE FROM cpp_consent_event WHERE seq = 2", 1);

        nanos.addAndGet(bound.toNanos());
        assertEquals(ConsentReason.CONSENT_WITHDRAWN, b.check(ana, MARKETING).reason(),
                "the feed waits at the deleted sequence 2, but evicts every subject it sees after it");
        assertFalse(b.check(bob, MARKETING).permitted(), "bob's only event is gone: no consent, no seal to break");
        assertFalse(kitA.consent().reconcileWithAudit().intact(), "only the audit trail can tell bob's event is gone");

        nanos.addAndGet(gapBound.toNanos());
        b.check(bob, MARKETING);
        nanos.addAndGet(bound.toNanos());
        b.check(bob, MARKETING); // past the gap bound: the cache is flushed and the feed passes the gap
        a.grant(ana, MARKETING, ConsentProof.of(Actor.subject(ana), ConsentChannel.PHONE));
        nanos.addAndGet(bound.toNanos());
        assertTrue(b.check(ana, MARKETING).permitted(), "the feed goes on after the gap");
    }

    @OnDatabase(DatabaseKind.H2)
    static class OnH2Test extends JpaConsentStoreTest {
        OnH2Test(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.POSTGRES)
    static class OnPostgresTest extends JpaConsentStoreTest {
        OnPostgresTest(TestDatabase db) {
            super(db);
        }
    }

    @OnDatabase(DatabaseKind.MARIADB)
    static class OnMariaDbTest extends JpaConsentStoreTest {
        OnMariaDbTest(TestDatabase db) {
            super(db);
        }
    }
}
