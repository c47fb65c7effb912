package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.spi.testkit.Race.race;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.core.rights.FileErasureLedger.CorruptedLedgerException;
import ro.clickphone.privacy.spi.ConfigurationException;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/** The file erasure ledger beyond the spi contract: restarts, processes, crashes, damage, permissions, logs. */
class FileErasureLedgerTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00.250Z");

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    static String id(int n) {
        return String.format("rr-%032x", n);
    }

    static String sealed(int n) {
        return "v1.sealed-subject-" + n;
    }

    static ErasureEntry entry(int n, Instant at) {
        return new ErasureEntry(id(n), at, sealed(n),
                Map.of("cdr.calls", Set.of(DataCategory.of("TRAFFIC")), "@contacts", Set.of(DataCategory.of("CONTACT"))),
                Set.of(KeyScope.of("profile")), n % 2 == 0);
    }

    private Path file() {
        return dir.resolve("erasures.jsonl");
    }

    private static List<ErasureEntry> all(ErasureLedger ledger) {
        return ledger.since(Instant.EPOCH, Optional.empty(), Integer.MAX_VALUE);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    private void assertNoEntryContentIn(String text) {
        for (int n = 0; n < 1000; n++) {
            assertFalse(text.contains(sealed(n)) || text.contains(id(n)), "no entry content: " + text);
        }
        assertFalse(text.contains("sealed-subject") || text.contains("TRAFFIC") || text.contains("{"), text);
    }

    private void assertLogsHoldNoEntryContent() {
        for (ILoggingEvent event : logs.list) {
            assertNoEntryContentIn(event.getFormattedMessage());
        }
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    // --- format -------------------------------------------------------------------------------------------------

    @Test
    void append_writesOneJsonObjectPerLine_inTheDocumentedFormat() throws IOException {
        ErasureLedger ledger = FileErasureLedger.create(file());
        ledger.append(entry(2, T0));
        ledger.append(entry(1, T0.minusSeconds(1)));
        assertEquals(List.of(
                "{\"v\":1,\"requestId\":\"" + id(2) + "\",\"erasedAt\":\"2026-03-02T10:00:00.250Z\","
                        + "\"sealedSubject\":\"v1.sealed-subject-2\",\"erased\":{\"@contacts\":[\"CONTACT\"],"
                        + "\"cdr.calls\":[\"TRAFFIC\"]},\"shredded\":[\"profile\"],\"vaultErased\":true}",
                "{\"v\":1,\"requestId\":\"" + id(1) + "\",\"erasedAt\":\"2026-03-02T09:59:59.250Z\","
                        + "\"sealedSubject\":\"v1.sealed-subject-1\",\"erased\":{\"@contacts\":[\"CONTACT\"],"
                        + "\"cdr.calls\":[\"TRAFFIC\"]},\"shredded\":[\"profile\"],\"vaultErased\":false}"),
                lines(), "in the order appended");
        assertTrue(Files.readString(file()).endsWith("}\n"));
    }

    @Test
    void erasedAt_keepsTheEntrysFullPrecision_forTheSealIsBoundToIt() {
        Instant nanos = Instant.parse("2026-03-02T10:00:00.123456789Z");
        FileErasureLedger.create(file()).append(entry(1, nanos));
        assertEquals(List.of(entry(1, nanos)), all(FileErasureLedger.open(file())));
    }

    @Test
    void open_withNull_isInvalidInput_andAMissingFile_isAConfigurationErrorNamingThePath_neverAnEmptyLedger() {
        assertThrows(InvalidInputException.class, () -> FileErasureLedger.open(null));
        assertThrows(InvalidInputException.class, () -> FileErasureLedger.create(null));
        // an unmounted ledger volume: the file is not there; an empty ledger would re-apply nothing
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> FileErasureLedger.open(file()));
        assertTrue(missing.getMessage().contains(file().toAbsolutePath().toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("FileErasureLedger.create(Path)"), missing.getMessage());
        assertFalse(Files.exists(file()), "open never creates the file");
        Path noDirectory = dir.resolve("no/such/dir.jsonl");
        ConfigurationException inAMissingDirectory = assertThrows(ConfigurationException.class,
                () -> FileErasureLedger.create(noDirectory));
        assertTrue(inAMissingDirectory.getMessage().contains(noDirectory.toString()), inAMissingDirectory.getMessage());
    }

    @Test
    void create_refusesAnExistingFile_soALedgerIsNeverStartedAgainByMistake() throws IOException {
        FileErasureLedger.create(file()).append(entry(1, T0));
        String before = Files.readString(file());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> FileErasureLedger.create(file()));
        assertTrue(e.getMessage().contains(file().toAbsolutePath().toString()) && e.getMessage().contains("open"),
                e.getMessage());
        assertEquals(before, Files.readString(file()));
    }

    // --- restart -------------------------------------------------------------------------------------------------

    @Test
    void reopened_keepsEveryEntry_andIdempotency() {
        ErasureLedger first = FileErasureLedger.create(file());
        for (int n = 1; n <= 5; n++) {
            assertTrue(first.append(entry(n, T0.plusSeconds(n))));
        }
        ErasureLedger afterRestart = FileErasureLedger.open(file());
        assertEquals(List.of(entry(1, T0.plusSeconds(1)), entry(2, T0.plusSeconds(2)), entry(3, T0.plusSeconds(3)),
                entry(4, T0.plusSeconds(4)), entry(5, T0.plusSeconds(5))), all(afterRestart));
        assertFalse(afterRestart.append(entry(3, T0.plusSeconds(60))), "a repeat after a restart");
        assertTrue(afterRestart.append(entry(6, T0)));
        assertEquals(6, all(FileErasureLedger.open(file())).size());
    }

    @Test
    void anotherInstancesAppend_isSeenByTheFirst_forIdempotency_andSince() {
        ErasureLedger a = FileErasureLedger.create(file());
        ErasureLedger b = FileErasureLedger.open(file());
        assertTrue(b.append(entry(1, T0)));
        assertFalse(a.append(entry(1, T0)), "a reads what b appended before it checks");
        assertEquals(List.of(entry(1, T0)), all(a));
    }

    // --- concurrency ----------------------------------------------------------------------------------------------

    @Test
    void twoInstancesOnOneFile_appendingFromManyThreads_keepEveryLineIntact() throws Exception {
        ErasureLedger a = FileErasureLedger.create(file());
        ErasureLedger b = FileErasureLedger.open(file());
        int threads = 8;
        int each = 25;
        List<Integer> appended = race(threads, t -> () -> {
            int count = 0;
            for (int i = 0; i < each; i++) {
                int n = t * each + i;
                // every request is appended through both instances: exactly one wins
                if ((t % 2 == 0 ? a : b).append(entry(n, T0.plusMillis(n)))) {
                    count++;
                }
                if ((t % 2 == 0 ? b : a).append(entry(n, T0.plusMillis(n)))) {
                    count++;
                }
            }
            return count;
        });
        assertEquals(threads * each, appended.stream().mapToInt(Integer::intValue).sum());
        List<String> lines = lines();
        assertEquals(threads * each, lines.size(), "one line per request, none torn or doubled");
        List<ErasureEntry> read = all(FileErasureLedger.open(file()));
        assertEquals(threads * each, read.size());
        assertEquals(threads * each, read.stream().map(ErasureEntry::requestId).distinct().count());
    }

    @Test
    void twoProcessesOnOneFile_appendConcurrently_underTheOperatingSystemsLock() throws Exception {
        int each = 400;
        String java = ProcessHandle.current().info().command().orElse(null);
        Assumptions.assumeTrue(java != null, "the java launcher is not known");
        ProcessBuilder child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LedgerAppender.class.getName(), file().toString(), "1000", String.valueOf(each))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile());
        ErasureLedger here = FileErasureLedger.create(file());
        Process process = child.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(file()) == 0 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();   // the child has begun appending: from here the two race
        }
        for (int n = 0; n < each; n++) {
            assertTrue(here.append(entry(n, T0.plusMillis(n))));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child process ends");
        assertEquals(0, process.exitValue(), () -> read(dir.resolve("child.out")));
        assertEquals(2 * each, lines().size());
        List<ErasureEntry> entries = all(FileErasureLedger.open(file()));
        assertEquals(2 * each, entries.size());
        assertFalse(here.append(entry(1000, T0)), "the child's request is known here after it wrote it");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The other process of {@link #twoProcessesOnOneFile_appendConcurrently_underTheOperatingSystemsLock}. */
    static final class LedgerAppender {
        private LedgerAppender() {
        }

        /**
         * Appends entries {@code from} to {@code from + count - 1}; exits 1 if one is refused.
         *
         * @param args the file, the first entry number, how many
         */
        public static void main(String[] args) {
            ErasureLedger ledger = FileErasureLedger.open(Path.of(args[0]));
            int from = Integer.parseInt(args[1]);
            for (int n = from; n < from + Integer.parseInt(args[2]); n++) {
                if (!ledger.append(entry(n, T0.plusMillis(n)))) {
                    System.exit(1);
                }
            }
        }
    }

    // --- crashes ----------------------------------------------------------------------------------------------------

    @Test
    void aTornLastLine_onOpen_isCutOff_withAWarnNamingItsLineOnly_andEveryEarlierLineKept() throws IOException {
        ErasureLedger before = FileErasureLedger.create(file());
        for (int n = 1; n <= 4; n++) {
            before.append(entry(n, T0.plusSeconds(n)));
        }
        long threeLines = String.join("\n", lines().subList(0, 3)).getBytes(StandardCharsets.UTF_8).length + 1;
        // the crash: the fourth line's write reached the disk only in part
        try (var channel = java.nio.channels.FileChannel.open(file(), java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file()) - 20);
        }
        ErasureLedger reopened = FileErasureLedger.open(file());
        assertEquals(threeLines, Files.size(file()), "cut back to the end of the last complete line");
        assertEquals(3, all(reopened).size());
        assertEquals(List.of("The erasure ledger file ends in a torn line (line 4): a write that did not finish and was"
                + " never acknowledged; it is cut off"), warnings());
        assertLogsHoldNoEntryContent();
        assertTrue(reopened.append(entry(4, T0.plusSeconds(4))), "the unacknowledged erasure is appended again");
        assertEquals(4, all(FileErasureLedger.open(file())).size());
    }

    @Test
    void aTornLineLeftByACrashedProcess_isRepairedByARunningLedgerBeforeItAppends() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        Files.writeString(file(), "{\"v\":1,\"requestId\":\"" + id(2) + "\",\"sealedSubject\":\"" + sealed(2),
                java.nio.file.StandardOpenOption.APPEND);
        assertTrue(running.append(entry(3, T0)));
        assertEquals(2, lines().size());
        assertEquals(List.of(entry(1, T0), entry(3, T0)), all(FileErasureLedger.open(file())));
        assertEquals(1, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("(line 2)"));
        assertLogsHoldNoEntryContent();
    }

    static Stream<Arguments> corruptions() {
        List<Arguments> out = new ArrayList<>();
        UnaryOperator<String> notJson = l -> l.substring(0, l.length() - 1);
        out.add(Arguments.of("not JSON (a brace lost)", notJson));
        out.add(Arguments.of("blank", (UnaryOperator<String>) l -> ""));
        out.add(Arguments.of("two objects", (UnaryOperator<String>) l -> l + l));
        out.add(Arguments.of("an array", (UnaryOperator<String>) l -> "[" + l + "]"));
        out.add(Arguments.of("a member missing", (UnaryOperator<String>) l -> l.replace(",\"vaultErased\":true", "")));
        out.add(Arguments.of("a member added", (UnaryOperator<String>) l -> l.replace("{\"v\":1,", "{\"v\":1,\"x\":0,")));
        out.add(Arguments.of("a member twice", (UnaryOperator<String>) l -> l.replace("{\"v\":1,", "{\"v\":1,\"v\":1,")));
        out.add(Arguments.of("another version", (UnaryOperator<String>) l -> l.replace("{\"v\":1,", "{\"v\":2,")));
        out.add(Arguments.of("a bad instant", (UnaryOperator<String>) l -> l.replace("2026-03-02T10:00:02.250Z", "2026-13-02T10:00:02Z")));
        out.add(Arguments.of("a bad category", (UnaryOperator<String>) l -> l.replace("\"TRAFFIC\"", "\"traffic data\"")));
        out.add(Arguments.of("a wrong type", (UnaryOperator<String>) l -> l.replace("\"vaultErased\":true", "\"vaultErased\":\"true\"")));
        out.add(Arguments.of("a number for a string", (UnaryOperator<String>) l -> l.replace("\"shredded\":[\"profile\"]", "\"shredded\":[7]")));
        out.add(Arguments.of("binary noise", (UnaryOperator<String>) l -> "\u0000\u0000\u0000" + l));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aCorruptedMiddleLine_isAStoreException_namingItsLine_neverItsContent_andNothingIsSkipped(String what,
            UnaryOperator<String> damage) throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        for (int n = 1; n <= 3; n++) {
            running.append(entry(n, T0.plusSeconds(n)));
        }
        List<String> lines = new ArrayList<>(lines());
        String damaged = damage.apply(lines.get(1));
        assertFalse(damaged.equals(lines.get(1)), "the corruption changes line 2");
        lines.set(1, damaged);
        Files.writeString(file(), String.join("\n", lines) + "\n");
        long size = Files.size(file());
        CorruptedLedgerException onOpen = assertThrows(CorruptedLedgerException.class, () -> FileErasureLedger.open(file()));
        assertEquals(2, onOpen.line());
        assertTrue(onOpen.getMessage().contains("line 2 "), onOpen.getMessage());
        assertTrue(onOpen.getMessage().contains("repair line 2 (if it is the last line, it was never acknowledged:"
                + " remove it)"), onOpen.getMessage());
        assertFalse(onOpen.getMessage().contains("restore"), "restoring the ledger from a backup is the rollback"
                + " the design avoids: " + onOpen.getMessage());
        assertFalse(onOpen.isRetryable());
        assertNoEntryContentIn(onOpen.getMessage());
        assertEquals(null, onOpen.getCause(), "the parser's message quotes the line: not kept");
        // A ledger opened before the damage meets it at its next read, which reads the file through: as
        // corrupted, or as shrunk or changed before its end when the damage changed the file's size.
        StoreException onSince = assertThrows(StoreException.class, () -> running.since(Instant.EPOCH, Optional.empty(), 1));
        assertNoEntryContentIn(onSince.getMessage());
        assertEquals(size, Files.size(file()), "a damaged file is never repaired nor cut");
        assertLogsHoldNoEntryContent();
    }

    @Test
    void aCorruptLineAppendedByAnother_stopsARunningLedger_withTheLineNumber() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        Files.writeString(file(), "{\"v\":1,\"requestId\":\"" + id(2) + "\"}\n" + "{}\n", java.nio.file.StandardOpenOption.APPEND);
        CorruptedLedgerException e = assertThrows(CorruptedLedgerException.class, () -> running.append(entry(3, T0)));
        assertEquals(2, e.line());
        assertThrows(CorruptedLedgerException.class, () -> running.since(Instant.EPOCH, Optional.empty(), 10));
        assertEquals(3, lines().size(), "nothing was appended after the damage");
    }

    @Test
    void aDuplicatedRequestId_keepsTheFirstLine_andWarnsWithBothLineNumbersOnly() throws IOException {
        ErasureLedger ledger = FileErasureLedger.create(file());
        ledger.append(entry(1, T0));
        ledger.append(entry(2, T0));
        String first = lines().get(0);
        Files.writeString(file(), first.replace("\"vaultErased\":false", "\"vaultErased\":true") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(entry(1, T0), entry(2, T0)), all(FileErasureLedger.open(file())));
        assertTrue(warnings().stream().anyMatch(w -> w.contains("line 3")), warnings().toString());
        assertLogsHoldNoEntryContent();
    }

    // --- an append-only file that changed underneath ----------------------------------------------------------------

    @Test
    void aFileThatShrankUnderARunningLedger_isRefused_neverOverwritten() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        running.append(entry(2, T0));
        String firstLine = lines().get(0) + "\n";
        Files.writeString(file(), firstLine);   // a line removed: someone rolled the ledger back
        StoreException e = assertThrows(StoreException.class, () -> running.append(entry(3, T0)));
        assertTrue(e.getMessage().contains("shrank"), e.getMessage());
        assertFalse(e.isRetryable());
        assertEquals(firstLine, Files.readString(file()));
    }

    @Test
    void aFileRewrittenLongerBeforeItsEnd_underARunningLedger_isRefused_neverReadOutOfStep() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        running.append(entry(2, T0));
        List<String> lines = lines();
        // line 1 edited longer: where the running ledger had stopped reading is now inside line 2
        Files.writeString(file(), lines.get(0).replace("\"v\":1,", "\"v\":1, ") + "\n" + lines.get(1) + "\n");
        String rewritten = Files.readString(file());
        StoreException e = assertThrows(StoreException.class, () -> running.append(entry(3, T0)));
        assertEquals("The erasure ledger file changed before line 3: it is append-only; restore it", e.getMessage());
        assertEquals(rewritten, Files.readString(file()));
    }

    @Test
    void aFileDeletedUnderARunningLedger_isRefused_neverRecreatedEmpty() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        Files.delete(file());
        StoreException e = assertThrows(StoreException.class, () -> running.since(Instant.EPOCH, Optional.empty(), 1));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(StoreException.class, () -> running.append(entry(2, T0)));
        assertFalse(Files.exists(file()), "a deleted ledger is not silently started again");
    }

    // --- permissions and logs ------------------------------------------------------------------------------------

    @Test
    void aNewFile_isReadableAndWritableByItsOwnerOnly() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        FileErasureLedger.create(file()).append(entry(1, T0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void anExistingFileOthersMayWrite_isKept_withAWarn() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Files.createFile(file(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-rw-rw-"));
        FileErasureLedger.open(file());
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals(1, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("rw-rw-rw-") && warnings().get(0).contains("erasures.jsonl"));
    }

    @Test
    void toString_namesTheFileOnly() {
        ErasureLedger ledger = FileErasureLedger.create(file());
        ledger.append(entry(1, T0));
        assertEquals("FileErasureLedger[erasures.jsonl]", ledger.toString());
        assertFalse(ledger.toString().contains(dir.toString() + File.separator));
    }
}
