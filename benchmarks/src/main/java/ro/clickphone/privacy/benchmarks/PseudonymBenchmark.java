package ro.clickphone.privacy.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ro.clickphone.privacy.crypto.internal.Ff1;
import ro.clickphone.privacy.crypto.pseudonym.IpPseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.KeyedTokens;
import ro.clickphone.privacy.crypto.pseudonym.PhonePseudonymizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymAuthorizer;
import ro.clickphone.privacy.crypto.pseudonym.PseudonymKeys;
import ro.clickphone.privacy.crypto.pseudonym.Pseudonyms;
import ro.clickphone.privacy.spi.SecretBytes;

/**
 * Pseudonymization beside its raw primitives, in one run:
 * <ul>
 *   <li>{@code jce-hmac} vs {@code token}: raw JCE HMAC-SHA256 of a 12-digit number's bytes (MAC
 *       initialised once) against the keyed token of the same number (HMAC, truncation, base32);</li>
 *   <li>{@code bc-ff1} vs {@code ff1}: BouncyCastle's {@code FPEFF1Engine} on a 9-digit number
 *       against our FF1 engine on the same input. The engine is internal: "FF1 alone" has no public
 *       API, so this one benchmark reaches into {@code crypto.internal};</li>
 *   <li>{@code phone}: the whole phone pseudonym of {@code +40721234567} (libphonenumber parse and
 *       validation, FF1 over the 9-digit national number, E.164 formatting), to compare with
 *       {@code bc-ff1};</li>
 *   <li>{@code crypto-pan}: one IPv4 address through Crypto-PAn (32 AES blocks in one JCE call, the
 *       prefix combination and formatting).</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PseudonymBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PseudonymBenchmark {

    /** Which path: see the class description. */
    @Param({"jce-hmac", "token", "bc-ff1", "ff1", "phone", "crypto-pan"})
    public String impl;

    private final byte[] number12 = "407212345678".getBytes(StandardCharsets.US_ASCII);
    private final byte[] numerals9 = {7, 2, 1, 2, 3, 4, 5, 6, 7};
    private final byte[] out9 = new byte[9];
    private final byte[] tweak = "analytics|40|".getBytes(StandardCharsets.US_ASCII);
    private Mac mac;
    private KeyedTokens tokens;
    private FPEFF1Engine bc;
    private Ff1 ff1;
    private PhonePseudonymizer phones;
    private IpPseudonymizer ips;
    private int next;

    /**
     * Derives the keys and prepares every path.
     *
     * @throws GeneralSecurityException if HmacSHA256 is missing
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        Pseudonyms pseudonyms = Pseudonyms.create(PseudonymKeys.of(1, SecretBytes.copyOf(key)), PseudonymAuthorizer.unrestricted(event -> { }));
        tokens = pseudonyms.tokens("analytics");
        bc = new FPEFF1Engine();
        bc.init(true, new FPEParameters(new KeyParameter(key), 10, tweak));
        ff1 = Ff1.create(key, 10);
        phones = pseudonyms.phone("analytics");
        ips = pseudonyms.ip("fraud");
    }

    /**
     * One operation of the chosen path.
     *
     * @return its result, so that it is not optimised away
     */
    @Benchmark
    public Object run() {
        next++;
        switch (impl) {
            case "jce-hmac":
                return mac.doFinal(number12);
            case "token":
                return tokens.token("407212345678");
            case "bc-ff1":
                bc.processBlock(numerals9, 0, 9, out9, 0);
                return out9;
            case "ff1":
                return ff1.encrypt(721_234_567L, 9, tweak);
            case "phone":
                return phones.pseudonymize("+40721234567");
            default:
                return ips.pseudonymize("192.0.2." + (next & 0xFF));
        }
    }
}
