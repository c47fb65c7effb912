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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.internal.CryptoPan;
import ro.clickphone.privacy.spi.InvalidInputException;

/** Crypto-PAn against the reference sample trace, plus the prefix rule as a property. */
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

    @Property(tries = 2000)
    void sharedPrefix_isKeptExactly(@ForAll @Size(4) byte[] a, @ForAll @Size(4) byte[] b) {
        assertEquals(commonPrefix(a, b), commonPrefix(PAN.anonymize(a), PAN.anonymize(b)));
        assertArrayEquals(a, PAN.deanonymize(PAN.anonymize(a)));
    }

    @Property(tries = 500)
    void sharedPrefix_isKeptExactly_ipv6(@ForAll @Size(16) byte[] a, @ForAll @Size(16) byte[] b) {
        System.arraycopy(a, 0, b, 0, a[0] & 15);
        assertEquals(commonPrefix(a, b), commonPrefix(PAN.anonymize(a), PAN.anonymize(b)));
        assertArrayEquals(b, PAN.deanonymize(PAN.anonymize(b)));
    }

    @Test
    void badKeysAndAddresses_areRefused() {
        assertThrows(InvalidInputException.class, () -> CryptoPan.create(new byte[16]));
        assertThrows(InvalidInputException.class, () -> PAN.anonymize(new byte[5]));
        assertThrows(InvalidInputException.class, () -> PAN.deanonymize(null));
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
