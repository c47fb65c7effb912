package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Every Wycheproof HMAC-SHA256 vector against the JCE {@code HmacSHA256} that the checkpoint signer,
 * the audit pseudonyms and the blind index use: valid tags match (truncated to the vector's tag
 * size), invalid ones do not.
 */
class HmacSha256WycheproofTest {

    @Test
    void wycheproofHmacSha256() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/testvectors/hmac_sha256_test.json")) {
            root = new ObjectMapper().readTree(in);
        }
        HexFormat hex = HexFormat.of();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            for (JsonNode t : group.get("tests")) {
                ran++;
                byte[] key = hex.parseHex(t.get("key").asText());
                byte[] msg = hex.parseHex(t.get("msg").asText());
                byte[] tag = hex.parseHex(t.get("tag").asText());
                boolean valid = t.get("result").asText().equals("valid");
                Mac mac = Mac.getInstance("HmacSHA256");
                // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
                mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
                byte[] computed = Arrays.copyOf(mac.doFinal(msg), tagBytes);
                boolean matches = tag.length == tagBytes && MessageDigest.isEqual(computed, tag);
                if (matches != valid) {
                    failures.add("tcId " + t.get("tcId").asInt() + (valid ? ": valid tag not matched" : ": invalid tag matched"));
                }
            }
        }
        System.out.println("Wycheproof HMAC-SHA256: " + ran + " vectors run");
        assertEquals(174, ran);
        assertEquals(List.of(), failures);
    }
}
