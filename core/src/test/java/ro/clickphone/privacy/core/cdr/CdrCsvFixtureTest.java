package ro.clickphone.privacy.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.CdrRows;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * The bulk CSV mode over the shared fixture the engines are tested on: it accepts and rejects the
 * rows the generator meant, blames the columns it meant, and writes what {@link CdrRows} writes row
 * by row, on one thread or several, with or without a memo.
 */
class CdrCsvFixtureTest {

    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(
            Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(key())), PseudonymAuthorizer.unrestricted(r -> { })),
            CdrFixture.profile());

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x19 + 7 * i);
        }
        return key;
    }

    @ParameterizedTest(name = "threads={0} batch={1} memo={2}")
    @CsvSource({"1, 1000, 0", "2, 64, 0", "2, 7, 4096"})
    void fixture_isAcceptedAndRejectedAsTheGeneratorMeant(int threads, int batch, int memo) throws IOException {
        StringWriter out = new StringWriter();
        List<Rejection> rejections = new ArrayList<>();
        BulkReport report;
        try (Reader in = new InputStreamReader(CdrFixture.csv(), StandardCharsets.UTF_8)) {
            report = CdrCsv.pseudonymize(in, out, CDRS, BulkOptions.defaults().withThreads(threads)
                    .withBatchSize(batch).withPseudonymMemo(memo), rejections::add);
        }
        assertFalse(report.stopped().isPresent(), report.stopped().toString());
        assertEquals(CdrFixture.acceptedCount() + CdrFixture.rejectedCount(), report.rowsRead());
        assertEquals(CdrFixture.acceptedCount(), report.rowsWritten());
        assertEquals(CdrFixture.rejectedCount(), report.rowsRejected());
        Map<Long, String> columns = new LinkedHashMap<>();
        for (Rejection rejection : rejections) {
            columns.put(rejection.row(), rejection.column());
        }
        assertEquals(CdrFixture.rejectedColumns(), columns);

        // the output is CdrRows' cells of each good row, in order (no cell of the fixture needs quoting)
        StringBuilder expected = new StringBuilder(String.join(",", CdrCsv.OUTPUT_HEADER)).append("\r\n");
        for (String[] row : CdrFixture.rows()) {
            try {
                expected.append(String.join(",", CdrRows.pseudonymize(CDRS, row))).append("\r\n");
            } catch (RuntimeException e) {
                assertTrue(columns.containsKey(Long.parseLong(row[0].substring(4))), row[0]);
            }
        }
        assertEquals(expected.toString(), out.toString());
    }
}
