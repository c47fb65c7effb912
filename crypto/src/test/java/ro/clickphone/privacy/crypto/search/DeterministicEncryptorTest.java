package ro.clickphone.privacy.crypto.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ro.clickphone.privacy.crypto.Normalization;
import ro.clickphone.privacy.spi.IntegrityException;
import ro.clickphone.privacy.spi.InvalidInputException;
import ro.clickphone.privacy.spi.PolicyViolationException;
import ro.clickphone.privacy.spi.SecretBytes;

class DeterministicEncryptorTest {

    private static final DeterministicEncryptor DET = DeterministicEncryptor.create(SecretBytes.copyOf(new byte[32]));

    @Test
    void equalNormalizedValues_giveEqualCiphertexts_andDecryptToTheNormalizedValue() {
        String a = DET.field("account", "email", Normalization.EMAIL).encrypt("Ana.Pop@Example.RO");
        String b = DET.field("account", "email", Normalization.EMAIL).encrypt("ana.pop@example.ro");
        assertEquals(a, b);
        assertTrue(a.startsWith("cpd."));
        assertFalse(a.contains("example"));
        assertEquals("ana.pop@example.ro", DET.field("account", "email", Normalization.EXACT).decrypt(a));
        assertNotEquals(a, DET.field("account", "email", Normalization.EMAIL).encrypt("bogdan@example.ro"));
    }

    @Test
    void fieldsAndKeys_areSeparated() {
        String a = DET.field("account", "email", Normalization.EXACT).encrypt("x");
        assertNotEquals(a, DET.field("account", "backup_email", Normalization.EXACT).encrypt("x"));
        assertThrows(IntegrityException.class, () -> DET.field("account", "backup_email", Normalization.EXACT).decrypt(a));
        byte[] other = new byte[32];
        other[0] = 1;
        DeterministicEncryptor otherKey = DeterministicEncryptor.create(SecretBytes.copyOf(other));
        assertNotEquals(a, otherKey.field("account", "email", Normalization.EXACT).encrypt("x"));
        assertThrows(IntegrityException.class, () -> otherKey.field("account", "email", Normalization.EXACT).decrypt(a));
    }

    @Test
    void paddedOrWhitespacedBase64url_isRefused() {
        DeterministicField email = DET.field("account", "email", Normalization.EXACT);
        String a = email.encrypt("hello");
        int body = a.length() - 4;
        String padded = body % 4 == 0 ? a + "====" : a + "=".repeat(4 - body % 4);
        for (String bad : new String[] {padded, a + " ", a.substring(0, 8) + "\n" + a.substring(8)}) {
            assertThrows(InvalidInputException.class, () -> email.decrypt(bad), "one text per ciphertext");
        }
        assertEquals("hello", email.decrypt(a));
    }

