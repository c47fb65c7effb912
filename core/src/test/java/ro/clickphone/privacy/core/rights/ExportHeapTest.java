package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * The export streams: 100 000 CDRs, generated one at a time by the source, are exported (plain and
 * encrypted for delivery) in a child JVM limited to a 64 MiB heap, which a writer holding the records,
 * or the document, would exceed (the plain document alone is about 30 MB of JSON, the encrypted one
 * as much again, and Java holds a string's characters twice over in a tree).
 */
class ExportHeapTest {

    static final int RECORDS = 100_000;

    @TempDir
    Path dir;

    @Test
    void hundredThousandCdrs_exportUnder64MiBOfHeap_plainAndEncrypted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", classPath,
                ExportHeapTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "finished");

        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("plain records=" + RECORDS), output);
        assertTrue(output.contains("encrypted records=" + RECORDS), output);
        Path plain = dir.resolve(ExportFixtures.request(RightType.ACCESS, Set.of()).id() + ".json");
        long size = Files.size(plain);
        assertTrue(size > 64L * 1024 * 1024 / 4, "the document is not small: " + size);
        // the end of the plain file is the summary of a whole document
        try (InputStream in = Files.newInputStream(plain)) {
            in.skip(size - 200);
            String tail = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(tail.contains("\"records\" : " + RECORDS), tail);
        }
        System.out.println("ExportHeapTest: " + output.trim());
    }

    /**
     * The child: exports the generated records to {@code args[0]}, plain then encrypted, and reports
     * the counts, the sizes and the heap used.
     *
     * @param args the directory
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        ExportWriter writer = new ExportWriter(Policy::clickPhoneDefault, Clock.systemUTC());
        RequestRecord request = ExportFixtures.request(RightType.ACCESS, Set.of());
        long start = System.nanoTime();
        ExportResult plain;
        try (OutputStream out = ExportDelivery.toDirectory(dir).open(request)) {
            plain = writer.write(request, List.of(ExportFixtures.generating("telephony.cdrs", RECORDS)), List.of(), out);
        }
        long plainMs = (System.nanoTime() - start) / 1_000_000;
        char[][] passphrase = new char[1][];
        Path encryptedDir = Files.createDirectory(dir.resolve("encrypted"));
        start = System.nanoTime();
        ExportResult encrypted;
        try (OutputStream out = ExportDelivery.encryptedToDirectory(encryptedDir, (r, p) -> passphrase[0] = p.clone())
                .open(request)) {
            encrypted = writer.write(request, List.of(ExportFixtures.generating("telephony.cdrs", RECORDS)),
                    List.of(), out);
        }
        long encryptedMs = (System.nanoTime() - start) / 1_000_000;
        Path sealed = encryptedDir.resolve(request.id() + ".json.enc");
        // opening needs the whole file in memory (the JCE verifies GCM before it releases a byte): check
        // the size only here, the round trip is ExportDeliveryTest's
        if (passphrase[0] == null || Files.size(sealed) <= 0) {
            System.exit(2);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("plain records=" + plain.records() + " bytes=" + Files.size(dir.resolve(request.id() + ".json"))
                + " ms=" + plainMs);
        System.out.println("encrypted records=" + encrypted.records() + " bytes=" + Files.size(sealed)
                + " ms=" + encryptedMs);
        System.out.println("heap max=" + rt.maxMemory() / (1024 * 1024) + "MiB used=" + (rt.totalMemory()
                - rt.freeMemory()) / (1024 * 1024) + "MiB");
    }
}
