package ro.clickphone.privacy.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.crypto.EnvelopeKeys;
import ro.clickphone.privacy.crypto.FieldContext;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.StreamEncryptor;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * Encrypting 64 MB: the SDK's segmented stream into a discarding sink, beside one raw JCE
 * AES-256-GCM {@code doFinal} over the same bytes, in the same run. MB/s is {@code 64 / score}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StreamingBenchmark {

    private static final int SIZE = 64 * 1024 * 1024;
    private static final int SEGMENT = 64 * 1024;

    /**
     * {@code jce}: one raw AES-256-GCM {@code doFinal} over 64 MB; {@code jce-segmented}: raw AES-256-GCM
     * over the same 64 KiB segments the stream uses (the fair baseline); {@code stream}: {@link StreamEncryptor}.
     */
    @Param({"jce", "jce-segmented", "stream"})
    public String impl;

    private byte[] plaintext;
    private byte[] output;
    private SecretKeySpec key;
    private Cipher cipher;
    private StreamEncryptor streams;
    private final SecureRandom random = new SecureRandom();
    private final SubjectId subject = SubjectId.of("acct-1042");
    private final FieldContext context = FieldContext.of("voicemail", "audio", KeyScope.of("media"));

    /**
     * Builds the data, the raw cipher and the stream encryptor.
     *
     * @throws Exception if a provider is missing
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        plaintext = new byte[SIZE];
        random.nextBytes(plaintext);
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        key = new SecretKeySpec(raw, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        if ("jce".equals(impl)) {
            output = new byte[SIZE + 16];
        } else {
            output = new byte[SEGMENT + 16];
        }
        Path dir = Files.createTempDirectory("bench-stream");
        KeySettings keys = KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "bench".toCharArray(), "bench"));
        streams = new StreamEncryptor(EnvelopeKeys.create(keys, new InMemorySubjectKeyStore(), Clock.systemUTC()));
    }

    /**
     * One 64 MB encryption.
     *
     * @return bytes produced
     * @throws GeneralSecurityException never in practice
     * @throws IOException never in practice
     */
    @Benchmark
    public long encrypt64Megabytes() throws GeneralSecurityException, IOException {
        if ("jce".equals(impl)) {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            return cipher.doFinal(plaintext, 0, plaintext.length, output, 0);
        }
        if ("jce-segmented".equals(impl)) {
            long total = 0;
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            for (int i = 0; i < SIZE / SEGMENT; i++) {
                nonce[11] = (byte) i;
                nonce[10] = (byte) (i >>> 8);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                total += cipher.doFinal(plaintext, i * SEGMENT, SEGMENT, output, 0);
            }
            return total;
        }
        Counting sink = new Counting();
        try (OutputStream out = streams.encrypt(subject, context, sink)) {
            out.write(plaintext);
        }
        return sink.count;
    }

    /** Counts and discards. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
