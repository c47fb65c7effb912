package ro.clickphone.privacy.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PseudonymizeCommandTest {

    private static final Pattern PROGRESS_LINE = Pattern.compile(
            "progress: \\d+ rows, \\d+ rows/s, \\d{1,3}%, (ETA|done in) \\d\\d:\\d\\d:\\d\\d");

    @TempDir
    Path dir;

    private Cli.Result pseudonymize(Path in, Path out, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "pseudonymize";
        args[1] = "--profile=analytics";
        args[2] = "--in";
        args[3] = in.toString();
        args[4] = "--out";
        args[5] = out.toString();
        System.arraycopy(more, 0, args, 6, more.length);
        return Cli.withKey(args);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void assertNoneShown(List<String> clearValues, String... texts) {
        for (String text : texts) {
            assertFalse(text.contains(Cli.KEY), "the key shows");
            for (String value : clearValues) {
                assertFalse(text.contains(value), "a clear value shows: " + value);
            }
        }
    }

    @Test
    void goodFile_isPseudonymized_exitZero_andNoKeyOrClearValueAnywhere() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 300, 0, 1);
        Path out = dir.resolve("out.csv");
        Cli.Result result = pseudonymize(in.file(), out, "--threads", "2");
        assertEquals(0, result.code(), result.all());
        String csv = read(out);
        assertTrue(csv.startsWith("record_id,type,direction,caller,callee,forwarded_to,sms_destination,start,duration,"
                + "device_ip\r\n"), csv);
        assertEquals(301, csv.lines().count());
        assertTrue(csv.contains("c-1,CALL,OUTBOUND,+4072"), "FF1 keeps the country code and 3 national digits");
        assertTrue(Pattern.compile(",2026-03-16T\\d\\d:00:00Z,").matcher(csv).find(), "hour-level times");
        assertTrue(result.out().contains("rows read 300, written 300, rejected 0"), result.out());
        assertTrue(result.out().contains("resume point: --skip-rows 300"), result.out());
        assertTrue(result.out().contains("audited (in this run's memory only, not kept)"), result.out());
        assertEquals("row,column,reason", read(dir.resolve("out.csv.rejections.csv")).strip());
        assertNoneShown(in.clearValues(), csv, result.out(), result.err(), read(RunRecord.runFile(out)),
                read(RunRecord.resumeFile(out)));
    }

    @Test
    void ff1_keepsTheCountryCodeAndThreeNationalDigits_andChangesTheRest() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 300, 0, 21);
        Path out = dir.resolve("out.csv");
        assertEquals(0, pseudonymize(in.file(), out, "--progress", "none").code());
        List<String> input = Files.readAllLines(in.file());
        List<String> output = Files.readAllLines(out);
        assertEquals(input.size(), output.size());
        int changed = 0;
        for (int i = 1; i < input.size(); i++) {
            String[] clear = input.get(i).split(",", -1);
            String[] pseudonymized = output.get(i).split(",", -1);
            for (int column : new int[] {3, 4}) {
                String before = clear[column];
                String after = pseudonymized[column];
                assertEquals(before.length(), after.length(), "row " + i);
                assertEquals(before.substring(0, 6), after.substring(0, 6), "+40 and 3 national digits kept, row " + i);
                if (!before.substring(6).equals(after.substring(6))) {
                    changed++;
                }
            }
        }
        assertTrue(changed >= 590, "the other digits change in (nearly) every number: " + changed + " of 600");
    }

    @Test
    void runRecord_holdsTheRunsFiguresAndDigests_andNoKey() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 100, 10, 22);
        Path out = dir.resolve("out.csv");
        assertEquals(ExitCodes.CHECK_FAILED, pseudonymize(in.file(), out, "--progress", "none").code());
        var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(RunRecord.runFile(out).toFile());
        var run = record.get("runs").get(0);
        assertTrue(record.get("tool").asText().startsWith("clickphone-privacy "));
        assertEquals("new", run.get("mode").asText());
        assertEquals(PseudonymizeCommand.ACTOR, run.get("actor").asText());
        assertEquals(System.getProperty("user.name"), run.get("osUser").asText());
        assertEquals("analytics", run.get("context").asText());
        assertEquals("SERVICE_PROVISION", run.get("purpose").asText());
        assertEquals(1, run.get("keyVersion").asInt());
        assertEquals(RunRecord.sha256(in.file()), run.get("inputSha256").asText());
        assertEquals(RunRecord.sha256(out), run.get("outputSha256").asText());
        assertEquals(Files.size(in.file()), run.get("inputSize").asLong());
        assertEquals(100, run.get("rowsRead").asLong());
        assertEquals(90, run.get("rowsWritten").asLong());
        assertEquals(10, run.get("rowsRejected").asLong());
        assertEquals("completed", run.get("outcome").asText());
        assertFalse(run.get("ended").isNull());
        assertFalse(read(RunRecord.runFile(out)).contains(Cli.KEY));
    }

    @Test
    void rejectionsOverTheInputOrTheOutput_isRefused_andBothAreUntouched() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 23);
        byte[] input = Files.readAllBytes(in.file());
        Cli.Result overInput = pseudonymize(in.file(), dir.resolve("out.csv"), "--rejections",
                dir.resolve("sub/../cdrs.csv").toString());
        assertEquals(ExitCodes.USAGE, overInput.code(), overInput.all());
        assertEquals(List.of("clickphone-privacy: --rejections must not be the input file"), overInput.errLines());
        Path link = dir.resolve("link.csv");
        Files.createSymbolicLink(link, in.file());
        assertEquals(ExitCodes.USAGE, pseudonymize(in.file(), dir.resolve("out.csv"), "--rejections", link.toString()).code());
        assertArrayEquals(input, Files.readAllBytes(in.file()));

        Path out = dir.resolve("out.csv");
        assertEquals(0, pseudonymize(in.file(), out).code());
        byte[] output = Files.readAllBytes(out);
        Cli.Result overOutput = pseudonymize(in.file(), out, "--rejections", out.toString());
        assertEquals(ExitCodes.USAGE, overOutput.code(), overOutput.all());
        assertEquals(List.of("clickphone-privacy: --rejections must not be the output file"), overOutput.errLines());
        assertArrayEquals(output, Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"context\": \"billing\", \"numbers\": \"ff1:3\", \"deviceIp\": \"crypto-pan\"}|$.deviceIp keeps a NETWORK value",
        "{\"context\": \"improvement\", \"numbers\": \"ff1:3\"}|$.caller is ff1, which the key reverses",
        "{\"context\": \"improvement\", \"numbers\": \"token\", \"deviceIp\": \"crypto-pan\"}|$.deviceIp is crypto-pan",
        "{\"context\": \"partner_export\", \"numbers\": \"token\"}|keeps its numbers in the token vault",
        "{\"context\": \"analytics\", \"numbers\": \"ff1:3\", \"numbers\": \"token\"}|: $.numbers is given twice",
        "{\"context\": \"analytics\"} {}|has content after the end of the JSON document"})
    void profileThatDoesNotFitItsContextOrIsNotStrictJson_isRefused(String caseText) throws IOException {
        String[] parts = caseText.split("\\|");
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 24);
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, parts[0]);
        Cli.Result result = Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in", in.file().toString(),
                "--out", dir.resolve("out.csv").toString());
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains(parts[1]), result.err());
        assertFalse(Files.exists(dir.resolve("out.csv")));
    }

    @Test
    void badRows_areReportedWithoutTheirValues_andExitOne() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 100, 10, 2);
        Path out = dir.resolve("out.csv");
        Path report = dir.resolve("rejected.csv");
        Cli.Result result = pseudonymize(in.file(), out, "--rejections", report.toString(), "--threads", "3",
                "--progress", "none");
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        assertTrue(result.out().contains("rows read 100, written 90, rejected 10"), result.out());
        assertEquals(List.of("clickphone-privacy: 10 rows were rejected; see " + report), result.errLines());
        List<String> lines = read(report).lines().toList();
        assertEquals("row,column,reason", lines.get(0));
        assertEquals(11, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("10,start,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("20,row,"), lines.get(2));
        assertTrue(lines.get(3).startsWith("30,callee,"), lines.get(3));
        assertTrue(result.out().contains("  row 30: callee "), result.out());
        assertEquals(91, read(out).lines().count());
        assertNoneShown(in.clearValues(), read(report), read(out), result.out(), result.err());
    }

    @Test
    void twoThreads_writeWhatOneThreadWrites() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 3000, 50, 4);
        pseudonymize(in.file(), dir.resolve("one.csv"), "--threads", "1");
        pseudonymize(in.file(), dir.resolve("two.csv"), "--threads", "2");
        assertEquals(read(dir.resolve("one.csv")), read(dir.resolve("two.csv")));
    }

    @Test
    void memo_writesWhatNoMemoWrites() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 3000, 50, 4);
        pseudonymize(in.file(), dir.resolve("plain.csv"), "--threads", "2");
        pseudonymize(in.file(), dir.resolve("memo.csv"), "--threads", "2", "--memo", "4096");
        assertEquals(read(dir.resolve("plain.csv")), read(dir.resolve("memo.csv")));
        assertEquals(read(dir.resolve("plain.csv.rejections.csv")), read(dir.resolve("memo.csv.rejections.csv")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void memo_onRepeatedNumbers_hitsAndWritesWhatNoMemoWrites(String threads) throws IOException {
        // 3000 rows over 40 callers and 40 callees: nearly every number is one the memo has met
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 3000, 50, 41, 40);
        List<String> rows = read(in.file()).lines().skip(1).toList();
        long callers = rows.stream().map(row -> row.split(",")[3]).distinct().count();
        assertTrue(callers <= 40 && rows.size() == 3000, "the numbers repeat: " + callers + " callers");
        Path plain = dir.resolve("plain.csv");
        Path memo = dir.resolve("memo.csv");
        Cli.Result without = pseudonymize(in.file(), plain, "--threads", threads, "--progress", "none");
        Cli.Result with = pseudonymize(in.file(), memo, "--threads", threads, "--progress", "none",
                "--memo", "100000");
        assertEquals(ExitCodes.CHECK_FAILED, without.code(), without.all());
        assertEquals(without.code(), with.code(), with.all());
        assertEquals(read(plain), read(memo));
        assertEquals(read(dir.resolve("plain.csv.rejections.csv")), read(dir.resolve("memo.csv.rejections.csv")));
        assertTrue(with.out().contains(", a memo of 65536 numbers per technique"), with.out());
        assertFalse(without.out().contains(", a memo of"), without.out());
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(65_536, mapper.readTree(RunRecord.runFile(memo).toFile()).get("runs").get(0)
                .get("pseudonymMemo").asInt(), "the run record says the memo was on, and its size");
        assertEquals(0, mapper.readTree(RunRecord.runFile(plain).toFile()).get("runs").get(0)
                .get("pseudonymMemo").asInt());
        assertNoneShown(in.clearValues(), read(memo), with.out(), with.err(), read(RunRecord.runFile(memo)));
    }

    @Test
    void memoHelp_namesTheRounding_andTheHeapPerEntry() {
        Cli.Result help = Cli.run("pseudonymize", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("rounded down to a power of two (100000 remembers 65536)"), text);
        assertTrue(text.contains("about 150 bytes an entry, per number technique"), text);
        assertTrue(text.contains("more than a quarter of the heap (-Xmx) is refused"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--memo=4194305", "--memo=2147483647", "--memo=99999999999", "--memo=lots"})
    void absurdMemo_isAUsageError_exitTwo(String option) throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 10);
        Cli.Result result = pseudonymize(in.file(), dir.resolve("out.csv"), option);
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        // one error line (a value picocli cannot read as a number adds its "Try ... --help" line)
        assertTrue(result.errLines().size() <= 2, result.err());
        assertTrue(result.errLines().get(0).startsWith("clickphone-privacy: ")
                && result.errLines().get(0).contains("--memo"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
        assertFalse(Files.exists(dir.resolve("out.csv")), "nothing written on bad usage");
    }

    @Test
    void memoLargerThanAQuarterOfTheHeap_isAUsageError_exitTwo() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        int entries = 1 << 22;
        org.junit.jupiter.api.Assumptions.assumeTrue((long) entries * 150 * 4 > heap / 4,
                "this JVM's heap is large enough for the largest memo");
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 10);
        Cli.Result result = pseudonymize(in.file(), dir.resolve("out.csv"), "--memo", String.valueOf(entries));
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("--memo " + entries + " could take about ")
                && result.err().contains("use a smaller --memo or a larger -Xmx"), result.err());
        assertFalse(Files.exists(dir.resolve("out.csv")), "nothing written on bad usage");
    }

    @Test
    void progressOnANonTerminal_isPlainLines() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 20_000, 0, 5);
        Cli.Result result = pseudonymize(in.file(), dir.resolve("out.csv"), "--threads", "1",
                "--progress-interval", "0.1");
        assertEquals(0, result.code(), result.all());
        List<String> lines = result.errLines();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(PROGRESS_LINE.matcher(line).matches(), "not a plain progress line: " + line);
        }
        assertFalse(result.err().contains("\r"), "no carriage return");
        assertFalse(result.err().contains("\u001b"), "no terminal escape");
        assertTrue(lines.get(lines.size() - 1).startsWith("progress: 20000 rows, "), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("100%, done in"), lines.toString());
    }

    @Test
    void progressNone_printsNoProgress_andABarWhenForced() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 500, 0, 6);
        Cli.Result none = pseudonymize(in.file(), dir.resolve("a.csv"), "--progress", "none");
        assertEquals("", none.err());
        Cli.Result bar = pseudonymize(in.file(), dir.resolve("b.csv"), "--progress", "bar");
        assertEquals(0, bar.code(), bar.all());
        assertTrue(bar.err().contains("\rpseudonymize"), bar.err());
        assertTrue(bar.err().contains("rows/s"), bar.err());
    }

    @Test
    void keyFromAFile_isAccepted_andGivesTheSamePseudonyms() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 50, 0, 7);
        Path keyFile = dir.resolve("key.b64");
        Files.writeString(keyFile, Cli.KEY + "\n");
        pseudonymize(in.file(), dir.resolve("env.csv"));
        Cli.Result fromFile = Cli.run("pseudonymize", "--profile", "analytics", "--in", in.file().toString(),
                "--out", dir.resolve("file.csv").toString(), "--key-file", keyFile.toString());
        assertEquals(0, fromFile.code(), fromFile.all());
        assertEquals(read(dir.resolve("env.csv")), read(dir.resolve("file.csv")));
    }

    @Test
    void noKey_isOneLine_exitTwo() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 8);
        Cli.Result result = Cli.run("pseudonymize", "--profile", "analytics", "--in", in.file().toString(),
                "--out", dir.resolve("out.csv").toString());
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(List.of("clickphone-privacy: no secret given: use --key-file FILE or set "
                + PseudonymizeCommand.KEY_VARIABLE), result.errLines());
    }

    @Test
    void shortKey_isRefusedWithoutShowingIt() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 9);
        Cli.Result result = Cli.run(Map.of(PseudonymizeCommand.KEY_VARIABLE, "c2hvcnRrZXk="), "pseudonymize",
                "--profile", "analytics", "--in", in.file().toString(), "--out", dir.resolve("out.csv").toString());
        assertEquals(ExitCodes.USAGE, result.code());
        assertFalse(result.all().contains("c2hvcnRrZXk"));
        assertEquals(1, result.errLines().size(), result.err());
    }

    @Test
    void missingInput_isOneLineWithoutStackTrace_andVerboseAddsIt() {
        Path missing = dir.resolve("missing.csv");
        Cli.Result result = pseudonymize(missing, dir.resolve("out.csv"));
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(List.of("clickphone-privacy: --in: no such file " + missing), result.errLines());
        Cli.Result verbose = pseudonymize(missing, dir.resolve("out.csv"), "--verbose");
        assertEquals(ExitCodes.USAGE, verbose.code());
        assertTrue(verbose.err().contains("BadInputException"), verbose.err());
        assertTrue(verbose.err().contains("\tat ro.clickphone.privacy.examples.cli."), verbose.err());
    }

    @Test
    void smsTextColumn_refusesTheFile_exitTwo() throws IOException {
        Path in = dir.resolve("sms.csv");
        Files.writeString(in, "record_id,type,direction,caller,sms_destination,start,sms_text\r\n"
                + "s-1,SMS,OUTBOUND,+40721234567,+40731111222,2026-03-16T08:00:00Z,see you at 8\r\n");
        Cli.Result result = pseudonymize(in, dir.resolve("out.csv"));
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("SMS content"), result.err());
        assertFalse(result.all().contains("see you at 8"));
    }

    @Test
    void malformedCsv_stopsWithTheResumePoint_exitOne() throws IOException {
        Path in = dir.resolve("broken.csv");
        Files.writeString(in, CdrFiles.HEADER + "\r\n"
                + "c-1,CALL,OUTBOUND,+40721234567,+40731111222,,,2026-03-16T08:00:00Z,10,10.0.0.1\r\n"
                + "c-2,CALL,OUTBOUND,\"+40721234567,+40731111222,,,2026-03-16T08:00:00Z,10,10.0.0.1\r\n");
        Cli.Result result = pseudonymize(in, dir.resolve("out.csv"), "--progress", "none");
        assertEquals(ExitCodes.CHECK_FAILED, result.code(), result.all());
        assertTrue(result.out().contains("stopped early: "), result.out());
        assertTrue(result.err().startsWith("clickphone-privacy: stopped before the end of "), result.err());
        assertTrue(result.err().contains("resume with --skip-rows 1"), result.err());
        assertFalse(result.all().contains("+40721234567"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--threads=0", "--threads=65", "--skip-rows=-1", "--progress-interval=0", "--key-version=0",
        "--progress=sometimes", "--profile=nosuchprofile", "--no-such-option", "--memo=-1", "--memo=1"})
    void badOption_isOneErrorLine_exitTwo(String option) throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 10);
        Cli.Result result = pseudonymize(in.file(), dir.resolve("out.csv"), option);
        assertEquals(ExitCodes.USAGE, result.code(), result.all());
        assertTrue(result.err().startsWith("clickphone-privacy: "), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
        assertFalse(Files.exists(dir.resolve("out.csv")), "nothing written on bad usage");
    }

    @Test
    void skipRowsWithoutAnEarlierOutput_isRefused() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 11);
        Cli.Result result = pseudonymize(in.file(), dir.resolve("out.csv"), "--skip-rows", "3");
        assertEquals(ExitCodes.USAGE, result.code());
        assertTrue(result.err().contains("--skip-rows continues an earlier run"), result.err());
    }

    @Test
    void outputOverTheInput_isRefused() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 5, 0, 12);
        Cli.Result result = pseudonymize(in.file(), in.file());
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(6, Files.readAllLines(in.file()).size(), "the input is untouched");
    }

    @Test
    void profileFile_isUsed_andItsErrorsNameTheFieldNotTheValue() throws IOException {
        CdrFiles.Generated in = CdrFiles.write(dir.resolve("cdrs.csv"), 20, 0, 13);
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"context\": \"improvement\", \"numbers\": \"token\", \"callee\": \"mask\","
                + " \"deviceIp\": \"truncate:16:32\", \"start\": \"day\", \"duration\": \"drop\"}");
        Path out = dir.resolve("out.csv");
        Cli.Result good = Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in", in.file().toString(),
                "--out", out.toString());
        assertEquals(0, good.code(), good.all());
        String csv = read(out);
        assertTrue(csv.contains(",2026-03-15T22:00:00Z,,10."), "a day cut in Bucharest, duration dropped, /16: " + csv);
        assertTrue(csv.contains(",+40 7"), "callee masked: " + csv);
        assertNoneShown(in.clearValues(), csv);

        Files.writeString(profile, "{\"context\": \"improvement\", \"deviceIp\": \"secret-value-123\"}");
        Cli.Result bad = Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in", in.file().toString(),
                "--out", out.toString());
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("$.deviceIp must be"), bad.err());
        assertFalse(bad.err().contains("secret-value-123"));

        Files.writeString(profile, "{\"context\": \"marketing_export\"}");
        Cli.Result undeclared = Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in",
                in.file().toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, undeclared.code());
        assertTrue(undeclared.err().contains("declares no pseudonymization context marketing_export"), undeclared.err());

        Files.writeString(profile, "{\"context\": \"analytics\", \"john.doe@example.com\": \"x\"}");
        Cli.Result unknown = Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in", in.file().toString(),
                "--out", out.toString());
        assertEquals(ExitCodes.USAGE, unknown.code());
        assertTrue(unknown.err().contains("unknown field (name not shown)"), unknown.err());
        assertFalse(unknown.err().contains("john.doe"));

        Cli.Result unknownName = Cli.withKey("pseudonymize", "--profile", "nosuchprofile", "--in", in.file().toString(),
                "--out", out.toString());
        assertEquals(List.of("clickphone-privacy: --profile: nosuchprofile is neither a built-in profile [analytics,"
                + " billing, fraud, improvement] nor a file"), unknownName.errLines());

        Files.writeString(profile, "{\"context\": ");
        assertEquals(ExitCodes.USAGE, Cli.withKey("pseudonymize", "--profile", profile.toString(), "--in",
                in.file().toString(), "--out", out.toString()).code());
    }
}
