package ro.clickphone.privacy.crypto.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixture;
import ro.clickphone.privacy.crypto.cdr.fixture.CdrFixtureGenerator;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.SecretBytes;

/** The shared fixture is its generator's output, and holds what the generator promises. */
class CdrFixtureTest {

    private static final CdrPseudonymizer CDRS = CdrPseudonymizer.create(
            Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(new byte[32])),
                    PseudonymAuthorizer.unrestricted(e -> { })), CdrFixture.profile());

    @Test
    void committedFile_isTheGeneratorsOutput_byteForByte() throws IOException {
        try (InputStream in = CdrFixture.csv()) {
            assertEquals(CdrFixtureGenerator.csv(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "run CdrFixtureGenerator.main from the repository root and commit the file");
        }
        assertEquals(CdrFixtureGenerator.csv(), Files.readString(CdrFixture.csvPath(), StandardCharsets.UTF_8));
    }

    @Test
    void rows_areTenCells_withoutCommasQuotesOrLineBreaks() {
        List<String[]> rows = CdrFixture.rows();
        assertEquals(CdrFixtureGenerator.ROWS, rows.size());
        assertEquals(rows.size(), CdrFixture.lines().size());
        for (String[] row : rows) {
            assertEquals(CdrRows.INPUT_COLUMNS.size(), row.length, row[0]);
            for (String cell : row) {
                assertFalse(cell.contains("\"") || cell.contains("\r") || cell.contains("\n"), row[0]);
            }
        }
        rows.get(0)[0] = "changed";
        assertEquals("cdr-000001", CdrFixture.rows().get(0)[0], "each call gives new arrays");
    }

    @Test
    void everyGoodRowIsAccepted_andEveryBadRowRejectedForItsColumn() {
        List<String[]> rows = CdrFixture.rows();
        Map<Long, String> rejected = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            try {
                CdrRows.pseudonymize(CDRS, rows.get(i));
            } catch (RuntimeException e) {
                rejected.put(i + 1L, CdrRows.rejection(e).column());
            }
        }
        assertEquals(CdrFixture.rejectedColumns(), rejected);
        assertEquals(CdrFixture.rejectedCount(), rejected.size());
        assertEquals(CdrFixture.acceptedCount(), rows.size() - rejected.size());
        assertTrue(rejected.values().containsAll(List.of("record_id", "type", "direction", "caller", "callee",
                "forwarded_to", "sms_destination", "start", "duration_seconds", "device_ip")), rejected.toString());
    }

    @Test
    void goodRows_coverWhatTheEnginesMustMeet() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Instant dstFrom = Instant.parse("2026-03-29T00:00:00Z");
        Instant dstTo = Instant.parse("2026-03-29T02:00:00Z");
        for (String[] row : goodRows()) {
            count(seen, row[1]);
            count(seen, row[2]);
            for (int column = 3; column <= 6; column++) {
                String number = row[column];
                if (!number.isEmpty()) {
                    count(seen, number.startsWith("+40") ? number.contains(" ") ? "ro spaced" : "ro e164"
                            : number.startsWith("0") ? "ro national" : "foreign");
                    if (number.matches("\\+?(40)?0?(21|2[3-6]\\d).*")) {
                        count(seen, "ro landline");
                    }
                }
            }
            if (!row[5].isEmpty()) {
                count(seen, "forwarded");
            }
            count(seen, row[9].isEmpty() ? "no ip" : row[9].contains(":") ? "ipv6" : "ipv4");
            Instant start = Instant.parse(row[7]);
            if (!start.isBefore(dstFrom) && start.isBefore(dstTo)) {
                count(seen, "around the DST change");
            }
            if (start.getNano() != 0) {
                count(seen, "fraction");
            }
            assertTrue(!start.isBefore(CdrRows.DEFAULT_EARLIEST_START) && start.isBefore(CdrRows.DEFAULT_LATEST_START));
        }
        for (String expected : List.of("CALL", "SMS", "FAX", "INBOUND", "OUTBOUND", "inbound", "outbound", "ro e164",
                "ro spaced", "ro national", "ro landline", "foreign", "forwarded", "ipv4", "ipv6", "no ip",
                "around the DST change", "fraction")) {
            if (seen.getOrDefault(expected, 0) < 3) {
                fail("fewer than 3 good rows with " + expected + ": " + seen);
            }
        }
    }

    private static List<String[]> goodRows() {
        List<String[]> rows = CdrFixture.rows();
        Map<Long, String> bad = CdrFixture.rejectedColumns();
        return rows.stream().filter(row -> !bad.containsKey(Long.parseLong(row[0].substring(4)))).toList();
    }

    private static void count(Map<String, Integer> seen, String key) {
        seen.merge(key, 1, Integer::sum);
    }
}
