package ro.clickphone.privacy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;
import ro.clickphone.privacy.spi.metrics.PrivacyMetrics;
import ro.clickphone.privacy.spi.metrics.ScopeMetrics;

/**
 * The cost of the metrics listener on the field encryption hot path (issue 20): a 32-byte field
 * encrypted and decrypted without a listener ({@code none}) and with one that counts every event
 * on a {@link LongAdder} per scope and event ({@code counting}, what a Micrometer counter does:
 * a {@code DoubleAdder}), beside raw JCE AES-256-GCM in the same run. Run with {@code -t 1} and
 * {@code -t 2}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MetricsOverheadBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsOverheadBenchmark {

    /** {@code jce}: raw JCE (baseline); {@code none}: no listener; {@code counting}: a counting listener. */
    @Param({"jce", "none", "counting"})
    public String impl;

    private final SubjectId subject = SubjectId.of("acct-1042");
    private final FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
    private final byte[] plaintext = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] aad = "account.email".getBytes(StandardCharsets.US_ASCII);
    private SecretKeySpec jceKey;
    private FieldEncryptor fields;
    private byte[] jceCiphertext;
    private byte[] fieldCiphertext;

    /** A listener that counts each scope's events on adders, as a metrics library's counters do. */
    static final class Counting implements PrivacyMetrics {
        @Override
        public ScopeMetrics keyScope(KeyScope scope) {
            LongAdder encrypted = new LongAdder();
            LongAdder decrypted = new LongAdder();
            LongAdder failed = new LongAdder();
            LongAdder hits = new LongAdder();
            LongAdder misses = new LongAdder();
            return new ScopeMetrics() {
                @Override
                public void fieldEncrypted() {
                    encrypted.increment();
                }

                @Override
                public void fieldDecrypted() {
                    decrypted.increment();
                }

                @Override
                public void fieldDecryptionFailed() {
                    failed.increment();
                }

                @Override
                public void keyCacheHit() {
                    hits.increment();
                }

                @Override
                public void keyCacheMiss() {
                    misses.increment();
                }
            };
        }
    }

    /** Per-thread JCE state, as a careful user of the JCE would keep it. */
    @State(Scope.Thread)
    public static class Jce {
        final SecureRandom random = new SecureRandom();
        final Cipher cipher;

        /** Creates the thread's cipher. */
        public Jce() {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Builds the keys and one ciphertext of each kind.
     *
     * @throws Exception if a provider is missing
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        jceKey = new SecretKeySpec(raw, "AES");
        Path dir = Files.createTempDirectory("bench-kek");
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "bench".toCharArray(), "bench");
        KeySettings settings = KeySettings.of(kek);
        if (impl.equals("counting")) {
            settings = settings.withMetrics(new Counting());
        }
        fields = new FieldEncryptor(EnvelopeKeys.create(settings, new InMemorySubjectKeyStore(), Clock.systemUTC()));
        jceCiphertext = jceEncrypt(new Jce());
        fieldCiphertext = fields.encrypt(subject, context, plaintext);
    }

    private byte[] jceEncrypt(Jce jce) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        jce.random.nextBytes(nonce);
        jce.cipher.init(Cipher.ENCRYPT_MODE, jceKey, new GCMParameterSpec(128, nonce));
        jce.cipher.updateAAD(aad);
        byte[] out = new byte[12 + plaintext.length + 16];
        System.arraycopy(nonce, 0, out, 0, 12);
        jce.cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
    }

    /**
     * One encryption.
     *
     * @param jce the thread's JCE state
     * @return the ciphertext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public Object encrypt(Jce jce) throws GeneralSecurityException {
        return impl.equals("jce") ? jceEncrypt(jce) : fields.encrypt(subject, context, plaintext);
    }

    /**
     * One decryption.
     *
     * @param jce the thread's JCE state
     * @return the plaintext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public Object decrypt(Jce jce) throws GeneralSecurityException {
        if (impl.equals("jce")) {
            jce.cipher.init(Cipher.DECRYPT_MODE, jceKey, new GCMParameterSpec(128, jceCiphertext, 0, 12));
            jce.cipher.updateAAD(aad);
            return jce.cipher.doFinal(jceCiphertext, 12, jceCiphertext.length - 12);
        }
        return fields.decrypt(subject, context, fieldCiphertext);
    }
}
