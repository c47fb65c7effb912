package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.IntegrityException;

/**
 * Every Wycheproof AES-GCM vector with a 96-bit nonce, the only nonce size the field format has,
 * through the very calls the encryptor makes ({@code sealInto}, {@code openFrom}): valid vectors give the expected ciphertext and tag and
 * decrypt back; invalid ones are rejected. Vectors with other nonce sizes cannot be expressed in the
 * format (its nonce field is 12 bytes) and are counted, not run.
 */
class AesGcmWycheproofTest {

    @Test
    void wycheproofAesGcm() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/testvectors/aes_gcm_test.json")) {
            root = new ObjectMapper().readTree(in);
        }
        HexFormat hex = HexFormat.of();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int otherNonceSizes = 0;
        int total = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                total++;
                if (group.get("ivSize").asInt() != 96 || group.get("tagSize").asInt() != 128) {
                    otherNonceSizes++;
                    continue;
                }
                ran++;
                SecretKeySpec key = new SecretKeySpec(hex.parseHex(t.get("key").asText()), "AES");
                byte[] iv = hex.parseHex(t.get("iv").asText());
                byte[] aad = hex.parseHex(t.get("aad").asText());
                byte[] msg = hex.parseHex(t.get("msg").asText());
                byte[] expected = concat(hex.parseHex(t.get("ct").asText()), hex.parseHex(t.get("tag").asText()));
                boolean valid = t.get("result").asText().equals("valid");
                String id = "tcId " + t.get("tcId").asInt();
                try {
                    byte[] opened = AesGcm.openFrom(key, iv, 0, aad, aad.length, expected, 0, expected.length);
                    if (!valid) {
                        failures.add(id + ": an invalid vector decrypted");
                    } else if (!Arrays.equals(opened, msg)) {
                        failures.add(id + ": wrong plaintext");
                    }
                } catch (IntegrityException e) {
                    if (valid) {
                        failures.add(id + ": a valid vector was rejected");
                    }
                }
                if (valid) {
                    byte[] sealed = new byte[msg.length + AesGcm.TAG_BYTES];
                    AesGcm.sealInto(key, iv, 0, aad, aad.length, msg, sealed, 0);
                    if (!Arrays.equals(sealed, expected)) {
                        failures.add(id + ": wrong ciphertext or tag");
                    }
                }
            }
        }
        System.out.println("Wycheproof AES-GCM: " + ran + " vectors run, " + otherNonceSizes
                + " with a nonce size the format cannot carry (not 96 bits), of " + total);
        assertEquals(total, ran + otherNonceSizes);
        assertTrue(ran >= 190, "expected the 96-bit vectors to run");
        assertEquals(List.of(), failures);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
