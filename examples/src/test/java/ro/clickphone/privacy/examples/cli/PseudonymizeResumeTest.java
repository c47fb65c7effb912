package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} after a run that was killed: whatever the output and the report were cut to (inside
 * a row, inside the header, at a record boundary, the report ahead of the output or ending mid-line),
 * the resumed run leaves the bytes one uninterrupted run writes.
 */
class PseudonymizeResumeTest {

    @TempDir
    Path dir;

    private Path in;
    private Path out;
    private Path report;
    private byte[] whole;
    private byte[] wholeReport;

    @BeforeEach
    void oneRun() throws IOException {
        in = CdrFiles.write(dir.resolve("cdrs.csv"), 3000, 37, 11).file();
        out = dir.resolve("out.csv");
        report = dir.resolve("out.csv.rejections.csv");
        Cli.Result one = run();
        assertEquals(ExitCodes.CHECK_FAILED, one.code(), one.all());
        whole = Files.readAllBytes(out);
        wholeReport = Files.readAllBytes(report);
    }

    private Cli.Result run(String... more) {
        List<String> args = new ArrayList<>(List.of("pseudonymize", "--profile", "analytics", "--in", in.toString(),
                "--out", out.toString(), "--threads", "2", "--progress", "none"));
        args.addAll(List.of(more));
        return Cli.withKey(args.toArray(new String[0]));
    }

    /** The offset after the CRLF that ends record k of the output (0 = the header). */
    private long endOfRecord(int k) {
        int seen = -1;
        for (int i = 1; i < whole.length; i++) {
            if (whole[i - 1] == '\r' && whole[i] == '\n' && ++seen == k) {
                return i + 1;
            }
        }
        throw new AssertionError("no record " + k);
    }

    private static void cut(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private Cli.Result resumeAndAssertTheSameBytes() throws IOException {
        Cli.Result resumed = run("--resume");
        assertEquals(ExitCodes.CHECK_FAILED, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("resuming: kept "), resumed.out());
        assertArrayEquals(whole, Files.readAllBytes(out), "the output is what one run writes");
        assertArrayEquals(wholeReport, Files.readAllBytes(report), "the report is what one run writes");
        return resumed;
    }

    @Test
    void outputCutInsideARow_reportAhead() throws IOException {
        cut(out, endOfRecord(1500) + 17);
        Cli.Result resumed = resumeAndAssertTheSameBytes();
        assertTrue(resumed.out().contains("kept 1500 rows of the output (dropped 17 bytes of a partial row)"),
                resumed.out());
        assertTrue(resumed.out().contains("bytes ahead of the output"), resumed.out());
        JsonNode record = new ObjectMapper().readTree(RunRecord.runFile(out).toFile());
        assertEquals(2, record.get("runs").size());
        assertEquals("resume", record.get("runs").get(1).get("mode").asText());
        assertEquals("completed", record.get("runs").get(1).get("outcome").asText());
        assertTrue(record.get("runs").get(1).get("rowsSkipped").asLong() > 1500);
    }

    @Test
    void outputCutInsideTheHeader() throws IOException {
        cut(out, 10);
        Cli.Result resumed = resumeAndAssertTheSameBytes();
        assertTrue(resumed.out().contains("kept 0 rows of the output"), resumed.out());
    }

    @Test
    void outputCutAtARecordBoundary() throws IOException {
        cut(out, endOfRecord(2222));
        Cli.Result resumed = resumeAndAssertTheSameBytes();
        assertTrue(resumed.out().contains("kept 2222 rows of the output and "), resumed.out());
    }

    @Test
    void reportCutMidLine() throws IOException {
        cut(out, endOfRecord(1000) + 3);
        // The report's line of the first rejection after the output's last row, cut in its middle.
        String text = new String(wholeReport, StandardCharsets.UTF_8);
        int line = text.indexOf("\r\n1073,");
        assertTrue(line > 0, text);
        cut(report, line + 2 + 7);
        resumeAndAssertTheSameBytes();
    }

    @Test
    void anotherProfileOrKeyVersion_isRefused_andNothingIsCut() throws IOException {
        cut(out, endOfRecord(100) + 5);
        long size = Files.size(out);
        List<String> args = new ArrayList<>(List.of("pseudonymize", "--profile", "fraud", "--in", in.toString(),
                "--out", out.toString(), "--resume"));
        Cli.Result profile = Cli.withKey(args.toArray(new String[0]));
        assertEquals(ExitCodes.USAGE, profile.code(), profile.all());
        assertTrue(profile.err().contains("had another profile, context"), profile.err());
        Cli.Result version = run("--resume", "--key-version", "2");
        assertEquals(ExitCodes.USAGE, version.code(), version.all());
        assertTrue(version.err().contains("had another keyVersion"), version.err());
        assertEquals(size, Files.size(out), "a refused resume cuts nothing");
    }

    @Test
    void resumeWithoutItsFile_orWithSkipRows_isRefused() throws IOException {
        Files.delete(RunRecord.resumeFile(out));
        Cli.Result none = run("--resume");
        assertEquals(ExitCodes.USAGE, none.code(), none.all());
        assertTrue(none.err().contains("nothing to resume"), none.err());
        Cli.Result both = run("--resume", "--skip-rows", "5");
        assertEquals(ExitCodes.USAGE, both.code(), both.all());
        assertTrue(both.err().contains("--resume and --skip-rows exclude each other"), both.err());
    }

    @Test
    void skipRows_onAnOutputEndingInAPartialRow_isRefused() throws IOException {
        cut(out, endOfRecord(10) + 4);
        Cli.Result result = run("--skip-rows", "10");
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertEquals("clickphone-privacy: --skip-rows: " + out + " ends in a partial row: use --resume",
                result.errLines().get(0));
    }

    @Test
    void skipRows_afterFixingTheRowARunStoppedAt_givesWhatOneRunOfTheFixedFileGives() throws IOException {
        // Row 1234 opens a quote that never closes: the run stops before it and says what to do.
        List<String> lines = new ArrayList<>(Files.readAllLines(in, StandardCharsets.UTF_8));
        String good = lines.get(1234);
        lines.set(1234, good.replaceFirst(",CALL,", ",\"CALL,"));
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        Path resumed = dir.resolve("resumed.csv");
        List<String> args = List.of("pseudonymize", "--profile", "analytics", "--out", resumed.toString(),
                "--threads", "2", "--progress", "none", "--in");
        List<String> first = new ArrayList<>(args);
        first.add(broken.toString());
        Cli.Result stopped = Cli.withKey(first.toArray(new String[0]));
        assertEquals(ExitCodes.CHECK_FAILED, stopped.code(), stopped.all());
        assertEquals("clickphone-privacy: stopped before the end of " + broken + " at data row 1234: fix data row 1234"
                + " (an unclosed or stray quote), then resume with --skip-rows 1233", stopped.errLines().get(0));
        lines.set(1234, good);
        Files.writeString(broken, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        first.addAll(List.of("--skip-rows", "1233"));
        assertEquals(ExitCodes.CHECK_FAILED, Cli.withKey(first.toArray(new String[0])).code());
        assertArrayEquals(whole, Files.readAllBytes(resumed));
        assertArrayEquals(wholeReport, Files.readAllBytes(dir.resolve("resumed.csv.rejections.csv")));
    }
}
