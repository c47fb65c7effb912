package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.TestVectors;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;

/** AES-SIV (RFC 5297) from BouncyCastle's CMAC and the JCE's CTR, against every Wycheproof vector. */
class AesSivWycheproofTest {

    @Test
    void wycheproofAesSivCmac() {
        List<String> failures = new ArrayList<>();
        List<TestVectors.Case> cases = TestVectors.wycheproof("aes_siv_cmac_test.json");
        for (TestVectors.Case c : cases) {
            byte[] key = c.bytes("key");
            byte[] aad = c.bytes("aad");
            byte[] msg = c.bytes("msg");
            byte[] ct = c.bytes("ct");
            TestVectors.checkOpen(c, () -> AesSiv.decrypt(key, aad, ct), msg, failures);
            if (c.valid() && !Arrays.equals(AesSiv.encrypt(key, aad, msg), ct)) {
                failures.add(c.id() + ": wrong ciphertext");
            }
        }
        System.out.println("Wycheproof AES-SIV-CMAC: " + cases.size() + " vectors run");
        assertEquals(442, cases.size());
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
