package ro.clickphone.privacy.core.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.PassphraseKeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyDestroyedException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemoryJobCheckpointStore;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.rekey.RekeyChange;
import ro.clickphone.privacy.spi.rekey.RekeyRow;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * The re-encryption job over a table in memory: data keys rotated half-way through 10 000 rows of 20
 * subjects, two injected crashes, resumed by new job instances, finished, the old versions retired (old
 * copies of the values stop decrypting); a damaged row is counted and keeps its version from retirement.
 */
class ReencryptJobTest {

    private static final KeyScope PROFILE = KeyScope.of("profile");
    private static final FieldContext EMAIL = FieldContext.of("customer", "notification_email", PROFILE);
    private static final String JOB = "reencrypt:test.customer_email";
    private static final int SUBJECTS = 20;

    private InMemorySubjectKeyStore store;
    private EnvelopeKeys keys;
    private FieldEncryptor fields;

    @BeforeEach
    void keys() {
        keys = EnvelopeKeys.create(KeySettings.of(PassphraseKeyEncryptionKeyProvider.create("correct horse battery".toCharArray(), "kek")),
                store = new InMemorySubjectKeyStore(), Clock.systemUTC());
        fields = new FieldEncryptor(keys);
    }

    private static SubjectId subject(long id) {
        return SubjectId.of("acct-" + (id % SUBJECTS));
    }

    private static String email(long id) {
        return "user" + id + "@example.ro";
    }

    private String encrypt(long id) {
        return fields.encrypt(subject(id), EMAIL.withRecordId(Long.toString(id)), email(id));
    }

    private TableSource rotatedHalfWay(int rows) {
        TableSource table = TableSource.forReencrypt();
        for (long id = 1; id <= rows / 2; id++) {
            table.put(id, subject(id), null, encrypt(id));
        }
        for (int s = 0; s < SUBJECTS; s++) {
            keys.rotate(SubjectId.of("acct-" + s), PROFILE);
        }
        for (long id = rows / 2 + 1; id <= rows; id++) {
            table.put(id, subject(id), null, encrypt(id));
        }
        return table;
    }

    @Test
    void rotateHalfWay_crashTwice_resume_finish_retire_noRowSkipped() {
        TableSource table = rotatedHalfWay(10_000);
        Map<Long, String> before = new HashMap<>(table.storedValues());
        assertEquals(1, fields.keyVersion(before.get(1L)));
        assertEquals(2, fields.keyVersion(before.get(10_000L)));
        CrashingCheckpoints checkpoints = new CrashingCheckpoints(new InMemoryJobCheckpointStore());
        assertEquals(5_000, ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints).remaining());

