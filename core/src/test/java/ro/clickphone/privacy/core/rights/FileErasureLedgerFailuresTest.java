package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.FileErasureLedgerTest.T0;
import static ro.clickphone.privacy.core.rights.FileErasureLedgerTest.entry;
import static ro.clickphone.privacy.core.rights.FileErasureLedgerTest.id;
import static ro.clickphone.privacy.spi.testkit.Race.race;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import ro.clickphone.privacy.core.CapturedLogs;
import ro.clickphone.privacy.spi.DataCategory;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.ErasureEntry;
import ro.clickphone.privacy.spi.rights.ErasureLedger;

/**
 * The file ledger under the failures a durable file meets: hard links and a second process on the
 * same request ids, a last line that lost only its newline, a torn multi-byte character, a file
 * replaced under a running ledger, lines counted before they are on disk, a failed force, an
 * interrupt, paging over a duplicated id, an oversized entry, a writable directory, {@code dir/link/..}.
 */
class FileErasureLedgerFailuresTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private Path file() {
        return dir.resolve("erasures.jsonl");
    }

    private static List<ErasureEntry> all(ErasureLedger ledger) {
        return ledger.since(Instant.EPOCH, Optional.empty(), Integer.MAX_VALUE);
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The line the ledger writes for an entry, newline included (from a scratch ledger). */
    private byte[] lineOf(ErasureEntry entry) throws IOException {
        Path scratch = dir.resolve("scratch-" + System.nanoTime() + ".jsonl");
        FileErasureLedger.create(scratch).append(entry);
        return Files.readAllBytes(scratch);
    }

    // --- the two-process race on the same request ids ---------------------------------------------------

    @Test
    void hardLinksInThisJvm_andASecondProcess_appendingTheSameRequests_exactlyOneWinsEach_noLineTorn() throws Exception {
        int requests = 300;
        Path a = file();
        FileErasureLedger.create(a);
        Path b = dir.resolve("link-b.jsonl");
        Path c = dir.resolve("link-c.jsonl");
        try {
            Files.createLink(b, a);
            Files.createLink(c, a);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("hard links are not supported here: " + e.getClass().getSimpleName());
        }
        String java = ProcessHandle.current().info().command().orElse(null);
        Assumptions.assumeTrue(java != null, "the java launcher is not known");
        // two instances through two names of one file: they must share the JVM's lock (by inode, not path),
        // else their OS locks collide in this process and closing one handle drops the other's lock
        ErasureLedger throughA = FileErasureLedger.open(a);
        ErasureLedger throughB = FileErasureLedger.open(b);
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SameRequestsAppender.class.getName(), c.toString(), String.valueOf(requests))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(a) == 0 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();   // the child has begun: from here the two processes race on the same ids
        }
        int threads = 4;
        List<Integer> wonHere = race(threads, t -> () -> {
            int won = 0;
            for (int n = 0; n < requests; n++) {
                if ((t % 2 == 0 ? throughA : throughB).append(entry(n, T0.plusMillis(n)))) {
                    won++;
                }
            }
            return won;
        });
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child process ends");
        String childOut = Files.readString(out).trim();
        assertEquals(0, child.exitValue(), childOut);
        int wonThere = Integer.parseInt(childOut);
        assertEquals(requests, wonHere.stream().mapToInt(Integer::intValue).sum() + wonThere,
                "exactly one append per request wins, across threads, names and processes");
        List<String> lines = Files.readAllLines(a, StandardCharsets.UTF_8);
        assertEquals(requests, lines.size(), "one line per request, none torn, doubled or interleaved");
        assertEquals(requests, all(FileErasureLedger.open(c)).stream().map(ErasureEntry::requestId).distinct().count());
    }

    /** The other process: appends requests 0 … count-1 and prints how many it won. */
    static final class SameRequestsAppender {
        private SameRequestsAppender() {
        }

        /**
         * Appends the requests.
         *
         * @param args the file, how many requests
         */
        public static void main(String[] args) {
            ErasureLedger ledger = FileErasureLedger.open(Path.of(args[0]));
            int won = 0;
            for (int n = 0; n < Integer.parseInt(args[1]); n++) {
                if (ledger.append(entry(n, T0.plusMillis(n)))) {
                    won++;
                }
            }
            System.out.println(won);
        }
    }

    // --- the torn multi-byte character ------------------------------------------------------------------

    @Test
    void aWholeLastEntryMissingOnlyItsNewline_isCompletedAndKept_neverCutOff() throws IOException {
        ErasureLedger before = FileErasureLedger.create(file());
        for (int n = 1; n <= 3; n++) {
            before.append(entry(n, T0.plusSeconds(n)));
        }
        long size = Files.size(file());
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(size - 1);   // the crash took the newline only
        }
        ErasureLedger reopened = FileErasureLedger.open(file());
        assertEquals(size, Files.size(file()), "the newline is written back");
        assertTrue(Files.readString(file()).endsWith("}\n"));
        assertEquals(3, all(reopened).size());
        assertFalse(reopened.append(entry(3, T0.plusSeconds(3))), "the entry is whole: it counts");
        assertEquals(1, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("(line 3) lacked its newline"), warnings().get(0));
    }

    @Test
    void aWholeEntryWithoutItsNewline_writtenByAnother_isSeenByARunningLedger() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(1, T0));
        byte[] line = lineOf(entry(2, T0));
        Files.write(file(), java.util.Arrays.copyOf(line, line.length - 1), StandardOpenOption.APPEND);
        assertFalse(running.append(entry(2, T0)));
        assertTrue(running.append(entry(3, T0)));
        assertEquals(List.of(id(1), id(2), id(3)), Files.readAllLines(file()).stream()
                .map(l -> l.substring(l.indexOf("rr-"), l.indexOf("rr-") + 35)).toList());
    }

    @Test
    void aTornLastLine_cutInsideAMultiByteCharacter_isCutOff_andTheEntryAppendedAgainReadsWhole() throws IOException {
        ErasureEntry romanian = new ErasureEntry(id(2), T0, "v1.sealed-subject-2",
                Map.of("cdr.apeluri-ă", Set.of(DataCategory.of("TRAFFIC"))), Set.of(KeyScope.of("profile")), true);
        ErasureLedger before = FileErasureLedger.create(file());
        before.append(entry(1, T0));
        long oneLine = Files.size(file());
        before.append(romanian);
        byte[] bytes = Files.readAllBytes(file());
        int a = -1;
        for (int i = (int) oneLine; i < bytes.length - 1; i++) {
            if ((bytes[i] & 0xFF) == 0xC4 && (bytes[i + 1] & 0xFF) == 0x83) {
                a = i;
            }
        }
        assertTrue(a > 0, "ă is two bytes in the file");
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(a + 1);   // the crash left half of ă
        }
        ErasureLedger reopened = FileErasureLedger.open(file());
        assertEquals(oneLine, Files.size(file()));
        assertTrue(warnings().stream().anyMatch(w -> w.contains("torn line (line 2)")), warnings().toString());
        assertTrue(reopened.append(romanian));
        assertEquals(List.of(entry(1, T0), romanian), all(FileErasureLedger.open(file())));
    }

    // --- a file replaced under a running ledger ------------------------------------------------------------

    @Test
    void aFileRewrittenInPlace_toTheSameSize_underARunningLedger_isRefused() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(2, T0));
        running.append(entry(4, T0));
        byte[] replaced = concat(lineOf(entry(2, T0)), lineOf(entry(6, T0)));   // fixed-width ids: same size
        Files.write(file(), replaced);
        assertEquals(replaced.length, Files.size(file()));
        StoreException e = assertThrows(StoreException.class, () -> running.append(entry(4, T0)),
                "request 4 is no longer in the file: answering false would erase with no entry to re-apply");
        assertFalse(e.isRetryable());
        assertThrows(StoreException.class, () -> running.since(Instant.EPOCH, Optional.of(entry(2, T0)), 10));
        assertArrayEquals(replaced, Files.readAllBytes(file()), "nothing written into the replaced file");
    }

    @Test
    void aFileRewrittenInPlace_longer_alignedOnTheOldEnd_underARunningLedger_isRefused() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(2, T0));
        running.append(entry(4, T0));
        byte[] replaced = concat(concat(lineOf(entry(6, T0)), lineOf(entry(8, T0))), lineOf(entry(10, T0)));
        Files.write(file(), replaced);   // the byte before the old end is a newline again
        assertThrows(StoreException.class, () -> running.append(entry(4, T0)));
        assertThrows(StoreException.class, () -> running.append(entry(12, T0)));
        assertArrayEquals(replaced, Files.readAllBytes(file()));
    }

    @Test
    void aFileMovedOverTheLedgersName_evenWithItsLinesAndOneMore_isRefused() throws IOException {
        ErasureLedger running = FileErasureLedger.create(file());
        running.append(entry(2, T0));
        Path copy = dir.resolve("copy.jsonl");
        Files.write(copy, concat(Files.readAllBytes(file()), lineOf(entry(4, T0))));
        Files.move(copy, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        StoreException e = assertThrows(StoreException.class, () -> running.append(entry(6, T0)));
        assertTrue(e.getMessage().contains("replaced"), e.getMessage());
        assertFalse(e.isRetryable());
        assertEquals(2, Files.readAllLines(file()).size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // --- forces, failed forces, interrupts ---------------------------------------------------------------

    /** A channel that forwards to the real one, counts forces, and can fail or interrupt the next force. */
    static final class InjectingChannel extends FileChannel {
        static final AtomicInteger FORCES = new AtomicInteger();
        static volatile String failNextForce;
        static volatile boolean interruptNextForce;
        private final FileChannel real;

        InjectingChannel(Path file) throws IOException {
            this.real = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            String failure = failNextForce;
            if (failure != null) {
                failNextForce = null;
                throw new IOException(failure);
            }
            if (interruptNextForce) {
                interruptNextForce = false;
                Thread.currentThread().interrupt();   // as if the kit's thread was interrupted mid-force
            }
            real.force(metaData);
            FORCES.incrementAndGet();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }

    private FileErasureLedger injecting() {
        InjectingChannel.failNextForce = null;
        InjectingChannel.interruptNextForce = false;
        return FileErasureLedger.open(file(), InjectingChannel::new);
    }

    @Test
    void linesAnotherWroteWithoutForcing_areForcedBeforeTheyCount() throws IOException {
        FileErasureLedger.create(file());
        ErasureLedger ledger = injecting();
        // another process wrote a line and crashed before its force: it is in the page cache only
        Files.write(file(), lineOf(entry(1, T0)), StandardOpenOption.APPEND);
        int before = InjectingChannel.FORCES.get();
        assertFalse(ledger.append(entry(1, T0)));
        assertTrue(InjectingChannel.FORCES.get() > before, "forced before append answered false");
    }

    @Test
    void anInterruptDuringTheForce_isRetryable_andTheRetryForcesTheLineBeforeAnsweringFalse() throws IOException {
        FileErasureLedger.create(file());
        ErasureLedger ledger = injecting();
        InjectingChannel.interruptNextForce = true;
        StoreException e = assertThrows(StoreException.class, () -> ledger.append(entry(1, T0)));
        assertTrue(Thread.interrupted(), "the interrupt status is kept (and cleared here)");
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("interrupted"), "not masked by the lock's release: " + e.getMessage());
        assertEquals(1, Files.readAllLines(file()).size(), "the whole line reached the file, unforced");
        int before = InjectingChannel.FORCES.get();
        assertFalse(ledger.append(entry(1, T0)), "the retry finds the line");
        assertTrue(InjectingChannel.FORCES.get() > before, "and forced it before answering false");
        assertEquals(List.of(entry(1, T0)), all(ledger));
    }

    @Test
    void aFailedForce_isNotRetryable_namesTheOsReason_andStopsTheInstanceUntilReopened() throws IOException {
        FileErasureLedger.create(file());
        ErasureLedger ledger = injecting();
        InjectingChannel.failNextForce = "Input/output error";
        StoreException e = assertThrows(StoreException.class, () -> ledger.append(entry(1, T0)));
        assertFalse(e.isRetryable(), "after a failed fsync the written pages cannot be trusted");
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        StoreException later = assertThrows(StoreException.class, () -> ledger.since(Instant.EPOCH, Optional.empty(), 1));
        assertFalse(later.isRetryable());
        ErasureLedger reopened = FileErasureLedger.open(file());
        assertFalse(reopened.append(entry(1, T0)), "the line is on the file: reopened, it is forced and counts");
    }

    // --- paging, and a duplicated id with an earlier time ------------------------------------------------

    @Test
    void aDuplicatedIdWhoseLaterLineIsEarlier_neverAppearsWhilePaging_oneAtATime() throws IOException {
        ErasureLedger ledger = FileErasureLedger.create(file());
        ledger.append(entry(1, T0.plusSeconds(10)));
        ledger.append(entry(2, T0.plusSeconds(20)));
        ledger.append(entry(3, T0.plusSeconds(5)));
        String first = Files.readAllLines(file()).get(0);
        Files.writeString(file(), first.replace(T0.plusSeconds(10).toString(), T0.toString()) + "\n",
                StandardOpenOption.APPEND);
        ErasureLedger reopened = FileErasureLedger.open(file());
        List<ErasureEntry> paged = new ArrayList<>();
        Optional<ErasureEntry> after = Optional.empty();
        for (List<ErasureEntry> page; !(page = reopened.since(Instant.EPOCH, after, 1)).isEmpty(); ) {
            paged.addAll(page);
            after = Optional.of(page.get(0));
        }
        assertEquals(List.of(entry(3, T0.plusSeconds(5)), entry(1, T0.plusSeconds(10)), entry(2, T0.plusSeconds(20))),
                paged, "the first line counts; the duplicate's earlier time is never answered");
        assertEquals(List.of(entry(1, T0.plusSeconds(10)), entry(2, T0.plusSeconds(20))),
                reopened.since(T0.plusSeconds(6), Optional.empty(), 5));
        assertEquals(List.of(entry(2, T0.plusSeconds(20))),
                reopened.since(T0.plusSeconds(6), Optional.of(entry(1, T0.plusSeconds(10))), 5));
        assertEquals(List.of(entry(1, T0.plusSeconds(10))),
                reopened.since(T0.plusSeconds(6), Optional.of(entry(3, T0.plusSeconds(5))), 1), "after before since");
    }

    @Test
    void pagingThroughManyEntries_answersEachOnceInOrder() {
        ErasureLedger ledger = FileErasureLedger.create(file());
        List<ErasureEntry> appended = IntStream.range(0, 250)
                .mapToObj(n -> entry(n, T0.plusMillis((n * 7919L) % 1000))).toList();
        appended.forEach(ledger::append);
        List<ErasureEntry> paged = new ArrayList<>();
        Optional<ErasureEntry> after = Optional.empty();
        for (List<ErasureEntry> page; !(page = ledger.since(T0, after, 7)).isEmpty(); ) {
            paged.addAll(page);
            after = Optional.of(page.get(page.size() - 1));
        }
        assertEquals(appended.stream().sorted(java.util.Comparator.comparing(ErasureEntry::erasedAt)
                .thenComparing(ErasureEntry::requestId)).collect(Collectors.toList()), paged);
    }

    // --- oversized entries, a writable directory, paths through links -------------------------------------

    @Test
    void anOversizedEntry_isANonRetryableStoreException_andNothingIsWritten() throws IOException {
        ErasureLedger ledger = FileErasureLedger.create(file());
        Map<String, Set<DataCategory>> sources = IntStream.range(0, 3000).boxed().collect(Collectors.toMap(
                n -> "source-with-a-rather-long-name-" + n, n -> Set.of(DataCategory.of("TRAFFIC"))));
        ErasureEntry huge = new ErasureEntry(id(1), T0, "v1.sealed-subject-1", sources, Set.of(), false);
        StoreException e = assertThrows(StoreException.class, () -> ledger.append(huge));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains(String.valueOf(FileErasureLedger.MAX_LINE)), e.getMessage());
        assertEquals(0, Files.size(file()));
    }

    @Test
    void aFileInADirectoryOthersMayWrite_isUsed_withAWarnAboutTheDirectory() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        FileErasureLedger.create(shared.resolve("erasures.jsonl")).append(entry(1, T0));
        assertEquals(1, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("directory") && warnings().get(0).contains("rwxrwxr-x"),
                warnings().get(0));
    }

    @Test
    void aPathThroughASymbolicLinkAndDotDot_namesTheFileTheOperatingSystemResolves() throws IOException {
        Path target = Files.createDirectories(dir.resolve("volume/ledger"));
        Path link = dir.resolve("link");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here");
        }
        Path viaLink = dir.resolve("link/../erasures.jsonl");   // the OS resolves it to volume/erasures.jsonl
        FileErasureLedger.create(viaLink).append(entry(1, T0));
        assertTrue(Files.exists(dir.resolve("volume/erasures.jsonl")));
        assertFalse(Files.exists(dir.resolve("erasures.jsonl")), "not the lexically normalised path");
        assertEquals(List.of(entry(1, T0)), all(FileErasureLedger.open(dir.resolve("volume/erasures.jsonl"))));
        assertFalse(FileErasureLedger.open(viaLink).append(entry(1, T0)));
    }
}
