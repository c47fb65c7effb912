package ro.clickphone.privacy.core.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.DeterministicEncryptor;
import ro.clickphone.privacy.crypto.search.DeterministicField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PrivacyException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.SequenceConflictException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.memory.InMemoryJobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.JobCheckpoint;
import ro.clickphone.privacy.spi.rekey.JobCheckpointStore;
import ro.clickphone.privacy.spi.rekey.RekeySource;

/**
 * The re-index job over a table in memory: the scenario (rotation half-way through 10 000 rows,
 * both halves found, two crashes, resumed by new job instances, finished, the old version retired), a crash
 * between a batch's commit and its checkpoint, writers racing the job, rows that cannot be moved, two runs
 * of one job, and the retirement refused while a row holds the version.
 */
class ReindexJobTest {

    private static final SearchKeys V1 = SearchKeys.of(1, key(1));
    private static final SearchKeys V1_V2 = V1.withVersion(2, key(2));
    private static final String JOB = "reindex:test.customer_email";

    private static SecretBytes key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i);
        }
        return SecretBytes.copyOf(k);
    }

    private static BlindIndexField field(SearchKeys keys) {
        return BlindIndex.create(keys).field("customer", "email", Normalization.EMAIL, 128);
    }

    private static String email(long id) {
        return "user" + id + "@example.ro";
    }

    /** 10 000 rows, the first half written under version 1, the second after the rotation under version 2. */
    private static TableSource rotatedHalfWay(BlindIndexField before, BlindIndexField after, int rows) {
        TableSource table = TableSource.forReindex();
        for (long id = 1; id <= rows; id++) {
            BlindIndexField writer = id <= rows / 2 ? before : after;
            table.put(id, null, email(id), writer.compute(email(id)));
        }
        return table;
    }

    private static long found(TableSource table, BlindIndexField reader, long id) {
        List<String> candidates = reader.candidates(email(id));
        return table.storedValues().entrySet().stream().filter(e -> candidates.contains(e.getValue()))
                .filter(e -> e.getKey() == id).count();
    }

    @Test
    void rotateHalfWay_crashTwice_resume_finish_retire_noRowSkipped() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(before, after, 10_000);

        // both halves are found through the candidates of the current and the older version
        for (long id : new long[] {1, 2_500, 5_000, 5_001, 7_500, 10_000}) {
            assertEquals(1, found(table, after, id), "row " + id + " before the re-index");
        }
        assertEquals(5_000, ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore()).remaining());

        CrashingCheckpoints checkpoints = new CrashingCheckpoints(new InMemoryJobCheckpointStore());
        // crash 1: the 4th batch's conditional update fails before it commits (a rolled-back transaction)
        table.failReplace(4);
        ReindexJob first = ReindexJob.of(JOB, table, after, checkpoints).withBatchSize(700);
        assertThrows(StoreException.class, first::run);
        RekeyProgress afterCrash1 = first.progress();
        assertEquals(3, afterCrash1.batches());
        assertEquals(2_100, afterCrash1.scanned());
        assertEquals(2_100, afterCrash1.moved());

        // crash 2, in a new job instance: the source commits the 3rd batch, the checkpoint after it is lost
        checkpoints.failSave(3);
        ReindexJob second = ReindexJob.of(JOB, table, after, checkpoints).withBatchSize(700);
        assertThrows(StoreException.class, second::run);
        assertEquals(5, second.progress().batches());
        assertEquals(3_500, second.progress().scanned());
        assertEquals(700 * 6L, table.storedValues().entrySet().stream()
                .filter(e -> e.getKey() <= 5_000 && after.isCurrent(e.getValue())).count(),
                "the batch whose checkpoint was lost was committed");

        // a third instance finishes: the committed but un-checkpointed batch is read again and found current
        List<RekeyProgress> seen = new ArrayList<>();
        RekeyProgress done = ReindexJob.of(JOB, table, after, checkpoints).withBatchSize(700)
                .withProgressListener(seen::add).run();
        assertTrue(done.finished());
        assertEquals(OptionalLong.of(0), done.remaining());
        assertEquals(5_000 - 700, done.moved(), "the 700 moves of the batch whose checkpoint was lost are not counted");
        assertEquals(10_000, done.scanned(), "the counters are the checkpoint's: the lost batch is counted once");
        assertEquals(5_000 + 700, done.alreadyCurrent());
        assertEquals(0, done.failed());
        assertFalse(seen.isEmpty());
        assertTrue(seen.get(seen.size() - 1).finished());

        // no row skipped: every row holds exactly what the current version computes from its value
        table.storedValues().forEach((id, stored) -> assertEquals(after.compute(email(id)), stored, "row " + id));

        // retire version 1: queries still find every row, and no longer compute version 1 values
        String v1Value = before.compute(email(42));
        assertTrue(after.candidates(email(42)).contains(v1Value));
        ReindexJob.of(JOB, table, after, checkpoints).retire(1);
        assertEquals(List.of(after.compute(email(42))), after.candidates(email(42)));
        assertFalse(after.candidates(email(42)).contains(v1Value));
        for (long id = 1; id <= 10_000; id += 997) {
            assertEquals(1, found(table, after, id), "row " + id + " after the retirement");
        }
    }

    @Test
    void finishedPass_returnsAtOnce_untilRestarted() {
        TableSource table = rotatedHalfWay(field(V1), field(V1_V2), 20);
        InMemoryJobCheckpointStore checkpoints = new InMemoryJobCheckpointStore();
        ReindexJob job = ReindexJob.of(JOB, table, field(V1_V2), checkpoints).withBatchSize(8);
        RekeyProgress done = job.run();
        assertEquals(10, done.moved());
        assertEquals(RekeySource.START, checkpoints.find(JOB).orElseThrow().position(),
                "a finished checkpoint keeps no row key (it may be a subject id)");
        int calls = table.replaceCalls();
        assertEquals(done.batches(), job.run().batches());
        assertEquals(calls, table.replaceCalls());
        assertTrue(job.restart());
        RekeyProgress again = job.run();
        assertEquals(0, again.moved());
        assertEquals(20, again.alreadyCurrent());
    }

    /** A writer changes a row between the job's read and its update: the row is read again, not passed. */
    @Test
    void writerWinsTheRace_rowIsReadAgain_andCountedAsChangedByWriter() {
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(field(V1), after, 10);
        table.beforeReplace(t -> {
            TableSource.Cell c = t.cell(2);
            c.plaintext = "renamed@example.ro";
            c.stored = after.compute("renamed@example.ro"); // an up-to-date writer: current version
        });
        RekeyProgress done = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.changedByWriter());
        assertEquals(4, done.moved());
        assertEquals(6, done.alreadyCurrent(), "5 written under version 2, and the writer's row");
        assertEquals(after.compute("renamed@example.ro"), table.cell(2).stored);
        assertEquals(OptionalLong.of(0), done.remaining());
    }

    /** A writer still on the old key rewrites a row the job is moving: the job reads it again and moves it. */
    @Test
    void laggingWriter_rewritesTheOldVersion_rowIsRetriedAndMoved() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(before, after, 10);
        int[] calls = {0};
        table.beforeReplace(t -> {
            if (calls[0]++ == 0) {
                TableSource.Cell c = t.cell(3);
                c.plaintext = "other@example.ro";
                c.stored = before.compute("other@example.ro");
            }
        });
        RekeyProgress done = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.changedByWriter());
        assertEquals(5, done.moved());
        assertEquals(after.compute("other@example.ro"), table.cell(3).stored);
        assertEquals(OptionalLong.of(0), done.remaining());
    }

    /** A row a writer keeps changing is counted as failed after the retries, and blocks the retirement. */
    @Test
    void rowAlwaysChanging_isCountedFailed_andRetirementIsRefused() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(before, after, 10);
        int[] n = {0};
        table.beforeReplace(t -> {
            TableSource.Cell c = t.cell(4);
            c.plaintext = "flip" + (n[0]++) + "@example.ro";
            c.stored = before.compute(c.plaintext);
        });
        ReindexJob job = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore());
        RekeyProgress done = job.run();
        assertEquals(1, done.failed());
        assertEquals(1, done.changedByWriter());
        assertEquals(OptionalLong.of(1), done.remaining());
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> job.retire(1));
        assertFalse(refused.getMessage().contains("@example.ro"));
        assertEquals(2, after.activeVersions().size(), "nothing retired");
    }

    /**
     * The attacker's case for the retirement check: one row left under version 1 (its plaintext unreadable, so
     * the job could not move it). Retiring version 1 would make that row unfindable: refused.
     */
    @Test
    void retire_whileARowHoldsTheVersion_isRefused() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(before, after, 10);
        table.cell(1).unreadable = true;
        ReindexJob job = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore());
        RekeyProgress done = job.run();
        assertEquals(1, done.failed());
        assertThrows(ConfigurationException.class, () -> job.retire(1));
        assertTrue(after.candidates(email(1)).contains(before.compute(email(1))), "version 1 still matches");
        table.delete(1);
        job.retire(1);
        assertFalse(after.candidates(email(1)).contains(before.compute(email(1))));
    }

    @Test
    void retire_currentOrNonsenseVersion_isRefused() {
        BlindIndexField after = field(V1_V2);
        ReindexJob job = ReindexJob.of(JOB, TableSource.forReindex(), after, new InMemoryJobCheckpointStore());
        assertThrows(InvalidInputException.class, () -> job.retire(2));
        assertThrows(InvalidInputException.class, () -> job.retire(0));
        assertThrows(InvalidInputException.class, () -> job.retire(3));
    }

    /** An empty column is filled from the plaintext; a row without plaintext is not passed silently. */
    @Test
    void emptyColumn_isFilled_rowWithoutPlaintext_isFailed() {
        BlindIndexField after = field(V1_V2);
        TableSource table = TableSource.forReindex();
        table.put(1, null, email(1), null);
        table.put(2, null, null, field(V1).compute(email(2)));
        RekeyProgress done = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.moved());
        assertEquals(1, done.failed());
        assertEquals(after.compute(email(1)), table.cell(1).stored);
    }

    /**
     * A row without its plaintext (unreadable) whose index has the current version's form: nothing can verify
     * it (the tag is not authenticated), so it is counted as failed, not as current.
     */
    @Test
    void rowWithoutPlaintext_inTheCurrentForm_isFailed_notCurrent() {
        BlindIndexField after = field(V1_V2);
        TableSource table = TableSource.forReindex();
        table.put(1, null, email(1), after.compute(email(1)));
        table.put(2, null, email(2), "v2." + field(V1).compute(email(2)));
        table.cell(2).unreadable = true;
        RekeyProgress done = ReindexJob.of(JOB, table, after, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.alreadyCurrent());
        assertEquals(1, done.failed());
    }

    /**
     * A store writer copies a deterministic value of another field, under the current version, into the
     * column: its form says current, but it does not decrypt here. Counted as failed, never as current.
     */
    @Test
    void deterministicValue_fromAnotherField_isFailed_notCurrent() {
        DeterministicField phone = DeterministicEncryptor.create(V1_V2).field("customer", "phone", Normalization.EXACT);
        DeterministicField fax = DeterministicEncryptor.create(V1_V2).field("customer", "fax", Normalization.EXACT);
        TableSource table = TableSource.forReindex();
        table.put(1, null, null, phone.encrypt("+40721001"));
        table.put(2, null, null, fax.encrypt("+40721002"));
        assertTrue(phone.isCurrent(table.cell(2).stored), "the form says current");
        RekeyProgress done = ReindexJob.of("reindex:test.phone", table, phone, new InMemoryJobCheckpointStore()).run();
        assertEquals(1, done.alreadyCurrent());
        assertEquals(1, done.failed(), "counted current=" + done.alreadyCurrent());
    }

    /** Two instances run one job at once: the checkpoint store lets one advance, the other stops. */
    @Test
    void twoRunsOfOneJob_oneStopsWithASequenceConflict() {
        BlindIndexField after = field(V1_V2);
        TableSource table = rotatedHalfWay(field(V1), after, 30);
        JobCheckpointStore shared = new InMemoryJobCheckpointStore();
        ReindexJob one = ReindexJob.of(JOB, table, after, shared).withBatchSize(10);
        ReindexJob other = ReindexJob.of(JOB, table, after, shared).withBatchSize(10);
        // the other run reads the same checkpoint and saves batch 1 while this one is inside its batch 1
        table.beforeReplace(t -> {
            t.beforeReplace(x -> { });
            other.runBatches(1);
        });
        SequenceConflictException conflict = assertThrows(SequenceConflictException.class, () -> one.runBatches(1));
        assertTrue(conflict.isRetryable());
        RekeyProgress done = one.run();
        assertTrue(done.finished());
        assertEquals(OptionalLong.of(0), done.remaining());
        table.storedValues().forEach((id, stored) -> assertEquals(after.compute(email(id)), stored));
    }

    @Test
    void deterministicColumn_isReencryptedUnderTheCurrentVersion_andTheOldOneRetired() {
        DeterministicField before = DeterministicEncryptor.create(V1).field("customer", "phone", Normalization.EXACT);
        DeterministicField after = DeterministicEncryptor.create(V1_V2).field("customer", "phone", Normalization.EXACT);
        TableSource table = TableSource.forReindex();
        for (long id = 1; id <= 100; id++) {
            table.put(id, null, null, (id <= 50 ? before : after).encrypt("+4072100" + id));
        }
        ReindexJob job = ReindexJob.of("reindex:test.phone", table, after, new InMemoryJobCheckpointStore())
                .withBatchSize(16);
        assertEquals(50, job.remaining());
        RekeyProgress done = job.run();
        assertEquals(50, done.moved());
        assertEquals(OptionalLong.of(0), done.remaining());
        for (Map.Entry<Long, String> e : table.storedValues().entrySet()) {
            assertEquals(OptionalInt.of(2), after.versionOf(e.getValue()));
            assertEquals("+4072100" + e.getKey(), after.decrypt(e.getValue()));
        }
        String old = before.encrypt("+40721001");
        job.retire(1);
        assertThrows(PrivacyException.class, () -> after.decrypt(old));
        assertEquals(List.of(after.encrypt("+40721001")), after.candidates("+40721001"));
    }

    /** A source that repeats the checkpoint's row breaks its order contract: refused, no endless loop. */
    @Test
    void sourceRepeatingThePosition_isRefused() {
        TableSource table = rotatedHalfWay(field(V1), field(V1_V2), 4);
        JobCheckpointStore store = new InMemoryJobCheckpointStore();
        assertTrue(store.save(new JobCheckpoint(JOB, 1, "2", false, 2, 2, 0, 0, 0)));
        ReindexJob job = ReindexJob.of(JOB, new TableSourceView(table) {
            @Override
            public List<ro.clickphone.privacy.spi.rekey.RekeyRow> rowsAfter(String afterKey, int limit) {
                return table.rowsAfter(afterKey.isEmpty() ? afterKey : Long.toString(Long.parseLong(afterKey) - 1), limit);
            }
        }, field(V1_V2), store);
        assertThrows(StoreException.class, job::run);
    }

    @Test
    void arguments_areChecked_andToStringShowsNoValue() {
        BlindIndexField after = field(V1_V2);
        InMemoryJobCheckpointStore store = new InMemoryJobCheckpointStore();
        TableSource table = TableSource.forReindex();
        assertThrows(InvalidInputException.class, () -> ReindexJob.of("bad id", table, after, store));
        assertThrows(InvalidInputException.class, () -> ReindexJob.of(JOB, null, after, store));
        assertThrows(InvalidInputException.class, () -> ReindexJob.of(JOB, table, (BlindIndexField) null, store));
        assertThrows(InvalidInputException.class, () -> ReindexJob.of(JOB, table, after, null));
        ReindexJob job = ReindexJob.of(JOB, table, after, store);
        assertThrows(InvalidInputException.class, () -> job.withBatchSize(0));
        assertThrows(InvalidInputException.class, () -> job.withBatchSize(10_001));
        assertThrows(InvalidInputException.class, () -> job.runBatches(0));
        assertThrows(InvalidInputException.class, () -> job.withProgressListener(null));
        assertEquals("ReindexJob[" + JOB + " over test.customer_email, batch 500]", job.toString());
        assertNotEquals(job, job.withBatchSize(7));
    }
}