        table.failReplace(5);
        assertThrows(StoreException.class, ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints).withBatchSize(400)::run);
        checkpoints.failSave(2);
        assertThrows(StoreException.class, ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints).withBatchSize(400)::run);
        assertEquals(5, ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints).progress().batches());

        RekeyProgress done = ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints).withBatchSize(400).run();
        assertTrue(done.finished());
        assertEquals(OptionalLong.of(0), done.remaining());
        assertEquals(10_000, done.scanned());
        assertEquals(10_000, done.moved() + done.alreadyCurrent());
        assertEquals(0, done.failed());

        table.storedValues().forEach((id, stored) -> {
            assertEquals(2, fields.keyVersion(stored), "row " + id);
            assertEquals(email(id), fields.decrypt(subject(id), EMAIL.withRecordId(Long.toString(id)), stored));
        });

        ReencryptJob job = ReencryptJob.of(JOB, table, fields, EMAIL, checkpoints);
        int scans = table.countCalls.get();
        ReencryptJob.Retirement retired = job.retireAll(keys, 1);
        assertEquals(new ReencryptJob.Retirement(SUBJECTS, SUBJECTS, 0), retired);
        assertEquals(scans + 1, table.countCalls.get(), "one scan of the source for every subject");
        // the values as they were before the job (a backup) no longer decrypt; the table still does
        assertThrows(KeyDestroyedException.class,
                () -> fields.decrypt(subject(1), EMAIL.withRecordId("1"), before.get(1L)));
        assertEquals(email(1), fields.decrypt(subject(1), EMAIL.withRecordId("1"), table.cell(1).stored));
        assertEquals(email(10_000), fields.decrypt(subject(10_000), EMAIL.withRecordId("10000"), before.get(10_000L)));
    }

    /**
     * A row moved to another row (a database writer's copy) does not decrypt there: counted as failed, left
     * as it is, and its subject's old version is not retired while it holds it.
     */
    @Test
    void copiedRow_isCountedFailed_andBlocksItsSubjectsRetirement() {
        TableSource table = rotatedHalfWay(80);
        table.cell(3).stored = table.cell(23).stored; // same subject (acct-3), another row, both under version 1
        String acct4Before = table.cell(4).stored;
        ReencryptJob job = ReencryptJob.of(JOB, table, fields, EMAIL, new InMemoryJobCheckpointStore());
        RekeyProgress done = job.run();
        assertEquals(1, done.failed());
        assertEquals(39, done.moved());
        assertEquals(OptionalLong.of(1), done.remaining());
        String copied = table.cell(3).stored;
        assertEquals(1, fields.keyVersion(acct4Before));
        ReencryptJob.Retirement retired = job.retireAll(keys, 1);
        assertEquals(new ReencryptJob.Retirement(SUBJECTS - 1, SUBJECTS - 1, 1), retired);
        assertEquals(email(23), fields.decrypt(subject(3), EMAIL.withRecordId("23"), copied), "acct-3 keeps version 1");
        assertThrows(KeyDestroyedException.class,
                () -> fields.decrypt(subject(4), EMAIL.withRecordId("4"), acct4Before));
    }

    /**
     * Another column of the same key scope, not re-encrypted yet, keeps every subject's old version: retiring
     * after the e-mail job alone would make the phone numbers unreadable for good.
     */
    @Test
    void otherColumnOfTheScope_stillUnderVersion1_keepsItsSubjectsVersions() {
        FieldContext phoneContext = FieldContext.of("customer", "phone", PROFILE);
        TableSource phones = TableSource.forReencrypt();
        for (long id = 1; id <= SUBJECTS; id++) {
            phones.put(id, subject(id), null, fields.encrypt(subject(id), phoneContext.withRecordId(Long.toString(id)),
                    "+40 700 000 " + id));
        }
        TableSource emails = rotatedHalfWay(80);
        ReencryptJob job = ReencryptJob.of(JOB, emails, fields, EMAIL, new InMemoryJobCheckpointStore());
        assertEquals(OptionalLong.of(0), job.run().remaining());

        ReencryptJob.Retirement kept = job.retireAll(keys, 1, phones);
        assertEquals(new ReencryptJob.Retirement(0, 0, SUBJECTS), kept);
        assertEquals(1, emails.countCalls.get() - 1, "the e-mails scanned once (after the run's own count)");
        assertEquals(1, phones.countCalls.get(), "the phones scanned once");
        assertEquals("+40 700 000 5", fields.decrypt(subject(5), phoneContext.withRecordId("5"), phones.cell(5).stored));

        ReencryptJob.of("reencrypt:test.customer_phone", phones, fields, phoneContext, new InMemoryJobCheckpointStore())
                .run();
        assertEquals(new ReencryptJob.Retirement(SUBJECTS, SUBJECTS, 0), job.retireAll(keys, 1, phones));
        assertEquals("+40 700 000 5", fields.decrypt(subject(5), phoneContext.withRecordId("5"), phones.cell(5).stored));
    }

    /** A value whose owner the source cannot name: nothing is retired, since nobody can tell whose key it needs. */
    @Test
    void valueWithoutSubject_refusesTheWholeRetirement() {
        TableSource emails = rotatedHalfWay(40);
        String orphan = emails.cell(1).stored;
        RekeySource orphans = new RekeySource() {
            @Override
            public String name() {
                return "test.orphans";
            }

            @Override
            public List<RekeyRow> rowsAfter(String afterKey, int limit) {
                return List.of();
            }

            @Override
            public Optional<RekeyRow> row(String key) {
                return Optional.empty();
            }

            @Override
            public Set<String> replace(List<RekeyChange> changes) {
                return Set.of();
            }

            @Override
            public long count(Predicate<RekeyRow> test) {
                return test.test(RekeyRow.of("1", orphan)) ? 1 : 0;
            }
        };
        ReencryptJob job = ReencryptJob.of(JOB, emails, fields, EMAIL, new InMemoryJobCheckpointStore());
        job.run();
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> job.retireAll(keys, 1, orphans));
        assertFalse(refused.getMessage().contains("acct"), refused.getMessage());
        assertEquals(email(1), fields.decrypt(subject(1), EMAIL.withRecordId("1"), orphan), "nothing retired");
    }

    @Test
    void retireAll_checksItsArguments() {
        ReencryptJob job = ReencryptJob.of(JOB, TableSource.forReencrypt(), fields, EMAIL, new InMemoryJobCheckpointStore());
        assertThrows(InvalidInputException.class, () -> job.retireAll(keys, 0));
        assertThrows(InvalidInputException.class, () -> job.retireAll(null, 1));
        assertThrows(InvalidInputException.class, () -> job.retireAll(keys, 1, (RekeySource) null));
        assertThrows(InvalidInputException.class, () -> job.retireAll(keys, 1, (RekeySource[]) null));
    }

    /**
     * A store writer copies a current value of the subject from another row: its header names the current
     * version, but it does not decrypt in this row. Counted as failed, never as already current.
     */
    @Test
    void copiedCurrentValue_isCountedFailed_notCurrent() {
        TableSource table = rotatedHalfWay(80);
        table.cell(41).stored = table.cell(61).stored; // acct-1, both under version 2
        assertTrue(fields.isCurrent(subject(41), EMAIL.withRecordId("41"), table.cell(41).stored), "the form says current");
        RekeyProgress done = ReencryptJob.of(JOB, table, fields, EMAIL, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.failed(), "counted current=" + done.alreadyCurrent());
        assertEquals(39, done.alreadyCurrent());
        assertEquals(40, done.moved());
    }

    /** Counting reads: a row naming a subject without a data key is stale, and no key is made for it. */
    @Test
    void isCurrent_forASubjectWithoutKey_isFalse_andCreatesNone() {
        String value = encrypt(7);
        SubjectId nobody = SubjectId.of("acct-nobody");
        assertFalse(fields.isCurrent(nobody, EMAIL.withRecordId("7"), value));
        TableSource table = TableSource.forReencrypt();
        table.put(7, nobody, null, value);
        assertEquals(1, ReencryptJob.of(JOB, table, fields, EMAIL, new InMemoryJobCheckpointStore()).remaining());
        assertTrue(store.latest(nobody, PROFILE).isEmpty(), "a count wrote a data key");
    }

    /** A writer re-encrypts a row (a new value under the current key) while the job works: read again. */
    @Test
    void writerWinsTheRace_rowIsReadAgain() {
        TableSource table = rotatedHalfWay(10);
        table.beforeReplace(t -> t.cell(2).stored = fields.encrypt(subject(2), EMAIL.withRecordId("2"), "new@example.ro"));
        RekeyProgress done = ReencryptJob.of(JOB, table, fields, EMAIL, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.changedByWriter());
        assertEquals(4, done.moved());
        assertEquals("new@example.ro", fields.decrypt(subject(2), EMAIL.withRecordId("2"), table.cell(2).stored));
        assertEquals(OptionalLong.of(0), done.remaining());
    }

    @Test
    void shreddedSubject_rowsAreFailed_andNotCountedAsRemaining() {
        TableSource table = rotatedHalfWay(40);
        keys.shred(SubjectId.of("acct-5"), PROFILE);
        RekeyProgress done = ReencryptJob.of(JOB, table, fields, EMAIL, new InMemoryJobCheckpointStore()).run();
        assertEquals(2, done.failed(), "acct-5's two rows cannot be read any more");
        assertEquals(OptionalLong.of(0), done.remaining(), "nothing of a shredded subject is left to retire");
    }

    @Test
    void isCurrent_andKeyVersion_readTheHeaderOnly() {
        String v1 = encrypt(7);
        assertTrue(fields.isCurrent(subject(7), EMAIL.withRecordId("7"), v1));
        keys.rotate(subject(7), PROFILE);
        assertFalse(fields.isCurrent(subject(7), EMAIL.withRecordId("7"), v1));
        assertEquals(1, fields.keyVersion(v1));
        String v2 = fields.reencrypt(subject(7), EMAIL.withRecordId("7"), v1);
        assertEquals(2, fields.keyVersion(v2));
        assertTrue(fields.isCurrent(subject(7), EMAIL.withRecordId("7"), v2));
        assertFalse(fields.isCurrent(subject(7), EMAIL, v2), "a context without the record id writes another format");
        assertThrows(InvalidInputException.class, () -> fields.keyVersion("user7@example.ro"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fields.isCurrent(subject(7), EMAIL, "user7@example.ro"));
        assertFalse(e.getMessage().contains("user7"));
    }
}
