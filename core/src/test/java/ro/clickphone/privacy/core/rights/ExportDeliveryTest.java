package ro.clickphone.privacy.core.rights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ro.clickphone.privacy.core.rights.ExportFixtures.request;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ro.clickphone.privacy.core.policy.Policy;
import ro.clickphone.privacy.core.rights.internal.ExportCipher;
import ro.clickphone.privacy.core.rights.internal.ExportWriter;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.StoreException;
import ro.clickphone.privacy.spi.rights.RequestRecord;
import ro.clickphone.privacy.spi.rights.RightType;
import ro.clickphone.privacy.spi.source.PersonalDataSource;

class ExportDeliveryTest {

    @TempDir
    Path dir;

    private final ExportWriter writer = new ExportWriter(Policy::clickPhoneDefault, Clock.systemUTC());
    private final RequestRecord request = request(RightType.ACCESS, Set.of());
    private final List<char[]> handedOff = new ArrayList<>();
    private final List<String> handedOffCopies = new ArrayList<>();

    private ExportDelivery encrypted() {
        return ExportDelivery.encryptedToDirectory(dir, (r, passphrase) -> {
            handedOff.add(passphrase);
            handedOffCopies.add(new String(passphrase));
        });
    }

    private void export(ExportDelivery delivery, PersonalDataSource source) throws IOException {
        try (OutputStream out = delivery.open(request)) {
            writer.write(request, List.of(source), List.of(), out);
        }
    }

    @Test
    void toDirectory_publishesAWholeDocumentUnderTheRequestId_andLeavesNoTemporaryFile() throws IOException {
        export(ExportDelivery.toDirectory(dir), ExportFixtures.generating("telephony.cdrs", 25));

        Path file = dir.resolve(request.id() + ".json");
        assertEquals(List.of(file), list());
        assertEquals(List.of(), ExportFixtures.validate(ExportFixtures.parse(Files.readAllBytes(file))));
    }

    @Test
    void aFailedAttempt_publishesNothing_andKeepsThePreviousWholeExport() throws IOException {
        ExportDelivery delivery = ExportDelivery.toDirectory(dir);
        export(delivery, ExportFixtures.generating("telephony.cdrs", 3));
        byte[] whole = Files.readAllBytes(dir.resolve(request.id() + ".json"));

        PersonalDataSource failing = new FailingAfter(ExportFixtures.generating("telephony.cdrs", 10_000), 5_000);
        assertThrows(StoreException.class, () -> export(delivery, failing));

        assertEquals(List.of(dir.resolve(request.id() + ".json")), list(), "no half-written or temporary file");
        assertArrayEquals(whole, Files.readAllBytes(dir.resolve(request.id() + ".json")));
    }

