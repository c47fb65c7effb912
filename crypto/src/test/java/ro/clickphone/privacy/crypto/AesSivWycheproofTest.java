package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

/** AES-SIV (RFC 5297) from BouncyCastle's CMAC and the JCE's CTR, against every Wycheproof vector. */
class AesSivWycheproofTest {

    @Test
    void wycheproofAesSivCmac() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/testvectors/aes_siv_cmac_test.json")) {
            root = new ObjectMapper().readTree(in);
        }
        HexFormat hex = HexFormat.of();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                ran++;
                byte[] key = hex.parseHex(t.get("key").asText());
                byte[] aad = hex.parseHex(t.get("aad").asText());
                byte[] msg = hex.parseHex(t.get("msg").asText());
                byte[] ct = hex.parseHex(t.get("ct").asText());
                boolean valid = t.get("result").asText().equals("valid");
                String id = "tcId " + t.get("tcId").asInt();
                try {
                    byte[] opened = AesSiv.decrypt(key, aad, ct);
                    if (!valid) {
                        failures.add(id + ": an invalid vector decrypted");
                    } else if (!Arrays.equals(opened, msg)) {
                        failures.add(id + ": wrong plaintext");
                    }
                } catch (IntegrityException | InvalidInputException e) {
                    if (valid) {
                        failures.add(id + ": a valid vector was rejected");
                    }
                }
                if (valid && !Arrays.equals(AesSiv.encrypt(key, aad, msg), ct)) {
                    failures.add(id + ": wrong ciphertext");
                }
            }
        }
        System.out.println("Wycheproof AES-SIV-CMAC: " + ran + " vectors run");
        assertEquals(442, ran);
        assertEquals(List.of(), failures);
    }

    @Test
    void deterministic_andBoundToItsAssociatedData() {
        byte[] key = new byte[64];
        byte[] a = AesSiv.encrypt(key, "account.email".getBytes(), "ana@example.ro".getBytes());
        assertArrayEquals(a, AesSiv.encrypt(key, "account.email".getBytes(), "ana@example.ro".getBytes()));
        assertThrows(IntegrityException.class, () -> AesSiv.decrypt(key, "account.phone".getBytes(), a));
        assertThrows(InvalidInputException.class, () -> AesSiv.encrypt(new byte[16], new byte[0], new byte[0]));
    }
}
