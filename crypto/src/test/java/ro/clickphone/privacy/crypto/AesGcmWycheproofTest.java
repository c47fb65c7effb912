package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Every Wycheproof AES-GCM vector with a 96-bit nonce, the only nonce size the field format has,
 * through the very calls the encryptor makes ({@code sealInto}, {@code openFrom}): valid vectors give the expected ciphertext and tag and
 * decrypt back; invalid ones are rejected. Vectors with other nonce sizes cannot be expressed in the
 * format (its nonce field is 12 bytes) and are counted, not run.
 */
class AesGcmWycheproofTest {

    @Test
    void wycheproofAesGcm() {
        List<String> failures = new ArrayList<>();
        List<TestVectors.Case> cases = TestVectors.wycheproof("aes_gcm_test.json");
        int ran = 0;
        for (TestVectors.Case c : cases) {
            if (c.groupInt("ivSize") != 96 || c.groupInt("tagSize") != 128) {
                continue;
            }
            ran++;
            SecretKeySpec key = new SecretKeySpec(c.bytes("key"), "AES");
            byte[] iv = c.bytes("iv");
            byte[] aad = c.bytes("aad");
            byte[] msg = c.bytes("msg");
            byte[] expected = c.bytes("ct", "tag");
            TestVectors.checkOpen(c, () -> AesGcm.openFrom(key, iv, 0, aad, aad.length, expected, 0, expected.length), msg, failures);
            if (c.valid()) {
                byte[] sealed = new byte[msg.length + AesGcm.TAG_BYTES];
                AesGcm.sealInto(key, iv, 0, aad, aad.length, msg, sealed, 0);
                if (!Arrays.equals(sealed, expected)) {
                    failures.add(c.id() + ": wrong ciphertext or tag");
                }
            }
        }
        System.out.println("Wycheproof AES-GCM: " + ran + " vectors run, " + (cases.size() - ran)
                + " with a nonce or tag size the format cannot carry, of " + cases.size());
        assertTrue(ran >= 190, "expected the 96-bit vectors to run");
        assertEquals(List.of(), failures);
    }
}
