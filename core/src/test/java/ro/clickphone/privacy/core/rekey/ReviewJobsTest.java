package ro.clickphone.privacy.core.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.crypto.search.BlindIndex;
import ro.clickphone.privacy.crypto.search.BlindIndexField;
import ro.clickphone.privacy.crypto.search.SearchKeys;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.SecretBytes;
import ro.clickphone.privacy.spi.memory.InMemoryJobCheckpointStore;

class ReviewJobsTest {
    private static final SearchKeys V1 = SearchKeys.of(1, key(1));
    private static final SearchKeys V1_V2 = V1.withVersion(2, key(2));

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

    private static TableSource table(BlindIndexField before, BlindIndexField after) {
        TableSource t = TableSource.forReindex();
        for (long id = 1; id <= 10; id++) {
            t.put(id, null, email(id), (id <= 5 ? before : after).compute(email(id)));
        }
        return t;
    }

    /** A store writer relabels a v1 value as "v2." + the v1 hex: the job has the plaintext and must repair it. */
    @Test
    void relabelledRow_isMoved_notCountedCurrent() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource t = table(before, after);
        t.cell(1).stored = "v2." + before.compute(email(1));
        RekeyProgress done = ReindexJob.of("review", t, after, new InMemoryJobCheckpointStore()).run();
        assertEquals(after.compute(email(1)), t.cell(1).stored, "relabelled row left unfindable, counted current="
                + done.alreadyCurrent());
    }

    /** A v1 row the job could not read, stored in upper case (matches v1 candidates on a _ci collation). */
    @Test
    void upperCaseOldRow_blocksRetirement() {
        BlindIndexField before = field(V1);
        BlindIndexField after = field(V1_V2);
        TableSource t = table(before, after);
        t.cell(1).stored = before.compute(email(1)).toUpperCase(java.util.Locale.ROOT);
        t.cell(1).unreadable = true;
        ReindexJob job = ReindexJob.of("review", t, after, new InMemoryJobCheckpointStore());
        job.run();
        assertEquals(1, job.remaining());
        assertThrows(ConfigurationException.class, () -> job.retire(1), "remaining()=1 but retire(1) allowed");
    }
}
