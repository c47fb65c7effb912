package ro.clickphone.privacy.jpa.source;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.jpa.BlindIndexer;
import ro.clickphone.privacy.jpa.JpaPersonalDataSource;
import ro.clickphone.privacy.jpa.RetentionTagging;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.RecordRef;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.source.DisposalAction;
import ro.clickphone.privacy.spi.source.ErasureResult;
import ro.clickphone.privacy.spi.source.ExportedRecord;
import ro.clickphone.privacy.spi.source.PersonalDataSource;
import ro.clickphone.privacy.spi.source.PersonalDataSourceContract;
import ro.clickphone.privacy.spi.source.Provenance;
import ro.clickphone.privacy.spi.source.Rectification;
import ro.clickphone.privacy.spi.source.Rectified;
import ro.clickphone.privacy.spi.source.Restriction;
import ro.clickphone.privacy.spi.source.SubjectRecord;

/**
 * {@link JpaPersonalDataSource} on each database: the spi contract over three test entities (an account with a
 * blind-indexed e-mail, a retained invoice, a call record), and what the contract cannot see — restrictions
 * that outlive the source instance, a restricted row kept from rectification and disposal, paged export,
 * all-or-nothing erasure, the caller's transaction, anonymization and the raw columns over JDBC.
 */
abstract class JpaPersonalDataSourceTest extends PersonalDataSourceContract {

    static final DataCategory CONTACT = DataCategory.of("CONTACT");
    static final DataCategory FINANCIAL = DataCategory.of("FINANCIAL");
    static final DataCategory TRAFFIC = DataCategory.of("TRAFFIC");
    static final String NAME = "jpa.test";
    static final SubjectId ANA = SubjectId.of("ana.popescu@example.ro");
    static final SubjectId BOB = SubjectId.of("+40721234567");

    private static final BlindIndex INDEX = BlindIndex.create(SecretBytes.copyOf(new byte[32]));
    /** The blind index the application's writers use, and the source given. */
    static final BlindIndexer INDEXER = (entity, field, value) ->
            INDEX.field(entity.toLowerCase(java.util.Locale.ROOT), field, Normalization.EXACT, 64).compute(value);

    private static final AtomicLong IDS = new AtomicLong(1000);

    TestDatabase db;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    JpaPersonalDataSource.Builder builder(EntityManagerFactory emf) {
        return JpaPersonalDataSource.builder(emf).name(NAME).blindIndexer(INDEXER);
    }

    @Override
    protected PersonalDataSource newSource() {
        return builder(db.emf()).build();
    }

    @Override
    protected RecordRef newRecord(PersonalDataSource source) {
        return newSubjectRecord(source, SubjectId.of("someone-" + IDS.incrementAndGet()), CONTACT,
                Map.of("email", "x" + IDS.incrementAndGet() + "@example.ro", "note", "a note"));
    }