    @Test
    void malformedOrTamperedCiphertext_isRefused() {
        String a = DET.field("account", "email", Normalization.EXACT).encrypt("hello");
        for (String bad : new String[] {"", "cpd.", "plain", "cpd.!!", "cpd.AQE", "cpf." + a.substring(4)}) {
            assertThrows(InvalidInputException.class, () -> DET.field("account", "email", Normalization.EXACT).decrypt(bad), bad);
        }
        char last = a.charAt(a.length() - 1);
        String flipped = a.substring(0, a.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(RuntimeException.class, () -> DET.field("account", "email", Normalization.EXACT).decrypt(flipped));
        assertThrows(InvalidInputException.class, () -> DET.field("Account", "email", Normalization.EXACT));
        assertThrows(InvalidInputException.class, () -> DET.field("account", "email", Normalization.EMAIL).encrypt("nope"));
        assertThrows(InvalidInputException.class, () -> DeterministicEncryptor.create(SecretBytes.copyOf(new byte[8])));
    }
    @Test
    void field_sameBinding_isTheSameBoundField() {
        DeterministicField email = DET.field("account", "email", Normalization.EMAIL);
        assertSame(email, DET.field("account", "email", Normalization.EMAIL));
        assertNotSame(email, DET.field("account", "email", Normalization.EXACT));
        assertEquals("DeterministicField[account.email, EMAIL, AES-SIV, current version 1]", email.toString());
    }

    @Test
    void guard_refusesAField_evenOneAlreadyBound_andLeavesTheCiphertextUnchanged() {
        SecretBytes root = SecretBytes.copyOf(new byte[32]);
        List<String> asked = new ArrayList<>();
        DeterministicEncryptor guarded = DeterministicEncryptor.create(root, (entity, field) -> {
            asked.add(field);
            if (field.equals("card_number")) {
                throw new PolicyViolationException("Field " + entity + "." + field + " is never stored");
            }
        });
        String stored = guarded.field("account", "email", Normalization.EMAIL).encrypt("ana@example.ro");
        assertEquals(stored, DET.field("account", "email", Normalization.EMAIL).encrypt("ana@example.ro"),
                "the guard does not enter the key or the associated data");
        guarded.field("account", "email", Normalization.EMAIL);
        assertEquals(List.of("email", "email", "email"), asked, "asked on every binding, cached or not, and every use");
        assertThrows(PolicyViolationException.class, () -> guarded.field("payment", "card_number", Normalization.EXACT));
        assertThrows(InvalidInputException.class, () -> DeterministicEncryptor.create(root, null));
    }

    /**
     * The attacker bound a field while its owner allowed it and keeps the bound object after the
     * owner closes the field: each encryption asks {@code check}, each decryption and binding
     * {@code checkRead}, so a field closed for writing still reads (values stored before can be
     * exported) until reads are closed too.
     */
    @Test
    void boundField_isJudgedAtEachUse_writesAndReadsApart() {
        AtomicBoolean writesClosed = new AtomicBoolean(false);
        AtomicBoolean readsClosed = new AtomicBoolean(false);
        DeterministicEncryptor guarded = DeterministicEncryptor.create(SecretBytes.copyOf(new byte[32]), new FieldGuard() {
            @Override
            public void check(String entity, String field) {
                if (writesClosed.get()) {
                    throw new PolicyViolationException("Field " + entity + "." + field + " is never stored");
                }
            }

            @Override
            public void checkRead(String entity, String field) {
                if (readsClosed.get()) {
                    throw new PolicyViolationException("Field " + entity + "." + field + " is never stored");
                }
            }
        });
        DeterministicField bound = guarded.field("account", "sip_client_contacts", Normalization.EXACT);
        String stored = bound.encrypt("Ana");
        writesClosed.set(true);
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> bound.encrypt("Ana"));
        assertFalse(e.getMessage().contains("Ana"), e.getMessage());
        assertEquals("Ana", bound.decrypt(stored), "reads are judged apart");
        assertEquals("Ana", guarded.field("account", "sip_client_contacts", Normalization.EXACT).decrypt(stored),
                "a reader binds through checkRead");
        readsClosed.set(true);
        assertThrows(PolicyViolationException.class, () -> bound.decrypt(stored));
        assertThrows(PolicyViolationException.class,
                () -> guarded.field("account", "sip_client_contacts", Normalization.EXACT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "5500-0055-5555-5559", "378282246310005"})
    void cardNumbers_areNeverEncrypted(String pan) {
        // "Informațiile privind datele cardului bancar (tip card, număr de card, data expirării) nu ne
        // sunt transferate și deci nu sunt stocate pe serverele noastre."
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> DET.field("account", "email", Normalization.EXACT).encrypt(pan));
        assertFalse(e.getMessage().replaceAll("[^0-9]", "").contains("1111"), e.getMessage());
        assertFalse(e.getMessage().contains(pan), e.getMessage());
        DeterministicField field = DET.field("account", "email", Normalization.EXACT);
        assertEquals("4111111111111112", field.decrypt(field.encrypt("4111111111111112")),
                "a number failing the Luhn check is encrypted");
    }
}
