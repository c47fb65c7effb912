package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.SecretBytes;

class DeterministicEncryptorTest {

    private static final DeterministicEncryptor DET = DeterministicEncryptor.create(SecretBytes.copyOf(new byte[32]));

    @Test
    void equalNormalizedValues_giveEqualCiphertexts_andDecryptToTheNormalizedValue() {
        String a = DET.encrypt("account", "email", Normalization.EMAIL, "Ana.Pop@Example.RO");
        String b = DET.encrypt("account", "email", Normalization.EMAIL, "ana.pop@example.ro");
        assertEquals(a, b);
        assertTrue(a.startsWith("cpd."));
        assertFalse(a.contains("example"));
        assertEquals("ana.pop@example.ro", DET.decrypt("account", "email", a));
        assertNotEquals(a, DET.encrypt("account", "email", Normalization.EMAIL, "bogdan@example.ro"));
    }

    @Test
    void fieldsAndKeys_areSeparated() {
        String a = DET.encrypt("account", "email", Normalization.EXACT, "x");
        assertNotEquals(a, DET.encrypt("account", "backup_email", Normalization.EXACT, "x"));
        assertThrows(IntegrityException.class, () -> DET.decrypt("account", "backup_email", a));
        byte[] other = new byte[32];
        other[0] = 1;
        DeterministicEncryptor otherKey = DeterministicEncryptor.create(SecretBytes.copyOf(other));
        assertNotEquals(a, otherKey.encrypt("account", "email", Normalization.EXACT, "x"));
        assertThrows(IntegrityException.class, () -> otherKey.decrypt("account", "email", a));
    }

    @Test
    void malformedOrTamperedCiphertext_isRefused() {
        String a = DET.encrypt("account", "email", Normalization.EXACT, "hello");
        for (String bad : new String[] {"", "cpd.", "plain", "cpd.!!", "cpd.AQE", "cpf." + a.substring(4)}) {
            assertThrows(InvalidInputException.class, () -> DET.decrypt("account", "email", bad), bad);
        }
        char last = a.charAt(a.length() - 1);
        String flipped = a.substring(0, a.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(RuntimeException.class, () -> DET.decrypt("account", "email", flipped));
        assertThrows(InvalidInputException.class, () -> DET.encrypt("Account", "email", Normalization.EXACT, "x"));
        assertThrows(InvalidInputException.class, () -> DET.encrypt("account", "email", Normalization.EMAIL, "nope"));
        assertThrows(InvalidInputException.class, () -> DeterministicEncryptor.create(SecretBytes.copyOf(new byte[8])));
    }
}
