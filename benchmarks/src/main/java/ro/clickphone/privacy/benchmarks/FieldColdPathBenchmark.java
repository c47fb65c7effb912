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
 * <p>And many subjects with their keys cached: {@code zipf1000} encrypts and decrypts for 1 000
 * subjects drawn Zipf (s = 1), each call another subject's key, beside {@code one}, the same
 * encryptor for one subject, and {@code jce-zipf1000}, raw JCE with one cipher per thread re-keyed
 * per call to the drawn subject's key. The goal: {@code zipf1000} at least 0.9× {@code one}. To
 * compare like with like, {@code one} (and {@code jce-ciphers-one}) draw from the same sequence and
 * decrypt one of as many distinct ciphertexts (same size) of the one subject, so that only the
 * variety of keys differs, not the number of ciphertexts touched. The
 * ceiling any SunJCE-based design can reach: {@code jce-ciphers-zipf1000}, raw JCE with one
 * initialised cipher per key and thread (nothing else: no look-up, no associated data beyond 13
 * bytes), against {@code jce-ciphers-one}, the same for one key.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FieldColdPathBenchmark
 * java -jar benchmarks/target/benchmarks.jar FieldColdPathBenchmark -p impl=one,zipf1000,jce-zipf1000 -t 2
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
    @Param({"jce-cached", "jce-cold", "cached", "cold", "one", "zipf1000", "jce-zipf1000", "jce-ciphers-one",
        "jce-ciphers-zipf1000"})
    public String impl;

    /** How many subjects the Zipf cases draw from (1 000 for the goal; fewer to see the memory effect). */
    @Param("1000")
    public int population;

    /** The per-thread key table size ({@code -1}: the default of {@link KeySettings}). */
    @Param("-1")
    public int threadCache;

    /** The most subjects the Zipf cases draw from. */
    static final int SUBJECTS = 1000;
    /** The length of the precomputed draw sequence (a power of two). */
    private static final int DRAWS = 1 << 16;

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
    private final SubjectId[] many = new SubjectId[SUBJECTS];
    private final byte[][] manyCiphertexts = new byte[SUBJECTS][];
    private final SecretKeySpec[] manyKeys = new SecretKeySpec[SUBJECTS];
    private final byte[][] manyJceCiphertexts = new byte[SUBJECTS][];
    /** As many ciphertexts of the first subject (key) as there are subjects, drawn the same way. */
    private final byte[][] oneCiphertexts = new byte[SUBJECTS][];
    private final byte[][] oneJceCiphertexts = new byte[SUBJECTS][];
    private final int[] draws = new int[DRAWS];

    /** Per-thread state: where the thread is in the draw sequence, and its cipher for the raw baseline. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;
        final Cipher cipher;
        /** One cipher per key, for the {@code jce-ciphers-*} ceilings. */
        final Cipher[] ciphers = new Cipher[SUBJECTS];
        final SecureRandom random = new SecureRandom();

        /** Starts at a random place in the sequence, so that two threads do not draw in step. */
        public Cursor() {
            try {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                for (int k = 0; k < SUBJECTS; k++) {
                    ciphers[k] = Cipher.getInstance("AES/GCM/NoPadding");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            i = random.nextInt(DRAWS);
        }

        int next(int[] draws) {
            return draws[i++ & (DRAWS - 1)];
        }
    }

    /**
     * Builds the encryptor with a cache of one key (cold) or of many (cached), and the raw keys.
     *
     * @throws Exception if the key store cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("bench-cold");
        long cacheSize = "cold".equals(impl) ? 1 : KeySettings.DEFAULT_CACHE_SIZE;
        EnvelopeKeys keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(
                dir.resolve("kek.p12"), "bench".toCharArray(), "bench")).withCacheSize(cacheSize),
                new InMemorySubjectKeyStore(), Clock.systemUTC());
        if (threadCache >= 0) {
            keys = EnvelopeKeys.create(KeySettings.of(Pkcs12KeyEncryptionKeyProvider.create(dir.resolve("kek2.p12"),
                    "bench".toCharArray(), "bench")).withCacheSize(cacheSize).withThreadCacheSize(threadCache),
                    new InMemorySubjectKeyStore(), Clock.systemUTC());
        }
        fields = new FieldEncryptor(keys);
        for (SubjectId s : subjects) {
            fields.encrypt(s, context, plaintext);
        }
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        if (impl.startsWith("jce-zipf") || impl.startsWith("jce-ciphers") || impl.equals("zipf1000")
                || impl.equals("one")) {
            setUpMany();
        }
        kek = new SecretKeySpec(randomBytes(32), "AES");
        for (int i = 0; i < 2; i++) {
            byte[] key = randomBytes(32);
            jceKeys[i] = new SecretKeySpec(key, "AES");
            wrapNonces[i] = randomBytes(12);
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, wrapNonces[i]));
            wrappedKeys[i] = cipher.doFinal(key);
        }
    }

    /** 1 000 subjects with keys and one ciphertext each, and a Zipf (s = 1) draw sequence over them. */
    private void setUpMany() throws GeneralSecurityException {
        for (int i = 0; i < SUBJECTS; i++) {
            many[i] = SubjectId.of("acct-" + (100_000 + i));
            manyCiphertexts[i] = fields.encrypt(many[i], context, plaintext);
            manyKeys[i] = new SecretKeySpec(randomBytes(32), "AES");
            manyJceCiphertexts[i] = jceEncrypt(manyKeys[i]);
        }
        for (int i = 0; i < SUBJECTS; i++) {
            oneCiphertexts[i] = fields.encrypt(many[0], context, plaintext);
            oneJceCiphertexts[i] = jceEncrypt(manyKeys[0]);
        }
        double[] cdf = new double[population];
        double sum = 0;
        for (int k = 0; k < population; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(20261202L);
        for (int i = 0; i < DRAWS; i++) {
            double u = seeded.nextDouble() * sum;
            int k = java.util.Arrays.binarySearch(cdf, u);
            draws[i] = Math.min(population - 1, k >= 0 ? k : -k - 1);
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
     * @param cursor the thread's place in the draw sequence (the Zipf cases)
     * @return the ciphertext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public byte[] encrypt(Cursor cursor) throws GeneralSecurityException {
        switch (impl) {
            case "one":
                cursor.next(draws); // the same draw work as zipf1000, one subject
                return fields.encrypt(many[0], context, plaintext);
            case "zipf1000":
                return fields.encrypt(many[cursor.next(draws)], context, plaintext);
            case "jce-zipf1000":
                return jceEncrypt(cursor, manyKeys[cursor.next(draws)]);
            case "jce-ciphers-one": {
                cursor.next(draws);
                return jceEncrypt(cursor.ciphers[0], cursor.random, manyKeys[0]);
            }
            case "jce-ciphers-zipf1000": {
                int k = cursor.next(draws);
                return jceEncrypt(cursor.ciphers[k], cursor.random, manyKeys[k]);
            }
            default:
                break;
        }
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

    /**
     * One decryption for the next subject (the {@code one}, {@code zipf1000} and {@code jce-zipf1000}
     * cases).
     *
     * @param cursor the thread's place in the draw sequence
     * @return the plaintext
     * @throws GeneralSecurityException never in practice
     */
    @Benchmark
    public byte[] decrypt(Cursor cursor) throws GeneralSecurityException {
        switch (impl) {
            case "one": {
                int k = cursor.next(draws);
                return fields.decrypt(many[0], context, oneCiphertexts[k]);
            }
            case "zipf1000": {
                int k = cursor.next(draws);
                return fields.decrypt(many[k], context, manyCiphertexts[k]);
            }
            case "jce-zipf1000": {
                int k = cursor.next(draws);
                byte[] c = manyJceCiphertexts[k];
                cursor.cipher.init(Cipher.DECRYPT_MODE, manyKeys[k], new GCMParameterSpec(128, c, 0, 12));
                cursor.cipher.updateAAD(aad);
                return cursor.cipher.doFinal(c, 12, c.length - 12);
            }
            case "jce-ciphers-one": {
                int k = cursor.next(draws);
                return jceDecrypt(cursor.ciphers[0], manyKeys[0], oneJceCiphertexts[k]);
            }
            case "jce-ciphers-zipf1000": {
                int k = cursor.next(draws);
                return jceDecrypt(cursor.ciphers[k], manyKeys[k], manyJceCiphertexts[k]);
            }
            default:
                return plaintext; // the two-subject cases measure encryption only: not a measurement
        }
    }

    /** Raw JCE decryption of subject {@code k}'s ciphertext with a cipher of the caller's. */
    private byte[] jceDecrypt(Cipher c, SecretKeySpec key, byte[] sealed) throws GeneralSecurityException {
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
        c.updateAAD(aad);
        return c.doFinal(sealed, 12, sealed.length - 12);
    }

    private byte[] jceEncrypt(Cursor cursor, SecretKeySpec key) throws GeneralSecurityException {
        return jceEncrypt(cursor.cipher, cursor.random, key);
    }

    private byte[] jceEncrypt(Cipher c, SecureRandom r, SecretKeySpec key) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        r.nextBytes(nonce);
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        byte[] out = new byte[12 + plaintext.length + 16];
        System.arraycopy(nonce, 0, out, 0, 12);
        c.doFinal(plaintext, 0, plaintext.length, out, 12);
        return out;
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