    @Test
    void encrypted_roundTrip_withThePassphraseHandedOffOnceTheFileIsInPlace() throws IOException {
        export(encrypted(), ExportFixtures.generating("telephony.cdrs", 200));

        Path file = dir.resolve(request.id() + ".json.enc");
        assertEquals(List.of(file), list());
        assertEquals(1, handedOffCopies.size());
        String passphrase = handedOffCopies.get(0);
        assertTrue(passphrase.matches("([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}"), passphrase);
        assertTrue(Arrays.equals(new char[passphrase.length()], handedOff.get(0)), "wiped after the handoff");
        byte[] sealed = Files.readAllBytes(file);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(ExportFixtures.NUMBER));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("TRAFFIC"));

        byte[] json = ExportDelivery.decrypt(new ByteArrayInputStream(sealed), passphrase.toCharArray()).readAllBytes();
        assertEquals(200, ExportFixtures.parse(json).at("/summary/records").asInt());
        assertEquals(List.of(), ExportFixtures.validate(ExportFixtures.parse(json)));
    }

    @Test
    void encrypted_tamperingAnywhere_truncation_extension_orAWrongPassphrase_doNotOpen() throws IOException {
        export(encrypted(), ExportFixtures.generating("telephony.cdrs", 5));
        byte[] sealed = Files.readAllBytes(dir.resolve(request.id() + ".json.enc"));
        char[] passphrase = handedOffCopies.get(0).toCharArray();

        // the attacker flips one bit in: the magic, the version, the iterations, the salt, the nonce,
        // the first and a middle ciphertext byte, the tag's last byte
        int[] positions = {0, 8, 13, 20, 35, ExportCipher.HEADER_BYTES, sealed.length / 2, sealed.length - 1};
        for (int at : positions) {
            byte[] altered = sealed.clone();
            altered[at] ^= 0x01;
            assertThrows(IntegrityException.class, () -> open(altered, passphrase), "byte " + at);
        }
        assertThrows(IntegrityException.class, () -> open(Arrays.copyOf(sealed, sealed.length - 1), passphrase));
        assertThrows(IntegrityException.class, () -> open(Arrays.copyOf(sealed, 30), passphrase));
        assertThrows(IntegrityException.class, () -> open(Arrays.copyOf(sealed, sealed.length + 1), passphrase));
        char[] wrong = passphrase.clone();
        wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
        IntegrityException e = assertThrows(IntegrityException.class, () -> open(sealed, wrong));
        assertFalse(e.getMessage().contains(new String(passphrase)));
        assertFalse(e.getMessage().contains(new String(wrong)));
        assertEquals(5, ExportFixtures.parse(open(sealed, passphrase)).at("/summary/records").asInt());
        String typed = handedOffCopies.get(0).replace("-", "").toLowerCase(java.util.Locale.ROOT);
        assertEquals(5, ExportFixtures.parse(open(sealed, typed.toCharArray())).at("/summary/records").asInt(),
                "lower case, without hyphens");
    }

    @Test
    void encrypted_eachExportHasItsOwnPassphraseSaltAndNonce() throws IOException {
        ExportDelivery delivery = encrypted();
        export(delivery, ExportFixtures.generating("telephony.cdrs", 1));
        byte[] first = Files.readAllBytes(dir.resolve(request.id() + ".json.enc"));
        export(delivery, ExportFixtures.generating("telephony.cdrs", 1));
        byte[] second = Files.readAllBytes(dir.resolve(request.id() + ".json.enc"));

        assertNotEquals(handedOffCopies.get(0), handedOffCopies.get(1));
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 14, 42), Arrays.copyOfRange(second, 14, 42)));
        assertThrows(IntegrityException.class, () -> open(second, handedOffCopies.get(0).toCharArray()),
                "the first passphrase does not open the second file");
    }

    @Test
    void encrypted_aFailedAttempt_handsNoPassphraseOff() throws IOException {
        PersonalDataSource failing = new FailingAfter(ExportFixtures.generating("telephony.cdrs", 100), 50);
        assertThrows(StoreException.class, () -> export(encrypted(), failing));

        assertEquals(List.of(), handedOffCopies);
        assertEquals(List.of(), list());
    }

    @Test
    void encrypted_aFailingHandoff_failsTheClose_deletesTheNewFile_andKeepsThePreviousExportAndItsPassphrase()
            throws IOException {
        export(encrypted(), ExportFixtures.generating("telephony.cdrs", 3));
        Path file = dir.resolve(request.id() + ".json.enc");
        byte[] previous = Files.readAllBytes(file);
        List<List<Path>> seenByHandoff = new ArrayList<>();
        ExportDelivery failing = ExportDelivery.encryptedToDirectory(dir, (r, p) -> {
            try {
                seenByHandoff.add(list());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("SMS gateway down");
        });

        assertThrows(IllegalStateException.class, () -> export(failing, ExportFixtures.generating("telephony.cdrs", 7)));

        assertEquals(List.of(file), list(), "no temporary file left");
        assertArrayEquals(previous, Files.readAllBytes(file), "the previous export stays");
        assertEquals(3, ExportFixtures.parse(open(previous, handedOffCopies.get(0).toCharArray()))
                .at("/summary/records").asInt(), "and its passphrase still opens it");
        List<Path> during = seenByHandoff.get(0);
        assertEquals(2, during.size(), "the handoff ran before the new file was published: " + during);
        assertTrue(during.contains(file));
    }

    @Test
    void encrypted_onAFirstExport_theFileAppearsOnlyAfterTheHandoffReturned() throws IOException {
        Path file = dir.resolve(request.id() + ".json.enc");
        boolean[] existedDuringHandoff = {true};
        export(ExportDelivery.encryptedToDirectory(dir, (r, p) -> existedDuringHandoff[0] = Files.exists(file)),
                ExportFixtures.generating("telephony.cdrs", 1));

        assertFalse(existedDuringHandoff[0]);
        assertEquals(List.of(file), list());
    }

    /**
     * Two attempts at one request at once: whatever the interleaving, the passphrase handed off last
     * opens the file in place. Without serializing handoff and publication, attempt B hands off and
     * publishes while attempt A waits in its handoff, then A publishes: B's passphrase, received last,
     * opens nothing.
     */
    @Test
    void encrypted_twoConcurrentAttempts_theLastPassphraseHandedOffOpensTheFileInPlace() throws Exception {
        java.util.concurrent.CountDownLatch firstInHandoff = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondHandedOff = new java.util.concurrent.CountDownLatch(1);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ExportDelivery delivery = ExportDelivery.encryptedToDirectory(dir, (r, p) -> {
            boolean first = firstInHandoff.getCount() == 1;
            if (first) {
                firstInHandoff.countDown();
                try {
                    // wait for the second attempt; with publication serialized it cannot come, and this times out
                    secondHandedOff.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                secondHandedOff.countDown();
            }
            order.add(new String(p));
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> a = pool.submit(() -> {
                export(delivery, ExportFixtures.generating("telephony.cdrs", 1));
                return null;
            });
            assertTrue(firstInHandoff.await(30, TimeUnit.SECONDS));
            java.util.concurrent.Future<?> b = pool.submit(() -> {
                export(delivery, ExportFixtures.generating("telephony.cdrs", 2));
                return null;
            });
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(2, order.size());
        byte[] inPlace = Files.readAllBytes(dir.resolve(request.id() + ".json.enc"));
        open(inPlace, order.get(1).toCharArray()); // throws IntegrityException if the last passphrase does not open it
    }

    @Test
    void decrypt_refusesOtherFilesAndAbsurdIterationCounts() {
        char[] p = "x".toCharArray();
        assertThrows(IntegrityException.class, () -> open("{\"format\":1}".getBytes(StandardCharsets.UTF_8), p));
        byte[] huge = new byte[ExportCipher.HEADER_BYTES + 16];
        System.arraycopy("CPEXPORT".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 8);
        huge[8] = 1;
        huge[9] = 1;
        huge[10] = (byte) 0x7f;
        assertThrows(IntegrityException.class, () -> open(huge, p));
        assertThrows(InvalidInputException.class, () -> ExportDelivery.decrypt(null, p));
        assertThrows(InvalidInputException.class, () -> ExportDelivery.toDirectory(dir.resolve("missing")));
        assertThrows(InvalidInputException.class, () -> ExportDelivery.encryptedToDirectory(dir, null));
    }

    @Test
    void aClosedOrCompletedStream_takesNoMoreBytes() throws IOException {
        OutputStream out = ExportDelivery.toDirectory(dir).open(request);
        out.write('{');
        ((ExportDelivery.Completion) out).complete();
        assertThrows(IOException.class, () -> out.write('}'));
        out.close();
        out.close();
        assertThrows(IOException.class, () -> ((ExportDelivery.Completion) out).complete());
        assertTrue(out.toString().contains(request.id()));
        assertFalse(out.toString().contains(ExportFixtures.SUBJECT.value()));
    }

    /**
     * The subject's side: the Python script of docs/EXPORT-FORMAT.md opens the file. Runs where
     * python3 with the "cryptography" package is installed (it is on the build machine); skipped
     * elsewhere.
     */
    @Test
    void theDocumentedPythonScript_opensTheFile() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("docs/open-export.py");
        Assumptions.assumeTrue(Files.isRegularFile(script), "docs/open-export.py");
        Assumptions.assumeTrue(pythonWithCryptography(), "python3 with the cryptography package");
        export(encrypted(), ExportFixtures.generating("telephony.cdrs", 10));
        Path file = dir.resolve(request.id() + ".json.enc");
        Path outFile = dir.resolve("opened.json");

        Process p = new ProcessBuilder("python3", script.toString(), file.toString(), outFile.toString())
                .redirectErrorStream(true).start();
        String typed = handedOffCopies.get(0).replace("-", " ").toLowerCase(java.util.Locale.ROOT);
        p.getOutputStream().write((typed + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals(10, ExportFixtures.parse(Files.readAllBytes(outFile)).at("/summary/records").asInt());

        // a crafted header asking for 2^31 iterations is refused at once, as the Java reader does
        byte[] crafted = Files.readAllBytes(file);
        crafted[10] = (byte) 0x7f;
        Path craftedFile = Files.write(dir.resolve("crafted.json.enc"), crafted);
        Process refused = new ProcessBuilder("python3", script.toString(), craftedFile.toString(),
                dir.resolve("never.json").toString()).redirectErrorStream(true).start();
        refused.getOutputStream().close();
        String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(10, TimeUnit.SECONDS), "refused without deriving");
        assertNotEquals(0, refused.exitValue(), said);
        assertFalse(Files.exists(dir.resolve("never.json")));
    }

    private static boolean pythonWithCryptography() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import cryptography").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static byte[] open(byte[] sealed, char[] passphrase) throws IOException {
        return ExportDelivery.decrypt(new ByteArrayInputStream(sealed), passphrase).readAllBytes();
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    /** A source that fails after some records, as a database connection that drops. */
    private static final class FailingAfter implements PersonalDataSource {
        private final PersonalDataSource inner;
        private final int after;

        FailingAfter(PersonalDataSource inner, int after) {
            this.inner = inner;
            this.after = after;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Set<ro.clickphone.privacy.spi.DataCategory> categories() {
            return inner.categories();
        }

        @Override
        public Set<ro.clickphone.privacy.spi.source.SourceCapability> capabilities() {
            return inner.capabilities();
        }

        @Override
        public void dispose(ro.clickphone.privacy.spi.RecordRef record,
                ro.clickphone.privacy.spi.source.DisposalAction action) {
            inner.dispose(record, action);
        }

        @Override
        public void export(ro.clickphone.privacy.spi.SubjectId subject,
                ro.clickphone.privacy.spi.source.ExportSink sink) {
            int[] n = {0};
            inner.export(subject, record -> {
                if (n[0]++ == after) {
                    throw new StoreException("connection lost", true, null);
                }
                sink.accept(record);
            });
        }
    }
}
