package ro.clickphone.privacy.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rekey.ReencryptJob;
import ro.clickphone.privacy.core.rekey.ReindexJob;
import ro.clickphone.privacy.core.rekey.RekeyProgress;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.hibernate.entities.RekeyCustomer;
import ro.clickphone.privacy.jpa.JpaStores;
import ro.clickphone.privacy.jpa.testing.DatabaseKind;
import ro.clickphone.privacy.jpa.testing.OnDatabase;
import ro.clickphone.privacy.jpa.testing.TestDatabase;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.memory.Stores;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * The test on each database, through the hibernate module's sources: 10 000 customers, the search
 * key (then the data keys) rotated after the first 5 000; both halves found; the job crashed twice — once by
 * a statement that fails in the middle of a batch's transaction (a statement inspector throws on the n-th
 * UPDATE, so the batch's earlier UPDATEs must roll back), once between the batch's commit and its checkpoint
 * — and resumed each time by a new job instance; finished; no row skipped (every row read back over JDBC);
 * the old version retired, after which queries still find every row and no longer match the old value.
 */
abstract class RekeyJobsTest {

    private static final int ROWS = 10_000;
    private static final int SUBJECTS = 50;
    private static final int BATCH = 500;

    /** Throws on the n-th UPDATE of the customers' table once armed: a failure inside a batch's transaction. */
    static final AtomicInteger UPDATES_UNTIL_CRASH = new AtomicInteger(-1);
    static final StatementInspector CRASH = sql -> {
        if (sql.toLowerCase(Locale.ROOT).startsWith("update hb_rekey_customer")
                && UPDATES_UNTIL_CRASH.get() > 0 && UPDATES_UNTIL_CRASH.decrementAndGet() == 0) {
            throw new IllegalStateException("injected crash in the middle of a batch");
        }
        return sql;
    };

    private final List<EntityManagerFactory> factories = new ArrayList<>();
    private final List<PrivacyKit> kits = new ArrayList<>();
    private TestDatabase db;
    private Stores stores;
    private Pkcs12KeyEncryptionKeyProvider kek;

    @BeforeEach
    void open(TestDatabase db) throws IOException {
        this.db = db;
        UPDATES_UNTIL_CRASH.set(-1);
        stores = InMemoryStores.create();
        kek = Pkcs12KeyEncryptionKeyProvider.create(Files.createTempDirectory("cpp-rekey").resolve("kek.p12"),
                "pw".toCharArray(), "kek");
    }

    @AfterEach
    void close() {
        factories.forEach(EntityManagerFactory::close);
        kits.forEach(PrivacyKit::close);
    }

