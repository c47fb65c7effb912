package ro.clickphone.privacy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
import ro.clickphone.privacy.crypto.kek.Pkcs12KeyEncryptionKeyProvider;
import ro.clickphone.privacy.spi.KeyScope;
import ro.clickphone.privacy.spi.SubjectId;
import ro.clickphone.privacy.spi.memory.InMemorySubjectKeyStore;

/**
 * The cold path: encrypting a 32-byte field when the subject's data key is not cached (a cache of
 * one key, two subjects in turn), so each call reads the wrapped key from the in-memory store and
 * unwraps it with the PKCS#12 KEK; beside the cached path and beside the raw JCE work each path
 * cannot avoid, in the same run: AES-256-GCM under two alternating keys, and the same with an
 * AES-256-GCM unwrap of the 32-byte key before each encryption.
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

    /**
     * {@code jce-cached}: raw JCE AES-256-GCM, two alternating keys (baseline for {@code cached});
     * {@code jce-cold}: the same after a raw AES-256-GCM unwrap of the key (baseline for
     * {@code cold}); {@code cached}: the field encryptor, keys cached; {@code cold}: the field
     * encryptor, every call unwraps the key.
     */
    @Param({"jce-cached", "jce-cold", "cached", "cold"})
    public String impl;

    private final SubjectId[] subjects = {SubjectId.of("acct-1"), SubjectId.of("acct-2")};
    private final FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
    private final byte[] plaintext = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] aad = "account.email".getBytes(StandardCharsets.US_ASCII);
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec[] jceKeys = new SecretKeySpec[2];
    private final byte[][] wrappedKeys = new byte[2][];
    private final byte[][] wrapNonces = new byte[2][];
    private SecretKeySpec kek;
    private Cipher cipher;
    private FieldEncryptor fields;
    private int next;

    /**
     * Builds the encryptor with a cache of one key (cold) or of many (cached), and the raw keys.
     *
     * @throws Exception if the key store cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("bench-cold");
        long cacheSize = "cold".equals(impl) ? 1 : 1000;
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                dir.resolve("kek.p12"), "bench".toCharArray(), "bench")).withCacheSize(cacheSize),
                new InMemorySubjectKeyStore(), Clock.systemUTC());
        fields = new FieldEncryptor(keys);
        for (SubjectId s : subjects) {
            fields.encrypt(s, context, plaintext);
        }
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        kek = new SecretKeySpec(randomBytes(32), "AES");
        for (int i = 0; i < 2; i++) {
            byte[] key = randomBytes(32);
            jceKeys[i] = new SecretKeySpec(key, "AES");
            wrapNonces[i] = randomBytes(12);
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, wrapNonces[i]));
            wrappedKeys[i] = cipher.doFinal(key);
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * One encryption for the next subject.
     *
     * @return the ciphertext
     */
    @Benchmark
    public byte[] encrypt() throws GeneralSecurityException {
        next ^= 1;
        switch (impl) {
            case "jce-cached":
                return jceEncrypt(jceKeys[next]);
            case "jce-cold":
                cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, wrapNonces[next]));
                return jceEncrypt(new SecretKeySpec(cipher.doFinal(wrappedKeys[next]), "AES"));
            default:
                return fields.encrypt(subjects[next], context, plaintext);
        }
    }

    private byte[] jceEncrypt(SecretKeySpec key) throws GeneralSecurityException {
        byte[] nonce = randomBytes(12);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] out = new byte[12 + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, 0, out, 0, 12);
        cipher.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
    }
}
