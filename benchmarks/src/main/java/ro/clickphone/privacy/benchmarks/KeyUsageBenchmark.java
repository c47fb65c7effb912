package ro.clickphone.privacy.benchmarks;

import java.nio.charset.StandardCharsets;
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
import ro.clickphone.privacy.crypto.FieldEncryptor;
import ro.clickphone.privacy.crypto.KeySettings;
import ro.clickphone.privacy.crypto.RotationPolicy;
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * The cost of counting encryptions on the hot path (issue 20's goal: at most 5 %): encrypting a
 * 32-byte field under the default {@link RotationPolicy} (every encryption counted, blocks reserved
 * from the subject key store) against {@link RotationPolicy#none()} (nothing counted), beside raw JCE
 * AES-256-GCM on byte[] (a fresh random nonce per call, one cipher per thread) in the same run. The
 * store is the in-memory one: a database store adds one round trip per reservation, i.e. per
 * 2<sup>20</sup> encryptions of a key at the default block (after the first few, which start at 1024
 * and double).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar KeyUsageBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyUsageBenchmark {

    /**
     * {@code jce}: raw JCE (baseline); {@code none}: {@link FieldEncryptor} under
     * {@link RotationPolicy#none()}; {@code defaults}: under the default policy and reservation block
     * (2<sup>20</sup>); {@code block1k}: the default policy with a reservation block of 1024, so that
     * the store is called about once per 1024 encryptions (what a store call costs, amortized).
     */
    @Param({"jce", "none", "defaults", "block1k"})
    public String impl;

    private final SubjectId subject = SubjectId.of("acct-1042");
    private final FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
    private final byte[] plaintext = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] aad = "account.email".getBytes(StandardCharsets.US_ASCII);
    private SecretKeySpec jceKey;
    private FieldEncryptor fields;

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
     * Builds the keys and encrypts once, so the data key exists and is cached.
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
        switch (impl) {
            case "none":
                settings = settings.withRotation(RotationPolicy.none());
                break;
            case "block1k":
                settings = settings.withReservationBlock(1024);
                break;
            default:
                break;
        }
        fields = new FieldEncryptor(EnvelopeKeys.create(settings, new InMemorySubjectKeyStore(), Clock.systemUTC()));
        fields.encrypt(subject, context, plaintext);
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
        if ("jce".equals(impl)) {
            byte[] nonce = new byte[12];
            jce.random.nextBytes(nonce);
            jce.cipher.init(Cipher.ENCRYPT_MODE, jceKey, new GCMParameterSpec(128, nonce));
            jce.cipher.updateAAD(aad);
            byte[] out = new byte[12 + plaintext.length + 16];
            System.arraycopy(nonce, 0, out, 0, 12);
            jce.cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
            return out;
        }
        return fields.encrypt(subject, context, plaintext);
    }
}
