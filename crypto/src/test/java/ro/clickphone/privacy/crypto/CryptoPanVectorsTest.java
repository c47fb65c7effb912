package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.internal.CryptoPan;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.testkit.RandomCases;

/** Crypto-PAn against the reference sample trace, plus the prefix rule over seeded random address pairs. */
class CryptoPanVectorsTest {

    private static final JsonNode SAMPLES = TestVectors.json("crypto_pan_samples.json");
    private static final CryptoPan PAN = CryptoPan.create(HexFormat.of().parseHex(SAMPLES.get("keyHex").asText()));

    @Test
    void referenceTrace_everyLineMatches_andReverses() {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonNode line : SAMPLES.get("ipv4")) {
            byte[] raw = address(line.get("raw").asText());
            byte[] expected = address(line.get("sanitized").asText());
            byte[] pseudonym = PAN.anonymize(raw);
            if (!java.util.Arrays.equals(pseudonym, expected)) {
                failures.add("line " + line.get("line").asInt());
            } else if (!java.util.Arrays.equals(PAN.deanonymize(pseudonym), raw)) {
                failures.add("line " + line.get("line").asInt() + " does not reverse");
            }
            ran++;
        }
        System.out.println("Crypto-PAn reference trace lines run: " + ran);
        assertEquals(100, ran);
        assertEquals(List.of(), failures);
    }

    /** Not a reference (the original is IPv4-only): agreement with one other implementation's 128-bit extension. */
    @Test
    void ipv6_agreesWithTheGoImplementation() {
        for (JsonNode pair : SAMPLES.get("ipv6NonReference").get("pairs")) {
            byte[] raw = address(pair.get("raw").asText());
            assertArrayEquals(address(pair.get("sanitized").asText()), PAN.anonymize(raw));
            assertArrayEquals(raw, PAN.deanonymize(PAN.anonymize(raw)));
        }
    }

    @Test
    void randomIpv4Pairs_keepTheirSharedPrefixExactly() {
        RandomCases.run(2000, random -> {
            byte[] a = RandomCases.bytes(random, 4);
            byte[] b = withPrefixOf(a, RandomCases.size(random, 0, 32), RandomCases.bytes(random, 4));
            assertEquals(commonPrefix(a, b), commonPrefix(PAN.anonymize(a), PAN.anonymize(b)));
            assertArrayEquals(a, PAN.deanonymize(PAN.anonymize(a)));
        });
    }

    @Test
    void randomIpv6Pairs_keepTheirSharedPrefixExactly() {
        RandomCases.run(500, random -> {
            byte[] a = RandomCases.bytes(random, 16);
            byte[] b = withPrefixOf(a, RandomCases.size(random, 0, 128), RandomCases.bytes(random, 16));
            assertEquals(commonPrefix(a, b), commonPrefix(PAN.anonymize(a), PAN.anonymize(b)));
            assertArrayEquals(b, PAN.deanonymize(PAN.anonymize(b)));
        });
    }

    @Test
    void badKeysAndAddresses_areRefused() {
        assertThrows(InvalidInputException.class, () -> CryptoPan.create(new byte[16]));
        assertThrows(InvalidInputException.class, () -> PAN.anonymize(new byte[5]));
        assertThrows(InvalidInputException.class, () -> PAN.deanonymize(null));
    }

    /**
     * {@code rest} with its first {@code bits} bits taken from {@code a}: two independent draws
     * rarely share more than a bit or two, so the prefix length is drawn as well.
     */
    private static byte[] withPrefixOf(byte[] a, int bits, byte[] rest) {
        byte[] b = rest.clone();
        for (int i = 0; i < bits; i++) {
            int mask = 1 << (7 - (i & 7));
            b[i >>> 3] = (byte) ((b[i >>> 3] & ~mask) | (a[i >>> 3] & mask));
        }
        return b;
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        for (int i = 0; i < a.length * 8; i++) {
            int bitA = (a[i >>> 3] >>> (7 - (i & 7))) & 1;
            int bitB = (b[i >>> 3] >>> (7 - (i & 7))) & 1;
            if (bitA != bitB) {
                return i;
            }
        }
        return a.length * 8;
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
