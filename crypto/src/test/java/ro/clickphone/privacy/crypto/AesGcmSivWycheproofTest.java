package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.spi.IntegrityException;

/** Every Wycheproof AES-GCM-SIV vector through the calls the encryptor makes. */
class AesGcmSivWycheproofTest {

    @Test
    void wycheproofAesGcmSiv() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/testvectors/aes_gcm_siv_test.json")) {
            root = new ObjectMapper().readTree(in);
        }
        HexFormat hex = HexFormat.of();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                ran++;
                byte[] key = hex.parseHex(t.get("key").asText());
                byte[] iv = hex.parseHex(t.get("iv").asText());
                byte[] aad = hex.parseHex(t.get("aad").asText());
                byte[] msg = hex.parseHex(t.get("msg").asText());
                byte[] sealed = hex.parseHex(t.get("ct").asText() + t.get("tag").asText());
                boolean valid = t.get("result").asText().equals("valid");
                String id = "tcId " + t.get("tcId").asInt();
                try {
                    byte[] opened = AesGcmSiv.open(key, iv, aad, sealed, 0, sealed.length);
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
                if (valid && !Arrays.equals(AesGcmSiv.seal(key, iv, aad, msg), sealed)) {
                    failures.add(id + ": wrong ciphertext or tag");
                }
            }
        }
        System.out.println("Wycheproof AES-GCM-SIV: " + ran + " vectors run");
        assertEquals(202, ran);
        assertEquals(List.of(), failures);
    }
}
