package ro.clickphone.privacy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.InMemorySubjectKeyStore;
import ro.clickphone.privacy.crypto.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;

/**
 * The cold path: encrypting a 32-byte field when the subject's data key is not cached (a cache of
 * one key, two subjects in turn), so each call reads the wrapped key from the in-memory store and
 * unwraps it with the PKCS#12 KEK; beside the cached path in the same run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FieldColdPathBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FieldColdPathBenchmark {

    /** {@code cached}: the key stays cached; {@code cold}: every call unwraps the key. */
    @Param({"cached", "cold"})
    public String impl;

    private final SubjectId[] subjects = {SubjectId.of("acct-1"), SubjectId.of("acct-2")};
    private final FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
    private final byte[] plaintext = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private FieldEncryptor fields;
    private int next;

    /**
     * Builds the encryptor with a cache of one key (cold) or of many (cached).
     *
     * @throws Exception if the key store cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("bench-cold");
        long cacheSize = "cold".equals(impl) ? 1 : 1000;
        EnvelopeKeys keys = EnvelopeKeys.create(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "bench".toCharArray(), "bench"), new InMemorySubjectKeyStore(), Clock.systemUTC(), cacheSize,
                Duration.ofMinutes(10), Duration.ofSeconds(1), System::nanoTime);
        fields = new FieldEncryptor(keys);
        for (SubjectId s : subjects) {
            fields.encrypt(s, context, plaintext);
        }
    }

    /**
     * One encryption for the next subject.
     *
     * @return the ciphertext
     */
    @Benchmark
    public byte[] encrypt() {
        next ^= 1;
        return fields.encrypt(subjects[next], context, plaintext);
    }
}