    @Override
    protected boolean isDisposed(PersonalDataSource source, RecordRef record) {
        String[] parts = record.id().split(":", 2);
        String table = switch (parts[0]) {
            case "Account" -> "src_account";
            case "Invoice" -> "src_invoice";
            default -> "src_call_record";
        };
        boolean[] disposed = {true};
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id FROM " + table + " WHERE id = ?")) {
                if (parts[0].equals("Account")) {
                    s.setString(1, parts[1]);
                } else {
                    s.setLong(1, Long.parseLong(parts[1]));
                }
                try (ResultSet rs = s.executeQuery()) {
                    disposed[0] = !rs.next() || rs.getString(1) == null;
                }
            }
        });
        return disposed[0];
    }

    @Override
    protected RecordRef newSubjectRecord(PersonalDataSource source, SubjectId subject, DataCategory category,
            Map<String, String> fields) {
        Object entity;
        if (category.equals(CONTACT)) {
            String email = fields.get("email");
            entity = new Account(UUID.randomUUID().toString(), subject.value(), email,
                    email == null ? null : INDEXER.compute("Account", "notification_email", email), fields.get("note"));
        } else if (category.equals(FINANCIAL)) {
            entity = new Invoice(IDS.incrementAndGet(), subject.value(), fields.get("billingName"), 4200,
                    LocalDate.of(2024, 3, 15));
        } else {
            entity = new CallRecord((int) IDS.incrementAndGet(), subject.value(), fields.get("callee"), 61);
        }
        db.inTransaction(em -> {
            em.persist(entity);
            return null;
        });
        return ((JpaPersonalDataSource) source).recordOf(entity);
    }

    @Override
    protected List<String> fieldNames(DataCategory category) {
        if (category.equals(CONTACT)) {
            return List.of("email", "note");
        }
        return List.of(category.equals(FINANCIAL) ? "billingName" : "callee");
    }

    @Override
    protected Optional<Function<String, Set<RecordRef>>> searchableLookup(PersonalDataSource source,
            DataCategory category, String field) {
        if (category.equals(CONTACT) && field.equals("email")) {
            return Optional.of(value -> ((JpaPersonalDataSource) source).findBySearchable(category, field, value));
        }
        return Optional.empty();
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private RecordRef account(JpaPersonalDataSource source, SubjectId subject, String email) {
        return newSubjectRecord(source, subject, CONTACT, Map.of("email", email, "note", "n"));
    }

    private RecordRef call(JpaPersonalDataSource source, SubjectId subject, int id) {
        CallRecord entity = new CallRecord(id, subject.value(), "+40745" + id, 30);
        db.inTransaction(em -> {
            em.persist(entity);
            return null;
        });
        return source.recordOf(entity);
    }

    private Set<RecordRef> restrictedOf(PersonalDataSource source, SubjectId subject) {
        Set<RecordRef> out = new java.util.HashSet<>();
        source.find(subject, r -> {
            if (r.restricted()) {
                out.add(r.record());
            }
        });
        return out;
    }

    private Map<RecordRef, ExportedRecord> exportOf(PersonalDataSource source, SubjectId subject) {
        Map<RecordRef, ExportedRecord> out = new HashMap<>();
        source.export(subject, r -> out.put(r.record(), r));
        return out;
    }

    private String rawColumn(String sql, String id) {
        String[] out = {null};
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next(), "the row exists");
                    out[0] = rs.getString(1);
                }
            }
        });
        return out[0];
    }

    private static String idOf(RecordRef record) {
        return record.id().substring(record.id().indexOf(':') + 1);
    }

    // --- restriction: persisted, and what it keeps from processing -------------------------------------

    @Test
    void restriction_isStoredInItsTable_andSeenBySourcesOnAnotherFactory() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef record = account(source, ANA, "ana@example.ro");
        assertEquals(1, source.restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED")));

        JpaPersonalDataSource restarted = builder(db.newEmf(Map.of())).build();
        assertEquals(Set.of(record), restrictedOf(restarted, ANA), "another application instance sees it");
        int[] rows = {0};
        db.jdbc(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT source_name, record_id, ground, until_day FROM cpp_restriction")) {
                while (rs.next()) {
                    rows[0]++;
                    assertEquals(NAME, rs.getString(1));
                    assertEquals(record.id(), rs.getString(2));
                    assertEquals("ACCURACY_CONTESTED", rs.getString(3));
                    assertNull(rs.getString(4));
                }
            }
        });
        assertEquals(1, rows[0]);
        assertEquals(1, restarted.restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED").lifted()));
        assertEquals(Set.of(), restrictedOf(source, ANA));
    }

    @Test
    void restriction_twoGrounds_liftingOneKeepsTheRecordRestricted_andUntilIsReDated() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef record = newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        assertEquals(1, source.restrict(ANA, Restriction.of(Set.of(FINANCIAL), "FINANCIAL_RECORDS",
                Optional.of(LocalDate.of(2034, 12, 31)))));
        assertEquals(1, source.restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED")));
        assertEquals(1, source.restrict(ANA, Restriction.of(Set.of(FINANCIAL), "FINANCIAL_RECORDS",
                Optional.of(LocalDate.of(2035, 12, 31)))), "a new last day changes the record");
        assertEquals(LocalDate.of(2035, 12, 31).toString(),
                rawColumn("SELECT until_day FROM cpp_restriction WHERE ground = 'FINANCIAL_RECORDS' AND record_id = ?",
                        record.id()));
        assertEquals(1, source.restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED").lifted()));
        assertEquals(Set.of(record), restrictedOf(source, ANA), "FINANCIAL_RECORDS still stands");
    }

    // A restricted row is still exported (art. 18 restricts processing, not access), and no other processing
    // reaches it: rectification skips it (or refuses when it is named), disposal on a subject's ground is refused
    // and keeps the row; retention's own grounds do not block the disposal they wait for.
    @Test
    void restrictedRow_isExported_butNotRectified_norDisposedOf_untilLifted() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef contested = account(source, ANA, "old@example.ro");
        RecordRef free = account(source, ANA, "other@example.ro");
        source.restrict(ANA, Restriction.ofRecords(Set.of(contested), "OBJECTION_PENDING"));

        assertEquals(Set.of(contested, free), exportOf(source, ANA).keySet(), "both exported");

        List<Rectified> done = source.rectify(ANA, Rectification.of(CONTACT, "email", "new@example.ro"));
        assertEquals(List.of(free), done.stream().map(Rectified::record).toList(), "the restricted row is skipped");
        assertEquals("old@example.ro", exportOf(source, ANA).get(contested).fields().get("email"));
        InvalidInputException named = assertThrows(InvalidInputException.class, () -> source.rectify(ANA,
                new Rectification(CONTACT, "email", "new@example.ro", Optional.of(contested))));
        assertFalse(named.getMessage().contains(ANA.value()));
        assertEquals("old@example.ro", exportOf(source, ANA).get(contested).fields().get("email"));

        for (DisposalAction action : DisposalAction.values()) {
            StoreException refused = assertThrows(StoreException.class, () -> source.dispose(contested, action));
            assertFalse(refused.getMessage().contains(ANA.value()) || refused.getMessage().contains(idOf(contested)));
            assertFalse(isDisposed(source, contested), action.name());
        }
        assertEquals(Set.of(contested), restrictedOf(source, ANA));

        source.restrict(ANA, Restriction.ofRecords(Set.of(contested), "OBJECTION_PENDING").lifted());
        assertEquals(List.of(contested), source.rectify(ANA, new Rectification(CONTACT, "email", "new@example.ro",
                Optional.of(contested))).stream().map(Rectified::record).toList());
        source.dispose(contested, DisposalAction.DELETE);
        assertTrue(isDisposed(source, contested));
    }

    @Test
    void restrictedByRetentionGround_isDisposedOfAtItsEnd_andTheRestrictionGoesWithTheRow() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef kept = newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        source.restrict(ANA, Restriction.of(Set.of(FINANCIAL), "FINANCIAL_RECORDS", Optional.of(LocalDate.of(2034, 12,
                31))));
        source.dispose(kept, DisposalAction.CRYPTO_SHRED);
        assertTrue(isDisposed(source, kept));
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cpp_restriction")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no restriction outlives its row");
            }
        });
    }

    @Test
    void disposalBlockers_areConfigurable() {
        JpaPersonalDataSource strict = builder(db.emf()).disposalBlockedBy(Set.of("LEGAL_HOLD")).build();
        RecordRef held = account(strict, ANA, "ana@example.ro");
        RecordRef contested = account(strict, ANA, "ana2@example.ro");
        strict.restrict(ANA, Restriction.ofRecords(Set.of(held), "LEGAL_HOLD"));
        strict.restrict(ANA, Restriction.ofRecords(Set.of(contested), "ACCURACY_CONTESTED"));
        assertThrows(StoreException.class, () -> strict.dispose(held, DisposalAction.DELETE));
        strict.dispose(contested, DisposalAction.DELETE);
        assertFalse(isDisposed(strict, held));
        assertTrue(isDisposed(strict, contested));
    }

    // --- export: streaming, page by page ---------------------------------------------------------------

    // The source reads a page at a time: a row the subject gains while the export runs, past the rows already
    // read, is still exported. A source that loaded the subject's history at once would not see it.
    @Test
    void export_readsPageByPage_neverTheWholeHistoryAtOnce() {
        JpaPersonalDataSource source = builder(db.emf()).pageSize(3).build();
        List<RecordRef> calls = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            calls.add(call(source, ANA, 100 + i));
        }
        AtomicInteger seen = new AtomicInteger();
        List<RecordRef> exported = new ArrayList<>();
        EntityManagerFactory counted = db.newEmf(Map.of("hibernate.generate_statistics", "true"));
        org.hibernate.stat.Statistics stats = counted.unwrap(org.hibernate.SessionFactory.class).getStatistics();
        JpaPersonalDataSource countedSource = builder(counted).pageSize(3).build();
        countedSource.export(ANA, r -> assertEquals(stats.getSessionOpenCount(), stats.getSessionCloseCount(),
                "the page's persistence context is closed before the sink sees the page"));
        assertTrue(stats.getSessionOpenCount() >= 4, "one per page: " + stats.getSessionOpenCount());
        source.export(ANA, r -> {
            exported.add(r.record());
            if (seen.incrementAndGet() == 1) {
                calls.add(call(source, ANA, 500));
            }
            assertEquals(TRAFFIC, r.category());
            assertEquals(Provenance.OBSERVED, r.provenance());
        });
        assertEquals(calls, exported, "every row once, in id order, the late one included");
        assertEquals(Set.of("callee", "durationSeconds", "network", "tariff"), exportOf(source, ANA).values().iterator().next().fields()
                .keySet(), "no id, no subject, no index column");
    }

    @Test
    void find_pagesToo_andReportsEachRecordOnce() {
        JpaPersonalDataSource source = builder(db.emf()).pageSize(2).build();
        Set<RecordRef> made = new java.util.HashSet<>();
        for (int i = 1; i <= 5; i++) {
            made.add(call(source, ANA, 200 + i));
        }
        List<SubjectRecord> found = new ArrayList<>();
        source.find(ANA, found::add);
        assertEquals(5, found.size());
        assertEquals(made, found.stream().map(SubjectRecord::record).collect(java.util.stream.Collectors.toSet()));
    }

    // --- erasure: all or nothing, in the caller's transaction ------------------------------------------

    @Test
    void erase_thatFailsOnOneCategory_erasesNothing() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef contact = account(source, ANA, "ana@example.ro");
        RecordRef invoice = newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO src_invoice_line (id, invoice_id) VALUES (1, ?)")) {
                s.setLong(1, Long.parseLong(idOf(invoice)));
                s.executeUpdate();
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> source.erase(ANA, Set.of(CONTACT, FINANCIAL)));
        assertFalse(e.getMessage().contains(ANA.value()), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(ANA.value()), "no cause carries the subject");
        }
        assertFalse(isDisposed(source, contact), "CONTACT was erased first, and rolled back with the rest");
        assertFalse(isDisposed(source, invoice));
    }

    @Test
    void erase_inTheCallersTransaction_isUndoneByItsRollback() {
        EntityManager caller = db.emf().createEntityManager();
        JpaPersonalDataSource source = builder(db.emf()).currentEntityManager(() -> caller).build();
        RecordRef contact = account(source, ANA, "ana@example.ro");
        caller.getTransaction().begin();
        ErasureResult result = source.erase(ANA, Set.of(CONTACT));
        assertEquals(1, result.total());
        caller.getTransaction().rollback();
        caller.close();
        assertFalse(isDisposed(source, contact));
        assertEquals(1, source.erase(ANA, Set.of(CONTACT)).total());
    }

    // Erasures alone, racing on two factories: the counts add up to the rows, exactly.
    @Test
    void erasures_fromTwoFactoriesAtOnce_countEachRowExactlyOnce() throws Exception {
        List<JpaPersonalDataSource> sources = List.of(builder(db.emf()).pageSize(4).build(),
                builder(db.newEmf(Map.of())).pageSize(4).build());
        for (int i = 1; i <= 12; i++) {
            call(sources.get(0), ANA, 600 + i);
        }
        List<Integer> erased = ro.clickphone.privacy.spi.testkit.Race.race(4,
                n -> () -> sources.get(n % 2).erase(ANA, Set.of(TRAFFIC)).total());
        assertEquals(12, erased.stream().mapToInt(Integer::intValue).sum(), erased.toString());
        assertEquals(List.of(), foundOf(sources.get(1), ANA));
    }

    // The issue: concurrent writers on two EntityManagerFactory instances (two application instances).
    @Test
    void eraseAndDispose_fromTwoFactoriesAtOnce_eraseEachRowOnce() throws Exception {
        List<JpaPersonalDataSource> sources = List.of(builder(db.emf()).pageSize(4).build(),
                builder(db.newEmf(Map.of())).pageSize(4).build());
        List<RecordRef> calls = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            calls.add(call(sources.get(0), ANA, 300 + i));
        }
        List<Integer> erased = ro.clickphone.privacy.spi.testkit.Race.race(6, n -> () -> {
            JpaPersonalDataSource source = sources.get(n % 2);
            if (n < 2) {
                source.dispose(calls.get(n), DisposalAction.DELETE);
                return 0;
            }
            return source.erase(ANA, Set.of(TRAFFIC)).total();
        });
        // The two rows disposed of may go before the erasures reach them: 10 to 12 erased, never one twice.
        int total = erased.stream().mapToInt(Integer::intValue).sum();
        assertTrue(total >= calls.size() - 2 && total <= calls.size(), "each row counted once: " + erased);
        assertTrue(calls.stream().allMatch(c -> isDisposed(sources.get(1), c)));
        assertEquals(List.of(), foundOf(sources.get(1), ANA));
    }

    private List<SubjectRecord> foundOf(PersonalDataSource source, SubjectId subject) {
        List<SubjectRecord> out = new ArrayList<>();
        source.find(subject, out::add);
        return out;
    }

    // --- anonymization and raw columns -----------------------------------------------------------------

    @Test
    void anonymize_nullsEveryPersonalColumn_keepsNotPersonalOnes() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef invoice = newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        RecordRef account = account(source, ANA, "ana@example.ro");
        source.dispose(invoice, DisposalAction.ANONYMIZE);
        source.dispose(account, DisposalAction.ANONYMIZE);
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT customer_id, billing_name, amount_cents, invoice_date FROM src_invoice WHERE id = ?")) {
                s.setLong(1, Long.parseLong(idOf(invoice)));
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertNull(rs.getString(1));
                    assertNull(rs.getString(2));
                    assertEquals(4200, rs.getLong(3));
                    assertEquals(LocalDate.of(2024, 3, 15), rs.getObject(4, LocalDate.class));
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT customer_id, email, email_index, note FROM src_account WHERE id = ?")) {
                s.setString(1, idOf(account));
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    for (int i = 1; i <= 4; i++) {
                        assertNull(rs.getString(i), "column " + i);
                    }
                }
            }
        });
        assertEquals(Map.of(), exportOf(source, ANA), "an anonymized row is nobody's");
    }

    @Test
    void rectify_writesTheIndexColumnTheWritersCompute() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef account = account(source, ANA, "ana@example.ro");
        source.rectify(ANA, Rectification.of(CONTACT, "email", "ana.new@example.ro"));
        assertEquals(INDEXER.compute("Account", "notification_email", "ana.new@example.ro"),
                rawColumn("SELECT email_index FROM src_account WHERE id = ?", idOf(account)));
        assertEquals(Set.of(account), source.findBySearchable(CONTACT, "email", "ana.new@example.ro"));
    }

    /**
     * After a search-key rotation the indexer gives the index of every active version: a row written before
     * it (version 1) and one rectified after it (written under version 2) are both found; once the old
     * version is retired, only the re-indexed one; an indexer that gives no candidate is a configuration error.
     */
    @Test
    void findBySearchable_matchesEveryCandidate_rectifyWritesTheCurrentVersion() {
        byte[] second = new byte[32];
        java.util.Arrays.fill(second, (byte) 7);
        BlindIndex rotated = BlindIndex.create(SearchKeys.of(1, SecretBytes.copyOf(new byte[32]))
                .withVersion(2, SecretBytes.copyOf(second)));
        BlindIndexer versioned = new BlindIndexer() {
            @Override
            public String compute(String entity, String field, String value) {
                return rotated.field(entity.toLowerCase(java.util.Locale.ROOT), field, Normalization.EXACT, 64)
                        .compute(value);
            }

            @Override
            public List<String> candidates(String entity, String field, String value) {
                return rotated.field(entity.toLowerCase(java.util.Locale.ROOT), field, Normalization.EXACT, 64)
                        .candidates(value);
            }
        };
        JpaPersonalDataSource source = JpaPersonalDataSource.builder(db.emf()).name(NAME).blindIndexer(versioned)
                .build();
        RecordRef before = account(source, ANA, "ana@example.ro");   // indexed under version 1
        RecordRef after = account(source, BOB, "bob@example.ro");
        source.rectify(BOB, Rectification.of(CONTACT, "email", "ana@example.ro"));
        assertTrue(rawColumn("SELECT email_index FROM src_account WHERE id = ?", idOf(after)).startsWith("v2."));
        assertEquals(Set.of(before, after), source.findBySearchable(CONTACT, "email", "ana@example.ro"));
        assertEquals(Set.of(before), builder(db.emf()).build().findBySearchable(CONTACT, "email", "ana@example.ro"),
                "an indexer of one version (compute only) looks up its one value");
        rotated.field("account", "notification_email", Normalization.EXACT, 64).retire(1);
        assertEquals(Set.of(after), source.findBySearchable(CONTACT, "email", "ana@example.ro"));

        JpaPersonalDataSource empty = JpaPersonalDataSource.builder(db.emf()).name(NAME).blindIndexer(new BlindIndexer() {
            @Override
            public String compute(String entity, String field, String value) {
                return INDEXER.compute(entity, field, value);
            }

            @Override
            public List<String> candidates(String entity, String field, String value) {
                return List.of();
            }
        }).build();
        assertThrows(ConfigurationException.class, () -> empty.findBySearchable(CONTACT, "email", "ana@example.ro"));

        // a custom indexer that gives a null candidate, or computes null (the default candidates): a typed error
        JpaPersonalDataSource withNull = JpaPersonalDataSource.builder(db.emf()).name(NAME).blindIndexer(new BlindIndexer() {
            @Override
            public String compute(String entity, String field, String value) {
                return INDEXER.compute(entity, field, value);
            }

            @Override
            public List<String> candidates(String entity, String field, String value) {
                return java.util.Arrays.asList(compute(entity, field, value), null);
            }
        }).build();
        ConfigurationException nullCandidate = assertThrows(ConfigurationException.class,
                () -> withNull.findBySearchable(CONTACT, "email", "ana@example.ro"));
        assertTrue(nullCandidate.getMessage().contains("null candidate"), nullCandidate.getMessage());
        assertFalse(nullCandidate.getMessage().contains("ana@"), "no value in the message");
        JpaPersonalDataSource computesNull = JpaPersonalDataSource.builder(db.emf()).name(NAME)
                .blindIndexer((entity, field, value) -> null).build();
        assertThrows(ConfigurationException.class, () -> computesNull.findBySearchable(CONTACT, "email", "ana@example.ro"));
    }

    @Test
    void rectify_ofAFieldThatIsNoText_orNotExported_isInvalidInput() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        account(source, ANA, "ana@example.ro");
        assertThrows(InvalidInputException.class, () -> source.rectify(ANA, Rectification.of(FINANCIAL, "amountCents",
                "1")));
        assertThrows(InvalidInputException.class, () -> source.rectify(ANA, Rectification.of(CONTACT, "emailIndex",
                "x")));
        assertThrows(InvalidInputException.class, () -> source.rectify(ANA, Rectification.of(CONTACT, "customerId",
                "x")));
    }

    // --- record references and the retention tagging --------------------------------------------------

    @Test
    void recordRefs_areStable_andTheTaggingUsesTheSameOnes() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        Invoice invoice = new Invoice(77L, ANA.value(), "Ana Popescu", 100, LocalDate.of(2024, 3, 15));
        db.inTransaction(em -> {
            em.persist(invoice);
            return null;
        });
        RecordRef ref = source.recordOf(invoice);
        assertEquals(RecordRef.of(NAME, "Invoice:77"), ref);
        java.time.ZoneId bucharest = java.time.ZoneId.of("Europe/Bucharest");
        RetentionTagging.Tagging tagging = RetentionTagging.describe(NAME, db.emf(), invoice, bucharest,
                java.time.Instant.EPOCH).orElseThrow();
        assertEquals(ref, tagging.record());
        assertEquals(ANA, tagging.subject());
        assertEquals(FINANCIAL, tagging.category());
        assertEquals(LocalDate.of(2024, 3, 15).atStartOfDay(bucharest).toInstant(), tagging.anchor());
        assertEquals(Optional.empty(), RetentionTagging.describe(NAME, db.emf(), new CallRecord(1, "x", "y", 1),
                bucharest, java.time.Instant.EPOCH), "not @Retained: nothing to tag");
        source.dispose(tagging.record(), DisposalAction.DELETE);
        assertTrue(isDisposed(source, ref), "dispose understands the tagged reference");
        assertThrows(InvalidInputException.class, () -> source.recordOf("not an entity"));
    }

    // A reference of the source's form that names no entity (renamed since it was tagged) or an id the entity
    // cannot have is no "already gone": the sweep must see a failure, not mark the record disposed of.
    @Test
    void dispose_ofUnrecognisedOwnReferences_isANonRetryableStoreFailure_andTouchesNothing() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef call = call(source, ANA, 42);
        source.dispose(RecordRef.of(NAME, "42"), DisposalAction.DELETE); // no colon: never existed here
        for (String id : List.of("CallRecord:042", "CallRecord:x", "Nothing:42", "CallRecord:", ":42",
                "callrecord:42")) {
            for (DisposalAction action : DisposalAction.values()) {
                StoreException e = assertThrows(StoreException.class,
                        () -> source.dispose(RecordRef.of(NAME, id), action), id);
                assertFalse(e.isRetryable(), id);
                assertFalse(e.getMessage().contains(id), e.getMessage());
            }
        }
        assertFalse(isDisposed(source, call));
    }

    // --- review fixes: anonymization vs stale writers, all-or-nothing, contested rows, races ------------

    // Anonymization moves the @Version on: a persistence context that loaded the row before cannot write
    // the e-mail back into the now nobody's row.
    @Test
    void anonymize_bumpsTheVersion_soAStaleWriterCannotWriteTheDataBack() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef account = account(source, ANA, "ana@example.ro");
        EntityManager stale = db.newEmf(Map.of()).createEntityManager();
        Account loaded = stale.find(Account.class, idOf(account));
        assertEquals("ana@example.ro", loaded.getEmail());
        source.dispose(account, DisposalAction.ANONYMIZE);
        stale.getTransaction().begin();
        loaded.setNote("updated by a stale writer");
        Throwable failure = assertThrows(jakarta.persistence.PersistenceException.class,
                () -> stale.getTransaction().commit());
        boolean optimistic = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            optimistic |= t instanceof jakarta.persistence.OptimisticLockException
                    || t.getClass().getName().contains("StaleObjectState");
        }
        assertTrue(optimistic, failure.toString());
        stale.close();
        assertNull(rawColumn("SELECT email FROM src_account WHERE id = ?", idOf(account)));
        assertNull(rawColumn("SELECT customer_id FROM src_account WHERE id = ?", idOf(account)));
        assertNull(rawColumn("SELECT note FROM src_account WHERE id = ?", idOf(account)));
    }

    // The index is computed before the row is touched: an indexer failure leaves the entity as it was, so the
    // caller's commit writes nothing half-corrected.
    @Test
    void rectify_whoseIndexerFails_leavesTheRowAsItWas() {
        EntityManager caller = db.emf().createEntityManager();
        JpaPersonalDataSource failing = JpaPersonalDataSource.builder(db.emf()).name(NAME)
                .currentEntityManager(() -> caller).blindIndexer((entity, field, value) -> {
                    throw new InvalidInputException("value", "refused by the indexer");
                }).build();
        RecordRef account = account(failing, ANA, "ana@example.ro");
        caller.getTransaction().begin();
        assertThrows(InvalidInputException.class, () -> failing.rectify(ANA, new Rectification(CONTACT, "email",
                "new@example.ro", Optional.of(account))));
        caller.getTransaction().commit();
        caller.close();
        assertEquals(INDEXER.compute("Account", "notification_email", "ana@example.ro"),
                rawColumn("SELECT email_index FROM src_account WHERE id = ?", idOf(account)));
        assertEquals(1, builder(db.emf()).build().findBySearchable(CONTACT, "email", "ana@example.ro").size());
        assertEquals("ana@example.ro", exportOf(builder(db.emf()).build(), ANA).get(account).fields().get("email"));
    }

    // A rectification that fails after correcting a first row marks the caller's transaction rollback-only.
    @Test
    void rectify_thatFailsAfterAWrite_marksTheCallersTransactionRollbackOnly() {
        EntityManager caller = db.emf().createEntityManager();
        AtomicInteger calls = new AtomicInteger();
        JpaPersonalDataSource failing = JpaPersonalDataSource.builder(db.emf()).name(NAME)
                .currentEntityManager(() -> caller).blindIndexer((entity, field, value) -> {
                    if (calls.incrementAndGet() > 1) {
                        throw new InvalidInputException("value", "refused by the indexer");
                    }
                    return INDEXER.compute(entity, field, value);
                }).build();
        RecordRef one = account(failing, ANA, "one@example.ro");
        RecordRef two = account(failing, ANA, "two@example.ro");
        caller.getTransaction().begin();
        assertThrows(InvalidInputException.class, () -> failing.rectify(ANA, Rectification.of(CONTACT, "email",
                "new@example.ro")));
        assertTrue(caller.getTransaction().getRollbackOnly(), "the caller cannot commit a part");
        caller.getTransaction().rollback();
        caller.close();
        Map<RecordRef, ExportedRecord> left = exportOf(builder(db.emf()).build(), ANA);
        assertEquals("one@example.ro", left.get(one).fields().get("email"));
        assertEquals("two@example.ro", left.get(two).fields().get("email"));
    }

    @Test
    void erase_thatHitsAForeignKey_inTheCallersTransaction_marksItRollbackOnly() {
        EntityManager caller = db.emf().createEntityManager();
        JpaPersonalDataSource source = builder(db.emf()).currentEntityManager(() -> caller).build();
        RecordRef contact = account(source, ANA, "ana@example.ro");
        RecordRef invoice = newSubjectRecord(source, ANA, FINANCIAL, Map.of("billingName", "Ana Popescu"));
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO src_invoice_line (id, invoice_id) VALUES (1, ?)")) {
                s.setLong(1, Long.parseLong(idOf(invoice)));
                s.executeUpdate();
            }
        });
        caller.getTransaction().begin();
        assertThrows(StoreException.class, () -> source.erase(ANA, Set.of(CONTACT, FINANCIAL)));
        assertTrue(caller.getTransaction().getRollbackOnly(), "CONTACT was deleted first: nothing may commit");
        caller.getTransaction().rollback();
        caller.close();
        assertFalse(isDisposed(source, contact));
    }

    // Correcting a contested record settles the contest (art. 18(1)(a)): the row is corrected, the
    // ACCURACY_CONTESTED restriction lifted in the same transaction, and the row can be disposed of again.
    @Test
    void rectify_ofAContestedRecord_correctsIt_andLiftsTheContest() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        RecordRef contested = account(source, ANA, "old@example.ro");
        RecordRef named = account(source, ANA, "named@example.ro");
        source.restrict(ANA, Restriction.of(Set.of(CONTACT), "ACCURACY_CONTESTED", Optional.empty()));
        assertEquals(Set.of(contested, named), restrictedOf(source, ANA));
        assertThrows(StoreException.class, () -> source.dispose(contested, DisposalAction.DELETE));

        assertEquals(List.of(named), source.rectify(ANA, new Rectification(CONTACT, "email", "new@example.ro",
                Optional.of(named))).stream().map(Rectified::record).toList());
        assertEquals(Set.of(contested), restrictedOf(source, ANA), "the named record's contest is settled");
        assertEquals(Set.of(contested, named), Set.copyOf(source.rectify(ANA, Rectification.of(CONTACT, "email",
                "new@example.ro")).stream().map(Rectified::record).toList()));
        assertEquals("new@example.ro", exportOf(source, ANA).get(contested).fields().get("email"));
        assertEquals(Set.of(), restrictedOf(source, ANA));
        source.dispose(contested, DisposalAction.DELETE);
        assertTrue(isDisposed(source, contested));
    }

    // A restriction whose last day has passed no longer blocks disposal (nor counts as restricting).
    @Test
    void restriction_whoseLastDayHasPassed_doesNotBlockDisposal() {
        java.time.Clock today = java.time.Clock.fixed(java.time.Instant.parse("2030-06-01T12:00:00Z"),
                java.time.ZoneOffset.UTC);
        JpaPersonalDataSource source = builder(db.emf()).clock(today).build();
        RecordRef ended = account(source, ANA, "ended@example.ro");
        RecordRef standing = account(source, ANA, "standing@example.ro");
        source.restrict(ANA, new Restriction(Set.of(), Set.of(ended), "OBJECTION_PENDING",
                Optional.of(LocalDate.of(2030, 5, 31)), false));
        source.restrict(ANA, new Restriction(Set.of(), Set.of(standing), "OBJECTION_PENDING",
                Optional.of(LocalDate.of(2030, 6, 1)), false));
        assertEquals(Set.of(standing), restrictedOf(source, ANA));
        assertThrows(StoreException.class, () -> source.dispose(standing, DisposalAction.DELETE));
        source.dispose(ended, DisposalAction.DELETE);
        assertTrue(isDisposed(source, ended));
    }

    @Test
    void rectify_ofABusinessOrNonUpdatableColumn_isInvalidInput_namingTheFieldNotTheValue() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        call(source, ANA, 7);
        for (String field : List.of("tariff", "network", "durationSeconds")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> source.rectify(ANA, Rectification.of(TRAFFIC, field, "secret-value")));
            assertTrue(e.getMessage().contains(field), e.getMessage());
            assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
        }
        assertEquals(1, source.rectify(ANA, Rectification.of(TRAFFIC, "callee", "+40745999999")).size());
    }

    private int restrictionRows() {
        int[] n = {0};
        db.jdbc(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cpp_restriction")) {
                rs.next();
                n[0] = rs.getInt(1);
            }
        });
        return n[0];
    }

    // Disposal and restriction of one record race on two factories: either the restriction wins (the disposal
    // is refused and the row kept, restricted) or the disposal wins (restrict answers 0, no orphan restriction).
    @Test
    void disposeAndRestrict_fromTwoFactoriesAtOnce_neverLeaveAnOrphanOrADisposedRestrictedRow() throws Exception {
        // show_sql: the build log shows the row locks ("for update") the two take before touching restrictions
        List<JpaPersonalDataSource> sources = List.of(builder(db.emf()).build(),
                builder(db.newEmf(Map.of("hibernate.show_sql", "true"))).build());
        for (int round = 0; round < 10; round++) {
            RecordRef record = call(sources.get(0), ANA, 700 + round);
            List<Integer> out = ro.clickphone.privacy.spi.testkit.Race.race(2, n -> () -> {
                if (n == 0) {
                    try {
                        sources.get(0).dispose(record, DisposalAction.DELETE);
                        return -1;
                    } catch (StoreException e) {
                        return -2;
                    }
                }
                return sources.get(1).restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED"));
            });
            if (out.get(1) == 1) {
                assertEquals(-2, out.get(0), "a restricted row is not disposed of");
                assertFalse(isDisposed(sources.get(0), record));
                assertEquals(1, restrictionRows());
                sources.get(0).restrict(ANA, Restriction.ofRecords(Set.of(record), "ACCURACY_CONTESTED").lifted());
            } else {
                assertEquals(List.of(-1, 0), out);
                assertTrue(isDisposed(sources.get(0), record));
                assertEquals(0, restrictionRows(), "no orphan restriction");
            }
        }
    }

    @Test
    void identicalRestrictions_fromTwoFactoriesAtOnce_bothSucceed_oneChanges() throws Exception {
        List<JpaPersonalDataSource> sources = List.of(builder(db.emf()).build(),
                builder(db.newEmf(Map.of())).build());
        for (int round = 0; round < 5; round++) {
            RecordRef record = call(sources.get(0), ANA, 800 + round);
            List<Integer> out = ro.clickphone.privacy.spi.testkit.Race.race(2, n -> () -> sources.get(n)
                    .restrict(ANA, Restriction.ofRecords(Set.of(record), "OBJECTION_PENDING")));
            assertEquals(1, out.get(0) + out.get(1), out.toString());
        }
        assertEquals(5, restrictionRows());
    }

    @Test
    void blindIndexWithoutIndexer_isAConfigurationError() {
        assertThrows(ConfigurationException.class, () -> JpaPersonalDataSource.builder(db.emf()).name(NAME).build());
    }

    @Test
    void toString_namesNoSubject() {
        JpaPersonalDataSource source = builder(db.emf()).build();
        assertEquals("JpaPersonalDataSource[jpa.test, [Account, CallRecord, Invoice]]", source.toString());
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnH2Test extends JpaPersonalDataSourceTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnPostgresTest extends JpaPersonalDataSourceTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-jpa"},
            entities = {Account.class, Invoice.class, CallRecord.class})
    static class OnMariaDbTest extends JpaPersonalDataSourceTest {
    }
}