    private static SecretBytes root(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 17 + i);
        }
        return SecretBytes.copyOf(k);
    }

    /** An application instance: a kit over the shared key store and KEK, with these search keys, and its factory. */
    private EntityManagerFactory instance(SearchKeys searchKeys) {
        PrivacyKit kit = PrivacyKit.builder().stores(stores).policy(Policy.clickPhoneDefault()).clock(Clock.systemUTC())
                .keys(KeySettings.of(kek)).searchableFields(searchKeys).build();
        kits.add(kit);
        Map<String, Object> properties = new HashMap<>();
        properties.put(FieldEncryption.KIT, kit);
        properties.put("hibernate.session_factory.statement_inspector", CRASH);
        properties.put("hibernate.jdbc.batch_size", "100");
        EntityManagerFactory emf = Units.emf(db.jdbcUrl(), properties, RekeyCustomer.class);
        factories.add(emf);
        return emf;
    }

    private PrivacyKit kitOf(int i) {
        return kits.get(i);
    }

    static String email(long id) {
        return "User" + id + "@Example.ro";
    }

    static String subject(long id) {
        return "acct-" + (id % SUBJECTS);
    }

    private static void insert(EntityManagerFactory emf, long from, long to) {
        try (StatelessSession s = emf.unwrap(SessionFactory.class).openStatelessSession()) {
            s.getTransaction().begin();
            for (long id = from; id <= to; id++) {
                s.insert(new RekeyCustomer(id, subject(id), email(id)));
            }
            s.getTransaction().commit();
        }
    }

    /** The stored (id, email, email_index) of every row, as the attacker and the auditor read them. */
    private Map<Long, String[]> raw() {
        Map<Long, String[]> out = new HashMap<>();
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, email, email_index FROM hb_rekey_customer");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        });
        return out;
    }

    private static Optional<Long> findByEmail(EntityManagerFactory emf, String email) {
        List<String> candidates = FieldEncryption.blindIndexCandidates(emf, RekeyCustomer.class, "email", email);
        List<RekeyCustomer> found = Units.inTransaction(emf, em -> em.createQuery(
                "from RekeyCustomer c where c.emailIndex in (:i)", RekeyCustomer.class).setParameter("i", candidates)
                .getResultList());
        assertTrue(found.size() <= 1);
        found.forEach(c -> assertEquals(email, c.getEmail()));
        return found.stream().findFirst().map(RekeyCustomer::getId);
    }

    /** Fails on the n-th save from when it is armed, without saving: a crash after the batch committed. */
    private static final class CrashingCheckpoints implements JobCheckpointStore {
        private final JobCheckpointStore delegate;
        private int savesUntilCrash = -1;

        CrashingCheckpoints(JobCheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<JobCheckpoint> find(String jobId) {
            return delegate.find(jobId);
        }

        @Override
        public boolean save(JobCheckpoint checkpoint) {
            if (savesUntilCrash > 0 && --savesUntilCrash == 0) {
                throw new StoreException("injected crash before the checkpoint", true, null);
            }
            return delegate.save(checkpoint);
        }

        @Override
        public boolean delete(String jobId) {
            return delegate.delete(jobId);
        }
    }

    @Test
    void reindex_rotateHalfWay_crashTwice_finish_retire() {
        SearchKeys v1 = SearchKeys.of(1, root(1));
        EntityManagerFactory before = instance(v1);
        insert(before, 1, ROWS / 2);
        EntityManagerFactory after = instance(v1.withVersion(2, root(2))); // the restarted instance, key rotated
        insert(after, ROWS / 2 + 1, ROWS);
        BlindIndexField field = FieldEncryption.blindIndexField(after, RekeyCustomer.class, "email");
        BlindIndexField oldField = FieldEncryption.blindIndexField(before, RekeyCustomer.class, "email");

        Map<Long, String[]> stored = raw();
        assertEquals(ROWS, stored.size());
        assertEquals(ROWS / 2, stored.values().stream().filter(r -> field.isCurrent(r[1])).count());
        for (long id : new long[] {1, 2_345, 5_000, 5_001, 7_777, 10_000}) {
            assertEquals(Optional.of(id), findByEmail(after, email(id)), "row " + id + " before the re-index");
        }

        // a database writer relabels one row's version 1 index as version 2: its form says current
        String relabelled = "v2." + oldField.compute(email(9_999));
        db.jdbc(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE hb_rekey_customer SET email_index = ? WHERE id = ?")) {
                u.setString(1, relabelled);
                u.setLong(2, 9_999);
                assertEquals(1, u.executeUpdate());
            }
        });
        assertTrue(field.isCurrent(relabelled));

        RekeySource source = FieldEncryption.reindexSource(after, RekeyCustomer.class, "email");
        CrashingCheckpoints checkpoints = new CrashingCheckpoints(JpaStores.jobCheckpoints(db.emf()));
        String job = "reindex:rekey_customer.email";
        assertEquals(ROWS / 2, ReindexJob.of(job, source, field, checkpoints).remaining());

        // crash 1: the 3rd batch's 100th UPDATE fails inside its transaction
        UPDATES_UNTIL_CRASH.set(2 * BATCH + 100);
        assertThrows(StoreException.class, ReindexJob.of(job, source, field, checkpoints).withBatchSize(BATCH)::run);
        assertEquals(2 * BATCH, raw().values().stream().filter(r -> r[1].startsWith("v2.")).count() - ROWS / 2,
                "the failed batch's 99 UPDATEs were rolled back");
        assertEquals(2, ReindexJob.of(job, source, field, checkpoints).progress().batches());

        // crash 2, a new instance of the job: the 2nd batch commits, its checkpoint is lost
        checkpoints.savesUntilCrash = 2;
        assertThrows(StoreException.class, ReindexJob.of(job, source, field, checkpoints).withBatchSize(BATCH)::run);
        assertEquals(3, ReindexJob.of(job, source, field, checkpoints).progress().batches());
        assertEquals(4 * BATCH, raw().values().stream().filter(r -> r[1].startsWith("v2.")).count() - ROWS / 2);

        // a third instance finishes
        RekeyProgress done = ReindexJob.of(job, source, field, checkpoints).withBatchSize(BATCH).run();
        assertTrue(done.finished());
        assertEquals(OptionalLong.of(0), done.remaining());
        assertEquals(ROWS, done.scanned());
        assertEquals(ROWS, done.moved() + done.alreadyCurrent());
        assertEquals(ROWS / 2 - BATCH + 1, done.moved(), "the batch whose checkpoint was lost is found current; the"
                + " relabelled row is moved");
        assertEquals(0, done.failed());

        // no row skipped: every row's stored index is the current version's of its e-mail
        Map<Long, String[]> moved = raw();
        assertEquals(ROWS, moved.size());
        moved.forEach((id, r) -> assertEquals(field.compute(email(id)), r[1], "row " + id));

        // retire version 1: every row is still found, the old value no longer matches
        String oldIndex = oldField.compute(email(42));
        assertTrue(FieldEncryption.blindIndexCandidates(after, RekeyCustomer.class, "email", email(42)).contains(oldIndex));
        ReindexJob.of(job, source, field, checkpoints).retire(1);
        assertEquals(List.of(field.compute(email(42))),
                FieldEncryption.blindIndexCandidates(after, RekeyCustomer.class, "email", email(42)));
        for (long id = 1; id <= ROWS; id += 499) {
            assertEquals(Optional.of(id), findByEmail(after, email(id)), "row " + id + " after the retirement");
        }
        assertEquals(0L, (long) Units.inTransaction(after, em -> em.createQuery(
                "select count(c) from RekeyCustomer c where c.emailIndex = :i", Long.class).setParameter("i", oldIndex)
                .getSingleResult()));
    }

    @Test
    void reencrypt_rotateHalfWay_crashTwice_finish_retire() {
        EntityManagerFactory emf = instance(SearchKeys.of(1, root(1)));
        PrivacyKit kit = kitOf(0);
        FieldContext context = FieldEncryption.fieldContext(emf, RekeyCustomer.class, "email");
        insert(emf, 1, ROWS / 2);
        for (int s = 0; s < SUBJECTS; s++) {
            kit.keys().rotate(SubjectId.of("acct-" + s), context.scope());
        }
        insert(emf, ROWS / 2 + 1, ROWS);
        Map<Long, String[]> before = raw();
        assertEquals(ROWS / 2, before.values().stream().filter(r -> kit.fields().keyVersion(r[0]) == 1).count());
        for (long id : new long[] {1, 5_000, 5_001, 10_000}) {
            assertEquals(email(id), Units.inTransaction(emf, em -> em.find(RekeyCustomer.class, id)).getEmail());
        }

        RekeySource source = FieldEncryption.reencryptSource(emf, RekeyCustomer.class, "email");
        CrashingCheckpoints checkpoints = new CrashingCheckpoints(JpaStores.jobCheckpoints(db.emf()));
        String job = "reencrypt:rekey_customer.email";
        assertEquals(ROWS / 2, ReencryptJob.of(job, source, kit.fields(), context, checkpoints).remaining());

        UPDATES_UNTIL_CRASH.set(3 * BATCH + 250);
        assertThrows(StoreException.class,
                ReencryptJob.of(job, source, kit.fields(), context, checkpoints).withBatchSize(BATCH)::run);
        assertEquals(3 * BATCH, raw().values().stream().filter(r -> kit.fields().keyVersion(r[0]) == 2).count() - ROWS / 2,
                "the failed batch's 249 UPDATEs were rolled back");
        checkpoints.savesUntilCrash = 1;
        assertThrows(StoreException.class,
                ReencryptJob.of(job, source, kit.fields(), context, checkpoints).withBatchSize(BATCH)::run);
        RekeyProgress done = ReencryptJob.of(job, source, kit.fields(), context, checkpoints).withBatchSize(BATCH).run();
        assertTrue(done.finished());
        assertEquals(OptionalLong.of(0), done.remaining());
        assertEquals(ROWS, done.moved() + done.alreadyCurrent());
        assertEquals(0, done.failed());

        Map<Long, String[]> after = raw();
        after.forEach((id, r) -> {
            assertEquals(2, kit.fields().keyVersion(r[0]), "row " + id);
            assertEquals(email(id), kit.fields().decrypt(SubjectId.of(subject(id)), context.withRecordId(id.toString()), r[0]));
        });

        ReencryptJob retiring = ReencryptJob.of(job, source, kit.fields(), context, checkpoints);
        // one scan for every subject; the entity has no other column in this scope
        assertEquals(new ReencryptJob.Retirement(SUBJECTS, SUBJECTS, 0), retiring.retireAll(kit.keys(), 1));
        // a copy of the table made before the job (a backup) no longer decrypts; the table does
        assertThrows(KeyDestroyedException.class, () -> kit.fields().decrypt(SubjectId.of(subject(1)),
                context.withRecordId("1"), before.get(1L)[0]));
        for (long id = 1; id <= ROWS; id += 997) {
            long row = id;
            assertEquals(email(id), Units.inTransaction(emf, em -> em.find(RekeyCustomer.class, row)).getEmail());
        }
    }

    /** The sources refuse what they cannot serve, and name no value. */
    @Test
    void sources_checkTheirArguments() {
        EntityManagerFactory emf = instance(SearchKeys.of(1, root(1)));
        assertThrows(InvalidInputException.class, () -> FieldEncryption.reindexSource(emf, RekeyCustomer.class, "emailIndex"));
        assertThrows(InvalidInputException.class, () -> FieldEncryption.reencryptSource(emf, RekeyCustomer.class, "customerId"));
        assertThrows(InvalidInputException.class, () -> FieldEncryption.reindexSource(null, RekeyCustomer.class, "email"));
        RekeySource source = FieldEncryption.reindexSource(emf, RekeyCustomer.class, "email");
        assertEquals("rekeycustomer.emailIndex", source.name());
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> source.rowsAfter("ana@example.ro", 10));
        assertFalse(bad.getMessage().contains("ana@example.ro"));
        insert(emf, 1, 3);
        assertEquals(List.of("1", "2", "3"), source.rowsAfter(RekeySource.START, 10).stream().map(r -> r.key()).toList());
        assertEquals(List.of("3"), source.rowsAfter("2", 10).stream().map(r -> r.key()).toList());
        assertEquals(email(2), source.row("2").orElseThrow().plaintext());
        assertTrue(source.row("4").isEmpty());
    }

    @OnDatabase(value = DatabaseKind.H2, migrations = {"testdb-rekey"})
    static class OnH2Test extends RekeyJobsTest {
    }

    @OnDatabase(value = DatabaseKind.POSTGRES, migrations = {"testdb-rekey"})
    static class OnPostgresTest extends RekeyJobsTest {
    }

    @OnDatabase(value = DatabaseKind.MARIADB, migrations = {"testdb-rekey"})
    static class OnMariaDbTest extends RekeyJobsTest {
    }

}
