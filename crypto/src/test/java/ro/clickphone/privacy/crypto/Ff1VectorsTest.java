package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.internal.Ff1;
import ro.clickphone.privacy.spi.InvalidInputException;

/** FF1 against NIST's samples, Wycheproof's FF1 vectors and BouncyCastle's engine. */
class Ff1VectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void nistSamples_allMatch_bothWays() {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonNode sample : TestVectors.json("ff1_nist_samples.json").get("tests")) {
            String alphabet = sample.get("alphabet").asText();
            Ff1 ff1 = Ff1.create(HEX.parseHex(sample.get("key").asText()), sample.get("radix").asInt());
            byte[] tweak = HEX.parseHex(sample.get("tweak").asText());
            String plaintext = sample.get("plaintext").asText();
            String ciphertext = sample.get("ciphertext").asText();
            String encrypted = Ff1.text(ff1.encrypt(Ff1.numerals(plaintext, alphabet), tweak), alphabet);
            String decrypted = Ff1.text(ff1.decrypt(Ff1.numerals(ciphertext, alphabet), tweak), alphabet);
            if (!encrypted.equals(ciphertext) || !decrypted.equals(plaintext)) {
                failures.add("sample " + sample.get("sample").asInt());
            }
            ran++;
        }
        System.out.println("FF1 NIST samples run: " + ran);
        assertEquals(9, ran);
        assertEquals(List.of(), failures);
    }

    /**
     * Every Wycheproof case: valid ones must match both ways (numerals and, where they fit, the
     * numeric fast path); invalid key sizes, message sizes and plaintexts must be refused with an
     * {@link InvalidInputException}. {@code SmallMessageSize} cases (legacy, below Rev. 1's minimum
     * domain) are refused, which the vectors' notes accept.
     */
    @Test
    void wycheproofFf1_validMatch_invalidRefused() {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int refusedLegacy = 0;
        for (TestVectors.Case c : TestVectors.wycheproof("aes_ff1_base10_test.json")) {
            ran++;
            String alphabet = c.group().get("alphabet").asText();
            String msg = c.test().get("msg").asText();
            String ct = c.test().get("ct").asText();
            boolean legacy = c.test().get("flags").toString().contains("SmallMessageSize");
            try {
                Ff1 ff1 = Ff1.create(c.bytes("key"), c.group().get("radix").asInt());
                byte[] tweak = c.bytes("tweak");
                String encrypted = Ff1.text(ff1.encrypt(Ff1.numerals(msg, alphabet), tweak), alphabet);
                String decrypted = Ff1.text(ff1.decrypt(Ff1.numerals(ct, alphabet), tweak), alphabet);
                if (!c.valid()) {
                    failures.add(c.id() + ": an invalid vector was accepted");
                } else if (!encrypted.equals(ct) || !decrypted.equals(msg)) {
                    failures.add(c.id() + ": wrong result");
                } else if (msg.length() <= 18 && Long.parseLong(msg) >= 0) {
                    long fast = ff1.encrypt(Long.parseLong(msg), msg.length(), tweak);
                    if (fast != Long.parseLong(ct) || ff1.decrypt(fast, msg.length(), tweak) != Long.parseLong(msg)) {
                        failures.add(c.id() + ": numeric path disagrees");
                    }
                }
            } catch (InvalidInputException e) {
                if (legacy) {
                    refusedLegacy++;
                } else if (c.valid()) {
                    failures.add(c.id() + ": a valid vector was refused: " + e.getMessage());
                }
            }
        }
        System.out.println("Wycheproof FF1 vectors run: " + ran + " (legacy small domains refused: " + refusedLegacy + ")");
        assertEquals(3845, ran);
        assertEquals(12, refusedLegacy);
        assertEquals(List.of(), failures);
    }

    /** 100 000 random inputs of 6 to 40 digits, random keys and tweaks: the same as BouncyCastle. */
    @Test
    void randomInputs_agreeWithBouncyCastle() {
        SplittableRandom random = new SplittableRandom(20261129L);
        SecureRandom keys = new SecureRandom();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[new int[] {16, 24, 32}[i % 3]];
            keys.nextBytes(key);
            int radix = i % 10 == 0 ? 2 + random.nextInt(255) : 10;
            int length = Math.max(Ff1.minLength(radix), i % 100 == 0 ? 6 + random.nextInt(60) : 6 + random.nextInt(15));
            byte[] tweak = new byte[random.nextInt(24)];
            keys.nextBytes(tweak);
            int[] x = new int[length];
            byte[] bytes = new byte[length];
            for (int k = 0; k < length; k++) {
                x[k] = random.nextInt(radix);
                bytes[k] = (byte) x[k];
            }
            FPEFF1Engine engine = new FPEFF1Engine();
            engine.init(true, new FPEParameters(new KeyParameter(key), radix, tweak));
            byte[] expected = new byte[length];
            engine.processBlock(bytes, 0, length, expected, 0);
            Ff1 ff1 = Ff1.create(key, radix);
            int[] ours = ff1.encrypt(x, tweak);
            for (int k = 0; k < length; k++) {
                if (ours[k] != (expected[k] & 0xFF)) {
                    failures.add("input " + i + " (radix " + radix + ", length " + length + ")");
                    break;
                }
            }
            if (!java.util.Arrays.equals(ff1.decrypt(ours, tweak), x)) {
                failures.add("input " + i + " does not decrypt");
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
    }

    @Test
    void smallDomain_isRefused_withTheRule() {
        Ff1 ff1 = Ff1.create(new byte[16], 10);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ff1.encrypt(new int[] {1, 2, 3, 4, 5}, new byte[0]));
        assertTrue(e.getMessage().contains("1000000"), e.getMessage());
        assertEquals(6, ff1.minLength());
        assertEquals(20, Ff1.minLength(2));
        assertEquals(2, Ff1.minLength(1 << 16));
    }

    @Test
    void badArguments_areRefused() {
        assertThrows(InvalidInputException.class, () -> Ff1.create(new byte[15], 10));
        assertThrows(InvalidInputException.class, () -> Ff1.create(new byte[16], 1));
        assertThrows(InvalidInputException.class, () -> Ff1.create(new byte[16], (1 << 16) + 1));
        Ff1 ff1 = Ff1.create(new byte[16], 10);
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(new int[] {1, 2, 3, 4, 5, 10}, new byte[0]));
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(new int[] {1, 2, 3, 4, 5, -1}, new byte[0]));
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(new int[6], null));
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(new int[6], new byte[Ff1.MAX_TWEAK + 1]));
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(1_000_000L, 6, new byte[0]));
        assertThrows(InvalidInputException.class, () -> ff1.encrypt(-1L, 6, new byte[0]));
        assertArrayEquals(new int[] {0, 1, 2}, Ff1.numerals("abc", "abcdef"));
        assertThrows(InvalidInputException.class, () -> Ff1.numerals("abz", "abcdef"));
    }
}
