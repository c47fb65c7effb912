package ro.clickphone.privacy.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Wycheproof AES-GCM-SIV vector through the calls the encryptor makes. */
class AesGcmSivWycheproofTest {

    @Test
    void wycheproofAesGcmSiv() {
        List<String> failures = new ArrayList<>();
        List<TestVectors.Case> cases = TestVectors.wycheproof("aes_gcm_siv_test.json");
        for (TestVectors.Case c : cases) {
            byte[] key = c.bytes("key");
            byte[] iv = c.bytes("iv");
            byte[] aad = c.bytes("aad");
            byte[] msg = c.bytes("msg");
            byte[] sealed = c.bytes("ct", "tag");
            TestVectors.checkOpen(c, () -> AesGcmSiv.open(key, iv, aad, sealed, 0, sealed.length), msg, failures);
            if (c.valid() && !Arrays.equals(AesGcmSiv.seal(key, iv, aad, msg), sealed)) {
                failures.add(c.id() + ": wrong ciphertext or tag");
            }
        }
        System.out.println("Wycheproof AES-GCM-SIV: " + cases.size() + " vectors run");
        assertEquals(202, cases.size());
        assertEquals(List.of(), failures);
    }
}
