package ro.clickphone.privacy.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
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
 * Encrypting and decrypting a 32-byte field with a cached data key, beside raw JCE AES-256-GCM on
 * byte[] (a fresh random nonce per call, one cipher per thread) and Google Tink's {@code Aead}
 * (AES256_GCM), in the same run. Run with {@code -t 1} and {@code -t 2}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FieldEncryptionBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FieldEncryptionBenchmark {

    /**
     * {@code jce}: raw JCE (baseline); {@code tink}: Tink's Aead; {@code fields-bytes} and
     * {@code fields-string}: {@link FieldEncryptor}, binary and text forms.
     */
    @Param({"jce", "tink", "fields-bytes", "fields-string"})
    public String impl;

    private final SubjectId subject = SubjectId.of("acct-1042");
    private final FieldContext context = FieldContext.of("account", "email", KeyScope.of("profile"));
    private final byte[] plaintext = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final String text = "0123456789abcdef0123456789abcdef";
    private final byte[] aad = "account.email".getBytes(StandardCharsets.US_ASCII);
    private SecretKeySpec jceKey;
    private Aead tink;
    private FieldEncryptor fields;
    private byte[] jceCiphertext;
    private byte[] tinkCiphertext;
    private byte[] fieldCiphertext;
    private String fieldText;

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
        AeadConfig.register();
        tink = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(Aead.class);
        Path dir = Files.createTempDirectory("bench-kek");
        Pkcs12KeyEncryptionKeyProvider kek = Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek.p12"),
                "bench".toCharArray(), "bench");
        fields = new FieldEncryptor(EnvelopeKeys.create(KeySettings.of(kek), new InMemorySubjectKeyStore(),
                Clock.systemUTC()));
        JceGcm jce = new JceGcm();
        jceCiphertext = jce.encrypt(jceKey, aad, plaintext);
        tinkCiphertext = tink.encrypt(plaintext, aad);
        fieldCiphertext = fields.encrypt(subject, context, plaintext);
        fieldText = fields.encrypt(subject, context, text);
    }

    /**
     * One encryption.
     *
     * @param jce the thread's JCE state
     * @return the ciphertext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public Object encrypt(JceGcm jce) throws GeneralSecurityException {
        switch (impl) {
            case "jce":
                return jce.encrypt(jceKey, aad, plaintext);
            case "tink":
                return tink.encrypt(plaintext, aad);
            case "fields-bytes":
                return fields.encrypt(subject, context, plaintext);
            default:
                return fields.encrypt(subject, context, text);
        }
    }

    /**
     * One decryption.
     *
     * @param jce the thread's JCE state
     * @return the plaintext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public Object decrypt(JceGcm jce) throws GeneralSecurityException {
        switch (impl) {
            case "jce":
                return jce.decrypt(jceKey, aad, jceCiphertext);
            case "tink":
                return tink.decrypt(tinkCiphertext, aad);
            case "fields-bytes":
                return fields.decrypt(subject, context, fieldCiphertext);
            default:
                return fields.decrypt(subject, context, fieldText);
        }
    }
}
