package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.internal.ExportResult;
import ro.clickphone.privacy.core.rights.internal.ExportWriter;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightType;

/**
 * The export streams: {@value #RECORDS} CDRs (a document of about 100 MB), generated one at a time by
 * the source, are exported plain and encrypted for delivery in a child JVM with a 64 MiB heap and the
 * serial collector, and the child measures the peak use of the old generation (the tenured pool,
 * where anything a writer kept would end up): it must stay under {@value #OLD_GEN_LIMIT_MIB} MiB, a
 * sixth of the document. A negative control runs the same export through a writer that buffers the
 * document in memory before passing it on: it must fail (out of memory or over the limit), so the
 * measurement can tell a buffering writer from a streaming one.
 */
class ExportHeapTest {

    static final int RECORDS = 300_000;
    static final long OLD_GEN_LIMIT_MIB = 16;

    @TempDir
    Path dir;

    @Test
    void threeHundredThousandCdrs_exportUnder64MiBOfHeap_withALowOldGenerationPeak_plainAndEncrypted()
            throws Exception {
        Child child = run("stream");

        assertEquals(0, child.exit, child.output);
        assertTrue(child.output.contains("plain records=" + RECORDS), child.output);
        assertTrue(child.output.contains("encrypted records=" + RECORDS), child.output);
        assertTrue(child.output.contains("oldGenWithinLimit=true"), child.output);
        Path plain = dir.resolve("stream").resolve(ExportFixtures.request(RightType.ACCESS, Set.of()).id() + ".json");
        long size = Files.size(plain);
        assertTrue(size > 64L * 1024 * 1024, "the document is larger than the whole heap: " + size);
        try (InputStream in = Files.newInputStream(plain)) {
            in.skipNBytes(size - 300);
            String tail = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(tail.contains("\"records\" : " + RECORDS), tail);
        }
        System.out.println("ExportHeapTest: " + child.output.trim());
    }

    @Test
    void negativeControl_aWriterThatBuffersTheDocument_failsTheSameMeasure() throws Exception {
        Child child = run("buffer");

        assertNotEquals(0, child.exit, "a buffering writer must not pass: " + child.output);
        System.out.println("ExportHeapTest control (buffering, expected to fail): exit " + child.exit + ", "
                + child.output.lines().filter(l -> l.contains("oldGen") || l.contains("OutOfMemory")).findFirst()
                .orElse("(no line)"));
    }

    private Child run(String mode) throws IOException, InterruptedException {
        Path out = Files.createDirectory(dir.resolve(mode));
        Path log = dir.resolve(mode + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // output to a file, not a pipe: nothing blocks on reading it, so the time limit below holds
        Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", classPath,
                ExportHeapTest.class.getName(), mode, out.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child did not finish in 120 s: " + Files.readString(log));
        }
        return new Child(process.exitValue(), Files.readString(log));
    }

    private record Child(int exit, String output) {
    }

    /**
     * The child: exports the generated records to {@code args[1]}, plain then encrypted, streaming
     * ({@code args[0]} = {@code stream}) or through a buffer of the whole document ({@code buffer}, the
     * negative control), and reports the counts, the sizes and the old generation's peak; exits 3 when
     * the peak is over the limit.
     *
     * @param args the mode and the directory
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        boolean buffer = args[0].equals("buffer");
        Path dir = Path.of(args[1]);
        ExportWriter writer = new ExportWriter(Policy::clickPhoneDefault, Clock.systemUTC());
        RequestRecord request = ExportFixtures.request(RightType.ACCESS, Set.of());
        MemoryPoolMXBean oldGen = oldGeneration();
        System.gc();
        oldGen.resetPeakUsage();
        long start = System.nanoTime();
        ExportResult plain;
        try (OutputStream out = ExportDelivery.toDirectory(dir).open(request)) {
            plain = writer.write(request, List.of(ExportFixtures.generating("telephony.cdrs", RECORDS)), List.of(),
                    buffer ? new Buffering(out) : out);
        }
        long plainMs = (System.nanoTime() - start) / 1_000_000;
        char[][] passphrase = new char[1][];
        Path encryptedDir = Files.createDirectory(dir.resolve("encrypted"));
        start = System.nanoTime();
        ExportResult encrypted;
        try (OutputStream out = ExportDelivery.encryptedToDirectory(encryptedDir, (r, p) -> passphrase[0] = p.clone())
                .open(request)) {
            encrypted = writer.write(request, List.of(ExportFixtures.generating("telephony.cdrs", RECORDS)),
                    List.of(), buffer ? new Buffering(out) : out);
        }
        long encryptedMs = (System.nanoTime() - start) / 1_000_000;
        long peakMib = oldGen.getPeakUsage().getUsed() / (1024 * 1024);
        Path sealed = encryptedDir.resolve(request.id() + ".json.enc");
        if (passphrase[0] == null || Files.size(sealed) <= 0) {
            System.exit(2);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("plain records=" + plain.records() + " bytes=" + Files.size(dir.resolve(request.id() + ".json"))
                + " ms=" + plainMs);
        System.out.println("encrypted records=" + encrypted.records() + " bytes=" + Files.size(sealed)
                + " ms=" + encryptedMs);
        System.out.println("heap max=" + rt.maxMemory() / (1024 * 1024) + "MiB oldGen=" + oldGen.getName() + " peak="
                + peakMib + "MiB oldGenWithinLimit=" + (peakMib < OLD_GEN_LIMIT_MIB));
        System.exit(peakMib < OLD_GEN_LIMIT_MIB ? 0 : 3);
    }

    private static MemoryPoolMXBean oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Tenured")
                    || pool.getName().contains("Old"))) {
                return pool;
            }
        }
        throw new IllegalStateException("no old generation pool: run with -XX:+UseSerialGC");
    }

    /** The control: holds the whole document in memory and passes it on when completed. */
    private static final class Buffering extends ByteArrayOutputStream implements ExportDelivery.Completion {
        private final OutputStream target;

        Buffering(OutputStream target) {
            this.target = target;
        }

        @Override
        public void complete() throws IOException {
            writeTo(target);
            ((ExportDelivery.Completion) target).complete();
        }
    }
}
