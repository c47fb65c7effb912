package ro.clickphone.privacy.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ro.clickphone.privacy.crypto.cdr.CdrProfile;
import ro.clickphone.privacy.crypto.cdr.CdrPseudonymizer;
import ro.clickphone.privacy.crypto.cdr.IpTechnique;
import ro.clickphone.privacy.crypto.cdr.NumberTechnique;

/**
 * The bulk mode's bytes against files written by the code before the hot-path work (issue 18):
 * {@code golden/input.csv} (valid rows in every written form, quoted cells, SMS rows, IPv6, fractional
 * and odd starts, bad ids, directions, durations, cell counts; the first rejection on row 10, in the
 * middle of a batch of 4) through two profiles, with and without stopping at the first rejection.
 * The expected files were produced by main's {@code CdrCsv} at threads 1 and 2, batches 1, 4 and 64
 * (all equal), with {@code golden/Gen.java.txt}; they must not be regenerated from this code.
 */
class CdrCsvGoldenTest {

    private static final CdrPseudonymizer EXACT = CdrPseudonymizer.create(CdrFixtures.PSEUDONYMS,
            CdrProfile.builder("analytics").numbers(NumberTechnique.ff1(3)).deviceIp(IpTechnique.cryptoPan())
                    .exactStartTime().exactDurations().build());

    private static String resource(String name) throws IOException {
        try (InputStream in = CdrCsvGoldenTest.class.getResourceAsStream("golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} stop={1} threads={2} batch={3} memo={4}")
    @CsvSource({
        "hour, false, 1, 1, 0", "hour, false, 2, 4, 0", "hour, false, 2, 64, 16", "hour, false, 1, 4, 2",
        "exact, false, 1, 1, 0", "exact, false, 2, 4, 16", "exact, false, 2, 64, 0", "exact, false, 3, 7, 4096",
        "hour, true, 1, 1, 0", "hour, true, 2, 4, 0", "hour, true, 2, 64, 16", "hour, true, 2, 1, 2",
        "exact, true, 1, 1, 16", "exact, true, 2, 4, 0", "exact, true, 2, 4, 16", "exact, true, 2, 64, 4096",
    })
    void output_andRejections_areByteForByte_theGoldenFiles(String profile, boolean stop, int threads, int batch,
            int memo) throws Exception {
        CdrPseudonymizer cdrs = profile.equals("hour") ? CdrFixtures.CDRS : EXACT;
        StringWriter out = new StringWriter();
        List<Rejection> rejections = new ArrayList<>();
        BulkOptions options = new BulkOptions(threads, batch, stop, 1000, 0).withPseudonymMemo(memo);
        BulkReport report = CdrCsv.pseudonymize(new StringReader(resource("input.csv")), out, cdrs, options,
                rejections::add);
        StringBuilder listed = new StringBuilder();
        for (Rejection rejection : rejections) {
            listed.append(rejection.row()).append(',').append(rejection.column()).append(',')
                    .append(rejection.reason()).append('\n');
        }
        listed.append("read ").append(report.rowsRead()).append(", written ").append(report.rowsWritten())
                .append(", rejected ").append(report.rowsRejected()).append(", stopped ")
                .append(report.stopped().orElse("no")).append('\n');
        String name = profile + (stop ? "-stop" : "");
        assertEquals(resource(name + ".out.csv"), out.toString());
        assertEquals(resource(name + ".rejections.txt"), listed.toString());
    }
}
