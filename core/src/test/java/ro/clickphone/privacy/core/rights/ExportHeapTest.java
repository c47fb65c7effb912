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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ro.clickphone.privacy.core.PrivacyKit;
import ro.clickphone.privacy.core.notify.NotificationSettings;
import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.internal.ExportResult;
import ro.clickphone.privacy.core.rights.internal.ExportWriter;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.memory.InMemoryErasureLedger;
import ro.clickphone.privacy.spi.memory.InMemoryStores;
import ro.clickphone.privacy.spi.rights.CategoryOutcome;
import ro.clickphone.privacy.spi.rights.OutcomeKind;
import ro.clickphone.privacy.spi.rights.RequestChannel;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RequestState;
import ro.clickphone.privacy.spi.rights.RightType;

/**
 * The export streams: {@value #RECORDS} CDRs (a document of about 100 MB), generated one at a time by
 * the source, are exported plain and encrypted for delivery in a child JVM with a 64 MiB heap and the
 * serial collector, and the child measures the peak use of the old generation (the tenured pool,
 * where anything a writer kept would end up): it must stay under {@value #OLD_GEN_LIMIT_MIB} MiB, a
 * sixth of the document. A negative control runs the same export through a writer that buffers the
 * document in memory before passing it on: it must fail (out of memory or over the limit), so the
 * measurement can tell a buffering writer from a streaming one. A third child carries the same
 * {@value #RECORDS} records through the engine of a real kit ({@code submit}, {@code verify},
 * {@code process(id, ExportDelivery.toDirectory(dir))}) under the same heap and the same bound, so that
 * neither the engine nor the delivery collects the records or an outcome per record.
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

    @Test
    void threeHundredThousandCdrs_throughTheEngineOfARealKit_completeUnder64MiBOfHeap_withALowOldGenerationPeak()
            throws Exception {
        Child child = run("engine");

        assertEquals(0, child.exit, child.output);
        assertTrue(child.output.contains("engine state=COMPLETED exported=" + RECORDS + " "), child.output);
        assertTrue(child.output.contains("oldGenWithinLimit=true"), child.output);
        Path published;
        try (Stream<Path> files = Files.list(dir.resolve("engine"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one published document and nothing else: " + all);
            published = all.get(0);
        }
        assertTrue(published.getFileName().toString().matches("rr-[0-9a-f]+\\.json"), published.toString());
        long size = Files.size(published);
        assertTrue(size > 64L * 1024 * 1024, "the document is larger than the whole heap: " + size);
        long[] counted = countRecords(published);
        assertEquals(RECORDS, counted[0], "records in the document's sources");
        assertEquals(RECORDS, counted[1], "the document's summary");
        System.out.println("ExportHeapTest engine: " + child.output.trim());
    }

    /**
     * Counts a published document's records with a streaming parser, never holding the document: the
     * objects of every source's {@code records} array, and the summary's {@code records} number.
     *
     * @return {records counted, the summary's count}
     */
    private static long[] countRecords(Path document) throws IOException {
        long records = 0;
        long summary = -1;
        try (JsonParser p = new JsonFactory().createParser(document.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME || !p.currentName().equals("records")) {
                    continue;
                }
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    for (JsonToken r = p.nextToken(); r != JsonToken.END_ARRAY; r = p.nextToken()) {
                        assertEquals(JsonToken.START_OBJECT, r, "a record is an object");
                        p.skipChildren();
                        records++;
                    }
                } else if (value == JsonToken.VALUE_NUMBER_INT && p.getParsingContext().getParent() != null
                        && "summary".equals(p.getParsingContext().getParent().getCurrentName())) {
                    summary = p.getLongValue();
                }
            }
        }
        return new long[] {records, summary};
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
     * negative control), or through the engine of a real kit ({@code engine}), and reports the counts,
     * the sizes and the old generation's peak; exits 3 when the peak is over the limit.
     *
     * @param args the mode and the directory
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args[0].equals("engine")) {
            engine(Path.of(args[1]));
            return;
        }
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

    /**
     * The engine's run: a kit on the shipped policy, in-memory stores and a PKCS#12 key (in a directory
     * beside the export's, which must hold the published document only) with one source generating the
     * records; an access request through the customer's account, submitted, verified and carried out
     * to the directory. The old generation's peak is measured over {@code process} only, after the kit
     * is built and the request verified.
     */
    private static void engine(Path dir) throws IOException {
        Path keys = Files.createDirectory(dir.resolveSibling("engine-keys"));
        Clock clock = Clock.fixed(Instant.parse("2026-02-02T08:00:00Z"), ZoneOffset.UTC);
        try (PrivacyKit kit = PrivacyKit.builder().policy(Policy.clickPhoneDefault()).clock(clock)
                .stores(InMemoryStores.create())
                .keys(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(keys.resolve("kek.p12"),
                        "pw".toCharArray(), "kek")))
                .notifications(NotificationSettings.defaults().withAutoStart(false))
                .source(ExportFixtures.generating("telephony.cdrs", RECORDS))
                .rights(RightsSettings.defaults().withErasureLedger(new InMemoryErasureLedger())).build()) {
            RequestRecord submitted = kit.rights().submit(RightsRequest.access(ExportFixtures.SUBJECT,
                    RequestChannel.CUSTOMER_ACCOUNT, clock.instant()));
            RequestRecord verified = kit.rights().verify(submitted.id());
            if (verified.state() != RequestState.VERIFIED) {
                System.out.println("engine not verified: " + verified.state());
                System.exit(2);
            }
            MemoryPoolMXBean oldGen = oldGeneration();
            System.gc();
            long baseline = oldGen.getUsage().getUsed() / (1024 * 1024);
            oldGen.resetPeakUsage();
            long start = System.nanoTime();
            RequestRecord done = kit.rights().process(verified.id(), ExportDelivery.toDirectory(dir));
            long ms = (System.nanoTime() - start) / 1_000_000;
            long peakMib = oldGen.getPeakUsage().getUsed() / (1024 * 1024);
            long exported = done.progressOf("telephony.cdrs").map(p -> p.outcomes().stream()
                    .filter(o -> o.kind() == OutcomeKind.EXPORTED)
                    .mapToLong(CategoryOutcome::records).sum()).orElse(-1L);
            Path file = dir.resolve(done.id() + ".json");
            System.out.println("engine state=" + done.state() + " exported=" + exported + " bytes="
                    + (Files.exists(file) ? Files.size(file) : -1) + " ms=" + ms);
            System.out.println("heap max=" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "MiB oldGen="
                    + oldGen.getName() + " baseline=" + baseline + "MiB peak=" + peakMib + "MiB oldGenWithinLimit="
                    + (peakMib < OLD_GEN_LIMIT_MIB));
            System.exit(peakMib < OLD_GEN_LIMIT_MIB ? 0 : 3);
        }
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
