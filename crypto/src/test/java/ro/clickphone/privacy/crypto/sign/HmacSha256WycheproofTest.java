package ro.clickphone.privacy.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.TestVectors;

/**
 * Every Wycheproof HMAC-SHA256 vector against the JCE {@code HmacSHA256} that the checkpoint signer,
 * the audit pseudonyms and the blind index use: valid tags match (truncated to the vector's tag
 * size), invalid ones do not.
 */
class HmacSha256WycheproofTest {

    @Test
    void wycheproofHmacSha256() throws Exception {
        List<String> failures = new ArrayList<>();
        List<TestVectors.Case> cases = TestVectors.wycheproof("hmac_sha256_test.json");
        for (TestVectors.Case c : cases) {
            int tagBytes = c.groupInt("tagSize") / 8;
            byte[] key = c.bytes("key");
            byte[] tag = c.bytes("tag");
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] computed = Arrays.copyOf(mac.doFinal(c.bytes("msg")), tagBytes);
            boolean matches = tag.length == tagBytes && MessageDigest.isEqual(computed, tag);
            if (matches != c.valid()) {
                failures.add(c.id() + (c.valid() ? ": valid tag not matched" : ": invalid tag matched"));
            }
        }
        System.out.println("Wycheproof HMAC-SHA256: " + cases.size() + " vectors run");
        assertEquals(174, cases.size());
        assertEquals(List.of(), failures);
    }
}
